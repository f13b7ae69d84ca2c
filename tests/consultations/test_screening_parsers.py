"""The public parsers added to the core's screening_io: the same checks as run_screen."""

from __future__ import annotations

from datetime import date

import pytest

from picoclinic.clinical.common import ClinicalInputError
from picoclinic.clinical.screening import MedicalHistory, TreatmentContext
from picoclinic.clinical.screening_io import (
    ERR_REQUIRED,
    ERR_UNKNOWN_FIELD,
    parse_history,
    parse_treatment,
)
from tests.consultations.helpers import NO_HISTORY

TREATMENT = {
    "indication": "tattoo",
    "body_site": "arm",
    "facial_or_perioral": False,
    "periocular": False,
    "planned_on": "2026-11-21",
}


def test_parse_history_reads_the_screen_history_object():
    history = parse_history(
        NO_HISTORY | {"hsv_history": True, "isotretinoin": {"stopped_on": "2026-06-01"}}
    )
    assert isinstance(history, MedicalHistory)
    assert history.hsv_history is True
    assert history.isotretinoin.stopped_on == date(2026, 6, 1)


def test_parse_history_refuses_a_question_left_out():
    incomplete = {k: v for k, v in NO_HISTORY.items() if k != "pregnant"}
    with pytest.raises(ClinicalInputError) as caught:
        parse_history(incomplete)
    assert (caught.value.message, caught.value.field) == (ERR_REQUIRED, "history.pregnant")


def test_parse_history_names_an_unknown_key():
    with pytest.raises(ClinicalInputError) as caught:
        parse_history(NO_HISTORY | {"smoker": False})
    assert (caught.value.message, caught.value.field) == (ERR_UNKNOWN_FIELD, "history.smoker")


def test_parse_treatment_reads_the_screen_treatment_object():
    treatment = parse_treatment(TREATMENT)
    assert isinstance(treatment, TreatmentContext)
    assert treatment.planned_on == date(2026, 11, 21)


def test_parse_treatment_refuses_a_bad_date():
    with pytest.raises(ClinicalInputError) as caught:
        parse_treatment(TREATMENT | {"planned_on": "21/11/2026"})
    assert caught.value.field == "treatment.planned_on"
