"""Step 5b: moving appointments, and re-planning the rest of a course, shown before applied."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from picoclinic.audit.models import AuditEvent
from picoclinic.scheduling import errors
from picoclinic.scheduling.models import Appointment, AppointmentKind, Booking
from picoclinic.scheduling.rescheduling import reschedule_preview
from picoclinic.scheduling.series import SeriesPreferences, series_propose
from picoclinic.scheduling.services import (
    SessionChoice,
    appointment_complete,
    appointment_reschedule,
    series_book,
)
from tests.scheduling import factories as f
from tests.scheduling.helpers import NOW, at, book
from tests.scheduling.plans import approved_item

TODAY = date(2031, 6, 1)


def _day(appointment, world):
    return appointment.starts_at.astimezone(world.clinic_a.zone).date()


def test_moving_a_consultation_frees_the_old_time(world, sched):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.sam)
    appointment_reschedule(
        actor=world.front_desk, appointment=appointment, starts_at=at(world.clinic_a, 14), now=NOW
    )
    appointment.refresh_from_db()
    assert appointment.starts_at == at(world.clinic_a, 14)
    held = Booking.objects.filter(appointment=appointment, active=True)
    assert {b.starts_at for b in held} == {at(world.clinic_a, 14)}
    # 10:00 is free again.
    book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.sam)
    assert AuditEvent.objects.filter(summary="Rescheduled appointment").count() == 1


def test_moving_by_a_quarter_of_an_hour_does_not_collide_with_itself(world, sched):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.sam)
    preview = reschedule_preview(
        appointment=appointment, starts_at=at(world.clinic_a, 10, 15), now=NOW
    )
    assert preview.free
    appointment_reschedule(
        actor=world.front_desk,
        appointment=appointment,
        starts_at=at(world.clinic_a, 10, 15),
        now=NOW,
    )


def test_a_taken_time_refuses_and_changes_nothing(world, sched):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.sam)
    book(world, sched.consultation, at(world.clinic_a, 14), practitioner=sched.sam)
    assert not reschedule_preview(
        appointment=appointment, starts_at=at(world.clinic_a, 14), now=NOW
    ).free
    with pytest.raises(errors.SlotUnavailable):
        appointment_reschedule(
            actor=world.front_desk,
            appointment=appointment,
            starts_at=at(world.clinic_a, 14),
            now=NOW,
        )
    appointment.refresh_from_db()
    assert appointment.starts_at == at(world.clinic_a, 10)
    assert Booking.objects.filter(appointment=appointment).count() == 2


@pytest.fixture
def course(world, sched):
    """Four sessions booked 35 days apart from today at 09:00, all with Sam."""
    treatment = f.appointment_type(
        world.clinic_a, AppointmentKind.TREATMENT, name="Treatment session", needs_device=True
    )
    sched.sam.appointment_types.add(treatment)
    item = approved_item(world, sessions=4)
    proposal = series_propose(
        clinic=world.clinic_a,
        plan_item=item,
        appointment_type=treatment,
        preferences=SeriesPreferences(),
        now=NOW,
    )
    return series_book(
        actor=world.front_desk,
        clinic=world.clinic_a,
        patient=world.patient_a,
        plan_item=item,
        appointment_type=treatment,
        sessions=[
            SessionChoice(s.session_number, s.slot.starts_at, s.practitioner)
            for s in proposal.sessions
        ],
        now=NOW,
    )


def test_a_move_inside_the_window_leaves_the_rest_alone(world, sched, course):
    assert [_day(a, world) for a in course] == [TODAY + timedelta(days=d) for d in (0, 35, 70, 105)]
    # Session 2 from day 35 to day 41: session 3 (day 70) is still 29 days after it.
    new = at(world.clinic_a, 9, day=TODAY + timedelta(days=41))
    preview = reschedule_preview(appointment=course[1], starts_at=new, now=NOW)
    assert preview.free
    assert preview.in_window
    assert preview.later == []
    assert [a.session_number for a in preview.staying] == [3, 4]


def test_a_move_outside_the_window_needs_a_doctor_and_replans_the_rest(world, sched, course):
    # The patient must come on day 20, too soon after session 1 (the window opens on day 28).
    new = at(world.clinic_a, 9, day=TODAY + timedelta(days=20))
    preview = reschedule_preview(appointment=course[1], starts_at=new, now=NOW)
    assert preview.free
    assert not preview.in_window
    # Sessions 3 and 4 no longer fit their windows and are re-planned from day 20.
    moves = {m.appointment.session_number: m for m in preview.later}
    assert sorted(moves) == [3, 4]
    assert moves[3].starts_at == at(world.clinic_a, 9, day=TODAY + timedelta(days=55))
    assert moves[4].starts_at == at(world.clinic_a, 9, day=TODAY + timedelta(days=90))
    later = [SessionChoice(n, m.starts_at, m.practitioner) for n, m in moves.items()]

    def move(actor, reason=""):
        appointment_reschedule(
            actor=actor,
            appointment=course[1],
            starts_at=new,
            later=later,
            override_reason=reason,
            now=NOW,
        )

    with pytest.raises(errors.BookingError, match="needs a doctor's override"):
        move(world.doctor)
    with pytest.raises(errors.BookingError, match="Only a doctor"):
        move(world.front_desk, "Patient travels abroad")
    move(world.doctor, "Patient travels abroad; pigment settled early")
    days = [_day(a, world) for a in Appointment.objects.order_by("session_number")]
    assert days == [TODAY + timedelta(days=d) for d in (0, 20, 55, 90)]
    event = AuditEvent.objects.get(summary__contains="doctor's override")
    assert event.actor == world.doctor
    assert event.changes["window_override_reason"].startswith("Patient travels abroad")


def test_later_sessions_left_outside_their_windows_are_refused(world, sched, course):
    new = at(world.clinic_a, 9, day=TODAY + timedelta(days=20))
    with pytest.raises(errors.BookingError, match=r"Session 3 on .* is outside its interval"):
        appointment_reschedule(
            actor=world.doctor,
            appointment=course[1],
            starts_at=new,
            override_reason="Travel",
            now=NOW,
        )
    assert _day(Appointment.objects.get(pk=course[1].pk), world) == TODAY + timedelta(days=35)


def test_completing_on_another_day_moves_the_next_window(world, sched, course):
    appointment_complete(
        actor=world.practitioner, appointment=course[0], occurred_on=TODAY + timedelta(days=2)
    )
    # Session 2 (day 35) is now 33 days after the real session 1: still fine.
    preview = reschedule_preview(
        appointment=course[1],
        starts_at=at(world.clinic_a, 9, day=TODAY + timedelta(days=29)),
        now=NOW,
    )
    assert not preview.in_window  # day 29 is only 27 days after the real day 2


# --- The page ----------------------------------------------------------------------------------


@pytest.fixture
def _frozen():
    import time_machine

    with time_machine.travel(NOW, tick=True):
        yield


@pytest.mark.usefixtures("_frozen")
def test_the_move_page_previews_then_moves(client, world, sched, course):
    base = f"/schedule/patients/{world.patient_a.pk}/appointments/{course[1].pk}/move/"
    new_day = TODAY + timedelta(days=20)
    slot = f"{at(world.clinic_a, 9, day=new_day).isoformat()}|{sched.sam.pk}"
    client.force_login(world.doctor)
    page = client.get(base, {"day": new_day.isoformat()}).content.decode()
    assert f'value="{slot}"' in page
    page = client.get(base, {"day": new_day.isoformat(), "slot": slot}).content.decode()
    assert "What will change" in page
    assert "Outside its window" in page
    assert page.count('name="later"') == 2  # sessions 3 and 4 move with it
    data = {"day": new_day.isoformat(), "slot": slot, "override_reason": "Travel"}
    data["later"] = ["3", "4"]
    for number, days in ((3, 55), (4, 90)):
        moved = at(world.clinic_a, 9, day=TODAY + timedelta(days=days)).isoformat()
        data[f"later_{number}"] = f"{moved}|{sched.sam.pk}"
    response = client.post(base, data)
    assert response.status_code == 302
    days = [_day(a, world) for a in Appointment.objects.order_by("session_number")]
    assert days == [TODAY + timedelta(days=d) for d in (0, 20, 55, 90)]


@pytest.mark.usefixtures("_frozen")
def test_the_move_page_says_why_it_refused(client, world, sched, course):
    base = f"/schedule/patients/{world.patient_a.pk}/appointments/{course[1].pk}/move/"
    new_day = TODAY + timedelta(days=20)
    slot = f"{at(world.clinic_a, 9, day=new_day).isoformat()}|{sched.sam.pk}"
    client.force_login(world.front_desk)
    response = client.post(base, {"day": new_day.isoformat(), "slot": slot, "override_reason": "x"})
    assert errors.OVERRIDE_DOCTOR_ONLY in response.content.decode()
