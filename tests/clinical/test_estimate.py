"""Session estimate: doctor-signable answers, each adjustment rule, course and re-estimate."""

import dataclasses
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from picoclinic.clinical.common import (
    BodySite,
    ClinicalInputError,
    Fitzpatrick,
    Indication,
    Severity,
)
from picoclinic.clinical.estimate import (
    Concern,
    PriorResponse,
    Recommendation,
    TattooDetails,
    estimate_course,
    estimate_sessions,
    reestimate_remaining,
)
from picoclinic.clinical.estimate_course import (
    ERR_CLEARANCE,
    ERR_NO_CONCERNS,
    ERR_SESSIONS_DONE,
    MSG_AT_CEILING,
    MSG_GOAL_REACHED,
    MSG_NO_RESPONSE,
    MSG_SLOWER,
)
from picoclinic.clinical.estimate_model import (
    ERR_AGE,
    ERR_AREA,
    ERR_INK_REFUSED,
    ERR_TATTOO_REFUSED,
    ERR_TATTOO_REQUIRED,
)
from picoclinic.clinical.estimate_single import run_rules
from picoclinic.clinical.indications import CATALOGUE, AcneScarType, InkColour
from picoclinic.clinical.kirby_desai import KDColours, KDInkAmount, KDLocation, KDScarring

AMATEUR_BLACK = TattooDetails(
    location=KDLocation.PROXIMAL_EXTREMITY,
    colours=KDColours.BLACK,
    ink_amount=KDInkAmount.AMATEUR,
    scarring=KDScarring.NONE,
    layering=False,
)


def concern(indication=Indication.SOLAR_LENTIGINES, **changes):
    base = {
        "indication": indication,
        "fitzpatrick": Fitzpatrick.III,
        "severity": Severity.MODERATE,
        "body_site": BodySite.FACE,
    }
    if indication is Indication.TATTOO:
        base["tattoo"] = AMATEUR_BLACK
    return Concern(**{**base, **changes})


def factor_names(estimate):
    return [f.name for f in estimate.factors]


# --- The three doctor-signable answers -------------------------------------------------------


def test_mild_solar_lentigo_one_session_may_suffice():
    estimate = estimate_sessions(concern(severity=Severity.MILD, area_cm2=1.0))
    assert estimate.one_session_may_suffice is True
    assert "93%" in estimate.one_session_answer
    assert "estimate" in estimate.one_session_answer
    assert (estimate.sessions.low, estimate.sessions.typical) == (1, 1)
    assert estimate.interval.min_days == 28


def test_moderate_melasma_is_second_line_with_topicals_and_spf():
    estimate = estimate_sessions(concern(Indication.MELASMA))
    assert estimate.one_session_may_suffice is False
    assert "second line" in estimate.one_session_answer
    assert "topicals" in estimate.one_session_answer
    assert "SPF" in estimate.one_session_answer
    assert (estimate.sessions.low, estimate.sessions.typical) == (3, 5)
    assert estimate.sessions.high >= 5
    assert estimate.first_line_alternatives
    assert "photoprotection" in estimate.maintenance


def test_black_amateur_tattoo_shows_kirby_desai():
    estimate = estimate_sessions(concern(Indication.TATTOO, fitzpatrick=Fitzpatrick.II))
    assert estimate.one_session_may_suffice is False
    kd = estimate.kirby_desai
    assert kd is not None
    assert kd.score == 2 + 4 + 1 + 1 + 0 + 0
    assert (estimate.sessions.low, estimate.sessions.high) == (kd.ps_low, kd.ps_high)
    assert "Kirby-Desai" in estimate.one_session_answer
    assert "pending this clinic's own audit data" in estimate.estimate_note


# --- Rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "expected"),
    [(Severity.MILD, (3, 4, 8)), (Severity.MODERATE, (3, 5, 10)), (Severity.SEVERE, (5, 6, 10))],
)
def test_severity_places_concern_in_published_range(severity, expected):
    s = estimate_sessions(concern(Indication.MELASMA, severity=severity)).sessions
    assert (s.low, s.typical, s.high) == expected


