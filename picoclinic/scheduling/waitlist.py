"""Offering a freed time to the waitlist, holding it for one patient, and what happens next.

A freed time (``FreedSlot``) goes to the first waiting patient, in the order they asked, whose
booked session it fits: the same appointment type, earlier than what they hold, inside the
session's interval window counted from the real last session (``session_window``, the rule
rescheduling uses), the later sessions still inside theirs, and the resources their plan needs
free then (a practitioner set up for the indication, a laser delivering the wavelength: the
availability of their own plan item decides). The offer holds those resources
(``SlotHold``) for the clinic's ``offer_hold_minutes``; a hold counts as a booking for every
booking path until it expires by itself. Accepting moves the patient's session through the
rescheduling service, releasing the hold under the same locks; declining or expiry offers the
time to the next patient who fits.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from picoclinic.notifications.messages import Message, deliver_message
from picoclinic.notifications.once import send_once
from picoclinic.scheduling import errors
from picoclinic.scheduling.availability import (
    day_plan_load,
    device_range,
    held_ranges,
    policy_for,
    resources_free_at,
)
from picoclinic.scheduling.models import (
    AppointmentStatus,
    FreedSlot,
    OfferStatus,
    SlotHold,
    WaitlistEntry,
    WaitlistOffer,
    WaitlistStatus,
)
from picoclinic.scheduling.rescheduling import session_window
from picoclinic.scheduling.services.booking import booking_errors, resources_lock
from picoclinic.scheduling.services.reschedule import _check_chain
from picoclinic.scheduling.signals import waitlist_offer_expired, waitlist_offer_made

OFFERED = "offered"
HANDLED = "handled"
STILL_HELD = "held"
NOBODY = "nobody fits"


@task()
def offer_freed_slot(slot_id: int) -> str:
    """The background task queued when a time frees: offer it to the first who fits."""
    return slot_offer_next(slot_id=slot_id)


def slot_offer_next(*, slot_id: int, now: datetime | None = None) -> str:
    """Offer freed slot ``slot_id`` to the next waiting patient who fits, holding it for them.

    Invariants: at most one open offer per freed time; each patient is offered a freed time
    once; the hold is written under the booking locks of the resources it holds, after
    re-reading availability there, so it never holds a time someone booked meanwhile.
    Returns the outcome in words (no patient data).
    """
    now = now or timezone.now()
    found = FreedSlot.objects.select_related("clinic", "appointment_type").filter(pk=slot_id)
    slot = found.first()
    if slot is None or slot.handled_at is not None:
        return HANDLED
    with booking_errors(), transaction.atomic(durable=True):
        resources_lock(
            clinic=slot.clinic,
            appointment_type=slot.appointment_type,
            starts=[slot.starts_at],
            practitioners=None,
        )
        slot = found.select_for_update(of=("self",)).get()
        if slot.handled_at is not None:
            return HANDLED
        _expire_open(slot, now)
        if slot.offers.filter(status=OfferStatus.OFFERED).exists():
            return STILL_HELD
        policy = policy_for(slot.clinic)
        if slot.starts_at >= now + policy.patient_notice:
            for entry in _candidates(slot):
                fit = _fit(entry, slot, now)
                if fit is not None:
                    _offer(entry, slot, fit, now, policy.offer_hold)
                    return OFFERED
        slot.handled_at = now
        slot.save(update_fields=["handled_at"])
    return NOBODY


def _expire_open(slot: FreedSlot, now: datetime) -> None:
    for offer in slot.offers.filter(status=OfferStatus.OFFERED, expires_at__lte=now):
        offer.status, offer.answered_at = OfferStatus.EXPIRED, now
        offer.save(update_fields=["status", "answered_at"])
        offer.holds.all().delete()
        waitlist_offer_expired.send(sender=WaitlistOffer, offer=offer)


def _candidates(slot: FreedSlot):
    already = slot.offers.values("entry_id")
    return (
        WaitlistEntry.objects.filter(
            clinic=slot.clinic,
            status=WaitlistStatus.WAITING,
            appointment__status=AppointmentStatus.BOOKED,
            appointment__appointment_type=slot.appointment_type,
            appointment__starts_at__gt=slot.starts_at,
        )
        .exclude(pk__in=already)
        .select_related(
            "patient",
            "appointment__clinic",
            "appointment__appointment_type",
            "appointment__plan_item__concern",
            "appointment__practitioner",
        )
        .order_by("created_at", "id")
    )


def _fit(entry: WaitlistEntry, slot: FreedSlot, now: datetime):
    """The resources ``entry``'s session would have at the freed time, or None."""
    appointment = entry.appointment
    zone = slot.clinic.zone
    day = timezone.localdate(slot.starts_at, zone)
    window = session_window(appointment, timezone.localdate(now, zone))
    if window is not None and not window.contains(day):
        return None
    try:
        _check_chain(appointment, slot.starts_at, [(appointment, slot.starts_at, None)], now)
    except errors.BookingError:
        return None
    item = appointment.plan_item
    plan = day_plan_load(
        clinic=slot.clinic,
        appointment_type=appointment.appointment_type,
        day=day,
        wavelength_nm=item.wavelength_nm if item else None,
        indication=item.concern.indication if item else None,
        ignoring=[appointment.pk],
    )
    fit = resources_free_at(plan, slot.starts_at, practitioner=appointment.practitioner)
    return fit or resources_free_at(plan, slot.starts_at)


