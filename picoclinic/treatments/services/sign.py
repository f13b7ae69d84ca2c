"""Signing and after: the practitioner's signature locks the record; the doctor co-signs where
the clinic's policy asks; corrections are dated addenda by named users.

Signing is one transaction: the record is locked and hashed, the appointment is completed on
its real day (the scheduling app's service), the aftercare is issued and the follow-up tasks
created (the aftercare app's services), all audited. The aftercare goes to the patient only
after that transaction commits, from a background task, at most once.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.accounts.roles import Capability
from picoclinic.audit.models import AuditAction
from picoclinic.scheduling.errors import BookingError
from picoclinic.scheduling.models import Appointment, AppointmentStatus
from picoclinic.scheduling.services import appointment_cancel, appointment_complete
from picoclinic.treatments import checklist, errors, signals
from picoclinic.treatments.content import session_hash
from picoclinic.treatments.models import (
    Addendum,
    AdverseEvent,
    AdverseEventSource,
    ChecklistItem,
    CheckState,
    ImmediateResponse,
    SessionScreening,
    SessionStatus,
    SettingsEntry,
    TreatmentSession,
)
from picoclinic.treatments.permissions import can_at
from picoclinic.treatments.policy import cosign_reasons, policy_for
from picoclinic.treatments.services import _audit, require, session_lock_open


def sign_problems(session: TreatmentSession) -> list[str]:
    """Everything that stops signing now (empty: it can be signed). Four queries."""
    problems = []
    if not checklist.is_complete(list(ChecklistItem.objects.filter(session=session))):
        problems.append(errors.SIGN_NEEDS_CHECKLIST)
    entries = list(SettingsEntry.objects.filter(session=session))
    if not entries:
        problems.append(errors.SIGN_NEEDS_SETTINGS)
    if any(entry.needs_override for entry in entries):
        problems.append(errors.SIGN_BLOCKED_SETTINGS)
    if not ImmediateResponse.objects.filter(session=session).exists():
        problems.append(errors.SIGN_NEEDS_RESPONSE)
    return problems


def _overridden(session: TreatmentSession) -> bool:
    return (
        ChecklistItem.objects.filter(session=session, state=CheckState.OVERRIDDEN).exists()
        or SettingsEntry.objects.filter(session=session, override_at__isnull=False).exists()
    )


def session_sign(
    *, actor: User, session: TreatmentSession, now: datetime | None = None
) -> TreatmentSession:
    """The treating clinician signs: the record is locked for good.

    Invariants: nothing stops signing (``sign_problems``); the signer is a clinician at the
    clinic; the content hash is taken over the stored record; whether a doctor must co-sign
    is decided now from the clinic's policy and kept with its reasons; the appointment is
    completed on the session's day; aftercare is issued and follow-up tasks are created in the
    same transaction; the aftercare is sent after commit, once.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = session_lock_open(session)
        require(actor, locked, Capability.CONSULT, errors.SIGN_NOT_YOURS)
        problems = sign_problems(locked)
        if problems:
            raise errors.TreatmentError(" ".join(problems))
        reasons = cosign_reasons(
            policy_for(locked.clinic),
            overridden=_overridden(locked),
            adverse_event=AdverseEvent.objects.filter(session=locked).exists(),
            signer_is_doctor=can_at(actor, locked.clinic, Capability.REVIEW_PLANS),
        )
        _lock(locked, actor=actor, now=now, reasons=reasons)
        _complete_appointment(actor, locked)
        signals.session_signed.send(sender=TreatmentSession, actor=actor, session=locked, now=now)
    return locked


def seal_parts(session: TreatmentSession) -> None:
    """Seal every part of the record (the database refuses to change a sealed row). Call in
    the transaction that locks the session, before its status changes."""
    for model in (SessionScreening, ChecklistItem, SettingsEntry, ImmediateResponse):
        model.objects.filter(session=session).update(sealed=True)
    AdverseEvent.objects.filter(session=session, source=AdverseEventSource.SESSION).update(
        sealed=True
    )


def _lock(session: TreatmentSession, *, actor: User, now: datetime, reasons: list[str]) -> None:
    seal_parts(session)
    session.content_hash = session_hash(session)
    session.status = SessionStatus.SIGNED
    session.signed_by, session.signed_at = actor, now
    session.cosign_required, session.cosign_reasons = bool(reasons), reasons
    session.save()
    summary = f"Signed session {session.session_number}" + (
        "; doctor's co-signature required" if reasons else ""
    )
    _audit(actor, session, AuditAction.SIGN, summary, changes={"sha256": session.content_hash})


