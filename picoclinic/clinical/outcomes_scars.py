"""Acne-scar scales: Goodman & Baron qualitative and quantitative grading, and ECCA.

Sources: Goodman GJ, Baron JA. Dermatol Surg 2006;32:1458-1466 (qualitative) and J Cosmet
Dermatol 2006;5(1):48-52 (quantitative); Dreno B et al. Dermatology 2007;214:46-51 (ECCA);
clinical-reference.md s7.5-7.6.

Invariants:
- The qualitative grade is 1-4 and carries its published level and a description in our words.
- The quantitative point table and the ECCA weights are UNVERIFIED (recalled from the originals,
  not checked): every such table row and every result says so (``unverified=True`` plus a note).
- Quantitative total = sum of per-lesion-type points, 0-84. ECCA total = sum(weight x count
  grade), 0-420 with the weights below (the reference states 0-540: see ``ECCA_MAXIMUM_NOTE``).
- Lesion types not given are scored as absent (0 lesions); unknown types are rejected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from types import MappingProxyType

from picoclinic.clinical.common import ClinicalInputError, Source
from picoclinic.clinical.scales_common import Interval, RealInput, require_int, require_real

QUALITATIVE_GRADE_INVALID = "The Goodman & Baron grade must be a whole number from 1 to 4."
COUNTS_NOT_MAPPING = "Lesion counts must be given as lesion type -> count."
UNKNOWN_LESION_TYPE = "This is not a lesion type of the scale."
COUNT_INVALID = "A lesion count must be a whole number of 0 or more."
KELOID_AREA_INVALID = "The keloidal scar area must be a number of cm² (0 or more)."
ECCA_GRADE_INVALID = "An ECCA count grade must be a whole number from 0 to 3."

GOODMAN_BARON_QUALITATIVE_SOURCE = Source(
    "Goodman GJ, Baron JA. Dermatol Surg 2006;32:1458-1466, PMID 17199653; grade wording via "
    "droracle.ai and geantsage blog; clinical-reference.md s7.5"
)
GOODMAN_BARON_QUANTITATIVE_SOURCE = Source(
    "Goodman GJ, Baron JA. J Cosmet Dermatol 2006;5(1):48-52, doi:10.1111/j.1473-2165.2006.00222.x"
    " (point table not retrieved); clinical-reference.md s7.5",
    unverified=True,
)
ECCA_SOURCE = Source(
    "Dreno B et al. Dermatology 2007;214:46-51 (weights recalled, not checked); "
    "clinical-reference.md s7.6",
    unverified=True,
)
QUANTITATIVE_UNVERIFIED_NOTE = (
    "[UNVERIFIED] The Goodman & Baron quantitative points are recalled from the paper and have "
    "not been checked against it. Each lesion type in a row is counted and scored on its own; "
    "that is the reading under which the published maximum of 84 is reached."
)
ECCA_UNVERIFIED_NOTE = "[UNVERIFIED] ECCA weights are recalled from the paper, not checked."
ECCA_MAXIMUM_NOTE = (
    "The reference states a 0-540 range, but these six weights (sum 140) times the top count "
    "grade of 3 give at most 420. The discrepancy is unresolved until the paper is checked."
)
COUNT_BAND_NOTE = "Counts: 0 scores nothing; 1-10, 11-20 and more than 20 are bands 1, 2 and 3."
KELOID_AREA_NOTE = "Keloidal area: under 5 cm² scores 6, 5-20 cm² (both included) 12, over 20 18."


class QualitativeGrade(IntEnum):
    MACULAR = 1
    MILD = 2
    MODERATE = 3
    SEVERE = 4


@dataclass(frozen=True, slots=True)
class QualitativeGradeInfo:
    grade: QualitativeGrade
    level: str
    description: str


# Goodman & Baron 2006, Dermatol Surg 32:1458 (reference s7.5); descriptions in our own words.
QUALITATIVE_GRADES: Mapping[QualitativeGrade, QualitativeGradeInfo] = MappingProxyType(
    {
        info.grade: info
        for info in (
            QualitativeGradeInfo(
                QualitativeGrade.MACULAR,
                "Macular",
                "Flat red, darker or paler marks: a colour problem without a change in contour.",
            ),
            QualitativeGradeInfo(
                QualitativeGrade.MILD,
                "Mild",
                "Slight atrophy or hypertrophy that does not show from 50 cm or more and is "
                "hidden by make-up or the shadow of beard or body hair.",
            ),
            QualitativeGradeInfo(
                QualitativeGrade.MODERATE,
                "Moderate",
                "Scarring visible from 50 cm or more, not easily hidden, that flattens when the "
                "skin is stretched by hand.",
            ),
            QualitativeGradeInfo(
                QualitativeGrade.SEVERE,
                "Severe",
                "Scarring visible from more than 50 cm that does not flatten when the skin is "
                "stretched.",
            ),
        )
    }
)


@dataclass(frozen=True, slots=True)
class QualitativeResult:
    grade: QualitativeGrade
    level: str
    description: str
    source: Source = GOODMAN_BARON_QUALITATIVE_SOURCE


def grade_goodman_baron_qualitative(*, grade: int) -> QualitativeResult:
    """Record a Goodman & Baron qualitative grade (1-4)."""
    value = require_int(grade, field="grade", low=1, high=4, message=QUALITATIVE_GRADE_INVALID)
    info = QUALITATIVE_GRADES[QualitativeGrade(value)]
    return QualitativeResult(info.grade, info.level, info.description)


class LesionType(StrEnum):
    """Count-scored lesion types of the quantitative scale (keloidal scars are scored by area)."""

    MACULAR = "macular"
    MILD_DISH = "mild_dish"
    MODERATE_DISH = "moderate_dish"
    PUNCHED_SHALLOW_SMALL = "punched_shallow_small"
    PUNCHED_SHALLOW_LARGE = "punched_shallow_large"
    PUNCHED_DEEP_NORMAL_BASE = "punched_deep_normal_base"
    PUNCHED_DEEP_ABNORMAL_BASE = "punched_deep_abnormal_base"
    LINEAR_TROUGHED = "linear_troughed"
    DEEP_BROAD_ATROPHIC = "deep_broad_atrophic"
    PAPULAR = "papular"


@dataclass(frozen=True, slots=True)
class LesionTypeInfo:
    """Points per count band = ``multiplier`` x band (1, 2, 3). ``unverified`` per reference."""

    type: LesionType
    row: str
    description: str
    multiplier: int
    unverified: bool = True


# Goodman & Baron 2006, J Cosmet Dermatol 5:48 [UNVERIFIED]: row A x1, B x2, C x3, papular x2.
LESION_TYPES: Mapping[LesionType, LesionTypeInfo] = MappingProxyType(
    {
        info.type: info
        for info in (
            LesionTypeInfo(LesionType.MACULAR, "A", "Flat red or pigmented marks", 1),
            LesionTypeInfo(LesionType.MILD_DISH, "A", "Mildly atrophic, dish-like", 1),
            LesionTypeInfo(LesionType.MODERATE_DISH, "B", "Moderately atrophic, dish-like", 2),
            LesionTypeInfo(
                LesionType.PUNCHED_SHALLOW_SMALL, "B", "Punched-out, shallow base, under 5 mm", 2
            ),
            LesionTypeInfo(
                LesionType.PUNCHED_SHALLOW_LARGE, "B", "Punched-out, shallow base, 5 mm or more", 2
            ),
            LesionTypeInfo(
                LesionType.PUNCHED_DEEP_NORMAL_BASE, "C", "Punched-out, deep, normal base", 3
            ),
            LesionTypeInfo(
                LesionType.PUNCHED_DEEP_ABNORMAL_BASE, "C", "Punched-out, deep, abnormal base", 3
            ),
            LesionTypeInfo(LesionType.LINEAR_TROUGHED, "C", "Linear or troughed", 3),
            LesionTypeInfo(LesionType.DEEP_BROAD_ATROPHIC, "C", "Deep, broad atrophic areas", 3),
            LesionTypeInfo(LesionType.PAPULAR, "D", "Papular (hyperplastic) scars", 2),
        )
    }
)
# Keloidal or hypertrophic scars (row D), points by area in cm² [UNVERIFIED]: 6 / 12 / 18.
KELOID_AREA_BANDS: tuple[tuple[Interval, int], ...] = (
    (Interval(0, 0), 0),
    (Interval(0, 5, low_inclusive=False, high_inclusive=False), 6),
    (Interval(5, 20), 12),
    (Interval(20, None, low_inclusive=False), 18),
)
QUANTITATIVE_MAX = 84  # reference s7.5; equals the sum of every type's top score below


def count_band(count: int) -> int:
    """0 for no lesions, else 1 (1-10), 2 (11-20) or 3 (more than 20)."""
    value = require_int(count, field="count", low=0, high=None, message=COUNT_INVALID)
    if value == 0:
        return 0
    return 1 if value <= 10 else 2 if value <= 20 else 3


def keloid_points(area_cm2: RealInput) -> int:
    """Points for the keloidal/hypertrophic area; see ``KELOID_AREA_NOTE``."""
    area = require_real(
        area_cm2, field="keloidal_area_cm2", low=0, high=None, message=KELOID_AREA_INVALID
    )
    return next(points for interval, points in KELOID_AREA_BANDS if interval.contains(area))


@dataclass(frozen=True, slots=True)
class QuantitativeResult:
    """Goodman & Baron quantitative score; ``total == sum(points.values()) + keloidal_points``."""

    counts: Mapping[LesionType, int]
    points: Mapping[LesionType, int]
    keloidal_area_cm2: float
    keloidal_points: int
    total: int
    maximum: int = QUANTITATIVE_MAX
    unverified: bool = True
    unverified_note: str = QUANTITATIVE_UNVERIFIED_NOTE
    source: Source = GOODMAN_BARON_QUANTITATIVE_SOURCE


def score_goodman_baron_quantitative(
    *, lesion_counts: Mapping[LesionType | str, int], keloidal_area_cm2: RealInput = 0
) -> QuantitativeResult:
    """Score lesion counts per type (missing types = 0) plus the keloidal area in cm²."""
    counts = _validated_counts(lesion_counts)
    points = {
        lesion: LESION_TYPES[lesion].multiplier * count_band(count)
        for lesion, count in counts.items()
    }
    keloidal = keloid_points(keloidal_area_cm2)
    return QuantitativeResult(
        counts=MappingProxyType(counts),
        points=MappingProxyType(points),
        keloidal_area_cm2=float(keloidal_area_cm2),
        keloidal_points=keloidal,
        total=sum(points.values()) + keloidal,
    )


def _validated_counts(lesion_counts: object) -> dict[LesionType, int]:
    if not isinstance(lesion_counts, Mapping):
        raise ClinicalInputError(COUNTS_NOT_MAPPING, field="lesion_counts")
    given = {_lesion_type(key): value for key, value in lesion_counts.items()}
    return {
        lesion: require_int(
            given.get(lesion, 0),
            field=f"lesion_counts.{lesion}",
            low=0,
            high=None,
            message=COUNT_INVALID,
        )
        for lesion in LesionType
    }


def _lesion_type(key: object) -> LesionType:
    try:
        if not isinstance(key, str):  # the enum takes text only; anything else is unknown too
            raise ValueError(key)
        return LesionType(key)
    except ValueError:
        raise ClinicalInputError(UNKNOWN_LESION_TYPE, field=f"lesion_counts.{key}") from None


class EccaScarType(StrEnum):
    ICEPICK = "icepick"
    BOXCAR = "boxcar"
    ROLLING = "rolling"
    SUPERFICIAL_ELASTOLYSIS = "superficial_elastolysis"
    HYPERTROPHIC_RECENT = "hypertrophic_recent"
    KELOID_OR_HYPERTROPHIC_OLD = "keloid_or_hypertrophic_old"


@dataclass(frozen=True, slots=True)
class EccaScarInfo:
    type: EccaScarType
    description: str
    weight: int
    unverified: bool = True


# Dreno 2007, Dermatology 214:46 [UNVERIFIED weights, reference s7.6].
ECCA_SCAR_TYPES: Mapping[EccaScarType, EccaScarInfo] = MappingProxyType(
    {
        info.type: info
        for info in (
            EccaScarInfo(EccaScarType.ICEPICK, "V-shaped atrophic, under 2 mm (icepick)", 15),
            EccaScarInfo(EccaScarType.BOXCAR, "U-shaped atrophic, 2-4 mm (boxcar)", 20),
            EccaScarInfo(EccaScarType.ROLLING, "M-shaped atrophic, over 4 mm (rolling)", 25),
            EccaScarInfo(EccaScarType.SUPERFICIAL_ELASTOLYSIS, "Superficial elastolysis", 10),
            EccaScarInfo(
                EccaScarType.HYPERTROPHIC_RECENT, "Hypertrophic inflammatory, under 2 years", 30
            ),
            EccaScarInfo(
                EccaScarType.KELOID_OR_HYPERTROPHIC_OLD, "Keloid or hypertrophic, over 2 years", 40
            ),
        )
    }
)
ECCA_GRADE_MAX = 3
ECCA_MAXIMUM = ECCA_GRADE_MAX * sum(info.weight for info in ECCA_SCAR_TYPES.values())  # 420
ECCA_STATED_MAXIMUM = 540  # as the reference states it; inconsistent with the weights
ECCA_COUNT_NOTE = "Count grades: 0 none, 1 fewer than 5, 2 from 5 to 20, 3 more than 20."


def ecca_count_grade(count: int) -> int:
    """The ECCA count grade of a number of scars; see ``ECCA_COUNT_NOTE``."""
    value = require_int(count, field="count", low=0, high=None, message=COUNT_INVALID)
    if value == 0:
        return 0
    return 1 if value < 5 else 2 if value <= 20 else 3


@dataclass(frozen=True, slots=True)
class EccaResult:
    """ECCA score; ``total == sum(weight x grade)``, 0 to ``maximum``."""

    grades: Mapping[EccaScarType, int]
    points: Mapping[EccaScarType, int]
    total: int
    maximum: int = ECCA_MAXIMUM
    maximum_note: str = ECCA_MAXIMUM_NOTE
    unverified: bool = True
    unverified_note: str = ECCA_UNVERIFIED_NOTE
    source: Source = ECCA_SOURCE


def score_ecca(*, grades: Mapping[EccaScarType | str, int]) -> EccaResult:
    """Score ECCA from a count grade (0-3) per scar type; missing types are graded 0."""
    if not isinstance(grades, Mapping):
        raise ClinicalInputError(COUNTS_NOT_MAPPING, field="grades")
    given = {_ecca_type(key): value for key, value in grades.items()}
    clean = {
        scar: require_int(
            given.get(scar, 0),
            field=f"grades.{scar}",
            low=0,
            high=ECCA_GRADE_MAX,
            message=ECCA_GRADE_INVALID,
        )
        for scar in EccaScarType
    }
    points = {scar: ECCA_SCAR_TYPES[scar].weight * grade for scar, grade in clean.items()}
    return EccaResult(MappingProxyType(clean), MappingProxyType(points), sum(points.values()))


def _ecca_type(key: object) -> EccaScarType:
    try:
        if not isinstance(key, str):  # the enum takes text only; anything else is unknown too
            raise ValueError(key)
        return EccaScarType(key)
    except ValueError:
        raise ClinicalInputError(UNKNOWN_LESION_TYPE, field=f"grades.{key}") from None
