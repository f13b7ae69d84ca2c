"""Aftercare content after a picosecond-laser treatment, tailored and dated.

``aftercare_plan(...)`` returns an ``AftercarePlan``: what is normal and for how long, what to do,
what to avoid until which calendar date, and when to call the clinic. ``to_text(plan)`` renders it
as plain text for a text message or email. Most durations are clinic convention (no trials exist:
shared/clinical-reference.md section 9, gap 6); each item carries its sources so the page can say
so. Tailored by indication, Fitzpatrick type (III-VI: stricter sun rules and a PIH watch), site,
fractional delivery, periocular work and cosmetic tattoo ink.
"""

from __future__ import annotations

from datetime import date

from picoclinic.clinical.aftercare_content import (
    AftercareCase,
    normal_course,
    red_flags,
    what_to_avoid,
    what_to_do,
)
from picoclinic.clinical.aftercare_model import AftercareItem, AftercarePlan, ItemKind, Topic
from picoclinic.clinical.common import BodySite, ClinicalInputError, Fitzpatrick, Indication

__all__ = ["AftercareItem", "AftercarePlan", "ItemKind", "Topic", "aftercare_plan", "to_text"]

ERR_INK_WITHOUT_TATTOO = "Cosmetic tattoo ink applies only to a tattoo treatment."
ERR_PERIOCULAR_SITE = "Periocular treatment must be on the face."

TEXT_HEADINGS = {
    ItemKind.NORMAL: "What is normal",
    ItemKind.DO: "What to do",
    ItemKind.AVOID: "What to avoid",
    ItemKind.RED_FLAG: "Call the clinic if you notice",
}
TEXT_CONVENTION_NOTE = (
    "Most of these timings are the clinic's usual practice rather than trial results."
)


def aftercare_plan(
    *,
    indication: Indication,
    body_site: BodySite,
    fitzpatrick: Fitzpatrick,
    treated_on: date,
    fractional: bool,
    periocular: bool,
    tattoo_ink_cosmetic: bool = False,
) -> AftercarePlan:
    """The aftercare plan for one treatment.

    Invariants: every item starts on or after ``treated_on`` and ends (if it ends) on or after
    its start; a darker Fitzpatrick type never shortens a sun-protection or sun-avoidance period.
    Raises ClinicalInputError for cosmetic ink without a tattoo, or periocular off the face.
    """
    if tattoo_ink_cosmetic and indication is not Indication.TATTOO:
        raise ClinicalInputError(ERR_INK_WITHOUT_TATTOO, field="tattoo_ink_cosmetic")
    if periocular and body_site is not BodySite.FACE:
        raise ClinicalInputError(ERR_PERIOCULAR_SITE, field="periocular")
    case = AftercareCase(
        indication=indication,
        body_site=body_site,
        fitzpatrick=fitzpatrick,
        treated_on=treated_on,
        fractional=fractional,
        periocular=periocular,
        tattoo_ink_cosmetic=tattoo_ink_cosmetic,
    )
    items = normal_course(case) + what_to_do(case) + what_to_avoid(case) + red_flags(case)
    return AftercarePlan(
        indication=indication,
        body_site=body_site,
        fitzpatrick=fitzpatrick,
        treated_on=treated_on,
        items=tuple(items),
    )


def short_date(day: date, *, year_of: date) -> str:
    """ "23 Nov", with the year added when it differs from ``year_of``'s year."""
    text = f"{day.day} {day.strftime('%b')}"
    return text if day.year == year_of.year else f"{text} {day.year}"


def when_label(item: AftercareItem, *, treated_on: date) -> str:
    """Plain words for an item's dates: "until 23 Nov", "from 15 Nov", "ongoing", "today"."""
    if item.until is None:
        if item.starts_on > treated_on:
            return f"from {short_date(item.starts_on, year_of=treated_on)}"
        return "ongoing"
    if item.until == treated_on:
        return "on the day of treatment"
    return f"until {short_date(item.until, year_of=treated_on)}"


def to_text(plan: AftercarePlan) -> str:
    """Plain-text aftercare for SMS or email. Holds nothing about the patient beyond the plan."""
    treated = short_date(plan.treated_on, year_of=date.min)
    area = plan.body_site.value
    lines = [f"Aftercare for your laser treatment on {treated} ({area})."]
    items = (*plan.timeline, *(item for item in plan.items if item.kind is not ItemKind.NORMAL))
    for kind, heading in TEXT_HEADINGS.items():
        lines += ["", f"{heading}:"]
        lines += [_line(item, plan) for item in items if item.kind is kind]
    lines += ["", TEXT_CONVENTION_NOTE]
    return "\n".join(lines)


def _line(item: AftercareItem, plan: AftercarePlan) -> str:
    return f"- {item.text} ({when_label(item, treated_on=plan.treated_on)})"
