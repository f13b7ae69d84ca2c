"""Writes to consent: publishing a text version, signing, withdrawing. Each one transaction,
audited in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinics.models import Clinic
from picoclinic.consent import signals
from picoclinic.consent.models import ConsentKind, ConsentRecord, ConsentText
from picoclinic.consent.signatures import Signature, signature_check
from picoclinic.consent.texts import ShownText, texts_to_show
from picoclinic.plans.models import PlanStatus

if TYPE_CHECKING:
    from picoclinic.patients.models import Patient
    from picoclinic.plans.models import TreatmentPlan

TEXT_CHANGED = "The consent text changed; please read it again."
TEXT_MISSING = "The clinic has no {kind} consent text yet: a clinic admin adds it in Configuration."
DECISION_REQUIRED = "Choose yes or no for {kind}."
MARKETING_NEEDS_PHOTOS = (
    "Marketing use of photographs needs clinical photography too: "
    "choose yes for photography, or no for marketing."
)
PLAN_CLOSED = "This plan is {status}: a new treatment consent cannot be taken for it."
NOTHING_TO_SIGN = "There is nothing to sign: the clinic has no consent texts yet."
ALREADY_WITHDRAWN = "This consent was already withdrawn."
NOT_GRANTED = "The patient declined this; there is no consent to withdraw."
REASON_REQUIRED = "Give the reason for the withdrawal."

CLOSED_PLAN_STATUSES = {PlanStatus.COMPLETED, PlanStatus.STOPPED}


class ConsentTextChanged(ValidationError):
    """What the patient saw is no longer what the server would store."""


def consent_text_publish(
    *, actor: User | None, clinic: Clinic, kind: str, title: str, body: str, starter: bool = False
) -> ConsentText:
    """Add the next version of the clinic's ``kind`` text (max + 1); the older stay untouched.

    The clinic row is locked (PostgreSQL) or the write transaction holds the database (SQLite,
    BEGIN IMMEDIATE), so two admins saving at once get versions n+1 and n+2, never a clash.
    """
    with transaction.atomic():
        Clinic.objects.select_for_update().filter(pk=clinic.pk).first()
        latest = ConsentText.objects.filter(clinic=clinic, kind=kind).aggregate(v=Max("version"))
        text = ConsentText(
            clinic=clinic,
            kind=kind,
            version=(latest["v"] or 0) + 1,
            title=title.strip(),
            body=body.strip(),
            created_by=actor if actor is not None and actor.is_authenticated else None,
            starter=starter,
        )
        text.full_clean(exclude=["created_by"])  # none for a text loaded by a script
        text.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=text,
            clinic=clinic,
            summary=f"Published {text.get_kind_display().lower()} consent text v{text.version}",
        )
    return text


def consent_sign(
    *,
    actor: User,
    patient: Patient,
    plan: TreatmentPlan | None,
    decisions: dict[str, bool | None],
    shown_hashes: dict[str, str],
    signature: Signature,
) -> list[ConsentRecord]:
    """Keep what the patient was shown and decided, signed, with ``actor`` as the witness.

    Invariants: every text is rendered again here and must hash to what the page showed
    (``shown_hashes``), else ``ConsentTextChanged`` and nothing is kept; one record per kind
    shown (treatment is granted by signing, photography and marketing are the patient's yes
    or no); the signature is checked again; one audit entry (SIGN) per record; for a plan,
    ``consent_signed`` is sent in the transaction (the open checklists re-check).
    """
    signature = signature_check(
        method=signature.method,
        image=signature.image,
        typed=signature.typed,
        full_name=patient.full_name,
    )
    _check_plan(patient=patient, plan=plan)
    with transaction.atomic():
        shown = _shown_as_on_screen(patient=patient, plan=plan, shown_hashes=shown_hashes)
        granted = _granted(shown, decisions)
        signed_at = timezone.now()
        records = [
            _record_create(
                actor=actor,
                patient=patient,
                plan=plan,
                shown_text=item,
                granted=granted[item.kind],
                signature=signature,
                signed_at=signed_at,
            )
            for item in shown
        ]
        if plan is not None:
            signals.consent_signed.send(
                sender=ConsentRecord, actor=actor, plan=plan, records=records
            )
        return records


def _check_plan(*, patient: Patient, plan: TreatmentPlan | None) -> None:
    if plan is None:
        return
    if plan.patient_id != patient.pk:
        raise ValueError("The plan is not this patient's")
    if plan.status in CLOSED_PLAN_STATUSES:
        raise ValidationError(PLAN_CLOSED.format(status=plan.get_status_display().lower()))


def consent_clinic(*, patient: Patient, plan: TreatmentPlan | None) -> Clinic:
    """Whose texts apply: the clinic of the plan's course, else the patient's own clinic."""
    return plan.clinic if plan is not None else patient.clinic


def _shown_as_on_screen(
    *, patient: Patient, plan: TreatmentPlan | None, shown_hashes: dict[str, str]
) -> list[ShownText]:
    shown = texts_to_show(clinic=consent_clinic(patient=patient, plan=plan), plan=plan)
    if not shown:
        raise ValidationError(NOTHING_TO_SIGN)
    if plan is not None and shown[0].kind != ConsentKind.TREATMENT:
        raise ValidationError(TEXT_MISSING.format(kind="treatment"))
    now = {item.kind: item.sha256 for item in shown}
    if now != {kind: value for kind, value in shown_hashes.items() if value}:
        raise ConsentTextChanged(TEXT_CHANGED)
    return shown


def _granted(shown: list[ShownText], decisions: dict[str, bool | None]) -> dict[str, bool]:
    granted: dict[str, bool] = {ConsentKind.TREATMENT: True}
    for item in shown:
        if item.kind == ConsentKind.TREATMENT:
            continue
        decision = decisions.get(item.kind)
        if decision is None:
            label = ConsentKind(item.kind).label.lower()
            raise ValidationError(DECISION_REQUIRED.format(kind=label))
        granted[item.kind] = decision
    if granted.get(ConsentKind.MARKETING) and not granted.get(ConsentKind.PHOTOGRAPHY):
        raise ValidationError(MARKETING_NEEDS_PHOTOS)
    return granted


def _record_create(
    *,
    actor: User,
    patient: Patient,
    plan: TreatmentPlan | None,
    shown_text: ShownText,
    granted: bool,
    signature: Signature,
    signed_at,
) -> ConsentRecord:
    is_treatment = shown_text.kind == ConsentKind.TREATMENT
    record = ConsentRecord.objects.create(
        patient=patient,
        clinic=shown_text.text.clinic,
        plan=plan if is_treatment else None,
        plan_version=plan.version if is_treatment else None,
        text=shown_text.text,
        kind=shown_text.kind,
        granted=granted,
        shown_text=shown_text.content,
        shown_hash=shown_text.sha256,
        signature_method=signature.method,
        signature_typed=signature.typed,
        signature_image=signature.image,
        signed_at=signed_at,
        witness=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.SIGN,
        obj=record,
        patient=patient,
        clinic=record.clinic,
        summary=_sign_summary(record),
        changes={"text_version": record.text.version, "granted": granted},
    )
    return record


def _sign_summary(record: ConsentRecord) -> str:
    kind = record.get_kind_display().lower()
    if record.kind == ConsentKind.TREATMENT:
        return f"Signed {kind} consent (text v{record.text.version}, plan {record.plan_id})"
    answer = "yes" if record.granted else "no"
    return f"Signed {kind} consent: {answer} (text v{record.text.version})"


def consent_withdraw(*, actor: User, record: ConsentRecord, reason: str) -> ConsentRecord:
    """Record the patient's withdrawal of ``record``; it ends at once and stays on file.

    Invariants: only a granted, not yet withdrawn record can be withdrawn (the row is locked so
    two withdrawals cannot both land); a reason is required; the rest of the record is
    untouched (the model refuses anything else); one audit entry (UPDATE).
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(REASON_REQUIRED)
    with transaction.atomic():
        locked = ConsentRecord.objects.select_for_update().get(pk=record.pk)
        if locked.withdrawn_at is not None:
            raise ValidationError(ALREADY_WITHDRAWN)
        if not locked.granted:
            raise ValidationError(NOT_GRANTED)
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = actor
        locked.withdrawal_reason = reason
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            patient=record.patient,
            clinic=record.clinic,
            summary=f"Withdrew {locked.get_kind_display().lower()} consent",
        )
    return locked


def consent_pdf_downloaded(
    *, actor: User, record: ConsentRecord, ip_address: str | None = None
) -> None:
    """Record that ``actor`` (staff, or the patient themself) opened the printable consent."""
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=record,
        patient=record.patient,
        clinic=record.clinic,
        summary=f"Opened {record.get_kind_display().lower()} consent PDF",
        ip_address=ip_address,
    )
