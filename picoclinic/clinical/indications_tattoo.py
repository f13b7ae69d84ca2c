"""Catalogue data: tattoo removal, overall and by ink colour (reference sections 1.8 and 8).

Picosecond session counts come from small trials (Saedi 2012; Bernstein 2015, 2018). Where no
picosecond count was retrieved for a colour, the count is a house estimate flagged UNVERIFIED.
"""

from __future__ import annotations

from picoclinic.clinical.common import Evidence, Indication, Source
from picoclinic.clinical.indications_model import (
    NO_TEST_SPOT,
    FluenceGuide,
    Handpiece,
    IndicationProfile,
    InkColour,
    IntervalWindow,
    LaserLine,
    SessionRange,
    SourcedText,
    TestSpotRule,
    WavelengthUse,
)

FLAT = Handpiece.FLAT_BEAM

SAEDI_2012 = Source("Saedi N et al. Arch Dermatol 2012;148:1360: ps755, mean 4.25 sessions, black")
BERNSTEIN_2015 = Source("Bernstein EF et al. LSM 2015;47:542: ps1064/532, 79% after 6.5 sessions")
BERNSTEIN_2018 = Source("Bernstein EF et al. LSM 2018;50:704: 785 nm, 4 treatments 6-10 weeks")
BRAUER_2012 = Source(
    "laserskinsurgery.com news (likely Brauer JA et al. Arch Dermatol 2012;148:820)",
    Evidence.SECONDARY,
    unverified=True,
)
CANDELA_SUMMARY = Source("Candela summary of Bernstein 2018", Evidence.SECONDARY)
YELLOW_532 = Source(
    "Reference 1.8: yellow absorbs poorly at every wavelength, 532 nm best; Alabdulrazzaq H et al. "
    "LSM 2015 (532 nm ps, yellow ink) not retrieved",
    Evidence.SECONDARY,
    unverified=True,
)
LEE_R0_2023 = Source("Lee J et al. Med Lasers 2023;12:96: R0, ps Nd:YAG, 4 treatments 4-weekly")
CLINICALPUB = Source("clinicalpub textbook chapter (paradoxical darkening)", Evidence.SECONDARY)
EVOLVE = Source("evolvetattooremoval", Evidence.CLINIC)
TATTOO_INTERVAL = Source("Saedi 2012: 6 +/- 2 weeks; reference 1.8: usually 6-8 weeks")
TATTOO_PS_TRIALS = Source(
    "Reference 1.8: picosecond about 4-6.5 sessions (Saedi 2012; Bernstein 2015)"
)
HOUSE_ESTIMATE = Source(
    "No picosecond session count retrieved for this colour; house estimate",
    Evidence.CONVENTION,
    unverified=True,
)

TATTOO_WINDOW = IntervalWindow(
    min_days=42, target_days=56, max_days=70, source=TATTOO_INTERVAL, max_source=BERNSTEIN_2018
)
TATTOO_MAINTENANCE = SourcedText(
    "None once cleared; optional review 45-60 days after the last session.", EVOLVE
)
TATTOO_RELAPSE = SourcedText(
    "Permanent once cleared; residual ink possible, especially yellow, green or white.", EVOLVE
)
TEST_SPOT_RED = TestSpotRule(
    required=True, reason="Red ink: test spot mandatory before full treatment.", source=CLINICALPUB
)
TEST_SPOT_COSMETIC = TestSpotRule(
    required=True,
    reason="White, flesh, pink or rust (cosmetic) ink can darken paradoxically, sometimes for good:"
    " ~3 mm test spot in a hidden area, read at 1-2 weeks.",
    source=CLINICALPUB,
)


def _tattoo(
    *,
    variant: str,
    label: str,
    wavelengths: tuple[WavelengthUse, ...],
    sessions: SessionRange,
    expected: tuple[SourcedText, ...],
    fluences: tuple[FluenceGuide, ...] = (),
    test_spot: TestSpotRule = NO_TEST_SPOT,
) -> IndicationProfile:
    return IndicationProfile(
        indication=Indication.TATTOO,
        variant=variant,
        label=label,
        laser_line=LaserLine.FIRST,
        wavelengths=wavelengths,
        fluences=fluences,
        sessions=sessions,
        interval=TATTOO_WINDOW,
        expected=expected,
        maintenance=TATTOO_MAINTENANCE,
        relapse=TATTOO_RELAPSE,
        test_spot=test_spot,
    )


R0_FLUENCE = FluenceGuide(
    nm=1064,
    handpiece=FLAT,
    device_class="ps Nd:YAG, R0 multi-pass with perfluorodecalin",
    fluence_low=1.0,
    fluence_high=3.4,
    spot_mm_low=3.0,
    spot_mm_high=5.0,
    note="4 treatments at 4-week intervals",
    source=LEE_R0_2023,
)

