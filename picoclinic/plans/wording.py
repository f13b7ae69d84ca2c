"""Plan numbers in plain words, for the patient's printout and the plan page."""

from __future__ import annotations

from datetime import date

from picoclinic.clinical.aftercare import AftercareItem


def weeks(days: int) -> str:
    """28 -> "4 weeks", 7 -> "1 week", 45 -> "about 6 weeks", 10 -> "10 days"."""
    if days % 7 == 0:
        count = days // 7
        return "1 week" if count == 1 else f"{count} weeks"
    if days < 14:
        return f"{days} days"
    return f"about {round(days / 7)} weeks"


def sessions(count: int) -> str:
    return "1 session" if count == 1 else f"{count} sessions"


def interval(*, min_days: int, target_days: int, max_days: int) -> str:
    """ "about every 4 weeks (no sooner than 3 weeks, no later than 6 weeks)"."""
    if min_days == max_days:
        return f"every {weeks(target_days)}"
    return (
        f"about every {weeks(target_days)} (no sooner than {weeks(min_days)}, "
        f"no later than {weeks(max_days)})"
    )


def course_length(*, count: int, target_days: int) -> str:
    """From the first to the last session when each gap is the target."""
    if count <= 1:
        return "a single visit"
    return f"about {weeks((count - 1) * target_days)} from the first to the last session"


def aftercare_when(item: AftercareItem, *, treated_on: date) -> str:
    """An aftercare item's duration counted from the treatment day, without calendar dates."""
    if item.until is None:
        return "ongoing"
    days = (item.until - treated_on).days
    if days <= 0:
        return "on the day of treatment"
    return "for the first day" if days == 1 else f"for {days} days"
