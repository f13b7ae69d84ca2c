"""MASI and mMASI, the melasma area and severity indices.

Sources: Kimbrough-Green CK et al. Arch Dermatol 1994;130:727-733 (MASI); Pandya AG, Hynan LS,
Bhore R et al. J Am Acad Dermatol 2011;64(1):78-83 (mMASI); clinical-reference.md s7.1-7.2.

Invariants:
- Every one of the four regions is scored: area 0-6, darkness 0-4 and, for MASI, homogeneity 0-4.
- MASI = sum(weight x area x (darkness + homogeneity)) lies in 0-48; mMASI = sum(weight x area x
  darkness) lies in 0-24. Scores are exact ``Decimal`` values with one decimal place, because the
  weights are tenths (0.3, 0.3, 0.3, 0.1).
- mMASI severity bands (Rodrigues 2016) were not retrieved: results carry no band, only a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from picoclinic.clinical.common import ClinicalInputError, Source
from picoclinic.clinical.scales_common import RealInput, ScaleId, require_int, require_real

REGIONS_NOT_MAPPING = "The MASI regions must be given as region -> assessment."
UNKNOWN_REGION = "This is not a MASI region (forehead, right malar, left malar, chin)."
MISSING_REGION = "All four MASI regions must be scored."
ASSESSMENT_INVALID = "Each MASI region needs an area, darkness and homogeneity assessment."
AREA_OUT_OF_RANGE = "The area score must be a whole number from 0 to 6."
DARKNESS_OUT_OF_RANGE = "The darkness score must be a whole number from 0 to 4."
HOMOGENEITY_OUT_OF_RANGE = "The homogeneity score must be a whole number from 0 to 4."
HOMOGENEITY_REQUIRED = "MASI needs a homogeneity score for every region; mMASI does not."
AREA_PERCENT_INVALID = "The involved area must be a percentage from 0 to 100."

MASI_SOURCE = Source(
    "Kimbrough-Green CK et al. Arch Dermatol 1994;130:727-733; formula via medicalalgorithms.com "
    "and altmeyers.org; clinical-reference.md s7.1"
)
MMASI_SOURCE = Source(
    "Pandya AG, Hynan LS, Bhore R et al. J Am Acad Dermatol 2011;64(1):78-83; "
    "clinical-reference.md s7.2"
)
MMASI_SEVERITY_SOURCE = Source(
    "Rodrigues M et al. JAMA Dermatol 2016;152(9):1051-1052, doi:10.1001/jamadermatol.2016.1006 "
    "(numeric cut-offs not retrieved)",
    unverified=True,
)
MMASI_SEVERITY_BANDS_AVAILABLE = False
SEVERITY_UNAVAILABLE_NOTE = (
    "No severity band is given: the published mMASI mild/moderate/severe cut-offs (Rodrigues "
    "2016) have not been checked against the paper [UNVERIFIED]. Report the score itself."
)
AREA_SCORE_NOTE = (
    "Area bands are read as half-open: 0% scores 0, above 0 to below 10% scores 1, 10 to below "
    "30% scores 2 (so 29.9% is 2 and 30% is 3), and so on; 90-100% scores 6."
)

AREA_MAX = 6
GRADE_MAX = 4  # darkness and homogeneity: absent, slight, mild, marked, maximum
MASI_MAX = Decimal(48)
MMASI_MAX = Decimal(24)


class MasiRegion(StrEnum):
    FOREHEAD = "forehead"
    RIGHT_MALAR = "right_malar"
    LEFT_MALAR = "left_malar"
    CHIN = "chin"


# Kimbrough-Green 1994: forehead 0.3, each malar 0.3, chin 0.1 (kept in tenths, so sums stay exact).
REGION_WEIGHT_TENTHS: Mapping[MasiRegion, int] = MappingProxyType(
    {
        MasiRegion.FOREHEAD: 3,
        MasiRegion.RIGHT_MALAR: 3,
        MasiRegion.LEFT_MALAR: 3,
        MasiRegion.CHIN: 1,
    }
)

# Kimbrough-Green 1994 area score: the lowest percentage of each score 1-6 (score 0 = none).
AREA_SCORE_FLOORS: tuple[tuple[int, float], ...] = (
    (6, 90.0),
    (5, 70.0),
    (4, 50.0),
    (3, 30.0),
    (2, 10.0),
)
DARKNESS_LABELS = ("absent", "slight", "mild", "marked", "maximum")  # also homogeneity, 0-4


def region_weight(region: MasiRegion) -> Decimal:
    return Decimal(REGION_WEIGHT_TENTHS[region]).scaleb(-1)


def masi_area_score(percent: RealInput) -> int:
    """The 0-6 MASI area score of an involved-area percentage (0-100); see ``AREA_SCORE_NOTE``."""
    value = require_real(
        percent, field="area_percent", low=0, high=100, message=AREA_PERCENT_INVALID
    )
    if value == 0:
        return 0
    return next((score for score, floor in AREA_SCORE_FLOORS if value >= floor), 1)


@dataclass(frozen=True, slots=True)
class RegionAssessment:
    """The rater's scores for one region; leave ``homogeneity`` ``None`` for mMASI."""

    area: int
    darkness: int
    homogeneity: int | None = None


