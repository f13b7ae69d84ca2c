"""A course with session 1 done on 20 May 2031 (window for session 2: 17 Jun-1 Jul 2031)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from picoclinic.scheduling.services import appointment_complete
from tests.scheduling.helpers import at, book
from tests.scheduling.plans import approved_item

SESSION_1_DAY = date(2031, 5, 20)
WINDOW = (date(2031, 6, 17), date(2031, 7, 1))


def course_after_session_1(world, treatment, *, patient=None, sessions: int = 6, hour: int = 10):
    """An approved, consented melasma course (28-35-42 days) whose session 1 took place (at
    ``hour`` on 20 May: give each patient their own)."""
    patient = patient or world.patient_a
    item = approved_item(world, patient=patient, sessions=sessions)
    first = book(
        world,
        treatment,
        at(world.clinic_a, hour, day=SESSION_1_DAY),
        patient=patient,
        plan_item=item,
        session_number=1,
        now=datetime(2031, 5, 2, tzinfo=UTC),
    )
    appointment_complete(actor=world.practitioner, appointment=first, occurred_on=SESSION_1_DAY)
    return item
