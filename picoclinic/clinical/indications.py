"""The indication catalogue: one entry per indication, with variants for ink colour and scar type.

Public API:
- ``CATALOGUE``: ``Indication -> IndicationProfile`` (the default entry for each indication).
- ``profile_for(indication=..., ink_colour=..., acne_scar_type=..., rejuvenation_target=...)``.
- ``all_profiles()``: every entry including variants.
- ``DISCRETE_PIGMENT`` / ``TEXTURE_INDICATIONS``: which handpiece family suits an indication.

Data modules: ``indications_pigment``, ``indications_tattoo``, ``indications_texture``; types in
``indications_model``. Every number carries its ``Source``; UNVERIFIED, CLINIC and convention
values are flagged on the source and must be shown as estimates.
"""

from __future__ import annotations

from picoclinic.clinical.common import Indication
from picoclinic.clinical.indications_model import (
    AcneScarType,
    FluenceGuide,
    Handpiece,
    IndicationProfile,
    InkColour,
    IntervalWindow,
    LaserLine,
    RejuvenationTarget,
    SessionRange,
    SourcedText,
    TestSpotRule,
    WavelengthUse,
)
from picoclinic.clinical.indications_pigment import PIGMENT_PROFILES
from picoclinic.clinical.indications_tattoo import INK_PROFILES, TATTOO_GENERAL
from picoclinic.clinical.indications_texture import (
    ACNE_SCARS,
    REJUVENATION,
    REJUVENATION_PROFILES,
    SCAR_PROFILES,
)

__all__ = [
    "CATALOGUE",
    "DISCRETE_PIGMENT",
    "TEXTURE_INDICATIONS",
    "AcneScarType",
    "FluenceGuide",
    "Handpiece",
    "IndicationProfile",
    "InkColour",
    "IntervalWindow",
    "LaserLine",
    "RejuvenationTarget",
    "SessionRange",
    "SourcedText",
    "TestSpotRule",
    "WavelengthUse",
    "all_profiles",
    "profile_for",
]

CATALOGUE: dict[Indication, IndicationProfile] = {
    **{profile.indication: profile for profile in PIGMENT_PROFILES},
    Indication.TATTOO: TATTOO_GENERAL,
    Indication.ACNE_SCARS: ACNE_SCARS,
    Indication.REJUVENATION: REJUVENATION,
}

# Flat beams clear discrete pigment; fractional optics are for texture (Zhou 2023, LMS 38:45).
DISCRETE_PIGMENT = frozenset(
    {
        Indication.SOLAR_LENTIGINES,
        Indication.FRECKLES,
        Indication.HORI_NEVUS,
        Indication.NEVUS_OF_OTA,
        Indication.CAFE_AU_LAIT,
        Indication.TATTOO,
    }
)
TEXTURE_INDICATIONS = frozenset({Indication.ACNE_SCARS, Indication.REJUVENATION})


def profile_for(
    *,
    indication: Indication,
    ink_colour: InkColour | None = None,
    acne_scar_type: AcneScarType | None = None,
    rejuvenation_target: RejuvenationTarget | None = None,
) -> IndicationProfile:
    """The catalogue entry for an indication, or its variant when one is named.

    Invariant: the returned profile's ``indication`` equals ``indication``; a variant argument that
    does not belong to the indication is ignored (the default entry is returned).
    """
    if indication is Indication.TATTOO and ink_colour is not None:
        return INK_PROFILES[ink_colour]
    if indication is Indication.ACNE_SCARS and acne_scar_type is not None:
        return SCAR_PROFILES[acne_scar_type]
    if indication is Indication.REJUVENATION and rejuvenation_target is not None:
        return REJUVENATION_PROFILES[rejuvenation_target]
    return CATALOGUE[indication]


def all_profiles() -> tuple[IndicationProfile, ...]:
    """Every catalogue entry, default entries first, then variants; keys are unique."""
    variants = (*INK_PROFILES.values(), *SCAR_PROFILES.values(), *REJUVENATION_PROFILES.values())
    found = {p.key: p for p in (*CATALOGUE.values(), *variants)}
    return tuple(found.values())
