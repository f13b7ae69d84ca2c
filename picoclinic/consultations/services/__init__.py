"""Writes to consultations. Each runs in one transaction, under a lock on the consultation row,
with its audit entry; summaries name sections and fields, never the patient.

Errors the practitioner can act on are raised as ``ConsultationError`` with a message from the
named constants below (``problems`` lists every reason at once where there can be several).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinics.models import Clinic
from picoclinic.consultations.access import consultation_get_for_user
from picoclinic.consultations.clinical_inputs import needs_type_confirmation, screening_is_current
from picoclinic.consultations.models import (
    Concern,
    Consultation,
    ConsultationStatus,
    ReportedItem,
    ScreeningRecord,
)
from picoclinic.consultations.presenters import concern_title, section_title
from picoclinic.consultations.sections import (
    CONCERN_FIELDS,
    SECTION_FIELDS,
    DraftEntry,
    Section,
    concern_key,
    draft_entry,
)
from picoclinic.consultations.selectors import concerns_of, latest_screenings
from picoclinic.consultations.signals import reported_before_visit
from picoclinic.patients.models import Patient
from picoclinic.web.refusals import Refused
from picoclinic.web.signals import ask

COMPLETED_READ_ONLY = (
    "This consultation is completed and can no longer change; start a new consultation to "
    "correct it."
)
CONCERN_IN_PLAN = "This concern is part of a treatment plan and cannot be removed."
SKIN_TYPE_MISSING = "Set the skin type: answer the questionnaire or enter the type with a reason."
SKIN_TYPE_UNCONFIRMED = "The questionnaire gives V-VI: confirm type V or VI."
NO_CONCERNS = "Add at least one concern."
CONCERN_NOT_SCREENED = "{concern}: run the screening."
SCREENING_OUT_OF_DATE = "{concern}: the history or the concern changed; run the screening again."
SECTION_HAS_ERRORS = "{section}: correct what is marked; it is not saved yet."
AUDIT_VALUE_LIMIT = 200
# The draft key of what the patient reported before the visit (shown, never saved as record).
REPORTED_KEY = "reported_by_patient"


class ConsultationError(Refused):
    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


@dataclass(frozen=True)
class SaveResult:
    """What an autosave did: ``saved`` when the record's fields were written (valid input)."""

    consultation: Consultation
    saved: bool
    saved_at: datetime | None
    changed: list[str] = field(default_factory=list)


def consultation_start(*, actor: User, patient: Patient, clinic: Clinic) -> Consultation:
    """Start a consultation for ``patient`` at ``clinic``, or return the draft already open.

    Invariant: a patient has at most one draft consultation; the patient row is locked so two
    clicks on "Start" never make two.
    """
    with transaction.atomic():
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        draft = Consultation.objects.filter(
            patient=patient, status=ConsultationStatus.DRAFT
        ).first()
        if draft is not None:
            return draft
        reported = ask(reported_before_visit, patient=patient)
        consultation = Consultation.objects.create(
            patient=patient, clinic=clinic, practitioner=actor, draft=_reported_draft(reported)
        )
        _reported_items(consultation, reported)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=consultation,
            patient=patient,
            clinic=clinic,
            summary="Started consultation"
            + (" (prefilled with answers reported by the patient)" if reported else ""),
        )
    return consultation


def _reported_draft(reported: dict | None) -> dict[str, Any]:
    """The patient's own answers as drafts, never as the record: the skin-type questionnaire
    shows them for the practitioner to confirm (saving the section confirms), and the rest is
    kept to show beside it, marked as reported by the patient."""
    if not reported:
        return {}
    skin = {f"q_{key}": [str(score)] for key, score in (reported.get("skin") or {}).items()}
    draft: dict[str, Any] = {REPORTED_KEY: {"lines": reported.get("lines") or []}}
    if skin:
        draft[Section.SKIN_TYPE] = DraftEntry(data=skin, valid=False, saved_at=None).to_json()
    return draft


def _reported_items(consultation: Consultation, reported: dict | None) -> None:
    """The patient's answers item by item, each to confirm or correct (``services.reported``)."""
    items = (reported or {}).get("items") or []
    ReportedItem.objects.bulk_create(
        ReportedItem(
            consultation=consultation,
            source=item["source"],
            key=item["key"],
            label=str(item["label"])[:300],
            answer=str(item["answer"]),
            value=item.get("value"),
            position=position,
        )
        for position, item in enumerate(items)
    )


