"""A patient's own changes to their appointments (portal, reminder links), inside the rules.

Each goes through the service the front desk uses (``series_book``, ``appointment_reschedule``,
``appointment_cancel``: the same locks, windows and re-checks), refused inside the clinic's
patient notice, and records a ``SelfServiceChange`` for the front desk in the same
transaction, announced by ``self_service_changed``.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.scheduling import errors
from picoclinic.scheduling.availability import day_plan_load, resources_free_at
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentStatus,
    ChangeKind,
    OfferStatus,
    SelfServiceChange,
    WaitlistEntry,
    WaitlistOffer,
    WaitlistStatus,
)
from picoclinic.scheduling.selfserve import NextSession, within_notice
from picoclinic.scheduling.services import appointment_cancel
from picoclinic.scheduling.services.reschedule import appointment_reschedule
from picoclinic.scheduling.services.series import SessionChoice, series_book
from picoclinic.scheduling.signals import self_service_changed

INSIDE_NOTICE = _(
    "This appointment is less than %(hours)s hours away, so it can no longer be changed "
    "online. Please call the clinic."
)
TIME_TOO_SOON = _(
    "Online, appointments can be booked at least %(hours)s hours ahead. Please choose a later "
    "time or call the clinic."
)
NOT_CHANGEABLE = _("This appointment can no longer be changed online.")
ALREADY_WAITING = _("You are already on the waitlist for an earlier time.")
OFFER_GONE = _(
    "This offer has ended: the time was kept for you only for a short while. You are still on "
    "the waitlist."
)
WAITLIST_NOT_EARLIER = _("There is no earlier time to wait for: this is already the first day.")


def _refuse_notice(clinic, starts_at: datetime, now: datetime, text=INSIDE_NOTICE) -> None:
    from picoclinic.scheduling.availability import policy_for

    notice = policy_for(clinic).patient_notice
    if starts_at < now + notice:
        raise errors.BookingError(str(text) % {"hours": int(notice.total_seconds() // 3600)})


def change_record(
    *, user, appointment: Appointment, kind: ChangeKind, now: datetime, before=None, after=None
) -> SelfServiceChange:
    """Note a patient's own change for the front desk (inside the change's transaction)."""
    change = SelfServiceChange.objects.create(
        clinic_id=appointment.clinic_id,
        patient_id=appointment.patient_id,
        appointment=appointment,
        kind=kind,
        at=now,
        before=before,
        after=after,
    )
    self_service_changed.send(sender=SelfServiceChange, change=change)
    return change


def selfserve_book(
    *, user, patient, next_session: NextSession, starts_at: datetime, now: datetime | None = None
) -> Appointment:
    """Book the next session of a course at ``starts_at`` for the patient themselves.

    Invariants: only the patient's own course, the next session, inside its interval window
    from the real last session and at least the patient notice ahead; booked by the desk's
    locking ``series_book`` (approval, consent, window and resources re-checked under its
    locks); the change noted for the front desk in the same transaction.
    """
    now = now or timezone.now()
    item = next_session.plan_item
    if item.plan.patient_id != patient.pk:
        raise errors.BookingError(errors.SESSION_NUMBER_INVALID)
    clinic = item.plan.clinic
    _refuse_notice(clinic, starts_at, now, TIME_TOO_SOON)
    practitioner = _free_practitioner(clinic, next_session.appointment_type, item, starts_at)

    def record(booked):
        change_record(
            user=user, appointment=booked[0], kind=ChangeKind.BOOKED, now=now, after=starts_at
        )

    (appointment,) = series_book(
        actor=user,
        clinic=clinic,
        patient=patient,
        plan_item=item,
        appointment_type=next_session.appointment_type,
        sessions=[SessionChoice(next_session.session_number, starts_at, practitioner)],
        now=now,
        within=record,
    )
    return appointment


def _free_practitioner(clinic, appointment_type, item, starts_at, *, ignoring=(), prefer=None):
    plan = day_plan_load(
        clinic=clinic,
        appointment_type=appointment_type,
        day=timezone.localdate(starts_at, clinic.zone),
        wavelength_nm=item.wavelength_nm if item else None,
        indication=item.concern.indication if item else None,
        ignoring=list(ignoring),
    )
    slot = None
    if prefer is not None:
        slot = resources_free_at(plan, starts_at, practitioner=prefer)
    slot = slot or resources_free_at(plan, starts_at)
    if slot is None:
        raise errors.SlotUnavailable()
    return slot.practitioners[0]


def selfserve_move(
    *, user, appointment: Appointment, starts_at: datetime, now: datetime | None = None
) -> Appointment:
    """Move the patient's own booked appointment to ``starts_at``.

    Invariants: both the current and the new time at least the patient notice ahead; moved by
    the desk's ``appointment_reschedule`` (window from the real last session, later sessions
    inside theirs, resources re-checked under the locks; never a doctor's override); the same
    practitioner when free; the change noted in the same transaction.
    """
    now = now or timezone.now()
    _check_changeable(appointment, now)
    _refuse_notice(appointment.clinic, starts_at, now, TIME_TOO_SOON)
    practitioner = _free_practitioner(
        appointment.clinic,
        appointment.appointment_type,
        appointment.plan_item,
        starts_at,
        ignoring=[appointment.pk],
        prefer=appointment.practitioner,
    )
    before = appointment.starts_at

    def record():
        change_record(
            user=user,
            appointment=appointment,
            kind=ChangeKind.MOVED,
            now=now,
            before=before,
            after=starts_at,
        )

    return appointment_reschedule(
        actor=user,
        appointment=appointment,
        starts_at=starts_at,
        practitioner=practitioner,
        now=now,
        within=record,
    )


def _check_changeable(appointment: Appointment, now: datetime) -> None:
    if appointment.status != AppointmentStatus.BOOKED or appointment.patient_id is None:
        raise errors.BookingError(str(NOT_CHANGEABLE))
    if within_notice(appointment, now):
        _refuse_notice(appointment.clinic, appointment.starts_at, now)


def selfserve_cancel(*, user, appointment: Appointment, now: datetime | None = None) -> Appointment:
    """Cancel the patient's own booked appointment, at least the patient notice ahead, by the
    desk's ``appointment_cancel`` (which frees the time for the waitlist); noted for the front
    desk in the same transaction."""
    now = now or timezone.now()
    _check_changeable(appointment, now)
    with transaction.atomic():
        cancelled = appointment_cancel(
            actor=user, appointment=appointment, reason="Cancelled by the patient"
        )
        change_record(
            user=user,
            appointment=cancelled,
            kind=ChangeKind.CANCELLED,
            now=now,
            before=cancelled.starts_at,
        )
    return cancelled


def selfserve_confirm(*, user, appointment: Appointment, now: datetime | None = None) -> None:
    """The patient confirms they will come (from a reminder's link): noted and audited."""
    now = now or timezone.now()
    if appointment.status != AppointmentStatus.BOOKED or appointment.starts_at <= now:
        raise errors.BookingError(str(NOT_CHANGEABLE))
    with transaction.atomic():
        change_record(user=user, appointment=appointment, kind=ChangeKind.CONFIRMED, now=now)
        _audit(user, appointment, "The patient confirmed the appointment")


def _audit(user, appointment, summary: str) -> None:
    audit_record(
        actor=user if user is not None and user.is_authenticated else None,
        action=AuditAction.UPDATE,
        obj=appointment,
        patient=appointment.patient,
        clinic=appointment.clinic,
        summary=summary,
    )


def waitlist_join(*, user, appointment: Appointment, now: datetime | None = None) -> WaitlistEntry:
    """Ask for an earlier time than ``appointment`` (the patient's own, booked, beyond the
    notice). Offers come in the order patients asked."""
    now = now or timezone.now()
    _check_changeable(appointment, now)
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if WaitlistEntry.objects.filter(appointment=locked, status=WaitlistStatus.WAITING).exists():
            raise errors.BookingError(str(ALREADY_WAITING))
        entry = WaitlistEntry.objects.create(
            clinic_id=appointment.clinic_id,
            patient_id=appointment.patient_id,
            appointment=locked,
            created_at=now,
        )
        change_record(user=user, appointment=appointment, kind=ChangeKind.WAITLIST_JOINED, now=now)
        _audit(user, appointment, "The patient asked for an earlier time (waitlist)")
    return entry


def waitlist_leave(*, user, appointment: Appointment, now: datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        left = WaitlistEntry.objects.filter(
            appointment=appointment, status=WaitlistStatus.WAITING
        ).update(status=WaitlistStatus.LEFT, ended_at=now)
        if left:
            change_record(
                user=user, appointment=appointment, kind=ChangeKind.WAITLIST_LEFT, now=now
            )
            _audit(user, appointment, "The patient left the waitlist")


def offer_accept(*, user, offer: WaitlistOffer, now: datetime | None = None) -> Appointment:
    """Take an offered earlier time: the patient's session moves there by the desk's
    ``appointment_reschedule``; the offer's hold is released under the same booking locks, in
    the same transaction, so nobody can take the time in between.

    Invariants: only an open, unexpired offer (checked under its row lock); exactly one
    booking of the time whoever else races for it; the patient's old time freed for the next.
    """
    now = now or timezone.now()
    entry = offer.entry
    appointment = entry.appointment
    if offer.status != OfferStatus.OFFERED or offer.expires_at <= now:
        raise errors.BookingError(str(OFFER_GONE))
    before = appointment.starts_at

    def claim():
        locked = WaitlistOffer.objects.select_for_update().get(pk=offer.pk)
        if locked.status != OfferStatus.OFFERED or locked.expires_at <= now:
            raise errors.BookingError(str(OFFER_GONE))
        locked.status, locked.answered_at = OfferStatus.ACCEPTED, now
        locked.save(update_fields=["status", "answered_at"])
        locked.holds.all().delete()
        WaitlistEntry.objects.filter(pk=entry.pk).update(status=WaitlistStatus.MOVED, ended_at=now)
        locked.slot.handled_at = now
        locked.slot.save(update_fields=["handled_at"])
        change_record(
            user=user,
            appointment=appointment,
            kind=ChangeKind.OFFER_ACCEPTED,
            now=now,
            before=before,
            after=offer.starts_at,
        )

    return appointment_reschedule(
        actor=user,
        appointment=appointment,
        starts_at=offer.starts_at,
        practitioner=offer.practitioner,
        now=now,
        within=claim,
    )


def offer_decline(*, user, offer: WaitlistOffer, now: datetime | None = None) -> None:
    """Let an offered time go: the hold ends at once and the time goes to the next who fits.
    The patient stays on the waitlist."""
    from picoclinic.scheduling.waitlist import offer_freed_slot

    now = now or timezone.now()
    with transaction.atomic():
        locked = WaitlistOffer.objects.select_for_update().filter(
            Q(pk=offer.pk), Q(status=OfferStatus.OFFERED)
        )
        found = locked.first()
        if found is None:
            raise errors.BookingError(str(OFFER_GONE))
        found.status, found.answered_at = OfferStatus.DECLINED, now
        found.save(update_fields=["status", "answered_at"])
        found.holds.all().delete()
        change_record(
            user=user,
            appointment=offer.entry.appointment,
            kind=ChangeKind.OFFER_DECLINED,
            now=now,
            after=offer.starts_at,
        )
        _audit(user, offer.entry.appointment, "The patient declined an earlier time offered")
        slot_id = found.slot_id
        transaction.on_commit(lambda: offer_freed_slot.enqueue(slot_id))


def reminder_link_act(*, token: str, now: datetime | None = None) -> tuple[Appointment, str]:
    """Do what a reminder's link says (confirm, or cancel inside the notice rule), once.

    Invariants: the link is marked used in the same transaction as the change, so a refused
    cancel (inside the notice) leaves it usable and a used one never acts twice, even when
    pressed twice at once (the hash is unique). Raises ``LinkInvalid`` or a refusal.
    """
    from django.db import IntegrityError

    from picoclinic.scheduling.links import CANCEL, LinkInvalid, link_read
    from picoclinic.scheduling.models import LinkUse

    now = now or timezone.now()
    appointment, kind, digest = link_read(token, now)
    with transaction.atomic():
        try:
            with transaction.atomic():
                LinkUse.objects.create(token_hash=digest, used_at=now)
        except IntegrityError:
            raise LinkInvalid from None
        if kind == CANCEL:
            selfserve_cancel(user=None, appointment=appointment, now=now)
        else:
            selfserve_confirm(user=None, appointment=appointment, now=now)
    return appointment, kind
