"""Real races for a held time (threads, each with its own connection, committing for real), on
SQLite and PostgreSQL: exactly one booking, everyone else a clear message."""

from __future__ import annotations

import functools
from datetime import timedelta

import pytest
import time_machine

from picoclinic.scheduling import errors
from picoclinic.scheduling.models import Appointment, Booking, OfferStatus, WaitlistOffer
from picoclinic.scheduling.services import appointment_cancel
from picoclinic.scheduling.services.selfserve import OFFER_GONE, offer_accept
from picoclinic.scheduling.waitlist import offers_sweep, slot_offer_next
from tests.concurrency import OK, race
from tests.scheduling.helpers import NOW, at, book
from tests.scheduling.test_waitlist import FREED, scene  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.concurrency]


def _held_for_mia(world, scene):  # noqa: F811
    appointment_cancel(actor=world.front_desk, appointment=scene["noah"])
    from picoclinic.scheduling.models import FreedSlot

    slot = FreedSlot.objects.get()
    slot_offer_next(slot_id=slot.pk, now=NOW)
    return WaitlistOffer.objects.get()


def test_two_patients_accepting_the_same_held_time_get_one_booking(
    transactional_db,
    world,
    sched,
    scene,  # noqa: F811
):
    # Given Mia's offer ran out and the same time was offered to Ivy:
    first = _held_for_mia(world, scene)
    later = NOW + timedelta(minutes=31)
    offers_sweep(now=later)
    second = WaitlistOffer.objects.exclude(pk=first.pk).get()
    ivy = scene["ivy_patient"]
    # When both accept at once:
    with time_machine.travel(later, tick=False):
        results = race(
            [
                functools.partial(offer_accept, user=world.patient_user, offer=first, now=later),
                functools.partial(offer_accept, user=ivy.user, offer=second, now=later),
            ],
            refusals=(errors.BookingError,),
        )
    # Then exactly one has it: Ivy's, whose offer was open.
    assert sorted(results) == sorted([OK, str(OFFER_GONE)])
    start = at(world.clinic_a, 11, day=FREED)
    assert list(Appointment.objects.filter(starts_at=start, status="booked")) == [
        Appointment.objects.get(pk=scene["ivy"].pk)
    ]
    assert WaitlistOffer.objects.get(pk=second.pk).status == OfferStatus.ACCEPTED


def test_the_held_patient_and_another_booking_race_one_wins(
    transactional_db,
    world,
    sched,
    scene,  # noqa: F811
):
    offer = _held_for_mia(world, scene)
    start = offer.starts_at
    now = NOW + timedelta(minutes=1)
    with time_machine.travel(now, tick=False):
        results = race(
            [
                functools.partial(offer_accept, user=world.patient_user, offer=offer, now=now),
                functools.partial(offer_accept, user=world.patient_user, offer=offer, now=now),
                functools.partial(
                    book, world, sched.consultation, start, practitioner=sched.sam, now=now
                ),
            ],
            refusals=(errors.BookingError,),
        )
    assert results.count(OK) == 1, results
    assert Appointment.objects.get(pk=scene["mia"].pk).starts_at == start
    sam_at_start = Booking.objects.filter(
        resource_id=sched.sam.pk,
        active=True,
        starts_at__lt=start + timedelta(minutes=30),
        ends_at__gt=start,
    )
    assert sam_at_start.count() == 1
