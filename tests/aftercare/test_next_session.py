"""A "review before the next session" task says what the next session's appointments are now:
never "booked" for a session that is not; booked later, moved, cancelled, missed, taken place
or dropped from the course, the work list shows it, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from picoclinic.aftercare.models import FollowUpTask, TaskKind
from picoclinic.aftercare.services import followups_create
from picoclinic.plans.models import PlanItem
from picoclinic.scheduling.models import Appointment, AppointmentStatus
from picoclinic.scheduling.services import appointment_cancel
from tests.treatments import helpers as h

IN_A_MONTH = timedelta(days=30)


def _review_task(world, patient=None) -> FollowUpTask:
    """Session 1 of a three-session course signed today, and its review task."""
    session = h.signed(world, patient=patient or world.patient_a)
    PlanItem.objects.filter(pk=session.plan_item_id).update(sessions=3)
    session.plan_item.refresh_from_db()
    followups_create(session=session)
    return FollowUpTask.objects.get(session=session, kind=TaskKind.REVIEW_BEFORE_NEXT)


def _at(days: int, hour: int = 10):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def listed(client, world):
    client.force_login(world.front_desk)

    def shown(task: FollowUpTask):
        tasks = client.get("/worklist/?show=open").context["tasks"]
        found = next(t for t in tasks if t.pk == task.pk)
        return found.next_session

    return shown


def test_another_upcoming_appointment_is_not_the_next_session(world, listed):
    task = _review_task(world)
    other = h.approved_plan(world)  # another course's first session, booked
    h.appointment(world, other, number=1, starts_at=_at(20))
    premise = listed(task)
    assert premise.state == "not_booked"
    assert premise.text == "Session 2 is not booked yet: check healing and book it."
    assert "booked for" not in premise.text


def test_booked_later_then_moved_then_cancelled_then_rebooked(world, listed):
    task = _review_task(world)
    session = task.session
    booked = h.appointment(world, session.plan, number=2, starts_at=_at(29))
    assert listed(task).state == "booked"
    assert f"booked for {_at(29):%a %-d %b} 10:00" in listed(task).text

    Appointment.objects.filter(pk=booked.pk).update(starts_at=_at(31, 14), ends_at=_at(31, 15))
    assert f"booked for {_at(31):%a %-d %b} 14:00" in listed(task).text

    booked.refresh_from_db()
    appointment_cancel(actor=world.front_desk, appointment=booked, reason="Patient is away.")
    premise = listed(task)
    assert premise.state == "cancelled"
    assert premise.text.startswith("Session 2 was cancelled")
    assert not premise.moot

    h.appointment(world, session.plan, number=2, starts_at=_at(35))
    assert listed(task).state == "booked"


def test_a_missed_session_asks_to_book_again(world, listed):
    task = _review_task(world)
    h.appointment(
        world, task.session.plan, number=2, starts_at=_at(-1), status=AppointmentStatus.NO_SHOW
    )
    assert listed(task).state == "missed"


def test_a_session_that_took_place_or_left_the_course_leaves_nothing_to_do(client, world, listed):
    task = _review_task(world)
    h.appointment(
        world, task.session.plan, number=2, starts_at=_at(-1), status=AppointmentStatus.COMPLETED
    )
    assert listed(task).moot
    assert "took place" in listed(task).text
    assert "No longer needed" in client.get("/worklist/").content.decode()

    shortened = _review_task(world, patient=world.other_patient_a)
    PlanItem.objects.filter(pk=shortened.session.plan_item_id).update(sessions=1)
    assert listed(shortened).state == "no_more"
    assert listed(shortened).moot


def test_the_list_reads_a_fixed_number_of_queries_with_review_tasks(client, world):
    first = _review_task(world)
    h.appointment(world, first.session.plan, number=2, starts_at=_at(29))
    client.force_login(world.front_desk)
    client.get("/worklist/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/worklist/").status_code == 200
    for _ in range(3):
        more = _review_task(world, patient=world.other_patient_a)
        h.appointment(world, more.session.plan, number=2, starts_at=_at(33))
    with CaptureQueriesContext(connection) as many:
        page = client.get("/worklist/")
    assert len(page.context["tasks"]) >= 4
    assert len(many) == len(few)