@dataclass(frozen=True, slots=True)
class MasiResult:
    """A MASI or mMASI score. ``contributions`` sum exactly to ``score``; ``severity`` is None."""

    scale: ScaleId
    regions: Mapping[MasiRegion, RegionAssessment]
    contributions: Mapping[MasiRegion, Decimal]
    score: Decimal
    maximum: Decimal
    source: Source
    severity: None = None
    severity_note: str = SEVERITY_UNAVAILABLE_NOTE
    severity_source: Source = MMASI_SEVERITY_SOURCE


def score_masi(*, regions: Mapping[MasiRegion | str, RegionAssessment]) -> MasiResult:
    """Full MASI (0-48): every region needs area, darkness and homogeneity."""
    clean = _validated_regions(regions, need_homogeneity=True)
    parts = {region: _part(region, a, with_homogeneity=True) for region, a in clean.items()}
    return _result(ScaleId.MASI, clean, parts, MASI_MAX, MASI_SOURCE)


def score_mmasi(*, regions: Mapping[MasiRegion | str, RegionAssessment]) -> MasiResult:
    """Modified MASI (0-24): area x darkness only; a homogeneity score, if given, is not used."""
    clean = _validated_regions(regions, need_homogeneity=False)
    parts = {region: _part(region, a, with_homogeneity=False) for region, a in clean.items()}
    return _result(ScaleId.MMASI, clean, parts, MMASI_MAX, MMASI_SOURCE)


def _part(region: MasiRegion, assessment: RegionAssessment, *, with_homogeneity: bool) -> Decimal:
    grade = assessment.darkness
    if with_homogeneity and assessment.homogeneity is not None:
        grade += assessment.homogeneity
    tenths = REGION_WEIGHT_TENTHS[region] * assessment.area * grade
    return Decimal(tenths).scaleb(-1)


def _result(
    scale: ScaleId,
    regions: dict[MasiRegion, RegionAssessment],
    parts: dict[MasiRegion, Decimal],
    maximum: Decimal,
    source: Source,
) -> MasiResult:
    total = sum(parts.values(), Decimal("0.0"))
    return MasiResult(
        scale=scale,
        regions=MappingProxyType(regions),
        contributions=MappingProxyType(parts),
        score=total,
        maximum=maximum,
        source=source,
    )


def _validated_regions(
    regions: object, *, need_homogeneity: bool
) -> dict[MasiRegion, RegionAssessment]:
    if not isinstance(regions, Mapping):
        raise ClinicalInputError(REGIONS_NOT_MAPPING, field="regions")
    by_region: dict[MasiRegion, object] = {}
    for key, value in regions.items():
        by_region[_region(key)] = value
    clean: dict[MasiRegion, RegionAssessment] = {}
    for region in MasiRegion:
        if region not in by_region:
            raise ClinicalInputError(MISSING_REGION, field=f"regions.{region}")
        clean[region] = _validated_assessment(
            by_region[region], field=f"regions.{region}", need_homogeneity=need_homogeneity
        )
    return clean


def _region(key: object) -> MasiRegion:
    try:
        if not isinstance(key, str):  # the enum takes text only; anything else is unknown too
            raise ValueError(key)
        return MasiRegion(key)
    except ValueError:
        raise ClinicalInputError(UNKNOWN_REGION, field=f"regions.{key}") from None


def _validated_assessment(value: object, *, field: str, need_homogeneity: bool) -> RegionAssessment:
    if not isinstance(value, RegionAssessment):
        raise ClinicalInputError(ASSESSMENT_INVALID, field=field)
    area = require_int(
        value.area, field=f"{field}.area", low=0, high=AREA_MAX, message=AREA_OUT_OF_RANGE
    )
    darkness = require_int(
        value.darkness,
        field=f"{field}.darkness",
        low=0,
        high=GRADE_MAX,
        message=DARKNESS_OUT_OF_RANGE,
    )
    homogeneity = value.homogeneity
    if homogeneity is None and need_homogeneity:
        raise ClinicalInputError(HOMOGENEITY_REQUIRED, field=f"{field}.homogeneity")
    if homogeneity is not None:
        homogeneity = require_int(
            homogeneity,
            field=f"{field}.homogeneity",
            low=0,
            high=GRADE_MAX,
            message=HOMOGENEITY_OUT_OF_RANGE,
        )
    return RegionAssessment(area=area, darkness=darkness, homogeneity=homogeneity)
