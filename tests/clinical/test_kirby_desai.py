"""Kirby-Desai: all six parameters, the +/- 2.5 band, and the flagged picosecond range."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from picoclinic.clinical.common import Fitzpatrick
from picoclinic.clinical.kirby_desai import (
    COLOUR_POINTS,
    INK_POINTS,
    LAYERING_POINTS,
    LOCATION_POINTS,
    MAX_SCORE,
    MIN_SCORE,
    PS_NOTE,
    SCARRING_POINTS,
    KDColours,
    KDInkAmount,
    KDLocation,
    KDScarring,
    TattooDetails,
    kirby_desai,
    ps_adjusted_range,
)

tattoos = st.builds(
    TattooDetails,
    location=st.sampled_from(KDLocation),
    colours=st.sampled_from(KDColours),
    ink_amount=st.sampled_from(KDInkAmount),
    scarring=st.sampled_from(KDScarring),
    layering=st.booleans(),
)


def _tattoo(**changes):
    base = {
        "location": KDLocation.HEAD_NECK,
        "colours": KDColours.BLACK,
        "ink_amount": KDInkAmount.AMATEUR,
        "scarring": KDScarring.NONE,
        "layering": False,
    }
    return TattooDetails(**{**base, **changes})


def test_point_tables():
    assert [LOCATION_POINTS[x].points for x in KDLocation] == [1, 2, 3, 4, 5]
    assert [COLOUR_POINTS[x].points for x in KDColours] == [1, 2, 3, 4]
    assert [INK_POINTS[x].points for x in KDInkAmount] == [1, 2, 3, 4]
    assert [SCARRING_POINTS[x].points for x in KDScarring] == [0, 1, 3, 5]
    assert (LAYERING_POINTS[False].points, LAYERING_POINTS[True].points) == (0, 2)


def test_unverified_categories_are_flagged():
    unverified = {
        LOCATION_POINTS[KDLocation.LOWER_TRUNK],
        LOCATION_POINTS[KDLocation.PROXIMAL_EXTREMITY],
        COLOUR_POINTS[KDColours.BLACK_SOME_RED],
        COLOUR_POINTS[KDColours.BLACK_RED_OTHER],
        INK_POINTS[KDInkAmount.MINIMAL],
        INK_POINTS[KDInkAmount.SIGNIFICANT],
        SCARRING_POINTS[KDScarring.MINIMAL],
        SCARRING_POINTS[KDScarring.MODERATE],
        SCARRING_POINTS[KDScarring.SIGNIFICANT],
        LAYERING_POINTS[True],
    }
    assert all(p.source.unverified for p in unverified)
    assert not LOCATION_POINTS[KDLocation.HEAD_NECK].source.unverified
    assert not kirby_desai(fitzpatrick=Fitzpatrick.I, tattoo=_tattoo()).unverified
    assert kirby_desai(fitzpatrick=Fitzpatrick.I, tattoo=_tattoo(layering=True)).unverified


def test_minimum_and_maximum_scores():
    lowest = kirby_desai(fitzpatrick=Fitzpatrick.I, tattoo=_tattoo())
    highest = kirby_desai(
        fitzpatrick=Fitzpatrick.VI,
        tattoo=_tattoo(
            location=KDLocation.DISTAL_EXTREMITY,
            colours=KDColours.MULTICOLOUR,
            ink_amount=KDInkAmount.SIGNIFICANT,
            scarring=KDScarring.SIGNIFICANT,
            layering=True,
        ),
    )
    assert (lowest.score, highest.score) == (MIN_SCORE, MAX_SCORE) == (4, 26)
    assert highest.realistic_goal_note
    assert "cover-up" in highest.realistic_goal_note
    assert lowest.realistic_goal_note is None


def test_eyebrow_worked_example_scores_six():
    # annahoo blog: FST III + face + amateur + black + no scar + no layering = 6
    result = kirby_desai(fitzpatrick=Fitzpatrick.III, tattoo=_tattoo())
    assert result.score == 6
    assert (result.band_low, result.band_high) == (3.5, 8.5)
    assert [p.name for p in result.parameters] == [
        "Fitzpatrick skin type",
        "Location",
        "Colour",
        "Amount of ink",
        "Scarring",
        "Layering",
    ]


def test_picosecond_range_matches_trials_for_professional_black():
    # FST II, upper trunk, black, moderate ink: score 8; ps trials 4-6.5 sessions.
    result = kirby_desai(
        fitzpatrick=Fitzpatrick.II,
        tattoo=_tattoo(location=KDLocation.UPPER_TRUNK, ink_amount=KDInkAmount.MODERATE),
    )
    assert result.score == 8
    assert (result.ps_low, result.ps_typical, result.ps_high) == (4, 5, 7)
    assert result.ps_high < result.band_high
    assert "estimate" in PS_NOTE
    assert "audit" in PS_NOTE
    assert "24.8" not in PS_NOTE


@given(fst=st.sampled_from(Fitzpatrick), tattoo=tattoos)
def test_score_is_sum_and_band_is_plus_minus_two_and_a_half(fst, tattoo):
    result = kirby_desai(fitzpatrick=fst, tattoo=tattoo)
    assert result.score == sum(p.points for p in result.parameters)
    assert MIN_SCORE <= result.score <= MAX_SCORE
    assert result.band_high - result.band_low == 5.0
    assert 1 <= result.ps_low <= result.ps_typical <= result.ps_high


def test_picosecond_range_is_monotone_in_score():
    ranges = [ps_adjusted_range(score) for score in range(MIN_SCORE, MAX_SCORE + 1)]
    for earlier, later in itertools.pairwise(ranges):
        assert all(a <= b for a, b in zip(earlier, later, strict=True))


@pytest.mark.parametrize("fst", list(Fitzpatrick))
def test_fitzpatrick_points_equal_type(fst):
    result = kirby_desai(fitzpatrick=fst, tattoo=_tattoo())
    assert result.parameters[0].points == int(fst)
