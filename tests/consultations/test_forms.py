"""What the workspace forms accept, refuse and store."""

from __future__ import annotations

from datetime import date

import pytest

from picoclinic.clinical.screening_model import ERR_CALM_COUNTS
from picoclinic.clinical.skin import REASON_REQUIRED
from picoclinic.consultations.forms import DIRECT_TYPE_REASON_REQUIRED, SkinTypeForm
from picoclinic.consultations.forms.concern import (
    AREA_OUT_OF_RANGE,
    PERIOCULAR_NOT_FACE,
    TATTOO_DETAILS_NEEDED,
    TATTOO_FIELD_REQUIRED,
    ConcernForm,
)
from picoclinic.consultations.forms.history import DATE_IN_FUTURE, HistoryForm, history_initial
from tests.consultations.helpers import (
    NO_HISTORY,
    NO_HISTORY_POST,
    QUESTIONNAIRE_III,
    questionnaire_post,
)

TODAY = date(2026, 11, 21)


def skin(data: dict) -> SkinTypeForm:
    form = SkinTypeForm(data=data)
    form.is_valid()
    return form


def test_a_complete_questionnaire_sets_the_type():
    form = skin(questionnaire_post(QUESTIONNAIRE_III))
    values = form.section_values()
    assert values["questionnaire_total"] == 20
    assert (values["fitzpatrick"], values["fitzpatrick_source"]) == (3, "questionnaire")


def test_a_partial_questionnaire_is_saved_without_a_type():
    form = skin({"q_eye_colour": "1", "q_hair_colour": "3"})
    assert form.is_valid()
    values = form.section_values()
    assert values["questionnaire_answers"] == {"eye_colour": 1, "hair_colour": 3}
    assert values["fitzpatrick"] is None


def test_a_type_entered_directly_needs_a_reason():
    form = skin({"clinician_type": "4"})
    assert form.errors["reason"] == [DIRECT_TYPE_REASON_REQUIRED]
    form = skin({"clinician_type": "4", "reason": "Assessed in person"})
    assert form.section_values()["fitzpatrick"] == 4


def test_a_clinician_type_that_differs_needs_the_cores_reason():
    form = skin(questionnaire_post(QUESTIONNAIRE_III) | {"clinician_type": "4"})
    assert form.errors["reason"] == [REASON_REQUIRED]
    form = skin(questionnaire_post(QUESTIONNAIRE_III) | {"clinician_type": "4", "reason": "Tan"})
    values = form.section_values()
    assert (values["fitzpatrick"], values["questionnaire_type"]) == (4, 3)
    assert values["fitzpatrick_source"] == "clinician"


@pytest.mark.parametrize("garbage", ["7", "x", "-1", "3.5"])
def test_out_of_range_answers_are_field_errors(garbage):
    assert "q_eye_colour" in skin({"q_eye_colour": garbage}).errors


def history(data: dict) -> HistoryForm:
    form = HistoryForm(data=data, today=TODAY)
    form.is_valid()
    return form


def test_the_history_all_no_is_the_cores_complete_history():
    assert history(NO_HISTORY_POST).section_values()["medical_history"] == NO_HISTORY


def test_a_partial_history_keeps_only_what_was_answered():
    form = history({"hsv_history": "yes", "isotretinoin": "stopped"})
    assert form.is_valid()
    # "Stopped" without its date is not answered yet: no error, no key.
    assert form.section_values()["medical_history"] == {"hsv_history": True}


def test_structured_answers_take_the_cores_shape():
    form = history(
        NO_HISTORY_POST
        | {
            "isotretinoin": "stopped",
            "isotretinoin_stopped_on": "2026-09-01",
            "sun_exposure": "yes",
            "sun_tan_on": "2026-11-01",
            "vitiligo": "yes",
            "vitiligo_last_active_on": "",
            "vitiligo_activity": "no",
            "cafe_au_lait": "yes",
            "calm_over_5_mm": "3",
            "calm_over_15_mm": "1",
            "calm_post_puberty": "yes",
        }
    )
    stored = form.section_values()["medical_history"]
    assert stored["isotretinoin"] == {"stopped_on": "2026-09-01"}
    assert stored["sun_exposures"] == [{"kind": "tan", "last_on": "2026-11-01"}]
    assert stored["vitiligo"] == {"last_active_on": None, "signs_of_activity": False}
    assert stored["cafe_au_lait"] == {"over_5_mm": 3, "over_15_mm": 1, "post_puberty": True}


def test_history_errors_are_beside_their_field():
    form = history({"topical_actives": "yes", "topical_actives_last_used_on": "2026-12-01"})
    assert form.errors["topical_actives_last_used_on"] == [DATE_IN_FUTURE]
    calm = {"calm_over_5_mm": "1", "calm_over_15_mm": "2", "calm_post_puberty": "no"}
    form = history({"cafe_au_lait": "yes", **calm})
    assert form.errors["calm_over_15_mm"] == [ERR_CALM_COUNTS]


def test_the_initial_values_round_trip():
    form = history(
        NO_HISTORY_POST
        | {"hsv_history": "yes", "sun_exposure": "yes"}
        | {"sun_sunburn_on": "2026-10-01"}
    )
    stored = form.section_values()["medical_history"]
    again = history({k: v for k, v in history_initial(stored).items() if v is not None})
    assert again.section_values()["medical_history"] == stored


def concern(data: dict) -> ConcernForm:
    form = ConcernForm(
        data={"indication": "tattoo", "body_site": "arm", "severity": "moderate"} | data
    )
    form.is_valid()
    return form


TATTOO = {
    "tattoo_location": "distal_extremity",
    "tattoo_colours": "black",
    "tattoo_ink_amount": "moderate",
    "tattoo_scarring": "none",
    "tattoo_layering": "no",
}


def test_a_tattoo_needs_its_kirby_desai_fields():
    form = concern({})
    assert form.non_field_errors() == [TATTOO_DETAILS_NEEDED]
    form = concern({"tattoo_location": "head_neck"})
    assert form.errors["tattoo_colours"] == [TATTOO_FIELD_REQUIRED]
    assert "tattoo_location" not in form.errors
    form = concern(TATTOO | {"ink_colours_present": ["black_dark_blue", "red_orange"]})
    details = form.section_values()["details"]
    assert details["tattoo"] == {
        "location": "distal_extremity",
        "colours": "black",
        "ink_amount": "moderate",
        "scarring": "none",
        "layering": False,
    }
    assert details["ink_colours_present"] == ["black_dark_blue", "red_orange"]


def test_variant_fields_of_another_indication_are_not_stored():
    form = concern(
        TATTOO | {"indication": "acne_scars", "acne_scar_type": "boxcar", "area_cm2": "40"}
    )
    assert form.section_values()["details"] == {"area_cm2": 40.0, "acne_scar_type": "boxcar"}


def test_concern_errors_are_beside_their_field():
    assert concern(TATTOO | {"area_cm2": "0"}).errors["area_cm2"] == [AREA_OUT_OF_RANGE]
    assert concern(TATTOO | {"area_cm2": "abc"}).errors["area_cm2"] == [AREA_OUT_OF_RANGE]
    assert concern(TATTOO | {"periocular": "on"}).errors["periocular"] == [PERIOCULAR_NOT_FACE]