def test_dark_skin_adds_a_session_and_lengthens_pigment_interval():
    light = estimate_sessions(concern(Indication.FRECKLES))
    dark = estimate_sessions(concern(Indication.FRECKLES, fitzpatrick=Fitzpatrick.V))
    assert dark.sessions.typical == light.sessions.typical + 1
    assert dark.interval.min_days == 28
    assert dark.interval.target_days == 35
    assert "Skin type V: longer interval" in factor_names(dark)
    effect = next(f.effect for f in dark.factors if "longer interval" in f.name)
    assert effect.startswith("interval lengthened to 35 days")


def test_dark_skin_tattoo_interval_is_8_to_12_weeks_convention():
    dark = estimate_sessions(concern(Indication.TATTOO, fitzpatrick=Fitzpatrick.VI))
    assert (dark.interval.min_days, dark.interval.target_days, dark.interval.max_days) == (
        56,
        70,
        84,
    )
    source = next(f.source for f in dark.factors if "longer interval" in f.name)
    assert source.unverified


def test_dark_skin_does_not_change_scar_or_rejuvenation_interval():
    for indication in (Indication.ACNE_SCARS, Indication.REJUVENATION):
        light = estimate_sessions(concern(indication))
        dark = estimate_sessions(concern(indication, fitzpatrick=Fitzpatrick.VI))
        assert dark.interval == light.interval
        assert dark.sessions == light.sessions


def test_large_area_adds_at_the_high_end():
    estimate = estimate_sessions(
        concern(Indication.REJUVENATION, severity=Severity.MILD, area_cm2=300)
    )
    base = estimate_sessions(concern(Indication.REJUVENATION, severity=Severity.MILD))
    assert estimate.sessions.high == base.sessions.high + 1
    assert any(f.name.startswith("Large area") for f in estimate.factors)


def test_prior_response_rules():
    good = estimate_sessions(concern(Indication.NEVUS_OF_OTA, prior_response=PriorResponse.GOOD))
    none = estimate_sessions(concern(Indication.NEVUS_OF_OTA, prior_response=PriorResponse.NONE))
    base = estimate_sessions(concern(Indication.NEVUS_OF_OTA))
    assert good.sessions.typical == base.sessions.typical - 1
    # No response never adds sessions: it asks for a doctor's review.
    assert none.sessions == base.sessions
    assert none.recommendation is Recommendation.DOCTOR_REVIEW
    assert "a doctor reviews" in next(f.effect for f in none.factors if "no response" in f.name)
    assert base.recommendation is Recommendation.PROCEED


def test_nevus_of_ota_children_did_better():
    child = estimate_sessions(concern(Indication.NEVUS_OF_OTA, age=8))
    adult = estimate_sessions(concern(Indication.NEVUS_OF_OTA, age=30))
    assert child.sessions.typical == adult.sessions.typical - 1
    assert any("child" in name for name in factor_names(child))


def test_estimate_is_capped_at_published_maximum():
    estimate = estimate_sessions(
        concern(
            Indication.HORI_NEVUS,
            severity=Severity.SEVERE,
            fitzpatrick=Fitzpatrick.V,
            area_cm2=200,
            prior_response=PriorResponse.NONE,
        )
    )
    assert (
        estimate.sessions.high == estimate.ceiling == CATALOGUE[Indication.HORI_NEVUS].sessions.high
    )
    # Severe already reaches the published maximum: skin type and area add nothing, so they are
    # not listed as if they did.
    names = factor_names(estimate)
    assert "Skin type V: lower fluence" not in names
    assert not any(name.startswith("Large area") for name in names)


def test_one_session_refused_with_reasons():
    cases = {
        "not mild": concern(),
        "larger than a discrete lesion": concern(severity=Severity.MILD, area_cm2=50),
        "532 nm is avoided": concern(severity=Severity.MILD, fitzpatrick=Fitzpatrick.V),
        "no response": concern(severity=Severity.MILD, prior_response=PriorResponse.NONE),
    }
    for reason, case in cases.items():
        estimate = estimate_sessions(case)
        assert estimate.one_session_may_suffice is False
        assert reason in estimate.one_session_answer


def test_test_spot_for_calm_and_red_or_cosmetic_ink():
    assert estimate_sessions(concern(Indication.CAFE_AU_LAIT)).test_spot_required
    assert not estimate_sessions(concern(Indication.TATTOO)).test_spot_required
    red = dataclasses.replace(AMATEUR_BLACK, colours=KDColours.BLACK_SOME_RED)
    assert estimate_sessions(concern(Indication.TATTOO, tattoo=red)).test_spot_required
    white = concern(
        Indication.TATTOO, ink_colours_present=frozenset({InkColour.WHITE_FLESH_COSMETIC})
    )
    estimate = estimate_sessions(white)
    assert estimate.test_spot_required
    assert "Ink: white_flesh_cosmetic" in factor_names(estimate)