BLACK_DARK_BLUE = _tattoo(
    variant=InkColour.BLACK_DARK_BLUE.value,
    label="Tattoo: black / dark blue ink",
    wavelengths=(
        WavelengthUse(nm=1064, handpiece=FLAT, note="first line", source=BERNSTEIN_2015),
        WavelengthUse(nm=755, handpiece=FLAT, note="ps755 trial", source=SAEDI_2012),
        WavelengthUse(nm=785, handpiece=FLAT, note="61% after 4", source=BERNSTEIN_2018),
    ),
    # Saedi: 75% of completers cleared after 2-4 sessions, mean 4.25; Bernstein 2015: 6.5.
    sessions=SessionRange(low=2, typical=4, high=7, source=SAEDI_2012),
    expected=(
        SourcedText("> 75% clearance in all 12 completers, mean 4.25 sessions.", SAEDI_2012),
        SourcedText("Mean 79% clearance after 6.5 treatments.", BERNSTEIN_2015),
    ),
    fluences=(R0_FLUENCE,),
)

BLUE_GREEN_PURPLE = _tattoo(
    variant=InkColour.BLUE_GREEN_PURPLE.value,
    label="Tattoo: blue / green / purple ink",
    wavelengths=(
        WavelengthUse(nm=755, handpiece=FLAT, note="1-2 sessions", source=BRAUER_2012),
        WavelengthUse(nm=730, handpiece=FLAT, note="blue/green", source=BERNSTEIN_2018),
        WavelengthUse(nm=785, handpiece=FLAT, note="purple 85%, blue 81%", source=BERNSTEIN_2018),
    ),
    sessions=SessionRange(low=2, typical=4, high=6, source=HOUSE_ESTIMATE),
    expected=(
        SourcedText("> two-thirds cleared in 1-2 ps755 sessions.", BRAUER_2012),
        SourcedText("After 4 x 785 nm: purple 85%, blue 81%, green 74% clearance.", BERNSTEIN_2018),
    ),
)

RED_ORANGE = _tattoo(
    variant=InkColour.RED_ORANGE.value,
    label="Tattoo: red / orange ink",
    wavelengths=(
        WavelengthUse(nm=532, handpiece=FLAT, note="785 nm clears 11%", source=CANDELA_SUMMARY),
    ),
    sessions=SessionRange(low=2, typical=4, high=7, source=HOUSE_ESTIMATE),
    expected=(SourcedText("785 nm clears red poorly (11%); use 532 nm.", BERNSTEIN_2018),),
    test_spot=TEST_SPOT_RED,
)

YELLOW = _tattoo(
    variant=InkColour.YELLOW.value,
    label="Tattoo: yellow ink",
    wavelengths=(
        WavelengthUse(nm=532, handpiece=FLAT, note="best, still poor", source=CANDELA_SUMMARY),
    ),
    sessions=SessionRange(low=4, typical=6, high=10, source=HOUSE_ESTIMATE),
    expected=(
        SourcedText(
            "Yellow is resistant; 532 nm is the best option but only marginally. No picosecond "
            "532 nm clearance figure was retrieved (a 532 nm study exists: Alabdulrazzaq H et al. "
            "LSM 2015, UNVERIFIED); residual ink is likely.",
            YELLOW_532,
        ),
    ),
)

WHITE_FLESH_COSMETIC = _tattoo(
    variant=InkColour.WHITE_FLESH_COSMETIC.value,
    label="Tattoo: white / flesh / cosmetic ink",
    wavelengths=(),
    sessions=SessionRange(low=1, typical=3, high=6, source=HOUSE_ESTIMATE),
    expected=(
        SourcedText(
            "Paradoxical darkening (TiO2, iron oxide) to grey/black, sometimes irreversible.",
            CLINICALPUB,
        ),
    ),
    test_spot=TEST_SPOT_COSMETIC,
)

TATTOO_GENERAL = _tattoo(
    variant="",
    label="Tattoo removal",
    wavelengths=(
        *BLACK_DARK_BLUE.wavelengths,
        *BLUE_GREEN_PURPLE.wavelengths[1:],
        *RED_ORANGE.wavelengths,
    ),
    sessions=SessionRange(low=4, typical=5, high=7, source=TATTOO_PS_TRIALS),
    expected=BLACK_DARK_BLUE.expected,
    fluences=(R0_FLUENCE,),
)

INK_PROFILES: dict[InkColour, IndicationProfile] = {
    InkColour.BLACK_DARK_BLUE: BLACK_DARK_BLUE,
    InkColour.BLUE_GREEN_PURPLE: BLUE_GREEN_PURPLE,
    InkColour.RED_ORANGE: RED_ORANGE,
    InkColour.YELLOW: YELLOW,
    InkColour.WHITE_FLESH_COSMETIC: WHITE_FLESH_COSMETIC,
}
