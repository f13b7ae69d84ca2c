"""Consent test helpers: clinic texts, a plan with items, signature images."""

from __future__ import annotations

import base64
import io

from PIL import Image, ImageDraw

from picoclinic.consent.models import ConsentKind
from picoclinic.consent.services import consent_sign, consent_text_publish
from picoclinic.consent.signatures import Signature
from picoclinic.consent.texts import texts_to_show
from picoclinic.consultations.models import Concern, Consultation
from picoclinic.plans.models import PlanItem, PlanStatus, TreatmentPlan

TEXTS = {
    ConsentKind.TREATMENT: (
        "Consent to a course of picosecond laser treatment",
        "I understand the treatment, its usual effects and its risks.",
    ),
    ConsentKind.PHOTOGRAPHY: (
        "Clinical photographs",
        "The clinic photographs the treated areas "
        "before and during the course, for my record only.",
    ),
    ConsentKind.MARKETING: (
        "Marketing use of photographs",
        "The clinic may use my photographs, without my name, in its leaflets and website.",
    ),
}


def publish_texts(clinic, actor=None, kinds=TEXTS):
    return {
        kind: consent_text_publish(actor=actor, clinic=clinic, kind=kind, title=t, body=b)
        for kind, (t, b) in TEXTS.items()
        if kind in kinds
    }


def make_plan(world, patient=None, *, status=PlanStatus.APPROVED) -> TreatmentPlan:
    patient = patient or world.patient_a
    consultation = Consultation.objects.create(
        patient=patient, clinic=patient.clinic, practitioner=world.practitioner
    )
    concern = Concern.objects.create(
        consultation=consultation, indication="melasma", body_site="face", severity="moderate"
    )
    plan = TreatmentPlan.objects.create(
        patient=patient,
        clinic=patient.clinic,
        consultation=consultation,
        created_by=world.practitioner,
        status=status,
    )
    PlanItem.objects.create(
        plan=plan,
        concern=concern,
        areas="cheeks",
        wavelength_nm=1064,
        handpiece="flat_beam",
        sessions=6,
        interval_min_days=21,
        interval_target_days=28,
        interval_max_days=42,
    )
    return plan


def png_data_url(width=600, height=200, *, ink=True, opaque=False) -> str:
    image = Image.new("RGBA", (width, height), (255, 255, 255, 255 if opaque else 0))
    if ink:
        ImageDraw.Draw(image).line(
            [(20, 150), (200, 40), (380, 160)], fill=(23, 32, 42, 255), width=4
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def hashes(clinic, plan=None) -> dict[str, str]:
    return {item.kind: item.sha256 for item in texts_to_show(clinic=clinic, plan=plan)}


def sign(world, *, plan=None, patient=None, photography=True, marketing=False, signature=None):
    patient = patient or (plan.patient if plan is not None else world.patient_a)
    clinic = plan.clinic if plan is not None else patient.clinic
    return consent_sign(
        actor=world.practitioner,
        patient=patient,
        plan=plan,
        decisions={ConsentKind.PHOTOGRAPHY: photography, ConsentKind.MARKETING: marketing},
        shown_hashes=hashes(clinic, plan),
        signature=signature or Signature(method="typed", typed=patient.full_name),
    )