def test_icepick_lowers_expectations():
    estimate = estimate_sessions(
        concern(Indication.ACNE_SCARS, acne_scar_type=AcneScarType.ICEPICK)
    )
    assert "Icepick scars" in factor_names(estimate)


def test_course_weeks_from_sessions_and_interval():
    e = estimate_sessions(concern(Indication.NEVUS_OF_OTA))
    assert e.course_weeks.low == round((e.sessions.low - 1) * e.interval.min_days / 7, 1)
    assert e.course_weeks.high == round((e.sessions.high - 1) * e.interval.max_days / 7, 1)


def test_every_factor_has_a_source_and_note_says_estimate():
    e = estimate_sessions(concern(Indication.FRECKLES, fitzpatrick=Fitzpatrick.IV, area_cm2=150))
    assert all(f.name and f.effect and f.source.citation for f in e.factors)
    assert e.estimate_note.startswith("Estimate only")
    assert "UNVERIFIED" in e.estimate_note


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"indication": Indication.TATTOO}, ERR_TATTOO_REQUIRED, "tattoo"),
        ({"tattoo": AMATEUR_BLACK}, ERR_TATTOO_REFUSED, "tattoo"),
        (
            {"ink_colours_present": frozenset({InkColour.YELLOW})},
            ERR_INK_REFUSED,
            "ink_colours_present",
        ),
        ({"area_cm2": 0}, ERR_AREA, "area_cm2"),
        ({"age": 121}, ERR_AGE, "age"),
    ],
)
def test_concern_validation(changes, message, field):
    base = {
        "indication": Indication.MELASMA,
        "fitzpatrick": Fitzpatrick.III,
        "severity": Severity.MILD,
        "body_site": BodySite.FACE,
    }
    with pytest.raises(ClinicalInputError) as error:
        Concern(**{**base, **changes})
    assert (error.value.message, error.value.field) == (message, field)


# --- Properties -------------------------------------------------------------------------------

tattoos = st.builds(
    TattooDetails,
    location=st.sampled_from(KDLocation),
    colours=st.sampled_from(KDColours),
    ink_amount=st.sampled_from(KDInkAmount),
    scarring=st.sampled_from(KDScarring),
    layering=st.booleans(),
)


@st.composite
def concerns(draw):
    indication = draw(st.sampled_from(Indication))
    return Concern(
        indication=indication,
        fitzpatrick=draw(st.sampled_from(Fitzpatrick)),
        severity=draw(st.sampled_from(Severity)),
        body_site=draw(st.sampled_from(BodySite)),
        area_cm2=draw(st.none() | st.floats(min_value=0.1, max_value=10_000)),
        age=draw(st.none() | st.integers(0, 120)),
        tattoo=draw(tattoos) if indication is Indication.TATTOO else None,
        acne_scar_type=draw(st.none() | st.sampled_from(AcneScarType))
        if indication is Indication.ACNE_SCARS
        else None,
        prior_response=draw(st.none() | st.sampled_from(PriorResponse)),
        prior_sessions=draw(st.integers(0, 12)),
    )


SEVERITY_ORDER = list(Severity)


@given(concerns())
def test_invariants_hold(c):
    e = estimate_sessions(c)
    assert 1 <= e.sessions.low <= e.sessions.typical <= e.sessions.high <= e.ceiling
    assert 1 <= e.interval.min_days <= e.interval.target_days <= e.interval.max_days
    assert 0 <= e.course_weeks.low <= e.course_weeks.high
    assert not (
        e.one_session_may_suffice and c.indication in {Indication.MELASMA, Indication.TATTOO}
    )


@given(concerns())
def test_more_severe_never_needs_fewer_sessions(c):
    counts = [
        estimate_sessions(dataclasses.replace(c, severity=s)).sessions for s in SEVERITY_ORDER
    ]
    for milder, worse in itertools.pairwise(counts):
        assert milder.low <= worse.low
        assert milder.typical <= worse.typical
        assert milder.high <= worse.high


