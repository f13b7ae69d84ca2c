"""The ``picoclinic estimate`` JSON face: one JSON object in, ``(exit code, dict)`` out.

Contract (extend, never break). Input keys: indication, fitzpatrick (1-6), severity, body_site,
optional area_cm2, age, tattoo {location, colours, ink_amount, scarring, layering} (required for
tattoos, refused otherwise); extra optional keys: acne_scar_type, rejuvenation_target,
ink_colours_present (list), prior_sessions, prior_response. Output: indication, sessions,
one_session_may_suffice, interval_days, course_weeks, maintenance, factors, estimate_note,
kirby_desai (tattoos); extra keys: one_session_answer, picosecond_adjusted (tattoos), laser_line,
first_line_alternatives, test_spot_required, unverified, recommendation ("proceed",
"doctor_review" or "stop_and_reevaluate") and recommendation_reason.
"""

from __future__ import annotations

import json
import math
from enum import StrEnum
from typing import Any, TypeVar

from picoclinic.clinical.common import (
    BodySite,
    ClinicalInputError,
    Fitzpatrick,
    Indication,
    Severity,
)
from picoclinic.clinical.estimate import Concern, Estimate, PriorResponse, estimate_sessions
from picoclinic.clinical.indications_model import AcneScarType, InkColour, RejuvenationTarget
from picoclinic.clinical.json_text import ERR_UNENCODABLE, unencodable_path
from picoclinic.clinical.kirby_desai import (
    KDColours,
    KDInkAmount,
    KDLocation,
    KDScarring,
    TattooDetails,
)

ERR_JSON = "input is not valid JSON"
ERR_OBJECT = "input must be one JSON object"
ERR_UNKNOWN_KEY = "unknown key"
ERR_MISSING = "required key is missing"
ERR_CHOICE = "must be one of: {choices}"
ERR_INTEGER = "must be a whole number (not a boolean)"
ERR_NUMBER = "must be a finite number (not a boolean)"
ERR_BOOLEAN = "must be true or false"
ERR_LIST = "must be a list of distinct values"
ERR_FITZPATRICK = "must be a whole number from 1 to 6"
EXIT_OK = 0
EXIT_INPUT = 2

REQUIRED = ("indication", "fitzpatrick", "severity", "body_site")
OPTIONAL = (
    "area_cm2",
    "age",
    "tattoo",
    "acne_scar_type",
    "rejuvenation_target",
    "ink_colours_present",
    "prior_sessions",
    "prior_response",
)
TATTOO_KEYS = ("location", "colours", "ink_amount", "scarring", "layering")
E = TypeVar("E", bound=StrEnum)


def _reject(message: str, field: str) -> None:
    raise ClinicalInputError(message, field=field)


def _keys(
    data: dict[str, Any], required: tuple[str, ...], allowed: tuple[str, ...], prefix: str
) -> None:
    for key in data:
        if key not in required and key not in allowed:
            _reject(ERR_UNKNOWN_KEY, f"{prefix}{key}")
    for key in required:
        if key not in data:
            _reject(ERR_MISSING, f"{prefix}{key}")


def _choice(value: object, enum: type[E], field: str) -> E:
    if isinstance(value, str) and value in enum._value2member_map_:
        return enum(value)
    choices = "|".join(m.value for m in enum)
    raise ClinicalInputError(ERR_CHOICE.format(choices=choices), field=field)


def _integer(value: object, field: str) -> int:
    if type(value) is not int:
        _reject(ERR_INTEGER, field)
    return value  # type: ignore[return-value]


def _number(value: object, field: str) -> float:
    if type(value) not in (int, float):
        _reject(ERR_NUMBER, field)
    try:
        number = float(value)  # type: ignore[arg-type]
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        _reject(ERR_NUMBER, field)
    return number


def _fitzpatrick(value: object) -> Fitzpatrick:
    number = _integer(value, "fitzpatrick")
    if not 1 <= number <= 6:
        _reject(ERR_FITZPATRICK, "fitzpatrick")
    return Fitzpatrick(number)


def _tattoo(value: object) -> TattooDetails:
    if not isinstance(value, dict):
        raise ClinicalInputError(ERR_OBJECT, field="tattoo")
    _keys(value, TATTOO_KEYS, (), "tattoo.")
    if type(value["layering"]) is not bool:
        _reject(ERR_BOOLEAN, "tattoo.layering")
    return TattooDetails(
        location=_choice(value["location"], KDLocation, "tattoo.location"),
        colours=_choice(value["colours"], KDColours, "tattoo.colours"),
        ink_amount=_choice(value["ink_amount"], KDInkAmount, "tattoo.ink_amount"),
        scarring=_choice(value["scarring"], KDScarring, "tattoo.scarring"),
        layering=value["layering"],
    )


