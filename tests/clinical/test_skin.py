"""Skin typing: Fitzpatrick questionnaire (Version A), clinician-confirmed type, ITA°."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from picoclinic.clinical import skin, skin_ita
from picoclinic.clinical.common import ClinicalInputError, Fitzpatrick
from picoclinic.clinical.skin import (
    QUESTIONNAIRE_BANDS,
    QUESTIONNAIRE_ITEMS,
    QuestionnaireSection,
    TypeSource,
    band_for_total,
    confirmed_type,
    score_questionnaire,
)
from picoclinic.clinical.skin_ita import ItaCategory, ita_category, ita_degrees, ita_reading

ITEM_IDS = [item.id for item in QUESTIONNAIRE_ITEMS]


def answers_all(score: int) -> dict[str, int]:
    return dict.fromkeys(ITEM_IDS, score)


def answers_totalling(total: int) -> dict[str, int]:
    """Fill items with 4s from the first item until ``total`` is reached."""
    answers, left = {}, total
    for item_id in ITEM_IDS:
        answers[item_id] = min(4, left)
        left -= answers[item_id]
    return answers


@contextmanager
def raises_input_error(field: str, message: str | None = None) -> Iterator[None]:
    """Expect a ClinicalInputError naming ``field`` (and carrying ``message`` when given)."""
    with pytest.raises(ClinicalInputError) as info:
        yield
    assert info.value.field == field
    if message is not None:
        assert info.value.message == message


# --- questionnaire data -----------------------------------------------------------------------


def test_ten_items_in_three_sections_of_four_four_and_two():
    per_section = {
        s: [i.id for i in QUESTIONNAIRE_ITEMS if i.section is s] for s in QuestionnaireSection
    }

    assert len(QUESTIONNAIRE_ITEMS) == 10
    assert len(set(ITEM_IDS)) == 10
    assert [len(per_section[s]) for s in QuestionnaireSection] == [4, 4, 2]


def test_every_item_has_five_distinct_answers_a_question_and_a_clinic_source():
    for item in QUESTIONNAIRE_ITEMS:
        assert item.question.endswith("?")
        assert len(item.answers) == 5
        assert len(set(item.answers)) == 5
        assert item.choices == tuple((score, label) for score, label in enumerate(item.answers))
        assert "Version A" in item.source.citation
        assert item.source.evidence.value == "CLINIC"


def test_section_titles_for_the_form():
    assert QuestionnaireSection.GENETIC_DISPOSITION.title == "Genetic disposition"
    assert QuestionnaireSection.TANNING_HABITS.title == "Tanning habits"


# --- questionnaire scoring --------------------------------------------------------------------


def test_worked_example_keeps_answers_section_totals_total_and_version():
    # Given a fair-skinned patient: genetic 1+1+1+0, sun 1+1+1+1, habits 2+3
    answers = dict(zip(ITEM_IDS, [1, 1, 1, 0, 1, 1, 1, 1, 2, 3], strict=True))

    result = score_questionnaire(answers)

    assert dict(result.answers) == answers
    assert result.section_totals[QuestionnaireSection.GENETIC_DISPOSITION] == 3
    assert result.section_totals[QuestionnaireSection.SUN_REACTION] == 4
    assert result.section_totals[QuestionnaireSection.TANNING_HABITS] == 5
    assert result.total == 12
    assert result.fitzpatrick is Fitzpatrick.II
    assert result.type_label == "II"
    assert not result.needs_clinician_confirmation
    assert result.version == "fitzpatrick-10-item-A"
    assert "25 as III" in result.band_note


@pytest.mark.parametrize(
    ("total", "expected", "label"),
    [
        (0, Fitzpatrick.I, "I"),
        (7, Fitzpatrick.I, "I"),
        (8, Fitzpatrick.II, "II"),
        (16, Fitzpatrick.II, "II"),
        (17, Fitzpatrick.III, "III"),
        (25, Fitzpatrick.III, "III"),  # the source's overlap, resolved to III
        (26, Fitzpatrick.IV, "IV"),
        (30, Fitzpatrick.IV, "IV"),
        (31, Fitzpatrick.V, "V-VI"),
        (40, Fitzpatrick.V, "V-VI"),
    ],
)
def test_every_band_boundary(total, expected, label):
    result = score_questionnaire(answers_totalling(total))

    assert result.total == total
    assert result.fitzpatrick is expected
    assert result.type_label == label
    assert result.needs_clinician_confirmation is (total > 30)


def test_bands_tile_zero_to_forty_without_gaps_and_never_give_vi():
    covered = [t for band in QUESTIONNAIRE_BANDS for t in range(band.low, band.high + 1)]

    assert covered == list(range(41))
    assert all(band.fitzpatrick is not Fitzpatrick.VI for band in QUESTIONNAIRE_BANDS)


@pytest.mark.parametrize("bad", [-1, 41, 2.0, True, None, "20"])
def test_band_for_total_rejects_invalid_totals(bad):
    with raises_input_error("total", skin.TOTAL_OUT_OF_RANGE):
        band_for_total(bad)


def test_answers_must_be_a_mapping():
    with raises_input_error("answers", skin.ANSWERS_NOT_MAPPING):
        score_questionnaire([("eye_colour", 1)])


def test_missing_item_is_rejected_with_its_field():
    answers = answers_all(2)
    del answers["tan_speed"]

    with raises_input_error("answers.tan_speed", skin.MISSING_ITEM):
        score_questionnaire(answers)


def test_unknown_item_is_rejected_with_its_field():
    with raises_input_error("answers.shoe_size", skin.UNKNOWN_ITEM):
        score_questionnaire({**answers_all(2), "shoe_size": 3})


@pytest.mark.parametrize("bad", [-1, 5, True, False, 2.0, "2", None, Decimal(2)])
def test_answers_must_be_integers_from_0_to_4(bad):
    with raises_input_error("answers.freckles", skin.ANSWER_OUT_OF_RANGE):
        score_questionnaire({**answers_all(2), "freckles": bad})


answer_sets = st.fixed_dictionaries({item_id: st.integers(0, 4) for item_id in ITEM_IDS})


@given(answer_sets)
def test_total_always_equals_sum_of_section_totals(answers):
    result = score_questionnaire(answers)

    assert result.total == sum(result.section_totals.values()) == sum(answers.values())
    assert 0 <= result.total <= 40


@given(st.integers(0, 40), st.integers(0, 40))
def test_type_never_decreases_as_total_rises(a, b):
    low, high = sorted((a, b))

    assert band_for_total(low).fitzpatrick <= band_for_total(high).fitzpatrick


bad_values = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True),
    st.text(max_size=3),
    st.integers().filter(lambda n: not 0 <= n <= 4),
    st.lists(st.integers(), max_size=2),
    st.decimals(allow_nan=True),
)


@given(answer_sets, st.sampled_from(ITEM_IDS), bad_values)
def test_any_invalid_answer_raises_clinical_input_error(answers, item_id, bad):
    with pytest.raises(ClinicalInputError):
        score_questionnaire({**answers, item_id: bad})


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.text(),
        st.lists(st.integers()),
        st.dictionaries(st.text(), st.integers()),
    )
)
def test_any_malformed_answers_raise_clinical_input_error(answers):
    with pytest.raises(ClinicalInputError):
        score_questionnaire(answers)


# --- clinician-confirmed type -----------------------------------------------------------------


def test_questionnaire_type_stands_when_no_clinician_type():
    result = confirmed_type(questionnaire_type=Fitzpatrick.III, clinician_type=None)

    assert result.fitzpatrick is Fitzpatrick.III
    assert result.source is TypeSource.QUESTIONNAIRE
    assert not result.needs_clinician_confirmation
    assert not result.overrides_questionnaire


def test_questionnaire_v_alone_needs_clinician_confirmation():
    result = confirmed_type(questionnaire_type=Fitzpatrick.V, clinician_type=None)

    assert result.fitzpatrick is Fitzpatrick.V
    assert result.needs_clinician_confirmation


def test_clinician_confirms_vi_over_questionnaire_v_with_reason():
    result = confirmed_type(
        questionnaire_type=Fitzpatrick.V, clinician_type=Fitzpatrick.VI, reason=" Examined. "
    )

    assert result.fitzpatrick is Fitzpatrick.VI
    assert result.source is TypeSource.CLINICIAN
    assert result.reason == "Examined."
    assert result.overrides_questionnaire
    assert not result.needs_clinician_confirmation


def test_clinician_agreeing_needs_no_reason_and_becomes_the_source():
    result = confirmed_type(questionnaire_type=4, clinician_type=4)

    assert result.fitzpatrick is Fitzpatrick.IV
    assert result.source is TypeSource.CLINICIAN
    assert not result.overrides_questionnaire


def test_clinician_only_needs_no_reason():
    result = confirmed_type(questionnaire_type=None, clinician_type=Fitzpatrick.II)

    assert (result.fitzpatrick, result.source) == (Fitzpatrick.II, TypeSource.CLINICIAN)


@pytest.mark.parametrize("reason", ["", "   "])
def test_differing_clinician_type_requires_a_reason(reason):
    with raises_input_error("reason", skin.REASON_REQUIRED):
        confirmed_type(
            questionnaire_type=Fitzpatrick.III, clinician_type=Fitzpatrick.IV, reason=reason
        )


def test_reason_must_be_text():
    with raises_input_error("reason", skin.REASON_INVALID):
        confirmed_type(questionnaire_type=3, clinician_type=4, reason=None)


def test_some_type_is_required():
    with raises_input_error("clinician_type", skin.TYPE_MISSING):
        confirmed_type(questionnaire_type=None, clinician_type=None)


def test_questionnaire_cannot_supply_type_vi():
    with raises_input_error("questionnaire_type", skin.QUESTIONNAIRE_TYPE_VI):
        confirmed_type(questionnaire_type=Fitzpatrick.VI, clinician_type=None)


@pytest.mark.parametrize("bad", [0, 7, True, 3.0, "III", object()])
@pytest.mark.parametrize("field", ["questionnaire_type", "clinician_type"])
def test_types_must_be_fitzpatrick_or_1_to_6(bad, field):
    arguments = {"questionnaire_type": 3, "clinician_type": None, "reason": "x", field: bad}

    with raises_input_error(field, skin.TYPE_INVALID):
        confirmed_type(**arguments)


# --- ITA° -----------------------------------------------------------------------------------


def test_ita_worked_example():
    # L* 65, b* 15: atan(15/15) = 45 degrees -> light
    reading = ita_reading(l_star=65, b_star=15)

    assert reading.ita == pytest.approx(45.0)
    assert reading.category is ItaCategory.LIGHT
    assert "not validated" in reading.fitzpatrick_caveat
    assert reading.threshold_source.unverified


def test_ita_is_reexported_from_skin():
    assert skin.ita_reading is ita_reading
    assert skin.ItaCategory is ItaCategory


def test_ita_matches_published_arctan_formula_for_positive_b():
    assert ita_degrees(l_star=40, b_star=20) == pytest.approx(math.degrees(math.atan(-10 / 20)))


@pytest.mark.parametrize(("l_star", "expected"), [(70, 90.0), (30, -90.0)])
def test_ita_with_zero_b_is_plus_or_minus_ninety(l_star, expected):
    assert ita_degrees(l_star=l_star, b_star=0) == pytest.approx(expected)


def test_ita_with_negative_b_stays_continuous_past_ninety():
    assert ita_degrees(l_star=60, b_star=-10) == pytest.approx(135.0)


def test_ita_undefined_at_l50_b0():
    with raises_input_error("b_star", skin_ita.ITA_UNDEFINED):
        ita_degrees(l_star=50, b_star=0)


def test_ita_accepts_decimal_and_fraction():
    assert ita_degrees(l_star=Decimal("65"), b_star=Fraction(15)) == pytest.approx(45.0)


@pytest.mark.parametrize("bad", [-0.1, 100.1, math.nan, math.inf, True, "60", None, Decimal("NaN")])
def test_l_star_range(bad):
    with raises_input_error("l_star", skin_ita.L_STAR_INVALID):
        ita_degrees(l_star=bad, b_star=10)


@pytest.mark.parametrize("bad", [-128.1, 127.1, math.nan, -math.inf, False, "5", Decimal("sNaN")])
def test_b_star_range(bad):
    with raises_input_error("b_star", skin_ita.B_STAR_INVALID):
        ita_degrees(l_star=60, b_star=bad)


def test_l_star_and_b_star_range_ends_are_accepted():
    assert ita_degrees(l_star=0, b_star=-128) == pytest.approx(math.degrees(math.atan2(-50, -128)))
    assert ita_degrees(l_star=100, b_star=127) == pytest.approx(math.degrees(math.atan2(50, 127)))


@pytest.mark.parametrize(
    ("ita", "expected"),
    [
        (90.0, ItaCategory.VERY_LIGHT),
        (55.01, ItaCategory.VERY_LIGHT),
        (55.0, ItaCategory.LIGHT),
        (41.01, ItaCategory.LIGHT),
        (41.0, ItaCategory.INTERMEDIATE),
        (28.01, ItaCategory.INTERMEDIATE),
        (28.0, ItaCategory.TAN),
        (10.01, ItaCategory.TAN),
        (10.0, ItaCategory.BROWN),
        (-30.0, ItaCategory.BROWN),
        (-30.01, ItaCategory.DARK),
        (-180.0, ItaCategory.DARK),
        (180.0, ItaCategory.VERY_LIGHT),
    ],
)
def test_every_ita_category_boundary(ita, expected):
    assert ita_category(ita) is expected


@pytest.mark.parametrize("bad", [180.5, -181, math.nan, None, "10"])
def test_ita_category_rejects_invalid_angles(bad):
    with raises_input_error("ita", skin_ita.ITA_INVALID):
        ita_category(bad)


def test_no_fitzpatrick_mapping_is_offered():
    public = [name for name in dir(skin_ita) if not name.startswith("_")]

    assert not any(
        "fitzpatrick" in name.lower() and callable(getattr(skin_ita, name)) for name in public
    )


_ORDER = list(ItaCategory)  # lightest first


@given(
    st.floats(0, 100, allow_nan=False),
    st.floats(0, 100, allow_nan=False),
    st.floats(0.01, 127, allow_nan=False),
)
def test_ita_monotone_in_l_star_for_fixed_positive_b(l1, l2, b):
    low, high = sorted((l1, l2))

    ita_low, ita_high = ita_degrees(l_star=low, b_star=b), ita_degrees(l_star=high, b_star=b)

    assert ita_low <= ita_high
    assert _ORDER.index(ita_category(ita_low)) >= _ORDER.index(ita_category(ita_high))


@given(st.floats(-180, 180, allow_nan=False))
def test_every_angle_has_exactly_one_category(ita):
    matches = [band for band in skin_ita.ITA_BANDS if band.interval.contains(ita)]

    assert len(matches) == 1


anything = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=3),
    st.fractions(),
)


@given(anything, anything)
def test_ita_never_raises_anything_but_clinical_input_error(l_star, b_star):
    try:
        reading = ita_reading(l_star=l_star, b_star=b_star)
    except ClinicalInputError:
        return
    assert -180.0 <= reading.ita <= 180.0


@given(answer_sets, st.sampled_from(ITEM_IDS))
def test_raising_any_answer_never_lowers_the_type(answers, item_id):
    raised = {**answers, item_id: min(4, answers[item_id] + 1)}

    assert score_questionnaire(raised).fitzpatrick >= score_questionnaire(answers).fitzpatrick


@given(anything, anything, anything)
def test_confirmed_type_never_raises_anything_but_clinical_input_error(q_type, c_type, reason):
    try:
        result = confirmed_type(questionnaire_type=q_type, clinician_type=c_type, reason=reason)
    except ClinicalInputError:
        return
    assert result.fitzpatrick in Fitzpatrick
