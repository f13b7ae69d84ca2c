"""From a person's answers to the clinical core's inputs: each answer lands on the input it
stands for, and the core's answer follows from them."""

from __future__ import annotations

from datetime import date

import pytest

from picoclinic.assessment.answers import core_inputs, tattoo_colours
from picoclinic.assessment.selectors import assessment_answer
from picoclinic.clinical.common import BodySite, Fitzpatrick, Indication, Severity
from picoclinic.clinical.estimate import PriorResponse
from picoclinic.clinical.indications_model import InkColour
from picoclinic.clinical.kirby_desai import KDColours, KDInkAmount, KDLocation, KDScarring
from picoclinic.clinical.screening_model import SunExposureKind
from tests.assessment.answers import cleaned

TODAY = date(2031, 6, 1)


def test_a_small_faint_spot_maps_to_a_mild_one_square_centimetre_concern():
    inputs = core_inputs(cleaned(), today=TODAY)
    concern = inputs.concern
    assert concern.indication is Indication.SOLAR_LENTIGINES
    assert concern.severity is Severity.MILD
    assert concern.area_cm2 == 1.0
    assert concern.body_site is BodySite.FACE
    assert concern.tattoo is None
    assert concern.prior_sessions == 0
    assert concern.prior_response is None


def test_the_skin_questions_give_the_cores_questionnaire_type():
    assert core_inputs(cleaned(), today=TODAY).concern.fitzpatrick is Fitzpatrick.III
    pale = cleaned(**{k: "0" for k in cleaned() if k.startswith("skin_")})
    assert core_inputs(pale, today=TODAY).concern.fitzpatrick is Fitzpatrick.I
    dark = cleaned(**{k: "4" for k in cleaned() if k.startswith("skin_")})
    inputs = core_inputs(dark, today=TODAY)
    assert inputs.skin.needs_clinician_confirmation  # V-VI: the practitioner decides


@pytest.mark.parametrize(
    ("size", "noticeable", "area", "severity"),
    [
        ("coin", "clear", 5.0, Severity.MODERATE),
        ("palm", "marked", 50.0, Severity.SEVERE),
        ("larger", "faint", 150.0, Severity.MILD),
    ],
)
def test_size_and_visibility_map_to_area_and_severity(size, noticeable, area, severity):
    concern = core_inputs(cleaned(size=size, noticeable=noticeable), today=TODAY).concern
    assert (concern.area_cm2, concern.severity) == (area, severity)


def test_a_tattoo_maps_to_the_kirby_desai_details():
    answers = cleaned(
        concern="tattoo",
        body_site="hand",
        tattoo_colours=["black_dark_blue", "red_orange"],
        tattoo_maker="amateur",
        tattoo_scarring="little",
        tattoo_cover_up="yes",
        earlier="partial",
        earlier_sessions=3,
    )
    concern = core_inputs(answers, today=TODAY).concern
    assert concern.tattoo.location is KDLocation.DISTAL_EXTREMITY
    assert concern.tattoo.colours is KDColours.BLACK_SOME_RED
    assert concern.tattoo.ink_amount is KDInkAmount.AMATEUR
    assert concern.tattoo.scarring is KDScarring.MINIMAL
    assert concern.tattoo.layering is True
    assert concern.ink_colours_present == {InkColour.BLACK_DARK_BLUE, InkColour.RED_ORANGE}
    assert (concern.prior_sessions, concern.prior_response) == (3, PriorResponse.PARTIAL)


@pytest.mark.parametrize(
    ("inks", "category"),
    [
        ({InkColour.BLACK_DARK_BLUE}, KDColours.BLACK),
        ({InkColour.BLACK_DARK_BLUE, InkColour.RED_ORANGE}, KDColours.BLACK_SOME_RED),
        (
            {InkColour.BLACK_DARK_BLUE, InkColour.RED_ORANGE, InkColour.YELLOW},
            KDColours.BLACK_RED_OTHER,
        ),
        ({InkColour.BLUE_GREEN_PURPLE}, KDColours.MULTICOLOUR),
        ({InkColour.BLACK_DARK_BLUE, InkColour.YELLOW}, KDColours.MULTICOLOUR),
    ],
)
def test_tattoo_colours_map_to_the_kirby_desai_category(inks, category):
    assert tattoo_colours(frozenset(inks)) is category


def test_the_safety_questions_map_to_the_screening_history():
    answers = cleaned(
        pregnant="yes",
        isotretinoin="6_months",
        cold_sores="yes",
        cold_sore_now="yes",
        tan="2_weeks",
        light_medicines="unsure",
        keloids="yes",
    )
    history = core_inputs(answers, today=TODAY).history
    assert history.pregnant
    assert history.hsv_history
    assert history.cold_sore_at_site
    assert history.keloid_history
    assert history.photosensitising_drugs  # "not sure" is screened as a yes
    assert history.isotretinoin.stopped_on is not None
    assert (TODAY - history.isotretinoin.stopped_on).days < 183
    assert history.sun_exposures[0].kind is SunExposureKind.TAN
    assert (TODAY - history.sun_exposures[0].last_on).days < 14


def test_no_to_every_safety_question_screens_clear():
    history = core_inputs(cleaned(), today=TODAY).history
    assert history.isotretinoin is None
    assert not history.sun_exposures
    assert not (history.pregnant)
    assert not (history.hsv_history)
    assert not (history.photosensitising_drugs)


def test_isotretinoin_taken_now_has_no_stop_date():
    history = core_inputs(cleaned(isotretinoin="now"), today=TODAY).history
    assert history.isotretinoin.stopped_on is None


def test_near_the_eyes_is_periocular_treatment_on_the_face():
    treatment = core_inputs(cleaned(near_eyes="yes"), today=TODAY).treatment
    assert treatment.periocular
    assert treatment.facial_or_perioral


def test_cosmetic_tattooing_is_screened_as_cosmetic_ink():
    answers = cleaned(concern="tattoo", tattoo_colours=["black_dark_blue"], tattoo_maker="cosmetic")
    assert core_inputs(answers, today=TODAY).history.tattoo_ink_cosmetic


def test_a_small_faint_sun_spot_may_need_one_session_with_its_source():
    answer = assessment_answer(cleaned(), today=TODAY)
    assert answer.may_suffice
    assert any("Negishi" in s for s in answer.one_session.sources)
    assert answer.before == []


def test_a_tattoo_is_never_one_session_and_every_fact_has_a_source():
    answers = cleaned(concern="tattoo", tattoo_colours=["black_dark_blue"], tattoo_maker="amateur")
    answer = assessment_answer(answers, today=TODAY)
    assert not answer.may_suffice
    assert answer.one_session.text.startswith("Probably not")
    for _key, item in answer.facts:
        assert item.sources, item.text
        assert not any("UNVERIFIED" in s for s in item.sources)


def test_pregnancy_and_a_recent_tan_come_first_with_their_sources():
    answer = assessment_answer(cleaned(pregnant="yes", tan="2_weeks"), today=TODAY)
    texts = [item.text for item in answer.before]
    assert any("pregnancy" in t for t in texts)
    assert any("tan has faded" in t for t in texts)
    assert all(item.sources for item in answer.before)


def test_melasma_says_maintenance_is_usual():
    answer = assessment_answer(cleaned(concern="melasma"), today=TODAY)
    maintenance = dict(answer.facts)["maintenance"]
    assert maintenance.text.startswith("Yes")
