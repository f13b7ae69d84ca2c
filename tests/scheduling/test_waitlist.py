"""The waitlist: a freed time goes to the first waiting patient whose window and needs fit,
held for them (the hold blocks every booking path) until it expires by itself; accepting moves
their session through the desk's service; declining or expiry offers it to the next."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from picoclinic.scheduling import errors
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentStatus,
    FreedSlot,
    OfferStatus,
    SchedulingPolicy,
    SlotHold,
    WaitlistOffer,
    WaitlistStatus,
)
from picoclinic.scheduling.selfserve import next_sessions
from picoclinic.scheduling.services import appointment_cancel
from picoclinic.scheduling.services.selfserve import (
    OFFER_GONE,
    offer_accept,
    offer_decline,
    selfserve_book,
    waitlist_join,
)
from picoclinic.scheduling.signals import waitlist_offer_made
from picoclinic.scheduling.waitlist import NOBODY, OFFERED, offers_sweep, slot_offer_next
from tests import factories
from tests.scheduling.helpers import NOW, at, book
from tests.scheduling.selfserve_helpers import course_after_session_1

FREED = date(2031, 6, 24)
LATE = date(2031, 6, 30)


def _book_session_2(world, patient, day, hour=11):
    (found,) = next_sessions(patient=patient, now=NOW)
    return selfserve_book(
        user=patient.user,
        patient=patient,
        next_session=found,
        starts_at=at(world.clinic_a, hour, day=day),
        now=NOW,
    )


@pytest.fixture
def scene(world, sched, treatment):
    """Mia (patient_a) and Ivy wait for an earlier time than 30 June (Mia asked first); Noah
    holds 24 June 11:00 and will cancel it."""
    ivy = factories.patient(world.clinic_a, login=True, given_name="Ivy", email="ivy@mail.example")
    for patient, hour in ((world.patient_a, 10), (world.other_patient_a, 12), (ivy, 15)):
        course_after_session_1(world, treatment, patient=patient, hour=hour)
    mia = _book_session_2(world, world.patient_a, LATE, 10)
    ivys = _book_session_2(world, ivy, LATE, 15)
    noahs = _book_session_2(world, world.other_patient_a, FREED, 11)
    waitlist_join(user=world.patient_user, appointment=mia, now=NOW)
    waitlist_join(user=ivy.user, appointment=ivys, now=NOW + timedelta(minutes=1))
    return {"mia": mia, "ivy": ivys, "noah": noahs, "ivy_patient": ivy}


def _free(world, appointment) -> FreedSlot:
    appointment_cancel(actor=world.front_desk, appointment=appointment)
    return FreedSlot.objects.get(starts_at=appointment.starts_at)


def test_a_freed_time_goes_to_the_first_who_asked_and_is_held(world, sched, scene):
    made = []
    waitlist_offer_made.connect(lambda sender, offer, **kw: made.append(offer), weak=False)
    try:
        slot = _free(world, scene["noah"])
        with time_machine.travel(NOW, tick=False):
            assert slot_offer_next(slot_id=slot.pk, now=NOW) == OFFERED
    finally:
        waitlist_offer_made.receivers.clear()
    offer = WaitlistOffer.objects.get()
    assert offer.entry.appointment == scene["mia"]
    assert made == [offer]
    assert offer.starts_at == at(world.clinic_a, 11, day=FREED)
    assert offer.expires_at == NOW + timedelta(minutes=30)
    assert {h.resource_id for h in SlotHold.objects.all()} >= {sched.sam.pk, sched.laser.pk}
    # The hold blocks the desk's booking path too.
    with time_machine.travel(NOW, tick=False), pytest.raises(errors.SlotUnavailable):
        book(world, sched.consultation, offer.starts_at, practitioner=sched.sam)


def test_the_hold_expires_by_itself_and_the_next_is_offered(world, sched, scene):
    slot = _free(world, scene["noah"])
    slot_offer_next(slot_id=slot.pk, now=NOW)
    later = NOW + timedelta(minutes=31)
    with time_machine.travel(later, tick=False):
        # Free again for everyone the moment the hold ends, before any sweep.
        assert book(world, sched.consultation, at(world.clinic_a, 11, day=FREED), now=later)
    appointment_cancel(actor=world.front_desk, appointment=Appointment.objects.latest("id"))
    with time_machine.travel(later, tick=False):
        offers_sweep(now=later)
    first, second = WaitlistOffer.objects.order_by("id")
    assert first.status == OfferStatus.EXPIRED
    assert first.entry.appointment == scene["mia"]
    assert second.status == OfferStatus.OFFERED
    assert second.entry.appointment == scene["ivy"]
    # Mia, too late, is told plainly.
    with time_machine.travel(later, tick=False), pytest.raises(errors.BookingError) as refused:
        offer_accept(user=world.patient_user, offer=first, now=later)
    assert refused.value.message == str(OFFER_GONE)


def test_accepting_moves_the_session_and_frees_the_old_time(world, scene):
    slot = _free(world, scene["noah"])
    slot_offer_next(slot_id=slot.pk, now=NOW)
    offer = WaitlistOffer.objects.get()
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        moved = offer_accept(user=world.patient_user, offer=offer, now=NOW + timedelta(minutes=5))
    assert moved.starts_at == at(world.clinic_a, 11, day=FREED)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert not offer.holds.exists()
    assert offer.entry.__class__.objects.get(pk=offer.entry_id).status == WaitlistStatus.MOVED
    # Mia's old time on 30 June is free now, for the next who fits (Ivy's is not earlier).
    assert FreedSlot.objects.filter(starts_at=at(world.clinic_a, 10, day=LATE)).exists()


def test_declining_offers_it_to_the_next(world, scene):
    slot = _free(world, scene["noah"])
    slot_offer_next(slot_id=slot.pk, now=NOW)
    offer = WaitlistOffer.objects.get()
    with time_machine.travel(NOW, tick=False):
        offer_decline(user=world.patient_user, offer=offer, now=NOW)
        assert slot_offer_next(slot_id=slot.pk, now=NOW) == OFFERED
    assert WaitlistOffer.objects.latest("id").entry.appointment == scene["ivy"]


def test_nobody_whose_window_does_not_fit_is_offered(world, scene):
    # 16 June is before both waiting patients' windows (17 June - 1 July): nobody fits.
    policy = SchedulingPolicy.objects.create(clinic=world.clinic_a)
    slot = FreedSlot.objects.create(
        clinic=world.clinic_a,
        appointment_type=scene["mia"].appointment_type,
        starts_at=at(world.clinic_a, 11, day=date(2031, 6, 16)),
        practitioner=scene["mia"].practitioner,
        freed_at=NOW,
    )
    assert policy.offer_hold_minutes == 30
    assert slot_offer_next(slot_id=slot.pk, now=NOW) == NOBODY
    assert not WaitlistOffer.objects.exists()


def test_a_cancelled_appointment_leaves_the_waitlist(world, scene):
    appointment_cancel(actor=world.front_desk, appointment=scene["mia"])
    assert scene["mia"].waitlist_entries.get().status == WaitlistStatus.ENDED
    assert Appointment.objects.get(pk=scene["mia"].pk).status == AppointmentStatus.CANCELLED
