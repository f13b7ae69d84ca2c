"""Catalogue data: atrophic acne scars (by subtype) and rejuvenation (reference 1.9, 1.10, 8).

These use fractional optics (DLA, MLA, holographic): laser-induced optical breakdown and cavitation,
not pigment clearance (Zhou 2023). Subtype responses come from non-picosecond fractional lasers.
"""

from __future__ import annotations

from picoclinic.clinical.common import Evidence, Indication, Source
from picoclinic.clinical.indications_model import (
    AcneScarType,
    FluenceGuide,
    Handpiece,
    IndicationProfile,
    IntervalWindow,
    LaserLine,
    RejuvenationTarget,
    SessionRange,
    SourcedText,
    WavelengthUse,
)

FRAC = Handpiece.FRACTIONAL

BRAUER_2015 = Source("Brauer JA et al. JAMA Dermatol 2015 (mdedge; healio)", Evidence.SECONDARY)
SCARS_ASIAN_2019 = Source("Dermatol Surg 2019;45:195, PMID 30234649: ps755 DLA, mean 4.28 (2-6)")
MANUSKIATTI_2021 = Source("Manuskiatti W et al. LSM 2021;53:899: ps1064 MLA, 6 monthly")
BERNSTEIN_2017 = Source("Bernstein EF et al. LSM 2017;49:796, PMC5656887: holographic, 4 monthly")
SUBTYPE_1550 = Source(
    "Dermatol Ther (Heidelb), 1550 nm: boxcar 59.2%, rolling 40.6%, icepick 19.1%"
)
ICEPICK_COMBINED = Source(
    "Reference 1.9: icepick usually needs TCA CROSS or punch techniques", unverified=True
)
SCAR_MAINTENANCE = Source("Manuskiatti 2021; Brauer 2015: gains held at 1, 3 and 6 months")

SCAR_WAVELENGTHS = (
    WavelengthUse(nm=755, handpiece=FRAC, note="DLA", source=BRAUER_2015),
    WavelengthUse(nm=1064, handpiece=FRAC, note="MLA", source=MANUSKIATTI_2021),
    WavelengthUse(nm=532, handpiece=FRAC, note="holographic 532/1064", source=BERNSTEIN_2017),
)
SCAR_FLUENCES = (
    # Brauer 2015: 6 mm, 0.71 J/cm2, 750-850 ps, 5 Hz, 6 treatments every 4-8 weeks.
    FluenceGuide(
        nm=755,
        handpiece=FRAC,
        device_class="ps755 + DLA (PicoSure Focus class)",
        fluence_low=0.71,
        fluence_high=0.71,
        spot_mm_low=6.0,
        spot_mm_high=6.0,
        note="single published setting",
        source=BRAUER_2015,
    ),
    # Manuskiatti 2021: 8 mm, 1.0 J/cm2, 10 Hz, about 3 passes.
    FluenceGuide(
        nm=1064,
        handpiece=FRAC,
        device_class="ps1064 Nd:YAG + MLA",
        fluence_low=1.0,
        fluence_high=1.0,
        spot_mm_low=8.0,
        spot_mm_high=8.0,
        note="single published setting",
        source=MANUSKIATTI_2021,
    ),
)
SCAR_SESSIONS = SessionRange(low=2, typical=4, high=6, source=SCARS_ASIAN_2019)
SCAR_WINDOW = IntervalWindow(min_days=28, target_days=28, max_days=56, source=BRAUER_2015)


def _scar(scar_type: AcneScarType, label: str, expected: SourcedText) -> IndicationProfile:
    return IndicationProfile(
        indication=Indication.ACNE_SCARS,
        variant="" if scar_type is AcneScarType.MIXED else scar_type.value,
        label=label,
        laser_line=LaserLine.FIRST,
        wavelengths=SCAR_WAVELENGTHS,
        fluences=SCAR_FLUENCES,
        sessions=SCAR_SESSIONS,
        interval=SCAR_WINDOW,
        expected=(
            SourcedText("Scar volume -24% at 1 month and -27% at 3 months.", BRAUER_2015),
            expected,
        ),
        maintenance=SourcedText(
            "Keep active acne controlled; no evidence-based maintenance interval.", SCAR_MAINTENANCE
        ),
        relapse=SourcedText("Improvement maintained at 1, 3 and 6 months.", SCAR_MAINTENANCE),
        is_pigment=False,
    )


ACNE_SCARS = _scar(
    AcneScarType.MIXED,
    "Atrophic acne scars",
    SourcedText("5-point scale improved by 1.4-2.3 points; PIH 4.7%.", SCARS_ASIAN_2019),
)
SCAR_PROFILES: dict[AcneScarType, IndicationProfile] = {
    AcneScarType.MIXED: ACNE_SCARS,
    AcneScarType.ICEPICK: _scar(
        AcneScarType.ICEPICK,
        "Acne scars: icepick",
        SourcedText(
            "Poor responder to fractional lasers (about 19% reduction at 1550 nm); combine with "
            "TCA CROSS or punch techniques (UNVERIFIED).",
            ICEPICK_COMBINED,
        ),
    ),
    AcneScarType.BOXCAR: _scar(
        AcneScarType.BOXCAR,
        "Acne scars: boxcar",
        SourcedText("Best-responding subtype (about 59% reduction at 1550 nm).", SUBTYPE_1550),
    ),
    AcneScarType.ROLLING: _scar(
        AcneScarType.ROLLING,
        "Acne scars: rolling",
        SourcedText("Intermediate response (about 41% reduction at 1550 nm).", SUBTYPE_1550),
    ),
}

