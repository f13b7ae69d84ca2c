"""Pigment clearance: a raw percentage graded on one of the published quartile-type schemes.

Source: clinical-reference.md s7.4 (physician global assessment of pigment or ink clearance).

Invariants:
- A grade always keeps the raw percentage (0-100) and the scheme id it was graded on.
- Within each scheme the bands tile 0-100 exactly once: every percentage gets exactly one band,
  and the band's ``grade`` never falls as the percentage rises.
- The published bands are written in whole percentages ("0-25%, 26-50%"). Each scheme's
  ``boundary_note`` says which band owns a boundary value and what happens between integers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from picoclinic.clinical.common import ClinicalInputError, Source
from picoclinic.clinical.scales_common import Interval, RealInput, require_real

PERCENT_INVALID = "The clearance must be a percentage from 0 to 100."
SCHEME_UNKNOWN = "This is not a known clearance grading scheme."


class ClearanceScheme(StrEnum):
    """Stable ids of the grading schemes; store one next to every raw percentage."""

    QUARTILE_4 = "quartile_4_point_0_3"
    DESCRIPTIVE_4 = "descriptive_4_category"
    FIVE_POINT = "five_point_0_4"
    VAS_6 = "vas_6_point_0_5"
    IGIS_11 = "igis_11_point_0_10"
    PIH_CASE = "pih_case_4_category"


@dataclass(frozen=True, slots=True)
class ClearanceBand:
    grade: int
    label: str
    interval: Interval


@dataclass(frozen=True, slots=True)
class ClearanceSchemeSpec:
    """A scheme: its bands (lowest grade first), how boundaries are handled, and its source."""

    id: ClearanceScheme
    name: str
    bands: tuple[ClearanceBand, ...]
    boundary_note: str
    source: Source


def _band(grade: int, label: str, low: float, high: float, bounds: str = "[]") -> ClearanceBand:
    """``bounds`` is the interval's brackets, e.g. "(]" for low < p <= high."""
    interval = Interval(low, high, low_inclusive=bounds[0] == "[", high_inclusive=bounds[1] == "]")
    return ClearanceBand(grade, label, interval)


def _igis_step(grade: int) -> ClearanceBand:
    low = 10 * grade
    return _band(grade, f"{low}% to under {low + 10}%", low, low + 10, "[)")


