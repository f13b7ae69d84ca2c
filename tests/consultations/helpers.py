"""Building consultations for tests, through the services where it matters."""

from __future__ import annotations

from typing import Any

from picoclinic.consultations.clinical_inputs import HISTORY_KEYS
from picoclinic.consultations.models import Concern, Consultation, ConsultationStatus

# Every screening answer "no": the core's complete history object.
NO_HISTORY: dict[str, Any] = dict.fromkeys(HISTORY_KEYS, False) | {
    "isotretinoin": None,
    "topical_actives_last_used_on": None,
    "sun_exposures": [],
    "vitiligo": None,
    "cafe_au_lait": None,
}

# The history form answered "no" throughout (as posted by the browser).
NO_HISTORY_POST: dict[str, str] = {
    **{
        key: "no"
        for key in HISTORY_KEYS
        if key
        not in {
            "isotretinoin",
            "topical_actives_last_used_on",
            "sun_exposures",
            "vitiligo",
            "cafe_au_lait",
        }
    },
    "isotretinoin": "no",
    "topical_actives": "no",
    "sun_exposure": "no",
    "vitiligo": "no",
    "cafe_au_lait": "no",
}

# Questionnaire answers totalling 20: type III.
QUESTIONNAIRE_III = {
    "eye_colour": 2,
    "hair_colour": 2,
    "skin_colour": 2,
    "freckles": 2,
    "sunburn": 2,
    "tan_depth": 2,
    "tan_speed": 2,
    "face_reaction": 2,
    "last_exposure": 2,
    "treated_area_exposure": 2,
}


def questionnaire_post(answers: dict[str, int]) -> dict[str, str]:
    return {f"q_{key}": str(value) for key, value in answers.items()}


def draft_consultation(world, patient) -> Consultation:
    """The patient's open consultation, started by the practitioner if there is none."""
    found = Consultation.objects.filter(patient=patient, status=ConsultationStatus.DRAFT).first()
    return found or Consultation.objects.create(
        patient=patient, clinic=patient.clinic, practitioner=world.practitioner
    )


def concern_for(consultation: Consultation, **fields) -> Concern:
    values = {
        "indication": "solar_lentigines",
        "body_site": "face",
        "severity": "mild",
        "details": {"area_cm2": 2},
    } | fields
    return Concern.objects.create(consultation=consultation, **values)


def workspace_url(consultation: Consultation, suffix: str = "") -> str:
    return f"/patients/{consultation.patient_id}/consultations/{consultation.pk}/{suffix}"