def consultation_open(
    *, actor: User, patient_id: int, consultation_id: int, ip_address: str | None
) -> Consultation:
    """The "open a consultation" action: fetched through the access helper (404 for anyone
    else) and the opening audited, in one transaction."""
    with transaction.atomic():
        consultation = consultation_get_for_user(actor, patient_id, consultation_id)
        consultation_opened(actor=actor, consultation=consultation, ip_address=ip_address)
    return consultation


def consultation_opened(*, actor: User, consultation: Consultation, ip_address: str | None) -> None:
    """Record that ``actor`` opened the consultation (its medical history is sensitive)."""
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=consultation,
        patient=consultation.patient,
        clinic=consultation.clinic,
        summary="Opened consultation",
        ip_address=ip_address,
    )


def consultation_lock_for_change(consultation: Consultation) -> Consultation:
    """The consultation row, locked for this transaction; refuses a completed consultation."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    locked.patient = consultation.patient
    locked.clinic = consultation.clinic
    if locked.status != ConsultationStatus.DRAFT:
        raise ConsultationError(COMPLETED_READ_ONLY)
    return locked


def _audit_text(value: Any) -> str | None:
    return None if value is None else str(value)[:AUDIT_VALUE_LIMIT]


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """``{"field": [old, new]}``; a dict field is compared key by key (``field.key``)."""
    changes: dict[str, list] = {}
    for name, new in after.items():
        old = before.get(name)
        if isinstance(old, dict) and isinstance(new, dict):
            for key in sorted(set(old) | set(new), key=str):
                if old.get(key, _MISSING) != new.get(key, _MISSING):
                    changes[f"{name}.{key}"] = [
                        _audit_text(old.get(key)),
                        _audit_text(new.get(key)),
                    ]
        elif old != new:
            changes[name] = [_audit_text(old), _audit_text(new)]
    return changes


_MISSING = object()


def _apply(obj, values: dict[str, Any], allowed: frozenset[str]) -> dict[str, list]:
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"not fields of this section: {sorted(unknown)}")
    before = {name: getattr(obj, name) for name in values}
    for name, value in values.items():
        setattr(obj, name, value)
    return _diff(before, values)


def _keep_draft(
    locked: Consultation, key: str, raw: dict[str, list[str]], *, valid: bool, now: datetime
) -> DraftEntry:
    previous = draft_entry(locked.draft, key)
    saved_at = now if valid else (previous.saved_at if previous else None)
    entry = DraftEntry(data=raw, valid=valid, saved_at=saved_at)
    locked.draft = {**(locked.draft or {}), key: entry.to_json()}
    return entry


def consultation_save_section(
    *,
    actor: User,
    consultation: Consultation,
    section: Section,
    raw: dict[str, list[str]],
    values: dict[str, Any] | None,
) -> SaveResult:
    """Autosave one section: keep ``raw`` as its draft; write ``values`` when given (valid).

    Invariants: the raw input is always kept, valid or not, so nothing typed is lost; the
    record's fields change only with valid ``values`` and only those of ``section``; an audit
    entry is written when a field changed (a draft alone is not yet part of the record); a
    completed consultation refuses with ``COMPLETED_READ_ONLY``.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = consultation_lock_for_change(consultation)
        changes = _apply(locked, values, SECTION_FIELDS[section]) if values is not None else {}
        entry = _keep_draft(locked, section.value, raw, valid=values is not None, now=now)
        locked.save(update_fields=[*(values or {}), "draft", "updated_at"])
        if changes:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=locked,
                patient=locked.patient,
                clinic=locked.clinic,
                summary=f"Saved consultation section {section.label.lower()}: "
                + ", ".join(sorted({name.split(".")[0] for name in changes})),
                changes=changes,
            )
    return SaveResult(locked, values is not None, entry.saved_at, sorted(changes))


def concern_add(*, actor: User, consultation: Consultation, values: dict[str, Any]) -> Concern:
    """Add a concern (indication, body site, severity) at the end of the consultation's list."""
    with transaction.atomic():
        locked = consultation_lock_for_change(consultation)
        last = Concern.objects.filter(consultation=locked).aggregate(last=Max("position"))["last"]
        concern = Concern(consultation=locked, position=(last or 0) + 1)
        _apply(concern, values, CONCERN_FIELDS)
        concern.save()
        locked.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=concern,
            patient=locked.patient,
            clinic=locked.clinic,
            summary=f"Added concern: {concern.indication} ({concern.body_site})",
        )
    return concern


