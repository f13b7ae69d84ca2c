"""The JSON face of screening: ``run_screen(text) -> (exit_code, dict)``. Never raises.

Input is ONE JSON object. ``history`` and ``treatment`` are required, and so is every key inside
them: a screening question left out is an error, not a "no". ``policy`` (see
``screening_policy``) and ``today`` are optional; ``today`` defaults to the planned date. Dates
are ISO ``YYYY-MM-DD``. Any unknown key is an error naming the field. Example::

    {
      "today": "2025-11-10",
      "treatment": {"indication": "solar_lentigines", "body_site": "face",
                    "facial_or_perioral": true, "periocular": false,
                    "planned_on": "2025-11-12"},
      "history": {
        "isotretinoin": {"stopped_on": "2025-08-31"},      (null: never; stopped_on null: taking)
        "topical_actives_last_used_on": null,
        "photosensitising_drugs": false, "anticoagulants": false,
        "bleeding_supplements": false, "pregnant": false, "breastfeeding": false,
        "ivf": false, "active_infection_at_site": false, "cold_sore_at_site": false,
        "hsv_history": true, "keloid_history": false,
        "sun_exposures": [{"kind": "tan", "last_on": "2025-11-01"}],
                                        (kind: tan | sun | self_tanner | sunburn)
        "gold_therapy_ever": false, "light_triggered_seizures": false,
        "vitiligo": null,                  (or {"last_active_on": date|null,
                                               "signs_of_activity": bool})
        "autoimmune_disorder": false, "photosensitive_disorder": false,
        "suspicious_lesion_at_site": false, "suspicious_lesion_cleared": false,
        "dysplastic_naevi_history": false,
        "cafe_au_lait": null,              (or {"over_5_mm": int, "over_15_mm": int,
                                               "post_puberty": bool})
        "melasma": false, "existing_pih": false, "raynauds": false,
        "poorly_controlled_condition": false, "immunosuppressed": false,
        "insulin_dependent_diabetes": false, "tattoo_ink_cosmetic": false
      },
      "policy": {"name": "Harbour strict", "rules": {"isotretinoin": {"outcome": "defer"}}}
    }

Success is ``(0, report)``: ``overall``, ``blocks_approval``, ``needs_doctor_review``,
``earliest_treatment_on``, ``precautions``, ``policy``, ``screened_on``, ``planned_on`` and
``results`` (one per rule: ``rule``, ``outcome``, ``triggered``, ``reason``, ``action``,
``precautions``, ``defer_until``, ``defer_condition``, ``sources``, ``policy_applied``,
``policy_effect``, ``default_outcome``). Failure is ``(2, {"error": text, "field": dotted})``.
"""

from __future__ import annotations

import json
import re
from dataclasses import fields
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from picoclinic.clinical.common import BodySite, ClinicalInputError, Indication
from picoclinic.clinical.json_text import ERR_UNENCODABLE, unencodable_path
from picoclinic.clinical.screening import (
    DEFAULT_POLICY,
    CafeAuLaitSpots,
    Isotretinoin,
    MedicalHistory,
    RuleResult,
    ScreeningReport,
    SunExposure,
    SunExposureKind,
    TreatmentContext,
    Vitiligo,
    policy_from_dict,
    screen,
)
from picoclinic.clinical.screening_catalogue import source_to_dict

E = TypeVar("E", bound=StrEnum)

EXIT_OK = 0
EXIT_INPUT_ERROR = 2

ERR_NOT_JSON = "Input is not valid JSON."
ERR_NOT_OBJECT = "Expected a JSON object."
ERR_UNKNOWN_FIELD = "Unknown field."
ERR_REQUIRED = "This field is required."
ERR_BOOL = "Expected true or false."
ERR_DATE = "Expected a date as YYYY-MM-DD."
ERR_COUNT = "Expected a whole number."
ERR_LIST = "Expected a list."
ERR_CHOICE = "Not one of the allowed values."
ERR_INTERNAL = "Internal error while screening; nothing was decided."

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TOP_KEYS = frozenset({"history", "treatment", "policy", "today"})
_TREATMENT_KEYS = frozenset(field.name for field in fields(TreatmentContext))
_HISTORY_KEYS = frozenset(field.name for field in fields(MedicalHistory))
_HISTORY_BOOLS = tuple(field.name for field in fields(MedicalHistory) if field.type == "bool")


