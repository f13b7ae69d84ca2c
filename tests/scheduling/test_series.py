"""Step 5: proposing and booking the rest of a course inside its interval windows."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from picoclinic.audit.models import AuditEvent
from picoclinic.scheduling import errors
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentStatus,
    Booking,
    Leave,
)
from picoclinic.scheduling.series import (
    NOTE_OTHER_PRACTITIONER,
    SeriesPreferences,
    series_propose,
)
from picoclinic.scheduling.services import SessionChoice, series_book
from tests.scheduling.helpers import DAY, NOW, at, book
from tests.scheduling.plans import approved_item

TODAY = date(2031, 6, 1)  # NOW's day in London, a Sunday


def _propose(world, treatment, item, **preferences):
    return series_propose(
        clinic=world.clinic_a,
        plan_item=item,
        appointment_type=treatment,
        preferences=SeriesPreferences(**preferences),
        now=NOW,
    )


def _local(world, session):
    return session.slot.starts_at.astimezone(world.clinic_a.zone)


def _gaps(days):
    return [(later - earlier).days for earlier, later in pairwise(days)]


def _choices(proposal):
    return [
        SessionChoice(s.session_number, s.slot.starts_at, s.practitioner) for s in proposal.sessions
    ]


def _book_series(world, treatment, item, choices):
    return series_book(
        actor=world.front_desk,
        clinic=world.clinic_a,
        patient=item.plan.patient,
        plan_item=item,
        appointment_type=treatment,
        sessions=choices,
        now=NOW,
    )


def test_a_course_is_proposed_on_its_target_interval(world, sched, treatment):
    item = approved_item(world)
    proposal = _propose(world, treatment, item)
    assert proposal.complete
    days = [_local(world, s).date() for s in proposal.sessions]
    assert days[0] == TODAY
    assert _gaps(days) == [35] * 5
    assert {s.practitioner for s in proposal.sessions} == {sched.sam}  # he treats melasma
    assert {f"{_local(world, s):%H:%M}" for s in proposal.sessions} == {"09:00"}
    assert [s.session_number for s in proposal.sessions] == [1, 2, 3, 4, 5, 6]


def test_preferred_days_and_times_inside_the_window(world, sched, treatment):
    item = approved_item(world)
    proposal = _propose(world, treatment, item, weekdays=frozenset({1}), part_of_day="afternoon")
    assert proposal.complete
    for session in proposal.sessions:
        local = _local(world, session)
        assert local.weekday() == 1
        assert local.hour >= 12
    days = [_local(world, s).date() for s in proposal.sessions]
    assert all(28 <= gap <= 42 for gap in _gaps(days))


def test_another_practitioner_only_when_the_usual_one_cannot(world, sched, treatment):
    sched.dora.indications = ["melasma"]
    sched.dora.save()
    item = approved_item(world)
    # Sam is away for the whole of session 2's window (days 28-42 after today).
    Leave.objects.create(
        practitioner=sched.sam,
        starts_at=at(world.clinic_a, 0, day=TODAY + timedelta(days=27)),
        ends_at=at(world.clinic_a, 0, day=TODAY + timedelta(days=44)),
    )
    proposal = _propose(world, treatment, item, practitioner=sched.sam)
    who = [s.practitioner for s in proposal.sessions]
    assert who == [sched.sam, sched.dora, sched.sam, sched.sam, sched.sam, sched.sam]
    assert proposal.sessions[1].notes == [NOTE_OTHER_PRACTITIONER.format(name=sched.sam.name)]


def test_windows_count_from_the_day_a_session_really_took_place(world, sched, treatment):
    item = approved_item(world)
    first = book(
        world,
        treatment,
        at(world.clinic_a, 10),
        plan_item=item,
        session_number=1,
        practitioner=sched.sam,
    )
    # It happened three days late (the patient came on another day).
    Appointment.objects.filter(pk=first.pk).update(
        status=AppointmentStatus.COMPLETED, occurred_on=DAY + timedelta(days=3)
    )
    proposal = _propose(world, treatment, item)
    assert [s.session_number for s in proposal.sessions] == [2, 3, 4, 5, 6]
    session_2 = proposal.sessions[0]
    assert session_2.window.target == DAY + timedelta(days=3 + 35)
    assert _local(world, session_2).date() == DAY + timedelta(days=38)
    assert f"{_local(world, session_2):%H:%M}" == "10:00"  # the same time as last time


def test_the_whole_series_is_booked_in_one_go(world, sched, treatment):
    item = approved_item(world)
    booked = _book_series(world, treatment, item, _choices(_propose(world, treatment, item)))
    assert [a.session_number for a in booked] == [1, 2, 3, 4, 5, 6]
    assert {a.device for a in booked} == {sched.laser}
    assert {a.wavelength_nm for a in booked} == {1064}
    assert Booking.objects.filter(appointment__plan_item=item, active=True).count() == 18
    assert AuditEvent.objects.filter(summary="Booked treatment session (session 3)").exists()
    assert _propose(world, treatment, item).sessions == []  # nothing left to book


def test_one_session_taken_means_nothing_is_booked(world, sched, treatment):
    item = approved_item(world)
    proposal = _propose(world, treatment, item)
    # Meanwhile Sam is booked at session 4's time.
    book(world, sched.consultation, proposal.sessions[3].slot.starts_at, practitioner=sched.sam)
    with pytest.raises(errors.SlotUnavailable) as caught:
        _book_series(world, treatment, item, _choices(proposal))
    assert caught.value.message.startswith("Session 4 (")
    assert "Nothing in the series was booked." in caught.value.message
    assert not Appointment.objects.filter(plan_item=item).exists()


def test_a_session_outside_its_window_is_refused(world, sched, treatment):
    item = approved_item(world)
    choices = _choices(_propose(world, treatment, item))[:2]
    too_soon = choices[0].starts_at + timedelta(days=20)
    choices[1] = SessionChoice(2, too_soon, sched.sam)
    with pytest.raises(errors.BookingError, match=r"Session 2 on .* is outside its interval"):
        _book_series(world, treatment, item, choices)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"approve": False}, errors.PLAN_NOT_APPROVED),
        ({"consent": False}, errors.NO_VALID_CONSENT),
    ],
)
def test_no_session_before_approval_and_consent(world, sched, treatment, options, message):
    item = approved_item(world, **options)
    choice = SessionChoice(1, at(world.clinic_a, 10), sched.sam)
    with pytest.raises(errors.BookingError) as caught:
        _book_series(world, treatment, item, [choice])
    assert caught.value.message == message
    with pytest.raises(errors.BookingError) as caught:
        book(world, treatment, at(world.clinic_a, 10), plan_item=item, session_number=1)
    assert caught.value.message == message


def test_a_proposals_queries_do_not_grow_with_bookings(world, sched, treatment):
    item = approved_item(world, sessions=10)
    with CaptureQueriesContext(connection) as cold:
        _propose(world, treatment, item)
    with CaptureQueriesContext(connection) as empty:
        _propose(world, treatment, item)
    for day in range(0, 360, 3):
        for hour in range(9, 17):
            book(world, sched.test_spot, at(world.clinic_a, hour, day=TODAY + timedelta(days=day)))
    with CaptureQueriesContext(connection) as busy:
        proposal = _propose(world, treatment, item)
    assert proposal.complete
    # The course so far, the plan's instructions (no test spot asked for), closures, leave and
    # downtime for the whole course (one), then one (bookings) per block of days searched; the
    # clinic's set-up (six) only when not cached.
    assert len(busy.captured_queries) == len(empty.captured_queries) == 1 + 1 + 1 + 10
    assert len(cold.captured_queries) == 6 + 1 + 1 + 1 + 10


# --- The page ----------------------------------------------------------------------------------


@pytest.fixture
def _frozen():
    import time_machine

    with time_machine.travel(NOW, tick=True):
        yield


def _series_url(item) -> str:
    return f"/schedule/patients/{item.plan.patient_id}/appointments/series/{item.pk}/"


@pytest.mark.usefixtures("_frozen")
def test_the_course_page_proposes_and_books_every_session(client, world, sched, treatment):
    item = approved_item(world, sessions=4)
    client.force_login(world.front_desk)
    listing = client.get(f"/schedule/patients/{world.patient_a.pk}/appointments/")
    assert _series_url(item) in listing.content.decode()
    page = client.get(_series_url(item), {"weekdays": [1], "part_of_day": "morning"})
    body = page.content.decode()
    assert body.count('name="session"') == 4
    assert 'value="2031-06-03T09:00"' in body  # the first Tuesday morning
    proposal = _propose(world, treatment, item, weekdays=frozenset({1}), part_of_day="morning")
    data = {"appointment_type": treatment.pk, "part_of_day": "morning", "weekdays": [1]}
    data["session"] = ["1", "2", "3", "4"]
    for session in proposal.sessions:
        local = _local(world, session)
        data[f"when_{session.session_number}"] = f"{local:%Y-%m-%dT%H:%M}"
        data[f"who_{session.session_number}"] = str(sched.sam.pk)
    response = client.post(_series_url(item), data)
    assert response.status_code == 302
    assert Appointment.objects.filter(plan_item=item).count() == 4


@pytest.mark.usefixtures("_frozen")
def test_the_course_page_says_why_it_cannot_book_yet(client, world, sched, treatment):
    item = approved_item(world, consent=False)
    client.force_login(world.front_desk)
    body = client.get(_series_url(item)).content.decode()
    assert errors.NO_VALID_CONSENT in body
    assert 'name="session"' not in body


@pytest.mark.usefixtures("_frozen")
def test_an_adjusted_time_outside_the_window_is_refused_on_the_page(
    client, world, sched, treatment
):
    item = approved_item(world, sessions=2)
    client.force_login(world.front_desk)
    data = {
        "appointment_type": treatment.pk,
        "part_of_day": "any",
        "session": ["1", "2"],
        "when_1": "2031-06-02T10:00",
        "who_1": str(sched.sam.pk),
        "when_2": "2031-06-10T10:00",  # 8 days later: the window opens after 28
        "who_2": str(sched.sam.pk),
    }
    response = client.post(_series_url(item), data)
    assert response.status_code == 200
    assert "Session 2 on Tue 10 Jun 2031 is outside its interval window" in (
        response.content.decode()
    )
    assert not Appointment.objects.filter(plan_item=item).exists()
