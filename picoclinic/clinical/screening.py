"""Contraindication screening for a picosecond-laser treatment, with clinic policy.

``screen(history, treatment=..., policy=..., today=...)`` runs every rule in the catalogue and
returns a ``ScreeningReport``: one ``RuleResult`` per rule and the worst outcome overall, in the
order DO_NOT_TREAT > DEFER > DOCTOR_REVIEW > PRECAUTION > PROCEED.

Defaults encode the evidence (shared/clinical-reference.md section 5); a clinic's
``ScreeningPolicy`` tightens or relaxes them, and each result records which policy decided and
whether it tightened or relaxed the default. Dated rules are judged on the planned treatment day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from picoclinic.clinical.common import ClinicalInputError, Indication
from picoclinic.clinical.screening_catalogue import (
    RuleSpec,
    rule_catalogue,
    rule_catalogue_dicts,
)
from picoclinic.clinical.screening_model import (
    CafeAuLaitSpots,
    Isotretinoin,
    MedicalHistory,
    Outcome,
    PolicyEffect,
    Precaution,
    RuleCode,
    RuleResult,
    ScreeningReport,
    SunExposure,
    SunExposureKind,
    TreatmentContext,
    Vitiligo,
    Window,
    worst,
)
from picoclinic.clinical.screening_policy import (
    DEFAULT_POLICY,
    DEFAULT_POLICY_NAME,
    RuleOverride,
    ScreeningPolicy,
    policy_from_dict,
)
from picoclinic.clinical.screening_rules import RULE_FUNCTIONS, Clear, Finding, day_label

__all__ = [
    "DEFAULT_POLICY",
    "DEFAULT_POLICY_NAME",
    "CafeAuLaitSpots",
    "Isotretinoin",
    "MedicalHistory",
    "Outcome",
    "PolicyEffect",
    "Precaution",
    "RuleCode",
    "RuleOverride",
    "RuleResult",
    "RuleSpec",
    "ScreeningPolicy",
    "ScreeningReport",
    "SunExposure",
    "SunExposureKind",
    "TreatmentContext",
    "Vitiligo",
    "Window",
    "policy_from_dict",
    "rule_catalogue",
    "rule_catalogue_dicts",
    "screen",
]

ERR_PLANNED_IN_PAST = "The planned treatment date is before today."
ERR_DATE_IN_FUTURE = "This date is after today."
ERR_CALM_COUNT_REQUIRED = "Café-au-lait treatment needs the macule counts for the NF1 screen."
NOTHING_FOUND = "Nothing in the history triggers this rule."
CONDITION_FALLBACK = "the reason for this rule no longer applies"


@dataclass(frozen=True, slots=True)
class _Decision:
    outcome: Outcome
    triggered: bool
    reason: str
    defer_until: date | None = None
    defer_condition: str | None = None


def screen(
    history: MedicalHistory,
    *,
    treatment: TreatmentContext,
    policy: ScreeningPolicy = DEFAULT_POLICY,
    today: date,
) -> ScreeningReport:
    """Screen one patient for one treatment.

    Invariants: one result per rule, in catalogue order; ``overall`` is the worst outcome; a DEFER
    result has exactly one of ``defer_until`` (always after the planned day) or
    ``defer_condition``. Raises ClinicalInputError for a planned date before ``today``, a history
    date after ``today``, or a café-au-lait treatment without the NF1 counts.
    """
    _check_inputs(history, treatment=treatment, today=today)
    results = tuple(
        _evaluate(spec, history=history, treatment=treatment, policy=policy)
        for spec in rule_catalogue()
    )
    return ScreeningReport(
        overall=worst([result.outcome for result in results]),
        results=results,
        policy_name=policy.name,
        screened_on=today,
        planned_on=treatment.planned_on,
    )


def _check_inputs(history: MedicalHistory, *, treatment: TreatmentContext, today: date) -> None:
    if treatment.planned_on < today:
        raise ClinicalInputError(ERR_PLANNED_IN_PAST, field="treatment.planned_on")
    for name, value in history.dated_fields():
        if value > today:
            raise ClinicalInputError(ERR_DATE_IN_FUTURE, field=name)
    if treatment.indication is Indication.CAFE_AU_LAIT and history.cafe_au_lait is None:
        raise ClinicalInputError(ERR_CALM_COUNT_REQUIRED, field="history.cafe_au_lait")


def _evaluate(
    spec: RuleSpec,
    *,
    history: MedicalHistory,
    treatment: TreatmentContext,
    policy: ScreeningPolicy,
) -> RuleResult:
    verdict = RULE_FUNCTIONS[spec.code](history, treatment)
    planned_on = treatment.planned_on
    default = _decide(verdict, spec.default_outcome, spec.window, planned_on=planned_on)
    override = policy.override_for(spec.code)
    chosen = default
    if override is not None:
        window = override.window or spec.window
        chosen = _decide(verdict, override.outcome, window, planned_on=planned_on)
    finding = verdict if isinstance(verdict, Finding) else None
    return RuleResult(
        code=spec.code,
        outcome=chosen.outcome,
        triggered=chosen.triggered,
        reason=chosen.reason,
        action=finding.action if finding and chosen.triggered else "",
        sources=spec.sources,
        policy_applied=policy.name if override else DEFAULT_POLICY_NAME,
        policy_effect=_effect(default, chosen) if override else PolicyEffect.DEFAULT,
        default_outcome=default.outcome,
        precautions=_precautions(finding, chosen),
        defer_until=chosen.defer_until,
        defer_condition=chosen.defer_condition,
    )


def _precautions(finding: Finding | None, decision: _Decision) -> tuple[Precaution, ...]:
    if finding is None or decision.outcome is Outcome.PROCEED:
        return ()
    return finding.precautions


def _decide(
    verdict: Finding | Clear | None, outcome: Outcome, window: Window | None, *, planned_on: date
) -> _Decision:
    """The outcome of one rule under one (default or policy) outcome and waiting period."""
    if verdict is None:
        return _Decision(Outcome.PROCEED, triggered=False, reason=NOTHING_FOUND)
    if isinstance(verdict, Clear):
        return _Decision(Outcome.PROCEED, triggered=False, reason=verdict.reason)
    until = verdict.until
    if verdict.anchor is not None and window is not None:
        until = window.after(verdict.anchor)
        if planned_on >= until:
            ended = f"{verdict.reason} The {window.label} wait ended on {day_label(until)}."
            return _Decision(Outcome.PROCEED, triggered=False, reason=ended)
    if outcome is not Outcome.DEFER:
        return _Decision(outcome, triggered=True, reason=verdict.reason)
    if until is not None:
        return _Decision(outcome, triggered=True, reason=verdict.reason, defer_until=until)
    condition = _condition(verdict, window)
    return _Decision(outcome, triggered=True, reason=verdict.reason, defer_condition=condition)


def _condition(finding: Finding, window: Window | None) -> str:
    condition = finding.condition or CONDITION_FALLBACK
    return f"{condition}, then {window.label}" if window is not None else condition


def _effect(default: _Decision, chosen: _Decision) -> PolicyEffect:
    """Compare by severity; between two deferrals, by how long they wait."""
    if chosen.outcome.rank != default.outcome.rank:
        tighter = chosen.outcome.rank > default.outcome.rank
        return PolicyEffect.TIGHTENED if tighter else PolicyEffect.RELAXED
    if chosen.defer_until and default.defer_until and chosen.defer_until != default.defer_until:
        tighter = chosen.defer_until > default.defer_until
        return PolicyEffect.TIGHTENED if tighter else PolicyEffect.RELAXED
    return PolicyEffect.UNCHANGED