def run_screen(text: str, *, today: date | None = None) -> tuple[int, dict[str, Any]]:
    """Parse one JSON screening request and screen it.

    Returns ``(0, report_dict)`` or ``(2, {"error", "field"})``; never raises, whatever ``text``
    holds. ``today`` (the caller's local date) is used when the JSON has no "today"; failing
    both, the planned date stands in, so this never reads the clock.
    """
    try:
        report = _screen_text(text, today=today)
    except ClinicalInputError as error:
        return EXIT_INPUT_ERROR, {"error": error.message, "field": error.field}
    except Exception:  # the contract is "never raises": report, do not crash the caller
        return EXIT_INPUT_ERROR, {"error": ERR_INTERNAL, "field": ""}
    return EXIT_OK, report_to_dict(report)


def _screen_text(text: str, *, today: date | None) -> ScreeningReport:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError, TypeError):
        raise ClinicalInputError(ERR_NOT_JSON, field="") from None
    bad = unencodable_path(data)
    if bad is not None:
        raise ClinicalInputError(ERR_UNENCODABLE, field=bad)
    root = _object(data, field="", allowed=_TOP_KEYS)
    treatment = _treatment(_required(root, "treatment", where=""))
    history = _history(_required(root, "history", where=""))
    policy = DEFAULT_POLICY
    if "policy" in root:
        policy = policy_from_dict(root["policy"], field_prefix="policy")
    raw_today = root.get("today")
    on = _date(raw_today, field="today") if raw_today is not None else today
    return screen(history, treatment=treatment, policy=policy, today=on or treatment.planned_on)


def history_all_no() -> dict[str, Any]:
    """A "history" object answering "no" (or "none") to every question, to change from."""
    return {
        field.name: False if field.type == "bool" else [] if field.name == "sun_exposures" else None
        for field in fields(MedicalHistory)
    }


def parse_history(raw: object) -> MedicalHistory:
    """A decoded "history" object as a ``MedicalHistory``; every key is required.

    Raises ``ClinicalInputError`` naming the dotted field (``history.<key>...``), exactly as
    ``run_screen`` would for the same object.
    """
    return _history(raw)


def parse_treatment(raw: object) -> TreatmentContext:
    """A decoded "treatment" object as a ``TreatmentContext``; every key is required.

    Raises ``ClinicalInputError`` naming the dotted field (``treatment.<key>``).
    """
    return _treatment(raw)