def _complete_appointment(actor: User, session: TreatmentSession) -> None:
    appointment = Appointment.objects.get(pk=session.appointment_id)
    if appointment.status == AppointmentStatus.COMPLETED:
        return
    try:
        appointment_complete(actor=actor, appointment=appointment, occurred_on=session.treated_on)
    except BookingError as refused:
        raise errors.TreatmentError(refused.message) from None


def session_cosign(
    *, actor: User, session: TreatmentSession, now: datetime | None = None
) -> TreatmentSession:
    """A doctor co-signs a signed session that the policy sent for co-signature.

    Invariants: a doctor at the clinic, not the signer; the stored record still matches the
    signed hash (otherwise refused: something changed it); only the co-signature fields are
    written, so the lock holds.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = TreatmentSession.objects.select_for_update(of=("self",)).get(pk=session.pk)
        locked.patient, locked.clinic = session.patient, session.clinic
        require(actor, locked, Capability.REVIEW_PLANS, errors.DOCTOR_ONLY)
        _check_cosignable(actor, locked)
        locked.cosigned_by, locked.cosigned_at = actor, now
        locked.cosign_hash = locked.content_hash
        locked.save(update_fields=["cosigned_by", "cosigned_at", "cosign_hash"])
        _audit(actor, locked, AuditAction.SIGN, f"Co-signed session {locked.session_number}")
    return locked


def _check_cosignable(actor: User, session: TreatmentSession) -> None:
    if session.status != SessionStatus.SIGNED:
        raise errors.TreatmentError(errors.NOT_SIGNED)
    if not session.cosign_required:
        raise errors.TreatmentError(errors.COSIGN_NOT_REQUIRED)
    if session.cosigned_at is not None:
        raise errors.TreatmentError(errors.COSIGN_DONE)
    if session.signed_by_id == actor.pk:
        raise errors.TreatmentError(errors.COSIGN_OWN)
    if session_hash(session) != session.content_hash:
        raise errors.TreatmentError(errors.CONTENT_CHANGED)


def addendum_add(
    *, actor: User, session: TreatmentSession, text: str, now: datetime | None = None
) -> Addendum:
    """A dated correction or addition to a signed record, by a named clinician.

    The signed record itself never changes; the addendum stands beside it (append-only).
    """
    text = text.strip()
    with transaction.atomic():
        locked = TreatmentSession.objects.select_for_update(of=("self",)).get(pk=session.pk)
        locked.patient, locked.clinic = session.patient, session.clinic
        require(actor, locked, Capability.CONSULT, errors.NOT_A_CLINICIAN)
        if not locked.is_locked:
            raise errors.TreatmentError(errors.ADDENDUM_BEFORE_SIGNING)
        if not text:
            raise errors.TreatmentError(errors.ADDENDUM_EMPTY)
        addendum = Addendum.objects.create(session=locked, author=actor, text=text)
        _audit(actor, locked, AuditAction.CREATE, "Addendum added to a signed session", addendum)
    return addendum


def session_not_treated(
    *, actor: User, session: TreatmentSession, reason: str, now: datetime | None = None
) -> TreatmentSession:
    """Close a session in which the patient was not treated (a block nobody passed, the
    patient declined): the record is locked with the reason, and the appointment is cancelled
    so its session number can be booked again. Refused once settings are recorded."""
    reason = reason.strip()
    now = now or timezone.now()
    with transaction.atomic():
        locked = session_lock_open(session)
        require(actor, locked, Capability.CONSULT, errors.NOT_A_CLINICIAN)
        if not reason:
            raise errors.TreatmentError(errors.NOT_TREATED_REASON)
        if SettingsEntry.objects.filter(session=locked).exists():
            raise errors.TreatmentError(errors.NOT_TREATED_HAS_SETTINGS)
        locked.not_treated_reason = reason
        locked.save(update_fields=["not_treated_reason"])
        seal_parts(locked)
        locked.content_hash = session_hash(locked)
        locked.status = SessionStatus.NOT_TREATED
        locked.signed_by, locked.signed_at = actor, now
        locked.save()
        _audit(actor, locked, AuditAction.SIGN, "Closed session: not treated")
        appointment = Appointment.objects.get(pk=locked.appointment_id)
        try:
            appointment_cancel(actor=actor, appointment=appointment, reason="Not treated")
        except BookingError as refused:
            raise errors.TreatmentError(refused.message) from None
    return locked