_QUARTILE_4 = ClearanceSchemeSpec(
    ClearanceScheme.QUARTILE_4,
    "4-point quartile scale (0-3)",
    (
        _band(0, "0-25%", 0, 25),
        _band(1, "26-50%", 25, 50, "(]"),
        _band(2, "51-75%", 50, 75, "(]"),
        _band(3, ">75%", 75, 100, "(]"),
    ),
    "Quartile tops belong to the lower grade: 25% is 0, 50% is 1, 75% is 2. Anything above a top "
    "(25.5%, 26%) moves up a grade.",
    Source("Brauer 2015 (via mdedge summary); Kauvar 2012 'quartile grading'; reference s7.4"),
)
_DESCRIPTIVE_4 = ClearanceSchemeSpec(
    ClearanceScheme.DESCRIPTIVE_4,
    "4-category descriptive scale",
    (
        _band(0, "poor", 0, 25, "[)"),
        _band(1, "fair", 25, 50, "[)"),
        _band(2, "good", 50, 75, "[)"),
        _band(3, "excellent", 75, 100),
    ),
    "Each category starts at its published lower limit: 24.9% is poor, 25% fair, 50% good, "
    "75% excellent.",
    Source("Laser Ther 2018;27(4):251-255, PMID 31182899 (nevus of Ota); reference s7.4"),
)
_FIVE_POINT = ClearanceSchemeSpec(
    ClearanceScheme.FIVE_POINT,
    "5-point scale (0-4)",
    (
        _band(0, "poor", 0, 25, "[)"),
        _band(1, "fair", 25, 50, "[)"),
        _band(2, "good", 50, 75, "[)"),
        _band(3, "excellent", 75, 95),
        _band(4, "complete", 95, 100, "(]"),
    ),
    "Each category starts at its published lower limit (25% fair, 50% good, 75% excellent); "
    "95% is still excellent and complete means above 95%.",
    Source("Chan JC, Shek SY, Kono T et al. Lasers Surg Med 2016;48:23-29; reference s7.4"),
)
_VAS_6 = ClearanceSchemeSpec(
    ClearanceScheme.VAS_6,
    "6-point VAS (0-5)",
    (
        _band(0, "no change", 0, 0),
        _band(1, "1-24%", 0, 25, "()"),
        _band(2, "25-49%", 25, 50, "[)"),
        _band(3, "50-74%", 50, 75, "[)"),
        _band(4, "75-99%", 75, 100, "[)"),
        _band(5, "complete", 100, 100),
    ),
    "Only exactly 0% is 'no change' and only exactly 100% is 'complete'; each middle band starts "
    "at its published lower limit (0.5% is 1, 24.9% is 1, 25% is 2, 99.9% is 4).",
    Source("Alegre-Sanchez A et al. Lasers Med Sci 2018; reference s7.4"),
)
_IGIS_11 = ClearanceSchemeSpec(
    ClearanceScheme.IGIS_11,
    "11-point IGIS (0-10)",
    (
        _band(0, "none (under 10%)", 0, 10, "[)"),
        *(_igis_step(grade) for grade in range(1, 10)),
        _band(10, "100% clearance", 100, 100),
    ),
    "The source anchors only 0 (none) and 10 (100% clearance). In between, each grade is a full "
    "10% step, rounded down (product convention): 9.9% is 0, 10% is 1, 99.9% is 9.",
    Source("730 nm lentigines study, Lasers Surg Med (PMC9291180); 785 nm tattoo trial; s7.4"),
)
_PIH_CASE = ClearanceSchemeSpec(
    ClearanceScheme.PIH_CASE,
    "PIH case scale (4 categories)",
    (
        _band(0, "inefficient", 0, 25, "[)"),
        _band(1, "mild", 25, 50, "[)"),
        _band(2, "significant", 50, 75),
        _band(3, "complete", 75, 100, "(]"),
    ),
    "Inefficient is below 25% and complete is above 75%, as published, so 25% is mild and 75% "
    "significant. The shared 50% limit goes to significant.",
    Source("Ren R et al. Clin Cosmet Investig Dermatol 2021;14:1459-1464, PMC8520414; s7.4"),
)

CLEARANCE_SCHEMES: Mapping[ClearanceScheme, ClearanceSchemeSpec] = MappingProxyType(
    {
        spec.id: spec
        for spec in (_QUARTILE_4, _DESCRIPTIVE_4, _FIVE_POINT, _VAS_6, _IGIS_11, _PIH_CASE)
    }
)
DEFAULT_CLEARANCE_SCHEME = ClearanceScheme.QUARTILE_4


@dataclass(frozen=True, slots=True)
class ClearanceGrade:
    """A percentage graded on one scheme; ``percentage`` is kept as measured."""

    scheme: ClearanceScheme
    percentage: float
    grade: int
    label: str
    boundary_note: str
    source: Source


def clearance_scheme(scheme: ClearanceScheme | str) -> ClearanceSchemeSpec:
    """The scheme's definition; raises ``ClinicalInputError`` (field "scheme") if unknown."""
    try:
        return CLEARANCE_SCHEMES[ClearanceScheme(scheme)]
    except (ValueError, TypeError):
        raise ClinicalInputError(SCHEME_UNKNOWN, field="scheme") from None


def grade_clearance(*, percentage: RealInput, scheme: ClearanceScheme | str) -> ClearanceGrade:
    """Grade a clearance percentage (0-100) on ``scheme``; raises ``ClinicalInputError``."""
    spec = clearance_scheme(scheme)
    value = require_real(percentage, field="percentage", low=0, high=100, message=PERCENT_INVALID)
    band = next(band for band in spec.bands if band.interval.contains(value))
    return ClearanceGrade(spec.id, value, band.grade, band.label, spec.boundary_note, spec.source)
