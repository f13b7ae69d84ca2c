"""The consultation's stored answers in the clinical core's input shapes, and the core's answers.

The models keep the core's JSON shapes (see ``models``), so this is assembly, not mapping:
``estimate_input`` is a ``picoclinic estimate`` object, ``screening_inputs`` the "history" and
"treatment" objects of ``picoclinic screen``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from picoclinic.clinical.common import BodySite, ClinicalInputError
from picoclinic.clinical.estimate import (
    CourseEstimate,
    Estimate,
    estimate_course,
    estimate_sessions,
)
from picoclinic.clinical.estimate_io import parse_concern
from picoclinic.clinical.screening import MedicalHistory
from picoclinic.clinical.skin import confirmed_type
from picoclinic.consultations.models import Concern, Consultation, ScreeningRecord

HISTORY_KEYS: tuple[str, ...] = tuple(field.name for field in fields(MedicalHistory))
# A placeholder type for checking a concern's shape before the skin type is known.
SHAPE_CHECK_FITZPATRICK = 1


def missing_history_keys(history: dict[str, Any]) -> list[str]:
    """Screening questions not yet answered (every key of the core's history is required)."""
    return [key for key in HISTORY_KEYS if key not in history]


def estimate_input(
    *, concern: Concern, fitzpatrick: int | None, age: int | None = None
) -> dict[str, Any]:
    """The ``picoclinic estimate`` input for ``concern`` (the estimate contract's shape)."""
    data: dict[str, Any] = {
        "indication": concern.indication,
        "fitzpatrick": fitzpatrick if fitzpatrick is not None else SHAPE_CHECK_FITZPATRICK,
        "severity": concern.severity,
        "body_site": concern.body_site,
        **concern.details,
    }
    if age is not None:
        data["age"] = age
    return data


def treatment_input(*, concern: Concern, planned_on: date) -> dict[str, Any]:
    """The ``picoclinic screen`` "treatment" object for ``concern`` on ``planned_on``.

    Facial or perioral means the face: perioral work is facial work.
    """
    return {
        "indication": concern.indication,
        "body_site": concern.body_site,
        "facial_or_perioral": concern.body_site == BodySite.FACE,
        "periocular": concern.periocular,
        "planned_on": planned_on.isoformat(),
    }


def screening_inputs(
    *, consultation: Consultation, concern: Concern, planned_on: date
) -> dict[str, Any]:
    """What a screening of ``concern`` reads: {"history": ..., "treatment": ...}."""
    return {
        "history": consultation.medical_history,
        "treatment": treatment_input(concern=concern, planned_on=planned_on),
    }


def screening_is_current(
    record: ScreeningRecord, *, consultation: Consultation, concern: Concern, today: date
) -> bool:
    """True when ``record`` screened the current history and concern, for today or later."""
    if record.planned_on < today:
        return False
    current = screening_inputs(consultation=consultation, concern=concern, planned_on=today)
    screened = record.inputs or {}
    same_treatment = _without_date(screened.get("treatment")) == _without_date(current["treatment"])
    return screened.get("history") == current["history"] and same_treatment


def _without_date(treatment: object) -> object:
    if not isinstance(treatment, dict):
        return treatment
    return {key: value for key, value in treatment.items() if key != "planned_on"}


@dataclass(frozen=True)
class ConcernEstimate:
    """The estimate of one concern, or why there is none."""

    concern: Concern
    estimate: Estimate | None
    problem: str = ""


SKIN_TYPE_FIRST = "Set the skin type first: the estimate depends on it."


def concern_estimates(
    *, concerns: list[Concern], fitzpatrick: int | None, age: int | None
) -> list[ConcernEstimate]:
    """The estimate of every concern; a concern the core refuses carries the core's message."""
    if fitzpatrick is None:
        return [ConcernEstimate(concern, None, SKIN_TYPE_FIRST) for concern in concerns]
    return [_estimate(concern, fitzpatrick=fitzpatrick, age=age) for concern in concerns]


def _estimate(concern: Concern, *, fitzpatrick: int, age: int | None) -> ConcernEstimate:
    try:
        data = estimate_input(concern=concern, fitzpatrick=fitzpatrick, age=age)
        return ConcernEstimate(concern, estimate_sessions(parse_concern(data)))
    except ClinicalInputError as error:
        return ConcernEstimate(concern, None, error.message)


def course_of(estimates: list[ConcernEstimate]) -> CourseEstimate | None:
    """The whole course when more than one concern has an estimate; None otherwise."""
    usable = [item.estimate.concern for item in estimates if item.estimate is not None]
    return estimate_course(usable) if len(usable) > 1 else None


def needs_type_confirmation(consultation: Consultation) -> bool:
    """True when the type in force is the questionnaire's "V-VI" and no clinician confirmed it."""
    if consultation.fitzpatrick is None or consultation.fitzpatrick_source != "questionnaire":
        return False
    skin = confirmed_type(questionnaire_type=consultation.fitzpatrick, clinician_type=None)
    return skin.needs_clinician_confirmation
