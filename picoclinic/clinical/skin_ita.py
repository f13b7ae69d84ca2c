"""Individual Typology Angle (ITA°) from a CIELAB colour reading.

Sources: Chardon A, Cretois I, Hourseau C. Int J Cosmet Sci 1991;13:191-208 (formula and
categories, as cited); Del Bino S, Bernerd F, Br J Dermatol 2013 (thresholds, page UNVERIFIED);
clinical-reference.md s3.3.

Invariants:
- ITA = atan2(L* - 50, b*) in degrees, in (-180, 180]. For b* > 0 this equals the published
  arctan[(L* - 50) / b*]; atan2 also covers b* = 0 (+/-90°) and keeps the angle continuous when
  b* is negative (rare for skin). L* = 50 with b* = 0 has no angle and is rejected.
- For a fixed b* > 0 the angle rises strictly with L*, and the category never gets darker as the
  angle rises.
- ITA is supporting colour data only. This module deliberately offers NO Fitzpatrick type.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from picoclinic.clinical.common import ClinicalInputError, Evidence, Source
from picoclinic.clinical.scales_common import Interval, RealInput, require_real

L_STAR_INVALID = "L* must be a number from 0 to 100."
B_STAR_INVALID = "b* must be a number from -128 to 127."
ITA_UNDEFINED = "ITA is undefined when L* is 50 and b* is 0; repeat the measurement."
ITA_INVALID = "ITA must be a number of degrees from -180 to 180."

L_STAR_MIN, L_STAR_MAX = 0.0, 100.0  # CIELAB lightness scale
B_STAR_MIN, B_STAR_MAX = -128.0, 127.0  # the usual signed 8-bit CIELAB b* range

ITA_SOURCE = Source(
    "Chardon A, Cretois I, Hourseau C. Int J Cosmet Sci 1991;13:191-208 (as cited); "
    "Springer 'Measurements of Skin Colour' doi:10.1007/978-3-319-70419-7_3; "
    "clinical-reference.md s3.3",
    Evidence.SECONDARY,
)
ITA_THRESHOLD_SOURCE = Source(
    "Del Bino S, Bernerd F. Br J Dermatol 2013 (page not checked)",
    Evidence.PEER_REVIEWED,
    unverified=True,
)
ITA_FITZPATRICK_CAVEAT = (
    "ITA measures constitutive skin colour, not how skin burns or tans. Mapping ITA onto "
    "Fitzpatrick I-VI is not validated: use it as supporting data, never as the skin type."
)
ITA_MEASUREMENT_NOTE = (
    "ITA changes with a tan: measure on sun-protected skin such as the inner upper arm."
)
BOUNDARY_NOTE = (
    "The published limits are >55 very light and <-30 dark, so 55 is light and -30 is brown. "
    "Every other limit belongs to the darker category: 41 is intermediate, 28 tan, 10 brown."
)


class ItaCategory(StrEnum):
    """Chardon categories, lightest first."""

    VERY_LIGHT = "very_light"
    LIGHT = "light"
    INTERMEDIATE = "intermediate"
    TAN = "tan"
    BROWN = "brown"
    DARK = "dark"


@dataclass(frozen=True, slots=True)
class ItaBand:
    """ITA angles inside ``interval`` belong to ``category``; see ``BOUNDARY_NOTE``."""

    category: ItaCategory
    interval: Interval


_: float | None = None  # an open end of an interval
# Chardon 1991 / Del Bino 2013 thresholds (reference s3.3), lightest first; they tile the line.
ITA_BANDS: tuple[ItaBand, ...] = (
    ItaBand(ItaCategory.VERY_LIGHT, Interval(55.0, _, low_inclusive=False)),
    ItaBand(ItaCategory.LIGHT, Interval(41.0, 55.0, low_inclusive=False)),
    ItaBand(ItaCategory.INTERMEDIATE, Interval(28.0, 41.0, low_inclusive=False)),
    ItaBand(ItaCategory.TAN, Interval(10.0, 28.0, low_inclusive=False)),
    ItaBand(ItaCategory.BROWN, Interval(-30.0, 10.0)),
    ItaBand(ItaCategory.DARK, Interval(_, -30.0, high_inclusive=False)),
)


@dataclass(frozen=True, slots=True)
class ItaReading:
    """One colorimeter reading: inputs, the angle, its category, and the caveats to show."""

    l_star: float
    b_star: float
    ita: float
    category: ItaCategory
    boundary_note: str = BOUNDARY_NOTE
    fitzpatrick_caveat: str = ITA_FITZPATRICK_CAVEAT
    measurement_note: str = ITA_MEASUREMENT_NOTE
    source: Source = ITA_SOURCE
    threshold_source: Source = ITA_THRESHOLD_SOURCE


def ita_degrees(*, l_star: RealInput, b_star: RealInput) -> float:
    """ITA° = atan2(L* - 50, b*) in degrees; L* 0-100, b* -128..127, not (50, 0)."""
    lightness = require_real(
        l_star, field="l_star", low=L_STAR_MIN, high=L_STAR_MAX, message=L_STAR_INVALID
    )
    yellowness = require_real(
        b_star, field="b_star", low=B_STAR_MIN, high=B_STAR_MAX, message=B_STAR_INVALID
    )
    if lightness == 50.0 and yellowness == 0.0:
        raise ClinicalInputError(ITA_UNDEFINED, field="b_star")
    return math.degrees(math.atan2(lightness - 50.0, yellowness))


def ita_category(ita: RealInput) -> ItaCategory:
    """The Chardon category of an angle in degrees (-180..180); see ``BOUNDARY_NOTE``."""
    angle = require_real(ita, field="ita", low=-180.0, high=180.0, message=ITA_INVALID)
    return next(band.category for band in ITA_BANDS if band.interval.contains(angle))


def ita_reading(*, l_star: RealInput, b_star: RealInput) -> ItaReading:
    """Compute ITA° and its category from L* and b*; raises ``ClinicalInputError``."""
    angle = ita_degrees(l_star=l_star, b_star=b_star)
    return ItaReading(float(l_star), float(b_star), angle, ita_category(angle))