def _object(raw: object, *, field: str, allowed: frozenset[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ClinicalInputError(ERR_NOT_OBJECT, field=field)
    prefix = f"{field}." if field else ""
    for key in raw:
        if key not in allowed:
            raise ClinicalInputError(ERR_UNKNOWN_FIELD, field=f"{prefix}{key}")
    return raw


def _required(data: dict[str, Any], key: str, *, where: str) -> Any:
    field = f"{where}.{key}" if where else key
    if key not in data:
        raise ClinicalInputError(ERR_REQUIRED, field=field)
    return data[key]


def _all_required(data: dict[str, Any], keys: frozenset[str], *, where: str) -> None:
    for key in sorted(keys):
        _required(data, key, where=where)


def _bool(raw: object, *, field: str) -> bool:
    if not isinstance(raw, bool):
        raise ClinicalInputError(ERR_BOOL, field=field)
    return raw


def _date(raw: object, *, field: str) -> date:
    if not isinstance(raw, str) or not _ISO_DATE.fullmatch(raw):
        raise ClinicalInputError(ERR_DATE, field=field)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ClinicalInputError(ERR_DATE, field=field) from None


def _optional_date(raw: object, *, field: str) -> date | None:
    return None if raw is None else _date(raw, field=field)


def _count(raw: object, *, field: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ClinicalInputError(ERR_COUNT, field=field)
    return raw


def _choice(raw: object, enum: type[E], *, field: str) -> E:
    if not isinstance(raw, str) or raw not in {member.value for member in enum}:
        raise ClinicalInputError(ERR_CHOICE, field=field)
    return enum(raw)


def _treatment(raw: object) -> TreatmentContext:
    data = _object(raw, field="treatment", allowed=_TREATMENT_KEYS)
    _all_required(data, _TREATMENT_KEYS, where="treatment")
    return TreatmentContext(
        indication=_choice(data["indication"], Indication, field="treatment.indication"),
        body_site=_choice(data["body_site"], BodySite, field="treatment.body_site"),
        facial_or_perioral=_bool(data["facial_or_perioral"], field="treatment.facial_or_perioral"),
        periocular=_bool(data["periocular"], field="treatment.periocular"),
        planned_on=_date(data["planned_on"], field="treatment.planned_on"),
    )


def _history(raw: object) -> MedicalHistory:
    data = _object(raw, field="history", allowed=_HISTORY_KEYS)
    _all_required(data, _HISTORY_KEYS, where="history")
    flags = {name: _bool(data[name], field=f"history.{name}") for name in _HISTORY_BOOLS}
    return MedicalHistory(
        isotretinoin=_isotretinoin(data["isotretinoin"]),
        topical_actives_last_used_on=_optional_date(
            data["topical_actives_last_used_on"], field="history.topical_actives_last_used_on"
        ),
        sun_exposures=_sun_exposures(data["sun_exposures"]),
        vitiligo=_vitiligo(data["vitiligo"]),
        cafe_au_lait=_cafe_au_lait(data["cafe_au_lait"]),
        **flags,
    )


def _isotretinoin(raw: object) -> Isotretinoin | None:
    if raw is None:
        return None
    where = "history.isotretinoin"
    data = _object(raw, field=where, allowed=frozenset({"stopped_on"}))
    stopped = _required(data, "stopped_on", where=where)
    return Isotretinoin(stopped_on=_optional_date(stopped, field=f"{where}.stopped_on"))


def _sun_exposures(raw: object) -> tuple[SunExposure, ...]:
    if not isinstance(raw, list):
        raise ClinicalInputError(ERR_LIST, field="history.sun_exposures")
    return tuple(_sun_exposure(item, index=index) for index, item in enumerate(raw))


def _sun_exposure(raw: object, *, index: int) -> SunExposure:
    where = f"history.sun_exposures.{index}"
    data = _object(raw, field=where, allowed=frozenset({"kind", "last_on"}))
    _all_required(data, frozenset({"kind", "last_on"}), where=where)
    return SunExposure(
        kind=_choice(data["kind"], SunExposureKind, field=f"{where}.kind"),
        last_on=_date(data["last_on"], field=f"{where}.last_on"),
    )


def _vitiligo(raw: object) -> Vitiligo | None:
    if raw is None:
        return None
    where = "history.vitiligo"
    keys = frozenset({"last_active_on", "signs_of_activity"})
    data = _object(raw, field=where, allowed=keys)
    _all_required(data, keys, where=where)
    return Vitiligo(
        last_active_on=_optional_date(data["last_active_on"], field=f"{where}.last_active_on"),
        signs_of_activity=_bool(data["signs_of_activity"], field=f"{where}.signs_of_activity"),
    )


def _cafe_au_lait(raw: object) -> CafeAuLaitSpots | None:
    if raw is None:
        return None
    where = "history.cafe_au_lait"
    keys = frozenset({"over_5_mm", "over_15_mm", "post_puberty"})
    data = _object(raw, field=where, allowed=keys)
    _all_required(data, keys, where=where)
    return CafeAuLaitSpots(
        over_5_mm=_count(data["over_5_mm"], field=f"{where}.over_5_mm"),
        over_15_mm=_count(data["over_15_mm"], field=f"{where}.over_15_mm"),
        post_puberty=_bool(data["post_puberty"], field=f"{where}.post_puberty"),
    )


def report_to_dict(report: ScreeningReport) -> dict[str, Any]:
    """The report as plain JSON-ready data (dates as ISO strings, enums as their values)."""
    earliest = report.earliest_treatment_on
    return {
        "overall": report.overall.value,
        "blocks_approval": report.blocks_approval,
        "needs_doctor_review": report.needs_doctor_review,
        "earliest_treatment_on": earliest.isoformat() if earliest else None,
        "precautions": [precaution.value for precaution in report.precautions],
        "policy": report.policy_name,
        "screened_on": report.screened_on.isoformat(),
        "planned_on": report.planned_on.isoformat(),
        "results": [result_to_dict(result) for result in report.results],
    }


def result_to_dict(result: RuleResult) -> dict[str, Any]:
    """One rule result as plain JSON-ready data."""
    return {
        "rule": result.code.value,
        "outcome": result.outcome.value,
        "triggered": result.triggered,
        "reason": result.reason,
        "action": result.action,
        "precautions": [precaution.value for precaution in result.precautions],
        "defer_until": result.defer_until.isoformat() if result.defer_until else None,
        "defer_condition": result.defer_condition,
        "sources": [source_to_dict(source) for source in result.sources],
        "policy_applied": result.policy_applied,
        "policy_effect": result.policy_effect.value,
        "default_outcome": result.default_outcome.value,
    }
