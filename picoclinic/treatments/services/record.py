"""Writes of what was done and what happened: settings per area and pass, the immediate
response, adverse events. Each under the session's row lock, audited in the same transaction;
none once the session is signed (``RecordLocked``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.accounts.roles import Capability
from picoclinic.audit.models import AuditAction
from picoclinic.clinical.common import ClinicalInputError
from picoclinic.clinical.outcomes import rate_pain
from picoclinic.scheduling.models import Device
from picoclinic.treatments import checklist, errors
from picoclinic.treatments.adverse import is_serious
from picoclinic.treatments.models import (
    AdverseEvent,
    AdverseEventSource,
    ChecklistItem,
    ImmediateResponse,
    SessionStatus,
    SettingsEntry,
    TreatmentSession,
)
from picoclinic.treatments.permissions import can_at
from picoclinic.treatments.safety import Check, Proposed, check
from picoclinic.treatments.services import _audit, require, session_lock_open

ENTRY_VALUES = (
    "area",
    "device",
    "handpiece",
    "wavelength_nm",
    "spot_mm",
    "fluence_j_cm2",
    "pulse_ps",
    "repetition_hz",
    "pulses",
    "endpoint",
    "ink_colour",
    "notes",
)
RESPONSE_VALUES = (
    "erythema",
    "oedema",
    "whitening",
    "pinpoint_bleeding",
    "blistering",
    "pain_score",
    "anaesthesia",
    "cooling",
    "notes",
)
EVENT_VALUES = ("kind", "grade", "onset_at", "description", "settings_entry")


def area_key(area: str) -> str:
    """Areas compare without case or extra spaces ("Left cheek" is "left  cheek")."""
    return " ".join(area.split()).casefold()


def proposed_from(values: dict[str, Any]) -> Proposed:
    return Proposed(
        wavelength_nm=values["wavelength_nm"],
        handpiece=values["handpiece"],
        spot_mm=values["spot_mm"],
        fluence_j_cm2=values["fluence_j_cm2"],
        pulse_ps=values["pulse_ps"],
        ink_colour=values.get("ink_colour") or "",
        endpoint=values.get("endpoint") or "",
        area=values.get("area") or "",
    )


def check_device(session: TreatmentSession, values: dict[str, Any]) -> None:
    """The laser is this clinic's and can deliver the wavelength and handpiece entered."""
    device: Device = values["device"]
    if device.clinic_id != session.clinic_id:
        raise errors.FieldRefused(errors.DEVICE_NOT_HERE, field="device")
    nm = values["wavelength_nm"]
    if not device.delivers(nm):
        listed = ", ".join(f"{w} nm" for w in device.wavelengths_nm)
        message = errors.DEVICE_WAVELENGTH.format(device=device.name, nm=nm, listed=listed)
        raise errors.FieldRefused(message, field="wavelength_nm")
    handpiece = values["handpiece"]
    if device.handpieces and handpiece not in device.handpieces:
        message = errors.DEVICE_HANDPIECE.format(
            device=device.name, handpiece=handpiece.replace("_", " ")
        )
        raise errors.FieldRefused(message, field="handpiece")


def _carried(session: TreatmentSession, carried_from: SettingsEntry | None):
    """Only a setting of an earlier signed session of this patient can be a starting point."""
    if carried_from is None:
        return None
    earlier = carried_from.session
    ok = earlier.patient_id == session.patient_id and earlier.status == SessionStatus.SIGNED
    return carried_from if ok else None


def settings_entry_add(
    *,
    actor: User,
    session: TreatmentSession,
    values: dict[str, Any],
    override_reason: str = "",
    carried_from: SettingsEntry | None = None,
    now: datetime | None = None,
) -> SettingsEntry:
    """Record the settings used on one area in one pass, with the core's findings.

    Invariants: the checklist is complete (or passed by a doctor); the laser is the clinic's
    and delivers the wavelength and handpiece; the findings are the core's for exactly these
    values; a BLOCK is saved as blocked unless a doctor gives the override reason here (a
    practitioner's reason is refused); the pass number counts this area's entries.
    """
    now = now or timezone.now()
    override_reason = override_reason.strip()
    with transaction.atomic():
        locked = session_lock_open(session)
        require(actor, locked, Capability.CONSULT, errors.NOT_A_CLINICIAN)
        checks = list(ChecklistItem.objects.filter(session=locked))
        if not checklist.is_complete(checks):
            raise errors.TreatmentError(errors.CHECKLIST_INCOMPLETE)
        check_device(locked, values)
        try:
            result = check(locked, proposed_from(values), checks)
        except ClinicalInputError as error:
            raise errors.FieldRefused(error.message, field=error.field) from None
        result = with_instruction_findings(locked, values.get("fluence_j_cm2"), result)
        entry = SettingsEntry(
            session=locked,
            pass_number=_next_pass(locked, values["area"]),
            findings=list(result.findings),
            blocked=result.blocked,
            carried_from=_carried(locked, carried_from),
            entered_by=actor,
            entered_at=now,
            **{name: values.get(name) or _blank(name) for name in ENTRY_VALUES},
        )
        entry.area = " ".join(values["area"].split())
        if result.blocked and override_reason:
            require(actor, locked, Capability.REVIEW_PLANS, errors.OVERRIDE_NOT_DOCTOR)
            entry.override_by, entry.override_at, entry.override_reason = (
                actor,
                now,
                override_reason,
            )
        entry.save()
        state = "blocked" if entry.needs_override else "recorded"
        summary = f"Settings entry, pass {entry.pass_number}: {state}"
        _audit(actor, locked, AuditAction.CREATE, summary, obj=entry)
    return entry


