"""Real concurrent bookings of one slot: threads, each with its own database connection,
committing for real (transactional tests), on SQLite and on PostgreSQL.

Exactly as many succeed as there are resources; every other attempt gets the clear "no
longer available" message; nothing else (no deadlock, no "database is locked") escapes.
"""

from __future__ import annotations

import functools

import pytest

from picoclinic.scheduling import errors
from picoclinic.scheduling.models import Appointment, Booking
from tests import factories
from tests.concurrency import race
from tests.scheduling.helpers import at, book

pytestmark = [pytest.mark.concurrency]

ATTEMPTS = 8


def _race(world, appointment_type, starts_at, **pinned) -> list[str]:
    """``ATTEMPTS`` threads book the same start at once; each result is "ok" or a message."""
    patients = [factories.patient(world.clinic_a, given_name=f"Racer{i}") for i in range(ATTEMPTS)]
    calls = [
        functools.partial(book, world, appointment_type, starts_at, patient=patient, **pinned)
        for patient in patients
    ]
    return race(calls, refusals=(errors.BookingError,))


def _assert_winners(results: list[str], winners: int) -> None:
    assert results.count("ok") == winners, results
    assert [r for r in results if r != "ok"] == [errors.SLOT_UNAVAILABLE] * (ATTEMPTS - winners)


def test_one_slot_pinned_to_one_practitioner_room_and_laser(transactional_db, world, sched):
    results = _race(
        world,
        sched.test_spot,
        at(world.clinic_a, 10),
        practitioner=sched.sam,
        room=sched.room_1,
        device=sched.laser,
    )
    _assert_winners(results, 1)
    assert Booking.objects.filter(active=True).count() == 3


def test_unpinned_test_spots_share_the_one_laser(transactional_db, world, sched):
    # Two practitioners and two rooms are free, but there is one laser.
    _assert_winners(_race(world, sched.test_spot, at(world.clinic_a, 11)), 1)


def test_unpinned_consultations_fill_exactly_the_free_pairs(transactional_db, world, sched):
    # Two practitioners, two rooms: exactly two consultations fit at 14:00, never three.
    _assert_winners(_race(world, sched.consultation, at(world.clinic_a, 14)), 2)
    held = Appointment.objects.values_list("practitioner_id", "room_id")
    assert len({p for p, _ in held}) == 2
    assert len({r for _, r in held}) == 2


def test_whole_series_race_for_the_same_times(transactional_db, world, sched):
    # Six patients, each with an approved course, all booked for the same six times at once:
    # many appointments per transaction, the case that deadlocks without ordered locks.
    from picoclinic.scheduling.models import AppointmentKind
    from picoclinic.scheduling.series import SeriesPreferences, series_propose
    from picoclinic.scheduling.services import SessionChoice, series_book
    from tests.scheduling import factories as f
    from tests.scheduling.helpers import NOW
    from tests.scheduling.plans import approved_item

    racers = 6
    treatment = f.appointment_type(
        world.clinic_a, AppointmentKind.TREATMENT, name="Treatment session", needs_device=True
    )
    sched.sam.appointment_types.add(treatment)
    items = [
        approved_item(world, patient=factories.patient(world.clinic_a, given_name=f"Course{i}"))
        for i in range(racers)
    ]
    proposal = series_propose(
        clinic=world.clinic_a,
        plan_item=items[0],
        appointment_type=treatment,
        preferences=SeriesPreferences(),
        now=NOW,
    )
    choices = [
        SessionChoice(s.session_number, s.slot.starts_at, s.practitioner) for s in proposal.sessions
    ]

    def booking(item):
        return functools.partial(
            series_book,
            actor=world.front_desk,
            clinic=world.clinic_a,
            patient=item.plan.patient,
            plan_item=item,
            appointment_type=treatment,
            sessions=choices,
            now=NOW,
        )

    results = race([booking(item) for item in items], refusals=(errors.BookingError,))
    assert results.count("ok") == 1, results
    losers = [r for r in results if r != "ok"]
    assert len(losers) == racers - 1
    assert all(r.startswith("Session 1 (") and errors.SLOT_UNAVAILABLE in r for r in losers)
    assert Appointment.objects.count() == len(proposal.sessions)


def test_online_requests_race_for_the_same_time(transactional_db, world, sched, settings):
    """Eight new patients request the same time online at once: two free practitioner-and-room
    pairs, so exactly two get it; the others read "no longer available"."""
    from picoclinic.scheduling.models import BookingRequest, SchedulingPolicy
    from picoclinic.scheduling.online import online_clinics
    from picoclinic.scheduling.services.online import Contact, booking_request_create
    from tests.scheduling.helpers import NOW

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    SchedulingPolicy.objects.create(clinic=world.clinic_a, online_booking=True)
    sched.consultation.online_bookable = True
    sched.consultation.save()
    online = online_clinics()[0]
    starts = at(world.clinic_a, 15)

    def request(i: int):
        contact = Contact(f"R{i}", "Racer", f"r{i}@mail.example", f"0770090{i:04d}", None, [], "x")
        return booking_request_create(
            online=online, starts_at=starts, contact=contact, site_url="http://x/", now=NOW
        )

    results = race(
        [functools.partial(request, i) for i in range(ATTEMPTS)],
        refusals=(errors.BookingError,),
    )
    _assert_winners(results, 2)
    assert BookingRequest.objects.count() == 2
    assert Booking.objects.filter(active=True).count() == 4  # two practitioners, two rooms
