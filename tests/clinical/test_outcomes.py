"""Outcome scales: MASI/mMASI, GAIS, clearance schemes, acne-scar scales, pain, satisfaction."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from picoclinic.clinical import outcomes, outcomes_clearance, outcomes_masi, outcomes_scars
from picoclinic.clinical.common import ClinicalInputError, Indication, Severity
from picoclinic.clinical.outcomes import (
    SCALES,
    ClearanceScheme,
    GaisScore,
    MasiRegion,
    Rater,
    RegionAssessment,
    Satisfaction,
    ScaleId,
    grade_clearance,
    grade_goodman_baron_qualitative,
    masi_area_score,
    rate_gais,
    rate_pain,
    rate_satisfaction,
    scale_info,
    scales_for,
    score_ecca,
    score_goodman_baron_quantitative,
    score_masi,
    score_mmasi,
)
from picoclinic.clinical.outcomes_clearance import CLEARANCE_SCHEMES
from picoclinic.clinical.outcomes_scars import EccaScarType, LesionType, count_band, keloid_points


@contextmanager
def raises_input_error(field: str, message: str | None = None) -> Iterator[None]:
    """Expect a ClinicalInputError naming ``field`` (and carrying ``message`` when given)."""
    with pytest.raises(ClinicalInputError) as info:
        yield
    assert info.value.field == field
    if message is not None:
        assert info.value.message == message


anything = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.fractions(),
    st.text(max_size=4),
    st.lists(st.integers(), max_size=2),
)


def never_other_error(call, /, *args, **kwargs) -> None:
    """Call; any failure must be a ClinicalInputError naming a field."""
    field = "ok"
    try:
        call(*args, **kwargs)
    except ClinicalInputError as error:
        field = error.field
    assert field


# --- MASI / mMASI -----------------------------------------------------------------------------


def test_masi_worked_example_by_hand():
    # Given forehead A2 D2 H1, right malar A4 D3 H2, left malar A3 D3 H2, chin A1 D1 H1
    regions = {
        MasiRegion.FOREHEAD: RegionAssessment(area=2, darkness=2, homogeneity=1),
        MasiRegion.RIGHT_MALAR: RegionAssessment(area=4, darkness=3, homogeneity=2),
        MasiRegion.LEFT_MALAR: RegionAssessment(area=3, darkness=3, homogeneity=2),
        MasiRegion.CHIN: RegionAssessment(area=1, darkness=1, homogeneity=1),
    }

    result = score_masi(regions=regions)

    # Then 0.3*2*3 + 0.3*4*5 + 0.3*3*5 + 0.1*1*2 = 1.8 + 6.0 + 4.5 + 0.2 = 12.5
    assert result.score == Decimal("12.5")
    assert result.contributions[MasiRegion.FOREHEAD] == Decimal("1.8")
    assert result.contributions[MasiRegion.CHIN] == Decimal("0.2")
    assert sum(result.contributions.values()) == result.score
    assert result.scale is ScaleId.MASI
    assert result.maximum == 48
    assert "Kimbrough-Green" in result.source.citation


def test_mmasi_worked_example_by_hand_ignores_homogeneity():
    regions = {
        "forehead": RegionAssessment(area=2, darkness=2, homogeneity=4),
        "right_malar": RegionAssessment(area=4, darkness=3),
        "left_malar": RegionAssessment(area=3, darkness=3),
        "chin": RegionAssessment(area=1, darkness=1),
    }

    result = score_mmasi(regions=regions)

    # Then 0.3*2*2 + 0.3*4*3 + 0.3*3*3 + 0.1*1*1 = 1.2 + 3.6 + 2.7 + 0.1 = 7.6
    assert result.score == Decimal("7.6")
    assert result.scale is ScaleId.MMASI
    assert result.maximum == 24
    assert "Pandya" in result.source.citation


def test_mmasi_severity_is_unavailable_and_flagged():
    result = score_mmasi(regions=all_regions(RegionAssessment(area=6, darkness=4)))

    assert result.severity is None
    assert "UNVERIFIED" in result.severity_note
    assert result.severity_source.unverified
    assert outcomes_masi.MMASI_SEVERITY_BANDS_AVAILABLE is False


def test_masi_extremes_are_zero_and_48():
    top = all_regions(RegionAssessment(area=6, darkness=4, homogeneity=4))
    none = all_regions(RegionAssessment(area=0, darkness=0, homogeneity=0))

    assert score_masi(regions=top).score == 48
    assert score_masi(regions=none).score == 0
    assert score_mmasi(regions=top).score == 24


def test_region_weights_are_point3_point3_point3_point1():
    weights = [outcomes_masi.region_weight(region) for region in MasiRegion]

    assert weights == [Decimal("0.3"), Decimal("0.3"), Decimal("0.3"), Decimal("0.1")]


def all_regions(assessment: RegionAssessment) -> dict[MasiRegion, RegionAssessment]:
    return dict.fromkeys(MasiRegion, assessment)


def test_masi_requires_homogeneity():
    with raises_input_error("regions.forehead.homogeneity", outcomes_masi.HOMOGENEITY_REQUIRED):
        score_masi(regions=all_regions(RegionAssessment(area=1, darkness=1)))


def test_masi_rejects_missing_region():
    regions = all_regions(RegionAssessment(area=1, darkness=1))
    del regions[MasiRegion.LEFT_MALAR]

    with raises_input_error("regions.left_malar", outcomes_masi.MISSING_REGION):
        score_mmasi(regions=regions)


def test_masi_rejects_unknown_region():
    regions = {**all_regions(RegionAssessment(area=1, darkness=1)), "nose": RegionAssessment(1, 1)}

    with raises_input_error("regions.nose", outcomes_masi.UNKNOWN_REGION):
        score_mmasi(regions=regions)


def test_masi_rejects_non_mapping_and_non_assessment():
    with raises_input_error("regions", outcomes_masi.REGIONS_NOT_MAPPING):
        score_masi(regions=[1, 2])
    with raises_input_error("regions.forehead", outcomes_masi.ASSESSMENT_INVALID):
        score_mmasi(regions={**all_regions(RegionAssessment(1, 1)), "forehead": (1, 1)})


@pytest.mark.parametrize(
    ("assessment", "field", "message"),
    [
        (RegionAssessment(7, 1, 1), "area", outcomes_masi.AREA_OUT_OF_RANGE),
        (RegionAssessment(-1, 1, 1), "area", outcomes_masi.AREA_OUT_OF_RANGE),
        (RegionAssessment(2.0, 1, 1), "area", outcomes_masi.AREA_OUT_OF_RANGE),
        (RegionAssessment(True, 1, 1), "area", outcomes_masi.AREA_OUT_OF_RANGE),
        (RegionAssessment(1, 5, 1), "darkness", outcomes_masi.DARKNESS_OUT_OF_RANGE),
        (RegionAssessment(1, -1, 1), "darkness", outcomes_masi.DARKNESS_OUT_OF_RANGE),
        (RegionAssessment(1, 1, 5), "homogeneity", outcomes_masi.HOMOGENEITY_OUT_OF_RANGE),
        (RegionAssessment(1, 1, "2"), "homogeneity", outcomes_masi.HOMOGENEITY_OUT_OF_RANGE),
    ],
)
def test_masi_component_ranges(assessment, field, message):
    regions = {**all_regions(RegionAssessment(1, 1, 1)), MasiRegion.CHIN: assessment}

    with raises_input_error(f"regions.chin.{field}", message):
        score_masi(regions=regions)


@pytest.mark.parametrize(
    ("percent", "score"),
    [
        (0, 0),
        (0.1, 1),
        (9.99, 1),
        (10, 2),
        (29.9, 2),
        (30, 3),
        (49.9, 3),
        (50, 4),
        (69.9, 4),
        (70, 5),
        (89.9, 5),
        (90, 6),
        (100, 6),
    ],
)
def test_area_percentage_to_score_boundaries(percent, score):
    assert masi_area_score(percent) == score


@pytest.mark.parametrize("bad", [-0.1, 100.1, math.nan, True, None, "50"])
def test_area_percentage_rejects_invalid(bad):
    with raises_input_error("area_percent", outcomes_masi.AREA_PERCENT_INVALID):
        masi_area_score(bad)


@given(st.floats(0, 100), st.floats(0, 100))
def test_area_score_monotone(a, b):
    low, high = sorted((a, b))

    assert masi_area_score(low) <= masi_area_score(high)


region_scores = st.builds(
    RegionAssessment,
    area=st.integers(0, 6),
    darkness=st.integers(0, 4),
    homogeneity=st.integers(0, 4),
)
region_sets = st.fixed_dictionaries(dict.fromkeys(MasiRegion, region_scores))


@given(region_sets)
def test_masi_and_mmasi_stay_in_range(regions):
    masi, mmasi = score_masi(regions=regions), score_mmasi(regions=regions)

    assert 0 <= masi.score <= 48
    assert 0 <= mmasi.score <= 24
    assert mmasi.score <= masi.score
    assert masi.score == masi.score.quantize(Decimal("0.1"))


@given(region_sets, st.sampled_from(list(MasiRegion)), anything, anything, anything)
def test_invalid_masi_inputs_only_raise_clinical_input_error(regions, region, a, d, h):
    broken = {**regions, region: RegionAssessment(a, d, h)}

    never_other_error(score_masi, regions=broken)
    never_other_error(score_mmasi, regions=broken)


@given(anything)
def test_invalid_masi_regions_only_raise_clinical_input_error(regions):
    with pytest.raises(ClinicalInputError):
        score_masi(regions=regions)


# --- GAIS -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (1, "Very much improved"),
        (2, "Much improved"),
        (3, "Improved"),
        (4, "No change"),
        (5, "Worse"),
    ],
)
def test_gais_labels_and_coding(score, label):
    rating = rate_gais(score=score, rater=Rater.CLINICIAN)

    assert rating.score == score
    assert rating.label == label
    assert rating.coding == outcomes.GAIS_CODING
    assert rating.rater is Rater.CLINICIAN


def test_gais_patient_rater_from_string():
    assert rate_gais(score=GaisScore.IMPROVED, rater="patient").rater is Rater.PATIENT


@pytest.mark.parametrize("bad", [0, 6, 2.0, True, None, "1"])
def test_gais_rejects_invalid_scores(bad):
    with raises_input_error("score", outcomes.GAIS_SCORE_INVALID):
        rate_gais(score=bad, rater=Rater.PATIENT)


@pytest.mark.parametrize("bad", ["nurse", None, 1])
def test_gais_rejects_unknown_rater(bad):
    with raises_input_error("rater", outcomes.RATER_INVALID):
        rate_gais(score=1, rater=bad)


@given(anything, anything)
def test_gais_never_raises_other_errors(score, rater):
    never_other_error(rate_gais, score=score, rater=rater)


# --- pigment clearance ------------------------------------------------------------------------

BOUNDARIES = [
    # (scheme, percentage, grade, label)
    (ClearanceScheme.QUARTILE_4, 0, 0, "0-25%"),
    (ClearanceScheme.QUARTILE_4, 25, 0, "0-25%"),
    (ClearanceScheme.QUARTILE_4, 25.5, 1, "26-50%"),
    (ClearanceScheme.QUARTILE_4, 26, 1, "26-50%"),
    (ClearanceScheme.QUARTILE_4, 50, 1, "26-50%"),
    (ClearanceScheme.QUARTILE_4, 51, 2, "51-75%"),
    (ClearanceScheme.QUARTILE_4, 75, 2, "51-75%"),
    (ClearanceScheme.QUARTILE_4, 76, 3, ">75%"),
    (ClearanceScheme.QUARTILE_4, 100, 3, ">75%"),
    (ClearanceScheme.DESCRIPTIVE_4, 0, 0, "poor"),
    (ClearanceScheme.DESCRIPTIVE_4, 24.9, 0, "poor"),
    (ClearanceScheme.DESCRIPTIVE_4, 25, 1, "fair"),
    (ClearanceScheme.DESCRIPTIVE_4, 49.9, 1, "fair"),
    (ClearanceScheme.DESCRIPTIVE_4, 50, 2, "good"),
    (ClearanceScheme.DESCRIPTIVE_4, 74.9, 2, "good"),
    (ClearanceScheme.DESCRIPTIVE_4, 75, 3, "excellent"),
    (ClearanceScheme.DESCRIPTIVE_4, 100, 3, "excellent"),
    (ClearanceScheme.FIVE_POINT, 24.9, 0, "poor"),
    (ClearanceScheme.FIVE_POINT, 25, 1, "fair"),
    (ClearanceScheme.FIVE_POINT, 50, 2, "good"),
    (ClearanceScheme.FIVE_POINT, 75, 3, "excellent"),
    (ClearanceScheme.FIVE_POINT, 95, 3, "excellent"),
    (ClearanceScheme.FIVE_POINT, 95.1, 4, "complete"),
    (ClearanceScheme.FIVE_POINT, 100, 4, "complete"),
    (ClearanceScheme.VAS_6, 0, 0, "no change"),
    (ClearanceScheme.VAS_6, 0.5, 1, "1-24%"),
    (ClearanceScheme.VAS_6, 24.9, 1, "1-24%"),
    (ClearanceScheme.VAS_6, 25, 2, "25-49%"),
    (ClearanceScheme.VAS_6, 50, 3, "50-74%"),
    (ClearanceScheme.VAS_6, 75, 4, "75-99%"),
    (ClearanceScheme.VAS_6, 99.9, 4, "75-99%"),
    (ClearanceScheme.VAS_6, 100, 5, "complete"),
    (ClearanceScheme.IGIS_11, 0, 0, "none (under 10%)"),
    (ClearanceScheme.IGIS_11, 9.9, 0, "none (under 10%)"),
    (ClearanceScheme.IGIS_11, 10, 1, "10% to under 20%"),
    (ClearanceScheme.IGIS_11, 55, 5, "50% to under 60%"),
    (ClearanceScheme.IGIS_11, 99.9, 9, "90% to under 100%"),
    (ClearanceScheme.IGIS_11, 100, 10, "100% clearance"),
    (ClearanceScheme.PIH_CASE, 24.9, 0, "inefficient"),
    (ClearanceScheme.PIH_CASE, 25, 1, "mild"),
    (ClearanceScheme.PIH_CASE, 49.9, 1, "mild"),
    (ClearanceScheme.PIH_CASE, 50, 2, "significant"),
    (ClearanceScheme.PIH_CASE, 75, 2, "significant"),
    (ClearanceScheme.PIH_CASE, 75.1, 3, "complete"),
    (ClearanceScheme.PIH_CASE, 100, 3, "complete"),
]


@pytest.mark.parametrize(("scheme", "percentage", "grade", "label"), BOUNDARIES)
def test_every_clearance_boundary(scheme, percentage, grade, label):
    result = grade_clearance(percentage=percentage, scheme=scheme)

    assert (result.grade, result.label) == (grade, label)
    assert result.percentage == percentage
    assert result.scheme is scheme
    assert result.boundary_note


def test_all_six_reference_schemes_are_implemented_and_sourced():
    assert set(CLEARANCE_SCHEMES) == set(ClearanceScheme)
    assert len(CLEARANCE_SCHEMES) == 6
    assert all(spec.source.citation for spec in CLEARANCE_SCHEMES.values())


def test_scheme_given_by_id_string():
    assert grade_clearance(percentage=60, scheme="quartile_4_point_0_3").grade == 2


@pytest.mark.parametrize("bad", [-0.01, 100.01, math.nan, math.inf, True, None, "50"])
def test_clearance_percentage_validation(bad):
    with raises_input_error("percentage", outcomes_clearance.PERCENT_INVALID):
        grade_clearance(percentage=bad, scheme=ClearanceScheme.QUARTILE_4)


@pytest.mark.parametrize("bad", ["quartile", None, 4, ["x"]])
def test_clearance_scheme_validation(bad):
    with raises_input_error("scheme", outcomes_clearance.SCHEME_UNKNOWN):
        grade_clearance(percentage=50, scheme=bad)


percentages = st.one_of(
    st.floats(0, 100),
    st.integers(0, 100),
    st.decimals(0, 100, allow_nan=False, places=3),
    st.fractions(0, 100),
)


@given(st.sampled_from(list(ClearanceScheme)), percentages)
def test_each_percentage_falls_in_exactly_one_band(scheme, percentage):
    bands = CLEARANCE_SCHEMES[scheme].bands

    assert sum(band.interval.contains(float(percentage)) for band in bands) == 1


@given(st.sampled_from(list(ClearanceScheme)), st.floats(0, 100), st.floats(0, 100))
def test_clearance_grade_monotone_in_percentage(scheme, a, b):
    low, high = sorted((a, b))

    low_grade = grade_clearance(percentage=low, scheme=scheme).grade
    high_grade = grade_clearance(percentage=high, scheme=scheme).grade

    assert low_grade <= high_grade


@given(anything, st.one_of(anything, st.sampled_from(list(ClearanceScheme))))
def test_clearance_never_raises_other_errors(percentage, scheme):
    never_other_error(grade_clearance, percentage=percentage, scheme=scheme)


# --- Goodman & Baron --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grade", "level"), [(1, "Macular"), (2, "Mild"), (3, "Moderate"), (4, "Severe")]
)
def test_goodman_baron_qualitative_grades(grade, level):
    result = grade_goodman_baron_qualitative(grade=grade)

    assert (result.grade, result.level) == (grade, level)
    assert result.description
    assert "Goodman" in result.source.citation
    assert not result.source.unverified


@pytest.mark.parametrize("bad", [0, 5, 2.0, True, None])
def test_goodman_baron_qualitative_validation(bad):
    with raises_input_error("grade", outcomes_scars.QUALITATIVE_GRADE_INVALID):
        grade_goodman_baron_qualitative(grade=bad)


@pytest.mark.parametrize(
    ("count", "band"), [(0, 0), (1, 1), (10, 1), (11, 2), (20, 2), (21, 3), (500, 3)]
)
def test_lesion_count_bands(count, band):
    assert count_band(count) == band


@pytest.mark.parametrize(
    ("area", "points"), [(0, 0), (0.1, 6), (4.99, 6), (5, 12), (20, 12), (20.01, 18), (300, 18)]
)
def test_keloid_area_bands(area, points):
    assert keloid_points(area) == points


def test_goodman_baron_quantitative_worked_example_is_flagged_unverified():
    # Given 12 icepick-like deep punched-out scars (C, x3), 5 boxcar shallow small (B, x2),
    # 25 macular marks (A, x1) and 6 cm2 of keloid
    counts = {
        LesionType.PUNCHED_DEEP_NORMAL_BASE: 12,
        "punched_shallow_small": 5,
        LesionType.MACULAR: 25,
    }

    result = score_goodman_baron_quantitative(lesion_counts=counts, keloidal_area_cm2=6)

    # Then 3*2 + 2*1 + 1*3 + 12 = 23
    assert result.points[LesionType.PUNCHED_DEEP_NORMAL_BASE] == 6
    assert result.points[LesionType.PUNCHED_SHALLOW_SMALL] == 2
    assert result.points[LesionType.MACULAR] == 3
    assert result.points[LesionType.PAPULAR] == 0
    assert result.keloidal_points == 12
    assert result.total == 23
    assert result.unverified
    assert "UNVERIFIED" in result.unverified_note
    assert result.source.unverified


def test_goodman_baron_quantitative_maximum_is_84():
    counts = dict.fromkeys(LesionType, 21)

    result = score_goodman_baron_quantitative(lesion_counts=counts, keloidal_area_cm2=21)

    assert result.total == result.maximum == 84
    assert all(info.unverified for info in outcomes_scars.LESION_TYPES.values())


def test_goodman_baron_quantitative_validation():
    with raises_input_error("lesion_counts", outcomes_scars.COUNTS_NOT_MAPPING):
        score_goodman_baron_quantitative(lesion_counts=[1])
    with raises_input_error("lesion_counts.boils", outcomes_scars.UNKNOWN_LESION_TYPE):
        score_goodman_baron_quantitative(lesion_counts={"boils": 3})
    with raises_input_error("lesion_counts.papular", outcomes_scars.COUNT_INVALID):
        score_goodman_baron_quantitative(lesion_counts={"papular": -1})
    with raises_input_error("lesion_counts.papular", outcomes_scars.COUNT_INVALID):
        score_goodman_baron_quantitative(lesion_counts={"papular": 2.5})
    with raises_input_error("keloidal_area_cm2", outcomes_scars.KELOID_AREA_INVALID):
        score_goodman_baron_quantitative(lesion_counts={}, keloidal_area_cm2=-1)


@given(
    st.dictionaries(st.sampled_from(list(LesionType)), st.integers(0, 1000)),
    st.floats(0, 1000),
)
def test_goodman_baron_quantitative_within_0_to_84(counts, area):
    result = score_goodman_baron_quantitative(lesion_counts=counts, keloidal_area_cm2=area)

    assert 0 <= result.total <= 84
    assert result.total == sum(result.points.values()) + result.keloidal_points


@given(
    st.dictionaries(st.one_of(st.sampled_from(list(LesionType)), st.text(max_size=3)), anything),
    anything,
)
def test_goodman_baron_never_raises_other_errors(counts, area):
    never_other_error(
        score_goodman_baron_quantitative, lesion_counts=counts, keloidal_area_cm2=area
    )


# --- ECCA -------------------------------------------------------------------------------------


def test_ecca_worked_example_and_flags():
    # Given boxcar 5-20 scars (grade 2, weight 20) and a few icepick (grade 1, weight 15)
    result = score_ecca(grades={EccaScarType.BOXCAR: 2, "icepick": 1})

    assert result.total == 55
    assert result.points[EccaScarType.ROLLING] == 0
    assert result.unverified
    assert result.source.unverified
    assert result.maximum == 420
    assert "540" in result.maximum_note


def test_ecca_maximum():
    assert score_ecca(grades=dict.fromkeys(EccaScarType, 3)).total == 420


@pytest.mark.parametrize(("count", "grade"), [(0, 0), (1, 1), (4, 1), (5, 2), (20, 2), (21, 3)])
def test_ecca_count_grades(count, grade):
    assert outcomes_scars.ecca_count_grade(count) == grade


def test_ecca_validation():
    with raises_input_error("grades.boxcar", outcomes_scars.ECCA_GRADE_INVALID):
        score_ecca(grades={"boxcar": 4})
    with raises_input_error("grades.acne", outcomes_scars.UNKNOWN_LESION_TYPE):
        score_ecca(grades={"acne": 1})
    with raises_input_error("grades", outcomes_scars.COUNTS_NOT_MAPPING):
        score_ecca(grades=None)
    with raises_input_error("count", outcomes_scars.COUNT_INVALID):
        outcomes_scars.ecca_count_grade(-1)


@given(
    st.dictionaries(st.one_of(st.sampled_from(list(EccaScarType)), st.text(max_size=3)), anything)
)
def test_ecca_never_raises_other_errors(grades):
    never_other_error(score_ecca, grades=grades)


# --- pain and satisfaction --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "severity"),
    [
        (0, None),
        (1, Severity.MILD),
        (3, Severity.MILD),
        (4, Severity.MODERATE),
        (6, Severity.MODERATE),
        (7, Severity.SEVERE),
        (10, Severity.SEVERE),
    ],
)
def test_pain_bands(score, severity):
    rating = rate_pain(score=score)

    assert rating.score == score
    assert rating.severity is severity
    assert "vary" in rating.cutoff_note


@pytest.mark.parametrize("bad", [-1, 11, 3.5, 3.0, True, None, "3", Fraction(3)])
def test_pain_rejects_non_integers_and_out_of_range(bad):
    with raises_input_error("score", outcomes.PAIN_SCORE_INVALID):
        rate_pain(score=bad)


@pytest.mark.parametrize(
    ("score", "label"),
    [(1, "Very dissatisfied"), (3, "Neither satisfied nor dissatisfied"), (5, "Very satisfied")],
)
def test_satisfaction_labels(score, label):
    rating = rate_satisfaction(score=score)

    assert rating.score == score
    assert rating.label == label
    assert rating.score is Satisfaction(score)


@pytest.mark.parametrize("bad", [0, 6, 4.0, False, None])
def test_satisfaction_validation(bad):
    with raises_input_error("score", outcomes.SATISFACTION_INVALID):
        rate_satisfaction(score=bad)


@given(anything)
def test_pain_and_satisfaction_never_raise_other_errors(score):
    never_other_error(rate_pain, score=score)
    never_other_error(rate_satisfaction, score=score)


# --- registry ---------------------------------------------------------------------------------


@pytest.mark.parametrize("indication", list(Indication))
def test_every_indication_offers_gais_and_only_known_scales(indication):
    scales = scales_for(indication)

    assert ScaleId.GAIS in scales
    assert all(scale in SCALES for scale in scales)
    assert len(set(scales)) == len(scales)


@pytest.mark.parametrize(
    "indication",
    [
        Indication.SOLAR_LENTIGINES,
        Indication.FRECKLES,
        Indication.HORI_NEVUS,
        Indication.NEVUS_OF_OTA,
        Indication.CAFE_AU_LAIT,
        Indication.PIH,
        Indication.TATTOO,
    ],
)
def test_pigment_and_tattoo_lead_with_clearance(indication):
    assert scales_for(indication)[0] is ScaleId.PIGMENT_CLEARANCE


def test_melasma_leads_with_mmasi_and_scars_with_goodman_baron():
    assert scales_for("melasma")[0] is ScaleId.MMASI
    assert scales_for(Indication.ACNE_SCARS)[:2] == (
        ScaleId.GOODMAN_BARON_QUALITATIVE,
        ScaleId.GOODMAN_BARON_QUANTITATIVE,
    )
    assert ScaleId.MASI not in scales_for(Indication.TATTOO)


def test_every_scale_is_described_and_unverified_ones_flagged():
    assert set(SCALES) == set(ScaleId)
    assert scale_info("ecca").unverified
    assert scale_info(ScaleId.ECCA).optional
    assert scale_info(ScaleId.GOODMAN_BARON_QUANTITATIVE).unverified
    assert not scale_info(ScaleId.GAIS).unverified
    assert all(info.source.citation for info in SCALES.values())


@pytest.mark.parametrize("bad", ["botox", None, 3])
def test_registry_rejects_unknowns(bad):
    with raises_input_error("indication", outcomes.INDICATION_UNKNOWN):
        scales_for(bad)
    with raises_input_error("scale", outcomes.SCALE_UNKNOWN):
        scale_info(bad)


@given(anything)
def test_single_value_helpers_never_raise_other_errors(value):
    never_other_error(masi_area_score, value)
    never_other_error(count_band, value)
    never_other_error(keloid_points, value)
    never_other_error(outcomes_scars.ecca_count_grade, value)
    never_other_error(grade_goodman_baron_qualitative, grade=value)
    never_other_error(outcomes.pain_severity, value)
    never_other_error(scales_for, value)
    never_other_error(scale_info, value)
