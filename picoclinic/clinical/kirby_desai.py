"""Kirby-Desai tattoo-removal scale: score, the published band and a picosecond-adjusted range.

Kirby W, Desai A et al. J Clin Aesthet Dermatol 2009;2(3):32-37 (PMC2923953): six parameters are
summed; the sum approximates the sessions needed for satisfactory removal with Q-switched
(nanosecond) lasers, within about +/- 2.5 sessions. Intermediate category values the reference marks
UNVERIFIED keep ``Source(unverified=True)``.

The picosecond-adjusted range is NOT the vendor "24.8% fewer" claim (no primary source). It scales
the band by the ratio of picosecond trial sessions to nanosecond sessions for professional black
ink, both from the reference: ps about 4-6.5 (Saedi 2012; Bernstein 2015) vs ns 6-10. It is an
estimate pending the clinic's own audit data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from picoclinic.clinical.common import Evidence, Fitzpatrick, Source

KD_2009 = Source("Kirby W, Desai A et al. J Clin Aesthet Dermatol 2009;2(3):32, PMC2923953")
KD_TABLE = Source(
    "Kirby W, Desai A, Desai T, Kartono F, Geeta P. J Clin Aesthet Dermatol 2009;2(3):32-37, "
    "Table 1, PMC2923953"
)
KD_UNVERIFIED = Source(
    "Kirby W et al. J Clin Aesthet Dermatol 2009;2(3):32-37, Table 1, PMC2923953: intermediate "
    "value not yet checked against the table",
    unverified=True,
)
KD_BAND_SOURCE = Source(
    "Kirby 2009 (via summary): sum ~ sessions within +/- 2.5", Evidence.SECONDARY
)
KD_REALISTIC = Source("cleancanvaslaser.com: above 20, reconsider the goal", Evidence.CLINIC)
HOSPITALIST_NS = Source("the-hospitalist: professional black 6-10 ns sessions", Evidence.SECONDARY)
PS_TRIALS = Source("Saedi 2012 (mean 4.25, ps755); Bernstein 2015 (6.5, ps1064): about 4-6.5")

BAND_HALF_WIDTH = 2.5  # Kirby 2009: +/- 2.5 sessions
REALISTIC_MAX_SCORE = 20  # cleancanvaslaser.com [CLINIC]
# Ratio of ps trial sessions to ns sessions, professional black ink (reference 1.8):
PS_SESSIONS = (4.0, 6.5)  # Saedi 2012; Bernstein 2015
NS_SESSIONS = (6.0, 10.0)  # the-hospitalist [2ry]
PS_RATIO_LOW = PS_SESSIONS[0] / NS_SESSIONS[0]  # 0.667
PS_RATIO_HIGH = PS_SESSIONS[1] / NS_SESSIONS[1]  # 0.65
PS_RATIO_MID = sum(PS_SESSIONS) / sum(NS_SESSIONS)  # 0.656

PS_NOTE = (
    "Picosecond-adjusted range: an estimate derived from picosecond trials (about 4-6.5 sessions "
    "for professional black ink, Saedi 2012 and Bernstein 2015) against 6-10 nanosecond sessions; "
    "not validated, pending this clinic's own audit data."
)
BAND_NOTE = "Kirby-Desai band: score +/- 2.5 sessions, built on Q-switched (nanosecond) lasers."
REALISTIC_NOTE = (
    "Score above 20: complete removal is unlikely; discuss fading for a cover-up instead."
)


class KDLocation(StrEnum):
    HEAD_NECK = "head_neck"
    UPPER_TRUNK = "upper_trunk"
    LOWER_TRUNK = "lower_trunk"
    PROXIMAL_EXTREMITY = "proximal_extremity"
    DISTAL_EXTREMITY = "distal_extremity"


class KDColours(StrEnum):
    BLACK = "black"
    BLACK_SOME_RED = "black_some_red"
    BLACK_RED_OTHER = "black_red_other"
    MULTICOLOUR = "multicolour"


class KDInkAmount(StrEnum):
    AMATEUR = "amateur"
    MINIMAL = "minimal"
    MODERATE = "moderate"
    SIGNIFICANT = "significant"


class KDScarring(StrEnum):
    NONE = "none"
    MINIMAL = "minimal"
    MODERATE = "moderate"
    SIGNIFICANT = "significant"


@dataclass(frozen=True, slots=True)
class KDPoints:
    points: int
    source: Source


LOCATION_POINTS: dict[KDLocation, KDPoints] = {
    KDLocation.HEAD_NECK: KDPoints(1, KD_TABLE),
    KDLocation.UPPER_TRUNK: KDPoints(2, KD_TABLE),
    KDLocation.LOWER_TRUNK: KDPoints(3, KD_UNVERIFIED),
    KDLocation.PROXIMAL_EXTREMITY: KDPoints(4, KD_UNVERIFIED),
    KDLocation.DISTAL_EXTREMITY: KDPoints(5, KD_TABLE),
}
COLOUR_POINTS: dict[KDColours, KDPoints] = {
    KDColours.BLACK: KDPoints(1, KD_TABLE),
    KDColours.BLACK_SOME_RED: KDPoints(2, KD_UNVERIFIED),
    KDColours.BLACK_RED_OTHER: KDPoints(3, KD_UNVERIFIED),
    KDColours.MULTICOLOUR: KDPoints(4, KD_TABLE),
}
INK_POINTS: dict[KDInkAmount, KDPoints] = {
    KDInkAmount.AMATEUR: KDPoints(1, KD_TABLE),
    KDInkAmount.MINIMAL: KDPoints(2, KD_UNVERIFIED),
    KDInkAmount.MODERATE: KDPoints(3, KD_TABLE),
    KDInkAmount.SIGNIFICANT: KDPoints(4, KD_UNVERIFIED),
}
SCARRING_POINTS: dict[KDScarring, KDPoints] = {
    KDScarring.NONE: KDPoints(0, KD_TABLE),
    KDScarring.MINIMAL: KDPoints(1, KD_UNVERIFIED),
    KDScarring.MODERATE: KDPoints(3, KD_UNVERIFIED),
    KDScarring.SIGNIFICANT: KDPoints(5, KD_UNVERIFIED),  # inferred from the 4-26 total range
}
LAYERING_POINTS: dict[bool, KDPoints] = {
    False: KDPoints(0, KD_TABLE),
    True: KDPoints(2, KD_UNVERIFIED),  # inferred: 26 - (6+5+4+4) = 5 + 2
}
MIN_SCORE = 4  # 1+1+1+1+0+0
MAX_SCORE = 26  # 6+5+4+4+5+2, matches cleancanvaslaser.com


@dataclass(frozen=True, slots=True, kw_only=True)
class TattooDetails:
    """The Kirby-Desai description of one tattoo (Fitzpatrick comes from the concern)."""

    location: KDLocation
    colours: KDColours
    ink_amount: KDInkAmount
    scarring: KDScarring
    layering: bool


@dataclass(frozen=True, slots=True)
class KDParameter:
    name: str
    category: str
    points: int
    source: Source


@dataclass(frozen=True, slots=True)
class KirbyDesaiResult:
    """Score, nanosecond band and picosecond-adjusted range.

    Invariants: MIN_SCORE <= score <= MAX_SCORE; band_low = score - 2.5, band_high = score + 2.5;
    1 <= ps_low <= ps_typical <= ps_high.
    """

    score: int
    parameters: tuple[KDParameter, ...]
    band_low: float
    band_high: float
    ps_low: int
    ps_typical: int
    ps_high: int
    realistic_goal_note: str | None

    @property
    def unverified(self) -> bool:
        return any(p.source.unverified for p in self.parameters)


def kd_parameters(*, fitzpatrick: Fitzpatrick, tattoo: TattooDetails) -> tuple[KDParameter, ...]:
    """The six scored parameters, each with its points and source, in the published order."""
    fst = KDParameter("Fitzpatrick skin type", fitzpatrick.roman, int(fitzpatrick), KD_2009)
    rows = (
        ("Location", tattoo.location.value, LOCATION_POINTS[tattoo.location]),
        ("Colour", tattoo.colours.value, COLOUR_POINTS[tattoo.colours]),
        ("Amount of ink", tattoo.ink_amount.value, INK_POINTS[tattoo.ink_amount]),
        ("Scarring", tattoo.scarring.value, SCARRING_POINTS[tattoo.scarring]),
        ("Layering", "yes" if tattoo.layering else "no", LAYERING_POINTS[tattoo.layering]),
    )
    return (fst, *(KDParameter(n, c, p.points, p.source) for n, c, p in rows))


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def ps_adjusted_range(score: int) -> tuple[int, int, int]:
    """(low, typical, high) picosecond sessions for a score; an estimate, see module docstring.

    Invariant: 1 <= low <= typical <= high, each non-decreasing in ``score``.
    """
    low = max(1, _round_half_up((score - BAND_HALF_WIDTH) * PS_RATIO_LOW))
    typical = max(low, _round_half_up(score * PS_RATIO_MID))
    high = max(typical, _round_half_up((score + BAND_HALF_WIDTH) * PS_RATIO_HIGH))
    return low, typical, high


def kirby_desai(*, fitzpatrick: Fitzpatrick, tattoo: TattooDetails) -> KirbyDesaiResult:
    """Score a tattoo on the Kirby-Desai scale.

    Invariants: the score is the sum of the six parameters' points (4-26); the band is score +/- 2.5
    (nanosecond era); the picosecond range comes from ``ps_adjusted_range`` and is an estimate.
    """
    parameters = kd_parameters(fitzpatrick=fitzpatrick, tattoo=tattoo)
    score = sum(p.points for p in parameters)
    low, typical, high = ps_adjusted_range(score)
    return KirbyDesaiResult(
        score=score,
        parameters=parameters,
        band_low=score - BAND_HALF_WIDTH,
        band_high=score + BAND_HALF_WIDTH,
        ps_low=low,
        ps_typical=typical,
        ps_high=high,
        realistic_goal_note=REALISTIC_NOTE if score > REALISTIC_MAX_SCORE else None,
    )