def _offer(entry, slot, fit, now, hold) -> WaitlistOffer:
    offer = WaitlistOffer.objects.create(
        slot=slot,
        entry=entry,
        clinic=slot.clinic,
        starts_at=fit.starts_at,
        practitioner=fit.practitioners[0],
        room=fit.rooms[0] if fit.rooms else None,
        device=fit.devices[0] if fit.devices else None,
        created_at=now,
        expires_at=now + hold,
    )
    SlotHold.objects.bulk_create(holds_for(offer, entry.appointment.appointment_type))
    waitlist_offer_made.send(sender=WaitlistOffer, offer=offer)
    pk, expires = offer.pk, offer.expires_at
    transaction.on_commit(lambda: send_waitlist_offer.enqueue(pk))
    transaction.on_commit(lambda: expire_waitlist_offer.using(run_after=expires).enqueue(pk))
    return offer


def holds_for(offer: WaitlistOffer, appointment_type) -> list[SlotHold]:
    """The holds of an offer: the same ranges the appointment's bookings would have."""
    appointment_range, held = held_ranges(appointment_type, offer.starts_at)
    ranges = [(offer.practitioner_id, held)]
    if offer.room_id is not None:
        ranges.append((offer.room_id, held))
    if offer.device_id is not None:
        ranges.append((offer.device_id, device_range(offer.device, appointment_range)))
    return [
        SlotHold(
            offer=offer, resource_id=pk, starts_at=r[0], ends_at=r[1], expires_at=offer.expires_at
        )
        for pk, r in ranges
    ]


@task()
def expire_waitlist_offer(offer_id: int) -> str:
    """Queued for an offer's expiry: if unanswered, the time goes to the next who fits."""
    slot_id = WaitlistOffer.objects.filter(pk=offer_id).values_list("slot_id", flat=True).first()
    return HANDLED if slot_id is None else slot_offer_next(slot_id=slot_id)


def offers_sweep(*, now: datetime | None = None) -> int:
    """The safety net: every freed time not yet handled whose offer expired, or that was never
    offered (a lost task), is offered on; unsent offers are sent. Returns how many times were
    looked at."""
    now = now or timezone.now()
    open_slots = FreedSlot.objects.filter(handled_at__isnull=True).exclude(
        offers__status=OfferStatus.OFFERED, offers__expires_at__gt=now
    )
    ids = list(open_slots.values_list("pk", flat=True).distinct())
    for slot_id in ids:
        slot_offer_next(slot_id=slot_id, now=now)
    for offer_id in WaitlistOffer.objects.filter(
        status=OfferStatus.OFFERED, sent_at__isnull=True, expires_at__gt=now
    ).values_list("pk", flat=True):
        offer_send(offer_id=offer_id, now=now)
    return len(ids)


@task()
def send_waitlist_offer(offer_id: int) -> str:
    return offer_send(offer_id=offer_id)


def offer_send(*, offer_id: int, now: datetime | None = None) -> str:
    """Tell the patient of an offer, once, by e-mail or SMS (while it is still open)."""
    now = now or timezone.now()
    rows = WaitlistOffer.objects.select_related("clinic", "entry__patient", "practitioner")

    def why_not(offer):
        if offer.status != OfferStatus.OFFERED or offer.expires_at <= now:
            return "not open"
        if offer.sent_at is not None:
            return "already sent"
        return None

    def deliver(offer):
        message = offer_message(offer)
        return lambda: deliver_message(message, what="Waitlist offer", pk=offer_id)

    return send_once(
        rows,
        offer_id,
        sent_field="sent_at",
        now=now,
        why_not=why_not,
        summary="Earlier time offered from the waitlist",
        deliver=deliver,
        sent="sent",
        missing="missing",
        audited_under=lambda offer: (offer.entry.patient, offer.clinic),
    )


def offer_message(offer: WaitlistOffer) -> Message:
    clinic, patient = offer.clinic, offer.entry.patient
    local = timezone.localtime(offer.starts_at, clinic.zone)
    until = timezone.localtime(offer.expires_at, clinic.zone)
    when = f"{local:%A} {local.day} {local:%B} at {local:%H:%M}"
    path = reverse("portal:offer", kwargs={"offer_id": offer.pk})
    link = settings.PICOCLINIC_BASE_URL.rstrip("/") + path
    body = _(
        "An earlier time is free at %(clinic)s: %(when)s. We are keeping it for you until "
        "%(until)s. To take it or let it go: %(link)s"
    ) % {"clinic": clinic.name, "when": when, "until": f"{until:%H:%M}", "link": link}
    subject = _("An earlier appointment at %(clinic)s") % {"clinic": clinic.name}
    return Message(patient.email, patient.phone, subject, body)
