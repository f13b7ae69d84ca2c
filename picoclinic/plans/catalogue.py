"""The plans app's bridge to the clinical core: a stored concern in, catalogue answers out.

Nothing here writes. The published interval for an item is the catalogue's ``IntervalWindow`` of
the concern's indication (and scar or rejuvenation variant, as the estimate uses it).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from picoclinic.clinical.common import Fitzpatrick, Indication
from picoclinic.clinical.estimate import Estimate, estimate_sessions
from picoclinic.clinical.estimate_io import parse_concern
from picoclinic.clinical.indications import (
    DISCRETE_PIGMENT,
    TEXTURE_INDICATIONS,
    AcneScarType,
    Handpiece,
    IndicationProfile,
    IntervalWindow,
    RejuvenationTarget,
    WavelengthUse,
    profile_for,
)
from picoclinic.clinical.settings_check import (
    FluenceLimit,
    Level,
    allowed_fluence,
    check_planned_settings,
)
from picoclinic.consultations.models import Concern

E = TypeVar("E", bound=StrEnum)

# The concern row's own columns; everything else the estimate reads sits in ``details``.
_ROW_KEYS = ("indication", "severity", "body_site")


def _enum(enum: type[E], value: Any) -> E | None:
    return enum(value) if isinstance(value, str) and value in enum._value2member_map_ else None


def concern_profile(concern: Concern) -> IndicationProfile:
    """The catalogue entry the estimate uses for this concern (scar/rejuvenation variants)."""
    details = concern.details or {}
    return profile_for(
        indication=Indication(concern.indication),
        acne_scar_type=_enum(AcneScarType, details.get("acne_scar_type")),
        rejuvenation_target=_enum(RejuvenationTarget, details.get("rejuvenation_target")),
    )


def published_interval(concern: Concern) -> IntervalWindow:
    """The published interval window (days) for the concern's indication."""
    return concern_profile(concern).interval


def interval_outside_published(*, concern: Concern, min_days: int, max_days: int) -> bool:
    """True when the planned window reaches outside the published minimum or maximum."""
    window = published_interval(concern)
    return min_days < window.min_days or max_days > window.max_days


def concern_estimate(concern: Concern, *, fitzpatrick: int) -> Estimate:
    """The core's estimate for the stored concern. Raises ``ClinicalInputError`` on bad details."""
    data = dict(concern.details or {})
    data |= {key: getattr(concern, key) for key in _ROW_KEYS}
    data["fitzpatrick"] = fitzpatrick
    return estimate_sessions(parse_concern(data))


def _suits(use: WavelengthUse, indication: Indication, fitzpatrick: Fitzpatrick) -> bool:
    # Flat beams for discrete pigment, fractional optics for texture (Zhou 2023, LMS 38:45);
    # 532 nm is avoided from skin type IV up (settings_check: WARN at IV, BLOCK at V-VI).
    if indication in DISCRETE_PIGMENT and use.handpiece is Handpiece.FRACTIONAL:
        return False
    if indication in TEXTURE_INDICATIONS and use.handpiece is Handpiece.FLAT_BEAM:
        return False
    return not (use.nm == 532 and fitzpatrick >= Fitzpatrick.IV)


def first_suitable_wavelength(
    profile: IndicationProfile, *, fitzpatrick: Fitzpatrick, avoid_532: bool = False
) -> WavelengthUse | None:
    """The first listed wavelength/handpiece that suits the skin type; else the first listed."""
    for use in profile.wavelengths:
        if _suits(use, profile.indication, fitzpatrick) and not (avoid_532 and use.nm == 532):
            return use
    return profile.wavelengths[0] if profile.wavelengths else None


def fluence_limit(
    *, concern: Concern, wavelength_nm: int, handpiece: str, fitzpatrick: int
) -> FluenceLimit | None:
    """The core's allowed fluence for this skin type, or None when nothing is published."""
    return allowed_fluence(
        indication=Indication(concern.indication),
        wavelength_nm=wavelength_nm,
        handpiece=Handpiece(handpiece),
        fitzpatrick=Fitzpatrick(fitzpatrick),
    )


def setting_warnings(
    *,
    concern: Concern,
    fitzpatrick: int,
    wavelength_nm: int,
    handpiece: str,
    fluence_max: Decimal | None,
    spot_mm: Decimal | None = None,
) -> list[str]:
    """The core's warnings and blocks on a planned setting (``check_planned_settings``), each
    its message and reason. Quiet information (an unpublished fluence) is left out."""
    findings = check_planned_settings(
        indication=Indication(concern.indication),
        fitzpatrick=Fitzpatrick(fitzpatrick),
        wavelength_nm=wavelength_nm,
        handpiece=Handpiece(handpiece),
        # 0 (allowed by the form) and empty are "not planned yet".
        fluence_j_cm2=float(fluence_max) if fluence_max else None,
        spot_mm=float(spot_mm) if spot_mm else None,
    )
    return [f"{f.message} {f.reason}" for f in findings if f.level is not Level.INFO]


def fluence_hints(concern: Concern, *, fitzpatrick: int) -> list[str]:
    """One line per published wavelength/handpiece: the range and what this skin type allows."""
    profile = concern_profile(concern)
    pairs = dict.fromkeys((g.nm, g.handpiece) for g in profile.fluences)
    hints = []
    for nm, handpiece in pairs:
        limit = fluence_limit(
            concern=concern, wavelength_nm=nm, handpiece=handpiece, fitzpatrick=fitzpatrick
        )
        if limit is None:
            continue
        hints.append(
            f"{nm} nm {handpiece.value.replace('_', ' ')}: published "
            f"{limit.published_low:g}-{limit.published_high:g} J/cm²; skin type "
            f"{Fitzpatrick(fitzpatrick).roman} up to {limit.allowed:g} "
            f"({'; '.join(limit.device_classes)})."
        )
    return hints