def concern_save(
    *, actor: User, concern: Concern, raw: dict[str, list[str]], values: dict[str, Any] | None
) -> SaveResult:
    """Autosave one concern; the same invariants as ``consultation_save_section``."""
    now = timezone.now()
    with transaction.atomic():
        locked = consultation_lock_for_change(concern.consultation)
        fresh = Concern.objects.select_for_update().get(pk=concern.pk, consultation=locked)
        changes = _apply(fresh, values, CONCERN_FIELDS) if values is not None else {}
        if values is not None:
            fresh.save(update_fields=list(values))
        entry = _keep_draft(locked, concern_key(fresh.pk), raw, valid=values is not None, now=now)
        locked.save(update_fields=["draft", "updated_at"])
        if changes:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=fresh,
                patient=locked.patient,
                clinic=locked.clinic,
                summary="Saved concern: " + ", ".join(sorted({n.split(".")[0] for n in changes})),
                changes=changes,
            )
    return SaveResult(locked, values is not None, entry.saved_at, sorted(changes))


def concern_remove(*, actor: User, concern: Concern) -> Consultation:
    """Remove a concern, its screenings and its draft.

    Invariant: a concern that a treatment plan uses stays (``CONCERN_IN_PLAN``).
    """
    with transaction.atomic():
        locked = consultation_lock_for_change(concern.consultation)
        concern_id = concern.pk
        try:
            with transaction.atomic():
                Concern.objects.filter(pk=concern_id, consultation=locked).delete()
        except ProtectedError:
            raise ConsultationError(CONCERN_IN_PLAN) from None
        locked.draft = {
            k: v for k, v in (locked.draft or {}).items() if k != concern_key(concern_id)
        }
        locked.save(update_fields=["draft", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            patient=locked.patient,
            clinic=locked.clinic,
            summary=f"Removed concern {concern_id}",
        )
    return locked


def completion_problems(
    consultation: Consultation,
    *,
    today: date,
    concerns: list[Concern] | None = None,
    screenings: dict[int, ScreeningRecord] | None = None,
) -> list[str]:
    """Everything that stops ``consultation`` from being completed now (empty: it can be).

    ``concerns`` and ``screenings`` may be passed when already fetched (no further query).
    """
    problems = []
    if consultation.fitzpatrick is None:
        problems.append(SKIN_TYPE_MISSING)
    elif needs_type_confirmation(consultation):
        problems.append(SKIN_TYPE_UNCONFIRMED)
    concerns = concerns_of(consultation) if concerns is None else concerns
    if not concerns:
        problems.append(NO_CONCERNS)
    screenings = latest_screenings(consultation) if screenings is None else screenings
    for concern in concerns:
        record = screenings.get(concern.pk)
        title = concern_title(concern)
        if record is None:
            problems.append(CONCERN_NOT_SCREENED.format(concern=title))
        elif not screening_is_current(
            record, consultation=consultation, concern=concern, today=today
        ):
            problems.append(SCREENING_OUT_OF_DATE.format(concern=title))
    for key, value in (consultation.draft or {}).items():
        entry = DraftEntry.from_json(value)
        if entry is not None and not entry.valid:
            section = section_title(key, concerns)
            problems.append(SECTION_HAS_ERRORS.format(section=section))
    return problems


def consultation_complete(*, actor: User, consultation: Consultation, today: date) -> Consultation:
    """Complete the consultation: from then on it is read-only.

    Invariants: it has a confirmed skin type, at least one concern, and every concern has a
    screening of the current history and concern; no section holds input with errors. Raises
    ``ConsultationError`` listing every problem at once. The drafts are cleared: the record's
    fields are what was decided.
    """
    with transaction.atomic():
        locked = consultation_lock_for_change(consultation)
        problems = completion_problems(locked, today=today)
        if problems:
            raise ConsultationError(problems[0], problems=problems)
        locked.status = ConsultationStatus.COMPLETED
        locked.completed_at = timezone.now()
        locked.draft = {}
        locked.save(update_fields=["status", "completed_at", "draft", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            patient=locked.patient,
            clinic=locked.clinic,
            summary="Completed consultation",
            changes={"status": [ConsultationStatus.DRAFT, ConsultationStatus.COMPLETED]},
        )
    return locked