def with_instruction_findings(session: TreatmentSession, fluence, result: Check) -> Check:
    """The core's check plus the plan's own limits (the doctor's fluence cap), BLOCKs first."""
    extra = checklist.fluence_cap_findings(session, fluence)
    if not extra:
        return result
    return Check(tuple(extra) + result.findings, True)


def _blank(name: str):
    return "" if name in {"ink_colour", "notes"} else None


def _next_pass(session: TreatmentSession, area: str) -> int:
    wanted = area_key(area)
    same = [e for e in SettingsEntry.objects.filter(session=session) if area_key(e.area) == wanted]
    return max((e.pass_number for e in same), default=0) + 1


def _entry(session: TreatmentSession, entry: SettingsEntry) -> SettingsEntry:
    found = SettingsEntry.objects.filter(session=session, pk=entry.pk).first()
    if found is None:
        raise errors.TreatmentError(errors.ENTRY_ELSEWHERE)
    return found


def settings_entry_override(
    *, actor: User, entry: SettingsEntry, reason: str, now: datetime | None = None
) -> SettingsEntry:
    """A doctor passes a blocked setting with a reason. Only a doctor; only a blocked entry."""
    reason = reason.strip()
    now = now or timezone.now()
    with transaction.atomic():
        locked = session_lock_open(entry.session)
        require(actor, locked, Capability.REVIEW_PLANS, errors.DOCTOR_ONLY)
        if not reason:
            raise errors.TreatmentError(errors.REASON_REQUIRED)
        found = _entry(locked, entry)
        if not found.needs_override:
            raise errors.TreatmentError(errors.ENTRY_NOT_BLOCKED)
        found.override_by, found.override_at, found.override_reason = actor, now, reason
        found.save(update_fields=["override_by", "override_at", "override_reason"])
        _audit(actor, locked, AuditAction.UPDATE, "Doctor overrode a blocked setting", obj=found)
    return found


def settings_entry_delete(*, actor: User, entry: SettingsEntry) -> None:
    """Take back a setting entered in error, before signing (after: an addendum)."""
    with transaction.atomic():
        locked = session_lock_open(entry.session)
        require(actor, locked, Capability.CONSULT, errors.NOT_A_CLINICIAN)
        found = _entry(locked, entry)
        if AdverseEvent.objects.filter(settings_entry=found).exists():
            AdverseEvent.objects.filter(settings_entry=found).update(settings_entry=None)
        _audit(
            actor, locked, AuditAction.DELETE, "Settings entry removed before signing", obj=found
        )
        found.delete()


def response_record(
    *, actor: User, session: TreatmentSession, values: dict[str, Any], now: datetime | None = None
) -> ImmediateResponse:
    """Record (or correct, before signing) the immediate response; the pain score is rated
    with the core's numeric rating scale."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = session_lock_open(session)
        require(actor, locked, Capability.CONSULT, errors.NOT_A_CLINICIAN)
        rating = rate_pain(score=values["pain_score"])
        response = ImmediateResponse.objects.filter(session=locked).first()
        created = response is None
        response = response or ImmediateResponse(session=locked)
        for name in RESPONSE_VALUES:
            setattr(response, name, values.get(name) if name != "notes" else values.get(name, ""))
        # A score of 0 has no severity band (no pain).
        response.pain_severity = rating.severity.value if rating.severity else ""
        response.recorded_by, response.recorded_at = actor, now
        response.save()
        action = AuditAction.CREATE if created else AuditAction.UPDATE
        _audit(actor, locked, action, "Immediate response recorded", obj=response)
    return response


def adverse_event_record(
    *, actor: User, session: TreatmentSession, values: dict[str, Any], now: datetime | None = None
) -> AdverseEvent:
    """An adverse event seen during the session, linked to the setting that preceded it.

    Invariants: the linked setting belongs to this session; the onset is not in the future;
    the event is part of the session's signed record; a serious one notifies the doctors
    after commit (``services.events.event_recorded``).
    """
    from picoclinic.treatments.services.events import event_recorded

    now = now or timezone.now()
    with transaction.atomic():
        locked = session_lock_open(session)
        require(actor, locked, Capability.CONSULT, errors.NOT_A_CLINICIAN)
        entry = values.get("settings_entry")
        if entry is not None and entry.session_id != locked.pk:
            raise errors.FieldRefused(errors.ENTRY_RESPONSE_MISMATCH, field="settings_entry")
        if values["onset_at"] > now:
            raise errors.FieldRefused(errors.ONSET_IN_FUTURE, field="onset_at")
        event = AdverseEvent.objects.create(
            patient=locked.patient,
            clinic=locked.clinic,
            session=locked,
            source=AdverseEventSource.SESSION,
            serious=is_serious(kind=values["kind"], grade=values["grade"]),
            recorded_by=actor,
            recorded_at=now,
            **{name: values.get(name) for name in EVENT_VALUES},
        )
        event_recorded(actor, event)
    return event


def user_is_doctor(user, session: TreatmentSession) -> bool:
    return can_at(user, session.clinic, Capability.REVIEW_PLANS)
