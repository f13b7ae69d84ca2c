"""Approved, consented treatment plans for the series tests, written as rows directly (the
plans and consent apps own the workflows; only their rules are asked: ``plan_approval_valid``
and ``valid_treatment_consent``)."""

from __future__ import annotations

from datetime import UTC, datetime


def approved_item(
    world,
    *,
    patient=None,
    sessions: int = 6,
    interval=(28, 35, 42),
    wavelength_nm: int = 1064,
    indication: str = "melasma",
    approve: bool = True,
    consent: bool = True,
):
    from picoclinic.consent.models import (
        ConsentKind,
        ConsentRecord,
        ConsentText,
        SignatureMethod,
    )
    from picoclinic.consultations.models import Concern, Consultation, ConsultationStatus
    from picoclinic.plans.content import plan_content_hash
    from picoclinic.plans.models import PlanApproval, PlanItem, PlanStatus, TreatmentPlan

    patient = patient or world.patient_a
    consultation = Consultation.objects.create(
        patient=patient,
        clinic=patient.clinic,
        practitioner=world.practitioner,
        status=ConsultationStatus.COMPLETED,
        fitzpatrick=3,
    )
    concern = Concern.objects.create(
        consultation=consultation, indication=indication, body_site="face", severity="moderate"
    )
    plan = TreatmentPlan.objects.create(
        patient=patient,
        clinic=patient.clinic,
        consultation=consultation,
        created_by=world.practitioner,
        status=PlanStatus.APPROVED if approve else PlanStatus.AWAITING_REVIEW,
    )
    minimum, target, maximum = interval
    item = PlanItem.objects.create(
        plan=plan,
        concern=concern,
        wavelength_nm=wavelength_nm,
        handpiece="flat_beam",
        sessions=sessions,
        interval_min_days=minimum,
        interval_target_days=target,
        interval_max_days=maximum,
    )
    if approve:
        PlanApproval.objects.create(
            plan=plan,
            version=plan.version,
            content_hash=plan_content_hash(plan),
            approved_by=world.doctor,
        )
    if consent:
        text, _ = ConsentText.objects.get_or_create(
            clinic=patient.clinic,
            kind=ConsentKind.TREATMENT,
            version=1,
            defaults={"title": "Treatment course", "body": "I agree to the course."},
        )
        ConsentRecord.objects.create(
            patient=patient,
            clinic=patient.clinic,
            plan=plan,
            plan_version=plan.version,
            text=text,
            kind=ConsentKind.TREATMENT,
            granted=True,
            shown_text=text.body,
            shown_hash="0" * 64,
            signature_method=SignatureMethod.TYPED,
            signature_typed=patient.full_name,
            signed_at=datetime(2031, 5, 1, tzinfo=UTC),
            witness=world.front_desk,
        )
    return item
