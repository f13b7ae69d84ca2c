"""What a new plan item starts with: the catalogue and the estimate for one concern.

Everything prefilled is a suggestion the practitioner reviews: the first suitable wavelength and
handpiece, the starting fluence range for the skin type where one is published, the estimate's
typical session count and interval window, expected outcome, adjuncts (topicals and SPF for
second-line indications, and what the screening's precautions ask for), and the estimate as shown.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from picoclinic.clinical.common import Fitzpatrick
from picoclinic.clinical.estimate import Estimate
from picoclinic.clinical.estimate_io import estimate_to_dict
from picoclinic.clinical.indications import IndicationProfile, LaserLine
from picoclinic.clinical.screening import Precaution
from picoclinic.consultations.models import Concern, ScreeningRecord
from picoclinic.plans.catalogue import (
    concern_estimate,
    concern_profile,
    first_suitable_wavelength,
    fluence_limit,
    interval_outside_published,
)

DAILY_SPF = "Daily broad-spectrum sunscreen (SPF 50), reapplied through the day."
TEST_SPOT_FIRST = "Test spot first, read before the first full session."
PRECAUTION_ADJUNCTS: dict[Precaution, str] = {
    Precaution.ANTIVIRAL_PROPHYLAXIS: (
        "Antiviral prophylaxis before each session (history of cold sores): prescriber to confirm."
    ),
    Precaution.TEST_SPOT: TEST_SPOT_FIRST,
    Precaution.LOWER_STARTING_FLUENCE: "Start at the lower end of the fluence range.",
    Precaution.AVOID_532_NM: "Avoid 532 nm: prefer a longer wavelength.",
    Precaution.MEDICAL_CLEARANCE: "Medical clearance from the patient's doctor before starting.",
    Precaution.PRESCRIBER_CHECK: "Check the medication with the prescriber before starting.",
    Precaution.CORNEAL_SHIELDS: "Corneal shields for periocular work.",
    Precaution.LASER_EYEWEAR: "Laser eyewear for everyone in the room.",
    Precaution.COOLING_CAUTION: "Take care with contact or air cooling (cold sensitivity).",
    Precaution.BRUISING_WARNING: "Warn about bruising and pinpoint bleeding.",
}


def precautions_of(screening: ScreeningRecord | None) -> list[Precaution]:
    """The precautions a stored screening report names, in its order."""
    if screening is None:
        return []
    values = (screening.report or {}).get("precautions") or []
    return [Precaution(v) for v in values if v in Precaution._value2member_map_]


def item_defaults(
    *, concern: Concern, fitzpatrick: int, screening: ScreeningRecord | None, goals: str = ""
) -> dict[str, Any]:
    """Field values for a new ``PlanItem`` for ``concern``.

    Raises ``ClinicalInputError`` when the concern's stored details cannot be estimated.
    Invariant: sessions >= 1 and interval min <= target <= max (the estimate's own invariants);
    when the estimate's window lies outside the published one, the reason says why.
    """
    estimate = concern_estimate(concern, fitzpatrick=fitzpatrick)
    profile = concern_profile(concern)
    precautions = precautions_of(screening)
    values = {
        "concern": concern,
        "areas": _areas(concern),
        "goals": goals,
        "expected_outcome": _expected(estimate, profile),
        "sessions": estimate.sessions.typical,
        "interval_min_days": estimate.interval.min_days,
        "interval_target_days": estimate.interval.target_days,
        "interval_max_days": estimate.interval.max_days,
        "interval_reason": _interval_reason(concern, estimate),
        "adjuncts": "\n".join(_adjuncts(profile, estimate, precautions, concern)),
        "estimate": estimate_to_dict(estimate),
        "position": concern.position,
    }
    return values | _setting(profile, concern, fitzpatrick, precautions)


def _areas(concern: Concern) -> str:
    area = concern.get_body_site_display()
    return f"{area} (periocular)" if concern.periocular else area


def _expected(estimate: Estimate, profile: IndicationProfile) -> str:
    results = " ".join(text.text for text in profile.expected)
    parts = [f"Is one session enough? {estimate.one_session_answer}"]
    parts.append(f"Published results: {results}")
    parts.append(f"Maintenance: {profile.maintenance.text}")
    return "\n".join(parts)


def _interval_reason(concern: Concern, estimate: Estimate) -> str:
    window = estimate.interval
    if not interval_outside_published(
        concern=concern, min_days=window.min_days, max_days=window.max_days
    ):
        return ""
    # The estimate lengthens the window for darker skin (e.g. tattoos: 8-12 weeks, convention).
    factors = [f for f in estimate.factors if "interval" in f.name.lower()]
    return "; ".join(f"{f.name}: {f.effect} ({f.source.citation})" for f in factors)


def _adjuncts(
    profile: IndicationProfile,
    estimate: Estimate,
    precautions: list[Precaution],
    concern: Concern,
) -> list[str]:
    found: list[str] = []
    if profile.laser_line is LaserLine.SECOND:
        found += [text.text for text in profile.first_line_alternatives] + [DAILY_SPF]
    if estimate.test_spot_required:
        found.append(TEST_SPOT_FIRST)
    if concern.periocular:
        found.append(PRECAUTION_ADJUNCTS[Precaution.CORNEAL_SHIELDS])
    found += [PRECAUTION_ADJUNCTS[p] for p in precautions]
    return list(dict.fromkeys(found))


def _setting(
    profile: IndicationProfile, concern: Concern, fitzpatrick: int, precautions: list[Precaution]
) -> dict[str, Any]:
    use = first_suitable_wavelength(
        profile,
        fitzpatrick=Fitzpatrick(fitzpatrick),
        avoid_532=Precaution.AVOID_532_NM in precautions,
    )
    if use is None:  # e.g. cosmetic ink: no wavelength listed, a test spot decides
        return {"wavelength_nm": 1064, "handpiece": "flat_beam"}
    values: dict[str, Any] = {"wavelength_nm": use.nm, "handpiece": use.handpiece.value}
    limit = fluence_limit(
        concern=concern, wavelength_nm=use.nm, handpiece=use.handpiece, fitzpatrick=fitzpatrick
    )
    if limit is not None:
        values["fluence_min"] = _decimal(limit.published_low, "0.01")
        values["fluence_max"] = _decimal(limit.allowed, "0.01")
        values["spot_mm"] = _spot(profile, use)
    return values


def _spot(profile: IndicationProfile, use) -> Decimal | None:
    for guide in profile.fluences:
        if guide.nm == use.nm and guide.handpiece is use.handpiece and guide.spot_mm_low:
            return _decimal(guide.spot_mm_low, "0.1")
    return None


def _decimal(value: float, places: str) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places))