@given(concerns())
def test_darker_skin_never_shortens_interval(c):
    intervals = [
        estimate_sessions(dataclasses.replace(c, fitzpatrick=f)).interval for f in Fitzpatrick
    ]
    for lighter, darker in itertools.pairwise(intervals):
        assert lighter.min_days <= darker.min_days
        assert lighter.target_days <= darker.target_days
        assert lighter.max_days <= darker.max_days


# --- Course -----------------------------------------------------------------------------------


def test_two_face_pigment_concerns_share_visits():
    course = estimate_course(
        [
            concern(Indication.SOLAR_LENTIGINES),
            concern(Indication.FRECKLES, severity=Severity.SEVERE),
        ]
    )
    assert len(course.groups) == 1
    group = course.groups[0]
    assert (532, "flat_beam") in group.shared_beams
    assert group.interval.min_days == 28  # the longest minimum governs
    assert group.sessions.high == max(e.sessions.high for e in course.estimates)


def test_incompatible_windows_or_sites_do_not_share():
    course = estimate_course(
        [
            concern(Indication.MELASMA),
            concern(Indication.NEVUS_OF_OTA),
            concern(Indication.SOLAR_LENTIGINES, body_site=BodySite.HAND),
        ]
    )
    assert len(course.groups) == 3
    assert course.visits.typical == sum(g.sessions.typical for g in course.groups)
    assert course.course_weeks.high == max(g.course_weeks.high for g in course.groups)


def test_course_needs_a_concern():
    with pytest.raises(ClinicalInputError, match=ERR_NO_CONCERNS):
        estimate_course([])


@given(st.lists(concerns(), min_size=1, max_size=4))
def test_course_invariants(cs):
    course = estimate_course(cs)
    assert sum(len(g.estimates) for g in course.groups) == len(cs)
    assert course.course_weeks.low <= course.course_weeks.high
    for g in course.groups:
        assert g.interval.min_days == max(e.interval.min_days for e in g.estimates)
        assert g.interval.min_days <= g.interval.target_days <= g.interval.max_days


# --- Re-estimate ------------------------------------------------------------------------------


def test_strong_response_shortens_and_goal_reached_stops():
    e = estimate_sessions(concern(Indication.NEVUS_OF_OTA))
    strong = reestimate_remaining(e, 1, 60)
    weak = reestimate_remaining(e, 1, 20)
    assert strong.remaining < weak.remaining
    assert strong.remaining == 1  # 60% per session: 2 sessions reach 84% >= 75%
    done = reestimate_remaining(e, 2, 80)
    assert (done.remaining, done.message) == (0, MSG_GOAL_REACHED)


def test_no_response_flags_doctor_review():
    e = estimate_sessions(concern(Indication.MELASMA))
    result = reestimate_remaining(e, 2, 5)
    assert result.doctor_review
    assert result.message == MSG_NO_RESPONSE
    assert "reconsider" in result.message


def test_slow_response_capped_and_ceiling_reached():
    e = estimate_sessions(concern(Indication.HORI_NEVUS))
    slow = reestimate_remaining(e, 1, 11)
    assert slow.remaining == e.ceiling - 1
    assert (slow.doctor_review, slow.message) == (True, MSG_SLOWER)
    spent = reestimate_remaining(e, e.ceiling, 50)
    assert (spent.remaining, spent.message) == (0, MSG_AT_CEILING)
    assert "Estimate" in spent.method


@pytest.mark.parametrize(
    ("done", "clearance", "message"),
    [
        (-1, 10, ERR_SESSIONS_DONE),
        (True, 10, ERR_SESSIONS_DONE),
        (1, 101, ERR_CLEARANCE),
        (1, float("nan"), ERR_CLEARANCE),
    ],
)
def test_reestimate_validation(done, clearance, message):
    e = estimate_sessions(concern())
    with pytest.raises(ClinicalInputError, match=message):
        reestimate_remaining(e, done, clearance)


@given(concerns(), st.integers(0, 20), st.floats(0, 100), st.floats(0, 100))
def test_reestimate_bounds_and_monotone(c, done, a, b):
    e = estimate_sessions(c)
    low, high = sorted((a, b))
    weaker, stronger = reestimate_remaining(e, done, low), reestimate_remaining(e, done, high)
    for result in (weaker, stronger):
        assert result.remaining >= 0
        assert done + result.remaining <= max(e.ceiling, done)
        assert e.ceiling <= CATALOGUE[c.indication].sessions.high or c.tattoo is not None
    assert stronger.remaining <= weaker.remaining