WEISS_2017 = Source("Weiss RA et al. LSM 2017;49:40, PMID 27681221: ps755 DLA, 4 monthly")
REJUV_CHINESE = Source("PMC9852188 Table 1: ps755 DLA, FST III-IV, 6 treatments 4-weekly")
REJUV_FST_IV = Source("PMC9852188 Table 1: ps755 DLA, FST IV, 8 mm 0.4 J/cm2", Evidence.SECONDARY)
REJUV_DEFAULTS = Source("Reference 1.10 typical defaults: 3-6 sessions every 2-6 weeks (mostly 4)")
REJUV_DUAL = Source("Dermatol Surg 2022;48:109, PMID 34608097: ps 532/1064 fractional")
REJUV_MAINTENANCE = Source("bsweet.shop: maintenance every 6-12 months", Evidence.CLINIC, True)

REJUV_WAVELENGTHS = (
    WavelengthUse(nm=755, handpiece=FRAC, note="DLA", source=WEISS_2017),
    WavelengthUse(nm=1064, handpiece=FRAC, note="fractional", source=REJUV_DUAL),
    WavelengthUse(nm=532, handpiece=FRAC, note="fractional", source=REJUV_DUAL),
)
REJUV_FLUENCES = (
    FluenceGuide(
        nm=755,
        handpiece=FRAC,
        device_class="ps755 + DLA (PicoSure Focus class)",
        fluence_low=0.4,
        fluence_high=0.71,
        spot_mm_low=6.0,
        spot_mm_high=8.0,
        note="8 mm 0.4 J/cm2 or 6 mm 0.71 J/cm2",
        source=REJUV_CHINESE,
    ),
)
REJUV_EXPECTED: dict[RejuvenationTarget, SourcedText] = {
    RejuvenationTarget.GENERAL: SourcedText(
        "Texture and dyspigmentation improve; pores, rhytides and laxity may not.", REJUV_CHINESE
    ),
    RejuvenationTarget.TEXTURE: SourcedText(
        "Texture and dyspigmentation improved after 6 four-weekly treatments.", REJUV_CHINESE
    ),
    RejuvenationTarget.FINE_LINES: SourcedText(
        "Wrinkle score 5.48 -> 3.47 at 6 months after 4 monthly treatments.", WEISS_2017
    ),
    RejuvenationTarget.PORES: SourcedText(
        "Pores improved at 12-20 weeks in FST IV; no pore change in another Chinese cohort.",
        REJUV_FST_IV,
    ),
}


REJUV_RELAPSE: dict[RejuvenationTarget, SourcedText] = {
    RejuvenationTarget.GENERAL: SourcedText(
        "Wrinkle improvement held at 6 months; pigment improvement 38% at 1 year.", WEISS_2017
    ),
    RejuvenationTarget.FINE_LINES: SourcedText(
        "Wrinkle improvement held at 6 months after the last treatment.", WEISS_2017
    ),
    RejuvenationTarget.TEXTURE: SourcedText(
        "Pigment improvement was 38% at 1 year (FST IV); texture durability was not retrieved.",
        REJUV_FST_IV,
    ),
    RejuvenationTarget.PORES: SourcedText(
        "Pores looked better at 12-20 weeks (FST IV); no longer pore follow-up was retrieved, "
        "and another cohort saw no pore change.",
        REJUV_FST_IV,
    ),
}


def _rejuvenation(target: RejuvenationTarget) -> IndicationProfile:
    general = target is RejuvenationTarget.GENERAL
    return IndicationProfile(
        indication=Indication.REJUVENATION,
        variant="" if general else target.value,
        label="Rejuvenation" if general else f"Rejuvenation: {target.value.replace('_', ' ')}",
        laser_line=LaserLine.FIRST,
        wavelengths=REJUV_WAVELENGTHS,
        fluences=REJUV_FLUENCES,
        sessions=SessionRange(low=3, typical=4, high=6, source=REJUV_DEFAULTS),
        interval=IntervalWindow(
            min_days=14, target_days=28, max_days=42, source=REJUV_DEFAULTS, max_source=None
        ),
        expected=(REJUV_EXPECTED[target],),
        maintenance=SourcedText(
            "Clinics suggest a maintenance session every 6-12 months (UNVERIFIED).",
            REJUV_MAINTENANCE,
        ),
        relapse=REJUV_RELAPSE[target],
        is_pigment=False,
    )


REJUVENATION_PROFILES: dict[RejuvenationTarget, IndicationProfile] = {
    target: _rejuvenation(target) for target in RejuvenationTarget
}
REJUVENATION = REJUVENATION_PROFILES[RejuvenationTarget.GENERAL]
