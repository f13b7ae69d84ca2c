"""A patient books, moves and cancels their own course sessions inside the rules: the window
from the real last session, the clinic's patient notice, through the desk's services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from picoclinic.audit.models import AuditEvent
from picoclinic.scheduling import errors
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentStatus,
    ChangeKind,
    SchedulingPolicy,
    SelfServiceChange,
)
from picoclinic.scheduling.selfserve import move_window, next_sessions, times_in_window
from picoclinic.scheduling.services.selfserve import (
    TIME_TOO_SOON,
    selfserve_book,
    selfserve_cancel,
    selfserve_move,
)
from picoclinic.scheduling.signals import self_service_changed
from tests.scheduling.helpers import NOW, at
from tests.scheduling.selfserve_helpers import WINDOW, course_after_session_1


@pytest.fixture
def course(world, sched, treatment):
    return course_after_session_1(world, treatment)


def _next(world):
    (found,) = next_sessions(patient=world.patient_a, now=NOW)
    return found


def test_the_next_session_and_its_window_count_from_the_real_last_session(world, course):
    found = _next(world)
    assert found.session_number == 2
    assert (found.window.earliest, found.window.latest) == WINDOW


def test_only_days_inside_the_window_are_offered(world, course):
    found = _next(world)
    days = times_in_window(
        clinic=world.clinic_a,
        appointment_type=found.appointment_type,
        window=found.window,
        plan_item=course,
        now=NOW,
    )
    assert days[0].day == WINDOW[0]
    assert days[-1].day == WINDOW[1]
    assert days[0].starts[0] == at(world.clinic_a, 9, day=WINDOW[0])


def test_a_patient_books_their_next_session_and_the_desk_sees_it(world, course):
    heard = []
    self_service_changed.connect(lambda sender, change, **kw: heard.append(change), weak=False)
    try:
        booked = selfserve_book(
            user=world.patient_user,
            patient=world.patient_a,
            next_session=_next(world),
            starts_at=at(world.clinic_a, 11, day=date(2031, 6, 24)),
            now=NOW,
        )
    finally:
        self_service_changed.receivers.clear()
    assert booked.session_number == 2
    assert booked.plan_item == course
    assert booked.created_by == world.patient_user
    change = SelfServiceChange.objects.get()
    assert (change.kind, change.appointment, change.clinic) == (
        ChangeKind.BOOKED,
        booked,
        world.clinic_a,
    )
    assert heard == [change]
    audited = AuditEvent.objects.filter(actor=world.patient_user, summary__startswith="Booked")
    assert audited.exists()
    assert next_sessions(patient=world.patient_a, now=NOW) == []  # one ahead at a time


def test_outside_the_window_is_refused_by_the_desks_rule(world, course):
    with pytest.raises(errors.BookingError) as refused:
        selfserve_book(
            user=world.patient_user,
            patient=world.patient_a,
            next_session=_next(world),
            starts_at=at(world.clinic_a, 11, day=date(2031, 6, 10)),
            now=NOW,
        )
    assert "outside its interval window" in refused.value.message
    assert not Appointment.objects.filter(session_number=2).exists()
    assert not SelfServiceChange.objects.exists()


def test_booking_inside_the_notice_is_refused(world, course):
    SchedulingPolicy.objects.create(clinic=world.clinic_a, patient_notice_minutes=48 * 60)
    soon = NOW + timedelta(hours=30)
    with pytest.raises(errors.BookingError) as refused:
        selfserve_book(
            user=world.patient_user,
            patient=world.patient_a,
            next_session=_next(world),
            starts_at=soon,
            now=NOW,
        )
    assert refused.value.message == str(TIME_TOO_SOON) % {"hours": 48}


def test_a_time_taken_meanwhile_says_so(world, sched, course, treatment):
    from tests.scheduling.helpers import book

    start = at(world.clinic_a, 11, day=date(2031, 6, 24))
    # Both practitioners who could... only Sam treats melasma: take him then.
    book(world, sched.consultation, start, patient=world.other_patient_a, practitioner=sched.sam)
    with pytest.raises(errors.SlotUnavailable):
        selfserve_book(
            user=world.patient_user,
            patient=world.patient_a,
            next_session=_next(world),
            starts_at=start,
            now=NOW,
        )


def _booked(world, course, day=date(2031, 6, 24), hour=11):
    return selfserve_book(
        user=world.patient_user,
        patient=world.patient_a,
        next_session=_next(world),
        starts_at=at(world.clinic_a, hour, day=day),
        now=NOW,
    )


def test_a_patient_moves_inside_the_window_and_not_outside(world, course):
    booked = _booked(world, course)
    window = move_window(booked, NOW)
    assert (window.earliest, window.latest) == WINDOW
    moved = selfserve_move(
        user=world.patient_user,
        appointment=booked,
        starts_at=at(world.clinic_a, 15, day=date(2031, 6, 27)),
        now=NOW,
    )
    assert moved.starts_at == at(world.clinic_a, 15, day=date(2031, 6, 27))
    with pytest.raises(errors.BookingError) as refused:
        selfserve_move(
            user=world.patient_user,
            appointment=Appointment.objects.get(pk=booked.pk),
            starts_at=at(world.clinic_a, 15, day=date(2031, 7, 9)),
            now=NOW,
        )
    assert refused.value.message == errors.OVERRIDE_NEEDED
    kinds = list(SelfServiceChange.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == [ChangeKind.BOOKED, ChangeKind.MOVED]


def test_inside_the_notice_a_patient_can_neither_move_nor_cancel(world, course):
    booked = _booked(world, course)
    late = booked.starts_at - timedelta(hours=23)
    with pytest.raises(errors.BookingError) as refused:
        selfserve_cancel(user=world.patient_user, appointment=booked, now=late)
    assert "less than 24 hours away" in refused.value.message
    with pytest.raises(errors.BookingError):
        selfserve_move(
            user=world.patient_user,
            appointment=booked,
            starts_at=at(world.clinic_a, 15, day=date(2031, 6, 27)),
            now=late,
        )
    assert Appointment.objects.get(pk=booked.pk).status == AppointmentStatus.BOOKED


def test_a_patient_cancels_beyond_the_notice(world, course):
    booked = _booked(world, course)
    with time_machine.travel(NOW, tick=False):
        selfserve_cancel(user=world.patient_user, appointment=booked, now=NOW)
    booked.refresh_from_db()
    assert booked.status == AppointmentStatus.CANCELLED
    assert booked.cancel_reason == "Cancelled by the patient"
    assert SelfServiceChange.objects.filter(kind=ChangeKind.CANCELLED).count() == 1
    # The session can be booked again.
    assert _next(world).session_number == 2
