"""Which follow-up tasks a signed session creates, and when they are due. Pure: no database.

- A tattoo session: a check call 48 hours after (blisters and crusts appear within 8-72 hours:
  Saedi 2012; clinic aftercare pages), due on the second calendar day.
- A session with a precaution (a screening precaution or doctor review, a doctor's override, a
  setting the core warned about): a call the next day.
- An adverse event during the session: a call the next day.
- More sessions to come in the plan: a review before the next one (healing, the next booking)
  a week before the interval window opens; whether that session is booked, moved, cancelled or
  took place is read from the appointments when the list is shown (``premises``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from picoclinic.aftercare.models import TaskKind

REVIEW_BEFORE_WINDOW_DAYS = 7


@dataclass(frozen=True)
class Planned:
    kind: str
    due_on: date
    reason: str


@dataclass(frozen=True)
class SessionFacts:
    indication: str
    treated_on: date
    session_number: int
    sessions_planned: int
    interval_min_days: int
    precautions: tuple[str, ...] = ()
    adverse_events: int = 0


def followups_for(facts: SessionFacts) -> list[Planned]:
    """The tasks for one signed session, soonest first. Invariant: every task is due after the
    session's day."""
    day = facts.treated_on
    planned = []
    if facts.indication == "tattoo":
        reason = "Tattoo session: ask about blisters, crusts and healing."
        planned.append(Planned(TaskKind.CHECK_CALL_48H, day + timedelta(days=2), reason))
    if facts.precautions:
        reason = "Session with a precaution: " + "; ".join(facts.precautions)
        planned.append(Planned(TaskKind.NEXT_DAY_CALL, day + timedelta(days=1), reason[:300]))
    if facts.adverse_events:
        reason = f"{facts.adverse_events} adverse event(s) recorded: ask how the skin is healing."
        planned.append(Planned(TaskKind.ADVERSE_EVENT_CALL, day + timedelta(days=1), reason))
    if facts.session_number < facts.sessions_planned:
        planned.append(_review(facts))
    return sorted(planned, key=lambda task: (task.due_on, task.kind))


def _review(facts: SessionFacts) -> Planned:
    """A week before the next session's interval window opens. What the task asks (book it,
    confirm it, rebook it) follows the appointments as they are when the list is read
    (``premises``), not the booking at signing."""
    day = facts.treated_on
    due = day + timedelta(days=facts.interval_min_days - REVIEW_BEFORE_WINDOW_DAYS)
    reason = f"Before session {facts.session_number + 1}: check healing and its booking."
    return Planned(TaskKind.REVIEW_BEFORE_NEXT, max(due, day + timedelta(days=1)), reason)