# --- Earlier treatment and factors that change the result (issue #14) ------------------------


def test_pih_on_dark_skin_lists_no_session_the_cap_removes():
    pih = estimate_sessions(
        concern(Indication.PIH, severity=Severity.SEVERE, fitzpatrick=Fitzpatrick.V)
    )
    light = estimate_sessions(concern(Indication.PIH, severity=Severity.SEVERE))
    assert pih.sessions == light.sessions
    assert not any("+1" in f.effect for f in pih.factors)
    assert "Skin type V: lower fluence" not in factor_names(pih)
    # Where the range has room, the same factor is listed with what it adds.
    moderate = estimate_sessions(concern(Indication.PIH, fitzpatrick=Fitzpatrick.V))
    effect = next(f.effect for f in moderate.factors if f.name == "Skin type V: lower fluence")
    assert effect == "+1 session typically"


def test_a_non_responder_after_a_full_course_is_told_to_stop_and_re_evaluate():
    untreated = estimate_sessions(concern(Indication.MELASMA))
    after_course = estimate_sessions(
        concern(Indication.MELASMA, prior_sessions=5, prior_response=PriorResponse.NONE)
    )
    assert after_course.recommendation is Recommendation.STOP_AND_REEVALUATE
    assert "stop and re-evaluate with the doctor" in after_course.recommendation_reason
    assert after_course.sessions.high <= untreated.sessions.high
    assert after_course.sessions.typical <= untreated.sessions.typical
    assert after_course.one_session_may_suffice is False
    short = estimate_sessions(
        concern(Indication.MELASMA, prior_sessions=2, prior_response=PriorResponse.NONE)
    )
    assert short.recommendation is Recommendation.DOCTOR_REVIEW
    assert "2 earlier sessions" in short.recommendation_reason


def test_earlier_sessions_count_toward_the_published_maximum():
    ceiling = CATALOGUE[Indication.MELASMA].sessions.high  # 10
    after = estimate_sessions(
        concern(Indication.MELASMA, prior_sessions=8, prior_response=PriorResponse.PARTIAL)
    )
    assert after.sessions.high == ceiling - 8
    effect = next(f.effect for f in after.factors if f.name == "Earlier sessions: 8")
    assert effect == f"at most 2 more (published maximum {ceiling})"
    # One earlier lentigo session leaves room for the whole mild range (1-3 of at most 4).
    mild = concern(severity=Severity.MILD)
    few = estimate_sessions(dataclasses.replace(mild, prior_sessions=1))
    assert few.sessions == estimate_sessions(mild).sessions
    assert "Earlier sessions: 1" not in factor_names(few)


def _counts(e):
    return e.sessions.low, e.sessions.typical, e.sessions.high


def _untreated(c):
    return dataclasses.replace(c, prior_sessions=0, prior_response=None)


@given(concerns())
def test_prior_non_response_never_raises_the_estimate(c):
    untreated = estimate_sessions(_untreated(c))
    none = estimate_sessions(dataclasses.replace(c, prior_response=PriorResponse.NONE))
    assert all(a <= b for a, b in zip(_counts(none), _counts(untreated), strict=True))
    assert none.recommendation is not Recommendation.PROCEED


@given(concerns(), st.integers(0, 12))
def test_more_earlier_sessions_never_raise_the_estimate(c, more):
    fewer = estimate_sessions(c)
    after = estimate_sessions(dataclasses.replace(c, prior_sessions=c.prior_sessions + more))
    assert all(a <= b for a, b in zip(_counts(after), _counts(fewer), strict=True))


@given(concerns())
def test_every_factor_shown_changes_the_result(c):
    e = estimate_sessions(c)
    profile = e.profile
    _, added = run_rules(c, profile, e.kirby_desai)
    shown = set(e.factors)
    for index, factors in added.items():
        if factors and set(factors) <= shown:
            others = frozenset(i for i, f in added.items() if f and not set(f) <= shown)
            without, _ = run_rules(c, profile, e.kirby_desai, others | {index})
            outcome = (without.low, without.typical, without.high, without.recommendation)
            assert outcome != (*_counts(e), e.recommendation), factors
    assert "no change" not in " ".join(f.effect for f in e.factors)
