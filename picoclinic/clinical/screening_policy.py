"""A clinic's screening policy: named per-rule overrides of the evidence-based defaults.

Policy is configuration, not code. A Django model stores it as JSON of this shape::

    {
        "name": "Harbour Clinic strict",
        "rules": {
            "isotretinoin": {"outcome": "defer", "defer_months": 6},
            "recent_tan": {"outcome": "defer", "defer_days": 42},
            "keloid_history": {"outcome": "doctor_review"}
        }
    }

An override may tighten or relax a rule. ``defer_days`` / ``defer_months`` replace the rule's
waiting period and are accepted only for rules that count from a date (see the catalogue's
``window``). A few safety rules have a floor that no policy may relax below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from picoclinic.clinical.common import ClinicalInputError
from picoclinic.clinical.screening_catalogue import RULES
from picoclinic.clinical.screening_model import Outcome, RuleCode, Window

DEFAULT_POLICY_NAME = "default"

ERR_POLICY_NOT_OBJECT = "The policy must be an object with a name and rules."
ERR_POLICY_NAME = "The policy needs a name: a non-empty text."
ERR_UNKNOWN_FIELD = "Unknown field."
ERR_RULES_NOT_OBJECT = "Rules must be an object keyed by rule code."
ERR_UNKNOWN_RULE = "Unknown screening rule code."
ERR_OVERRIDE_NOT_OBJECT = "A rule override must be an object with an outcome."
ERR_OUTCOME_MISSING = "A rule override needs an outcome."
ERR_INVALID_OUTCOME = (
    "Outcome must be one of: proceed, precaution, doctor_review, defer, do_not_treat."
)
ERR_WINDOW_NOT_COUNT = "A waiting period must be a whole number from 0 to 3660 days or 120 months."
ERR_WINDOW_NO_DATE = "This rule has no date to count a waiting period from."
ERR_BELOW_FLOOR = "A policy may not relax this rule below its floor."

_OUTCOME_VALUES = frozenset(outcome.value for outcome in Outcome)
_MAX_DAYS = 3660  # ten years and change: anything longer is a typo, not a policy
_MAX_MONTHS = 120
_OVERRIDE_KEYS = frozenset({"outcome", "defer_days", "defer_months"})
_POLICY_KEYS = frozenset({"name", "rules"})


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleOverride:
    """The clinic's outcome for one rule, and optionally its own waiting period."""

    outcome: Outcome
    window: Window | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ScreeningPolicy:
    """A named set of overrides, in catalogue order.

    Invariants (checked on construction): a non-empty name; windows only on dated rules and never
    negative; no outcome below the rule's floor.
    """

    name: str
    overrides: tuple[tuple[RuleCode, RuleOverride], ...] = ()

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ClinicalInputError(ERR_POLICY_NAME, field="name")
        for code, override in self.overrides:
            _check_override(code, override)

    def override_for(self, code: RuleCode) -> RuleOverride | None:
        """The override for one rule, or None when the default applies."""
        return next((over for rule, over in self.overrides if rule is code), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form that ``policy_from_dict`` reads back to an equal policy."""
        return {
            "name": self.name,
            "rules": {code.value: _override_to_dict(over) for code, over in self.overrides},
        }


DEFAULT_POLICY = ScreeningPolicy(name=DEFAULT_POLICY_NAME)


def _override_to_dict(override: RuleOverride) -> dict[str, Any]:
    data: dict[str, Any] = {"outcome": override.outcome.value}
    if override.window is not None:
        data["defer_days"] = override.window.days
        data["defer_months"] = override.window.months
    return data


def _check_override(code: RuleCode, override: RuleOverride) -> None:
    spec = RULES[code]
    where = f"rules.{code.value}"
    window = override.window
    if window is not None:
        unit = "defer_days" if window.days or not window.months else "defer_months"
        if spec.window is None:
            raise ClinicalInputError(ERR_WINDOW_NO_DATE, field=f"{where}.{unit}")
        if not (0 <= window.days <= _MAX_DAYS and 0 <= window.months <= _MAX_MONTHS):
            raise ClinicalInputError(ERR_WINDOW_NOT_COUNT, field=f"{where}.{unit}")
    if override.outcome.rank < spec.floor.rank:
        raise ClinicalInputError(ERR_BELOW_FLOOR, field=f"{where}.outcome")


def policy_from_dict(data: object, *, field_prefix: str = "") -> ScreeningPolicy:
    """Build and validate a policy from plain data (parsed JSON).

    Raises ClinicalInputError whose ``field`` is dotted from ``field_prefix`` (e.g. "policy"):
    an unknown key or rule code, an invalid outcome, a bad waiting period, a relaxation below a
    rule's floor. Never returns a partly valid policy.
    """
    try:
        return _parse_policy(data)
    except ClinicalInputError as error:
        parts = [part for part in (field_prefix, error.field) if part]
        dotted = ".".join(parts)
        raise ClinicalInputError(error.message, field=dotted) from None


def _parse_policy(data: object) -> ScreeningPolicy:
    if not isinstance(data, dict):
        raise ClinicalInputError(ERR_POLICY_NOT_OBJECT, field="")
    _reject_unknown(data, _POLICY_KEYS, where="")
    name = data.get("name")
    if not isinstance(name, str):
        raise ClinicalInputError(ERR_POLICY_NAME, field="name")
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise ClinicalInputError(ERR_RULES_NOT_OBJECT, field="rules")
    overrides = {_parse_code(key): _parse_override(key, value) for key, value in rules.items()}
    ordered = tuple((code, overrides[code]) for code in RuleCode if code in overrides)
    return ScreeningPolicy(name=name, overrides=ordered)


def _reject_unknown(data: dict[Any, Any], allowed: frozenset[str], *, where: str) -> None:
    for key in data:
        if key not in allowed:
            raise ClinicalInputError(ERR_UNKNOWN_FIELD, field=f"{where}{key}")


def _parse_code(key: object) -> RuleCode:
    try:
        if not isinstance(key, str):  # the enum takes text only; anything else is unknown too
            raise ValueError(key)
        return RuleCode(key)
    except ValueError:
        raise ClinicalInputError(ERR_UNKNOWN_RULE, field=f"rules.{key}") from None


def _parse_override(key: str, value: object) -> RuleOverride:
    where = f"rules.{key}"
    if not isinstance(value, dict):
        raise ClinicalInputError(ERR_OVERRIDE_NOT_OBJECT, field=where)
    _reject_unknown(value, _OVERRIDE_KEYS, where=f"{where}.")
    if "outcome" not in value:
        raise ClinicalInputError(ERR_OUTCOME_MISSING, field=f"{where}.outcome")
    outcome = _parse_outcome(value["outcome"], field=f"{where}.outcome")
    return RuleOverride(outcome=outcome, window=_parse_window(value, where=where))


def _parse_outcome(raw: object, *, field: str) -> Outcome:
    if not isinstance(raw, str) or raw not in _OUTCOME_VALUES:
        raise ClinicalInputError(ERR_INVALID_OUTCOME, field=field)
    return Outcome(raw)


def _parse_window(value: dict[str, Any], *, where: str) -> Window | None:
    if "defer_days" not in value and "defer_months" not in value:
        return None
    days = _parse_count(value.get("defer_days", 0), limit=_MAX_DAYS, field=f"{where}.defer_days")
    months = _parse_count(
        value.get("defer_months", 0), limit=_MAX_MONTHS, field=f"{where}.defer_months"
    )
    return Window(days=days, months=months)


def _parse_count(raw: object, *, limit: int, field: str) -> int:
    # bool is an int in Python; "true days" is not a waiting period.
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= limit:
        raise ClinicalInputError(ERR_WINDOW_NOT_COUNT, field=field)
    return raw
