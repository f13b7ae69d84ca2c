"""Outcome scores: turn a rater's inputs into the core's score, and record it.

Every number comes from the clinical core (``picoclinic.clinical.outcomes``); this module only
chooses the scorer, keeps the inputs beside the result and writes the row with its audit entry.
Out-of-range input raises the core's ``ClinicalInputError`` with the core's own message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinical.common import ClinicalInputError
from picoclinic.clinical.outcomes import (
    DEFAULT_CLEARANCE_SCHEME,
    GAIS_CODING,
    MasiRegion,
    RegionAssessment,
    grade_clearance,
    grade_goodman_baron_qualitative,
    rate_gais,
    rate_pain,
    rate_satisfaction,
    scale_info,
    scales_for,
    score_masi,
    score_mmasi,
)
from picoclinic.clinical.outcomes_scars import (
    ECCA_MAXIMUM,
    ECCA_STATED_MAXIMUM,
    QUANTITATIVE_MAX,
    EccaScarType,
    LesionType,
    ecca_count_grade,
    score_ecca,
    score_goodman_baron_quantitative,
)
from picoclinic.outcomes.scores import errors
from picoclinic.outcomes.scores.models import OutcomeScore, Rater, Scale
from picoclinic.plans.models import PlanItem, PlanStatus
from picoclinic.scheduling.models import Appointment

# Every scale the core offers is recorded here (the acne-scar counts: ``score_forms``).
RECORDABLE = frozenset(Scale)
PATIENT_ONLY = frozenset({Scale.PAIN_NRS, Scale.PATIENT_SATISFACTION})
SCORABLE_PLAN = frozenset({PlanStatus.APPROVED, PlanStatus.IN_PROGRESS, PlanStatus.COMPLETED})


@dataclass(frozen=True)
class Computed:
    value: Decimal
    grade: int | None
    label: str
    coding: str = ""


@dataclass(frozen=True)
class ScaleOption:
    scale: Scale
    name: str
    source: str
    unverified: bool
    recordable: bool


def scale_options(indication: str) -> list[ScaleOption]:
    """The scales the core offers for ``indication``, with their UNVERIFIED flag."""
    options = []
    for scale_id in scales_for(indication):
        info = scale_info(scale_id)
        scale = Scale(scale_id.value)
        options.append(
            ScaleOption(
                scale,
                info.name,
                str(info.source),
                info.unverified or info.source.unverified,
                scale in RECORDABLE,
            )
        )
    return options


def score_compute(*, scale: Scale | str, inputs: dict[str, Any]) -> Computed:
    """The core's score for ``inputs``; raises ``ClinicalInputError`` (the core's message)."""
    scale = Scale(scale)
    if scale == Scale.PIGMENT_CLEARANCE:
        scheme = inputs.get("scheme") or DEFAULT_CLEARANCE_SCHEME
        result = grade_clearance(percentage=_number(inputs.get("percentage")), scheme=scheme)
        value = Decimal(str(result.percentage)).quantize(Decimal("0.01"))
        return Computed(value, result.grade, result.label, str(result.scheme))
    if scale in (Scale.MMASI, Scale.MASI):
        return _masi(scale, inputs)
    if scale == Scale.GOODMAN_BARON_QUALITATIVE:
        graded = grade_goodman_baron_qualitative(grade=inputs.get("score"))
        return Computed(Decimal(int(graded.grade)), int(graded.grade), graded.level)
    if scale == Scale.GOODMAN_BARON_QUANTITATIVE:
        return _goodman_baron(inputs)
    if scale == Scale.ECCA:
        return _ecca(inputs)
    if scale == Scale.GAIS:
        rating = rate_gais(score=inputs.get("score"), rater=inputs.get("rater"))
        return Computed(Decimal(int(rating.score)), int(rating.score), rating.label, GAIS_CODING)
    if scale == Scale.PAIN_NRS:
        pain = rate_pain(score=inputs.get("score"))
        label = pain.severity.value if pain.severity else "no pain"
        return Computed(Decimal(pain.score), pain.score, label)
    if scale == Scale.PATIENT_SATISFACTION:
        rated = rate_satisfaction(score=inputs.get("score"))
        return Computed(Decimal(int(rated.score)), int(rated.score), rated.label)
    raise ClinicalInputError(errors.SCALE_NOT_RECORDED_HERE, field="scale")


def _number(value: Any) -> Any:
    # Forms give Decimals; the core takes int or float (and refuses anything else itself).
    return float(value) if isinstance(value, Decimal) else value


def _masi(scale: Scale, inputs: dict[str, Any]) -> Computed:
    regions = {
        region: RegionAssessment(
            area=inputs.get(f"{region.value}_area"),
            darkness=inputs.get(f"{region.value}_darkness"),
            homogeneity=inputs.get(f"{region.value}_homogeneity") if scale == Scale.MASI else None,
        )
        for region in MasiRegion
    }
    result = (score_masi if scale == Scale.MASI else score_mmasi)(regions=regions)
    return Computed(result.score, None, f"{result.score} of {result.maximum}")


def _goodman_baron(inputs: dict[str, Any]) -> Computed:
    """Lesion counts per type (the form's ``<type>`` fields) plus the keloidal area."""
    counts = {lesion: _count(inputs.get(lesion.value)) for lesion in LesionType}
    area = inputs.get("keloidal_area_cm2")
    result = score_goodman_baron_quantitative(
        lesion_counts=counts, keloidal_area_cm2=0 if area in (None, "") else _number(area)
    )
    label = f"{result.total} of {QUANTITATIVE_MAX} [UNVERIFIED points]"
    return Computed(Decimal(result.total), None, label)


def _ecca(inputs: dict[str, Any]) -> Computed:
    """Scar counts per type, turned into the scale's count grades (0-3) by the core."""
    grades = {scar: _ecca_grade(scar, inputs.get(scar.value)) for scar in EccaScarType}
    result = score_ecca(grades=grades)
    # Dreno 2007 as the reference states it says 0-540; the weights give 420 (ECCA_MAXIMUM_NOTE).
    label = f"{result.total} of {ECCA_MAXIMUM} (reference states {ECCA_STATED_MAXIMUM})"
    return Computed(Decimal(result.total), None, label)


def _ecca_grade(scar: EccaScarType, count: Any) -> int:
    try:
        return ecca_count_grade(_count(count))
    except ClinicalInputError as error:  # name the scar type, so the form marks its field
        raise ClinicalInputError(error.message, field=scar.value) from None


def _count(value: Any) -> Any:
    """A blank count is no lesions of that type; anything else goes to the core as given."""
    return 0 if value is None or value == "" else value


def score_record(
    *,
    actor: User,
    item: PlanItem,
    scale: Scale | str,
    rater: Rater | str,
    assessed_on: date,
    inputs: dict[str, Any],
    appointment: Appointment | None = None,
    note: str = "",
) -> OutcomeScore:
    """Record one outcome score for a plan item, computed by the core, with an audit entry.

    Invariants: the scale is one the core offers for the item's indication; pain and
    satisfaction are rated by the patient; the session (if any) is the same patient's; the
    date is not in the future; the plan is approved, in progress or completed. Raises
    ``ScoreRefused`` for these and the core's ``ClinicalInputError`` for out-of-range input.
    """
    scale, rater = Scale(scale), Rater(rater)
    patient = item.plan.patient
    _check(item=item, scale=scale, rater=rater, assessed_on=assessed_on, appointment=appointment)
    computed = score_compute(scale=scale, inputs=inputs | {"rater": rater.value})
    info = scale_info(scale.value)
    with transaction.atomic():
        score = OutcomeScore.objects.create(
            patient=patient,
            clinic=item.plan.clinic,
            plan_item=item,
            appointment=appointment,
            assessed_on=assessed_on,
            scale=scale,
            rater=rater,
            value=computed.value,
            grade=computed.grade,
            label=computed.label[:120],
            coding=computed.coding,
            inputs=_jsonable(inputs),
            unverified=info.unverified or info.source.unverified,
            note=note.strip()[:300],
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=score,
            patient=patient,
            clinic=item.plan.clinic,
            summary=f"Outcome score recorded: {scale.label} ({rater.label.lower()})",
        )
    return score


def _check(*, item, scale, rater, assessed_on, appointment) -> None:
    if item.plan.status not in SCORABLE_PLAN:
        raise errors.ScoreRefused(errors.PLAN_NOT_STARTED)
    if scale.value not in {s.value for s in scales_for(item.concern.indication)}:
        raise errors.ScoreRefused(errors.SCALE_NOT_FOR_CONCERN, field="scale")
    if scale not in RECORDABLE:
        raise errors.ScoreRefused(errors.SCALE_NOT_RECORDED_HERE, field="scale")
    if scale in PATIENT_ONLY and rater != Rater.PATIENT:
        raise errors.ScoreRefused(errors.PATIENT_REPORTED, field="rater")
    if assessed_on > timezone.localdate(timezone.now(), item.plan.clinic.zone):
        raise errors.ScoreRefused(errors.ASSESSED_IN_FUTURE, field="assessed_on")
    if appointment is not None and appointment.patient_id != item.plan.patient_id:
        raise errors.ScoreRefused(errors.APPOINTMENT_NOT_ITEMS, field="appointment")


def _jsonable(inputs: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (str(value) if isinstance(value, Decimal) else value)
        for key, value in inputs.items()
        if value is not None and value != ""
    }