def _inks(value: object) -> frozenset[InkColour]:
    field = "ink_colours_present"
    if not isinstance(value, list):
        raise ClinicalInputError(ERR_LIST, field=field)
    inks = [_choice(v, InkColour, f"{field}[{i}]") for i, v in enumerate(value)]
    if len(set(inks)) != len(inks):
        _reject(ERR_LIST, field)
    return frozenset(inks)


def _optional(data: dict[str, Any], key: str, parse: Any) -> Any:
    return parse(data[key]) if data.get(key) is not None else None


def parse_concern(data: object) -> Concern:
    """Validate a decoded JSON value into a ``Concern``; raises ``ClinicalInputError`` naming the
    field (dotted for ``tattoo.*``). Null optional values count as absent."""
    if not isinstance(data, dict):
        raise ClinicalInputError(ERR_OBJECT, field="")
    _keys(data, REQUIRED, OPTIONAL, "")
    return Concern(
        indication=_choice(data["indication"], Indication, "indication"),
        fitzpatrick=_fitzpatrick(data["fitzpatrick"]),
        severity=_choice(data["severity"], Severity, "severity"),
        body_site=_choice(data["body_site"], BodySite, "body_site"),
        area_cm2=_optional(data, "area_cm2", lambda v: _number(v, "area_cm2")),
        age=_optional(data, "age", lambda v: _integer(v, "age")),
        tattoo=_optional(data, "tattoo", _tattoo),
        ink_colours_present=_optional(data, "ink_colours_present", _inks) or frozenset(),
        acne_scar_type=_optional(
            data, "acne_scar_type", lambda v: _choice(v, AcneScarType, "acne_scar_type")
        ),
        rejuvenation_target=_optional(
            data,
            "rejuvenation_target",
            lambda v: _choice(v, RejuvenationTarget, "rejuvenation_target"),
        ),
        prior_sessions=_optional(data, "prior_sessions", lambda v: _integer(v, "prior_sessions"))
        or 0,
        prior_response=_optional(
            data, "prior_response", lambda v: _choice(v, PriorResponse, "prior_response")
        ),
    )


def estimate_to_dict(estimate: Estimate) -> dict[str, Any]:
    """The contract's output object (plus the documented extra keys)."""
    s, w, c = estimate.sessions, estimate.interval, estimate.course_weeks
    out: dict[str, Any] = {
        "indication": estimate.concern.indication.value,
        "sessions": {"low": s.low, "typical": s.typical, "high": s.high},
        "one_session_may_suffice": estimate.one_session_may_suffice,
        "interval_days": {"min": w.min_days, "target": w.target_days, "max": w.max_days},
        "course_weeks": {"low": c.low, "high": c.high},
        "maintenance": estimate.maintenance,
        "factors": [
            {"name": f.name, "effect": f.effect, "source": str(f.source)} for f in estimate.factors
        ],
        "estimate_note": estimate.estimate_note,
        "one_session_answer": estimate.one_session_answer,
        "laser_line": estimate.laser_line.value,
        "first_line_alternatives": list(estimate.first_line_alternatives),
        "test_spot_required": estimate.test_spot_required,
        "unverified": estimate.includes_unverified,
        "recommendation": estimate.recommendation.value,
        "recommendation_reason": estimate.recommendation_reason,
    }
    kd = estimate.kirby_desai
    if kd is not None:
        out["kirby_desai"] = {"score": kd.score, "band_low": kd.band_low, "band_high": kd.band_high}
        out["picosecond_adjusted"] = {
            "low": kd.ps_low,
            "typical": kd.ps_typical,
            "high": kd.ps_high,
            "label": "estimate",
        }
    return out


def _decode(text: str) -> object:
    def refuse_constant(name: str) -> None:
        raise ValueError(name)

    return json.loads(text, parse_constant=refuse_constant)


def run_estimate(text: str) -> tuple[int, dict[str, Any]]:
    """Parse one JSON object and estimate it: ``(0, output)`` or ``(2, {"error", "field"})``.

    Never raises for any text: invalid JSON (including NaN/Infinity and nesting too deep), text
    that cannot be encoded (a lone surrogate in a key or value), wrong types, booleans where
    numbers are expected, out-of-range values and unknown keys all come back as exit code 2 with
    the offending field named.
    """
    try:
        data = _decode(text) if isinstance(text, str) else None
    except (ValueError, RecursionError):
        return EXIT_INPUT, {"error": ERR_JSON, "field": ""}
    bad = unencodable_path(data)
    if bad is not None:
        return EXIT_INPUT, {"error": ERR_UNENCODABLE, "field": bad}
    try:
        return EXIT_OK, estimate_to_dict(estimate_sessions(parse_concern(data)))
    except ClinicalInputError as error:
        return EXIT_INPUT, {"error": error.message, "field": error.field}
