"""Completed consultations, screenings and plans for the plans tests.

Screening reports come from the clinical core itself (``screen`` + ``report_to_dict``), stored
as ScreeningRecord rows directly, as the consultations app stores them.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from picoclinic.clinical.common import BodySite, Indication
from picoclinic.clinical.screening import MedicalHistory, TreatmentContext, screen
from picoclinic.clinical.screening_io import report_to_dict
from picoclinic.consent.models import ConsentKind, ConsentRecord, ConsentText, SignatureMethod
from picoclinic.consultations.models import (
    Concern,
    Consultation,
    ConsultationStatus,
    ScreeningRecord,
)
from picoclinic.plans.models import TreatmentPlan
from picoclinic.plans.services import plan_create_from_consultation

LENTIGINES = {"indication": "solar_lentigines", "body_site": "face", "severity": "moderate"}
MELASMA = {"indication": "melasma", "body_site": "face", "severity": "moderate"}
TATTOO = {
    "indication": "tattoo",
    "body_site": "arm",
    "severity": "moderate",
    "details": {
        "tattoo": {
            "location": "proximal_extremity",
            "colours": "black",
            "ink_amount": "amateur",
            "scarring": "none",
            "layering": False,
        }
    },
}


def consultation(
    patient,
    practitioner,
    *,
    fitzpatrick: int | None = 3,
    concerns: tuple[dict, ...] = (LENTIGINES,),
    completed: bool = True,
    goals: str = "Clearer skin before the summer.",
) -> Consultation:
    made = Consultation.objects.create(
        patient=patient,
        clinic=patient.clinic,
        practitioner=practitioner,
        status=ConsultationStatus.COMPLETED if completed else ConsultationStatus.DRAFT,
        completed_at=timezone.now() if completed else None,
        fitzpatrick=fitzpatrick,
        goals=goals,
    )
    for position, spec in enumerate(concerns):
        Concern.objects.create(consultation=made, position=position, **spec)
    return made


def screen_concern(concern: Concern, *, by, **history) -> ScreeningRecord:
    """Screen one concern with the core (``history`` flags default to no) and store it."""
    today = timezone.localdate()
    treatment = TreatmentContext(
        indication=Indication(concern.indication),
        body_site=BodySite(concern.body_site),
        facial_or_perioral=concern.body_site == "face",
        periocular=concern.periocular,
        planned_on=today,
    )
    report = screen(MedicalHistory(**history), treatment=treatment, today=today)
    data = report_to_dict(report)
    return ScreeningRecord.objects.create(
        consultation=concern.consultation,
        concern=concern,
        screened_by=by,
        planned_on=today,
        policy_name=report.policy_name,
        overall=data["overall"],
        blocks_approval=data["blocks_approval"],
        needs_doctor_review=data["needs_doctor_review"],
        report=data,
    )


def screen_all(consultation: Consultation, *, by, **history) -> None:
    for concern in consultation.concerns.all():
        screen_concern(concern, by=by, **history)


def plan_for(
    patient, practitioner, *, history: dict | None = None, **consultation_kwargs
) -> TreatmentPlan:
    """A draft plan from a completed, screened consultation."""
    made = consultation(patient, practitioner, **consultation_kwargs)
    screen_all(made, by=practitioner, **(history or {}))
    return plan_create_from_consultation(actor=practitioner, consultation=made)


def treatment_consent(plan: TreatmentPlan, *, witness) -> ConsentRecord:
    """A signed treatment consent for the plan's current version (as the consent app records)."""
    text, _ = ConsentText.objects.get_or_create(
        clinic=plan.clinic,
        kind=ConsentKind.TREATMENT,
        version=1,
        defaults={"title": "Treatment consent", "body": "I agree to the course."},
    )
    return ConsentRecord.objects.create(
        patient=plan.patient,
        clinic=plan.clinic,
        plan=plan,
        plan_version=plan.version,
        text=text,
        kind=ConsentKind.TREATMENT,
        granted=True,
        shown_text=text.body,
        shown_hash="0" * 64,
        signature_method=SignatureMethod.TYPED,
        signature_typed="Patient",
        signed_at=timezone.now(),
        witness=witness,
    )


def today() -> date:
    return timezone.localdate()
