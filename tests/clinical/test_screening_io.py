"""The JSON face: run_screen parses one object and never raises."""

import copy
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from picoclinic.clinical.screening import MedicalHistory, RuleCode
from picoclinic.clinical.screening_io import (
    ERR_BOOL,
    ERR_CHOICE,
    ERR_COUNT,
    ERR_DATE,
    ERR_INTERNAL,
    ERR_LIST,
    ERR_NOT_JSON,
    ERR_NOT_OBJECT,
    ERR_REQUIRED,
    ERR_UNKNOWN_FIELD,
    run_screen,
)
from picoclinic.clinical.screening_model import ERR_CALM_COUNTS
from picoclinic.clinical.screening_policy import ERR_INVALID_OUTCOME

HISTORY = {
    "isotretinoin": None,
    "topical_actives_last_used_on": None,
    "photosensitising_drugs": False,
    "anticoagulants": False,
    "bleeding_supplements": False,
    "pregnant": False,
    "breastfeeding": False,
    "ivf": False,
    "active_infection_at_site": False,
    "cold_sore_at_site": False,
    "hsv_history": False,
    "keloid_history": False,
    "sun_exposures": [],
    "gold_therapy_ever": False,
    "light_triggered_seizures": False,
    "vitiligo": None,
    "autoimmune_disorder": False,
    "photosensitive_disorder": False,
    "suspicious_lesion_at_site": False,
    "suspicious_lesion_cleared": False,
    "dysplastic_naevi_history": False,
    "cafe_au_lait": None,
    "melasma": False,
    "existing_pih": False,
    "raynauds": False,
    "poorly_controlled_condition": False,
    "immunosuppressed": False,
    "insulin_dependent_diabetes": False,
    "tattoo_ink_cosmetic": False,
}
TREATMENT = {
    "indication": "solar_lentigines",
    "body_site": "face",
    "facial_or_perioral": True,
    "periocular": False,
    "planned_on": "2025-11-12",
}


def request(**changes: object) -> dict:
    doc = {"today": "2025-11-10", "treatment": dict(TREATMENT), "history": dict(HISTORY)}
    doc.update(changes)
    return doc


def run(doc: object) -> tuple[int, dict]:
    return run_screen(json.dumps(doc))


def with_history(**changes: object) -> dict:
    return request(history={**HISTORY, **changes})


def test_clean_request_proceeds_with_every_rule_reported():
    code, report = run(request())

    assert code == 0
    assert report["overall"] == "proceed"
    assert report["blocks_approval"] is False
    assert report["policy"] == "default"
    assert report["screened_on"] == "2025-11-10"
    assert report["planned_on"] == "2025-11-12"
    assert [result["rule"] for result in report["results"]] == [c.value for c in RuleCode]


def test_full_example_with_policy_and_dates():
    doc = with_history(
        isotretinoin={"stopped_on": "2025-08-31"},
        hsv_history=True,
        sun_exposures=[{"kind": "tan", "last_on": "2025-11-01"}],
        vitiligo={"last_active_on": "2020-01-01", "signs_of_activity": False},
        cafe_au_lait={"over_5_mm": 1, "over_15_mm": 0, "post_puberty": True},
    )
    doc["policy"] = {"name": "Harbour strict", "rules": {"isotretinoin": {"outcome": "defer"}}}

    code, report = run(doc)

    assert code == 0
    assert report["overall"] == "defer"
    assert report["earliest_treatment_on"] == "2026-02-28"
    assert report["precautions"] == ["antiviral_prophylaxis", "test_spot"]
    results = {result["rule"]: result for result in report["results"]}
    iso = results["isotretinoin"]
    assert iso["outcome"] == "defer"
    assert iso["defer_until"] == "2026-02-28"
    assert iso["default_outcome"] == "precaution"
    assert iso["policy_applied"] == "Harbour strict"
    assert iso["policy_effect"] == "tightened"
    assert results["recent_tan"]["defer_until"] == "2025-11-29"
    source = results["hsv_prophylaxis"]["sources"][1]
    assert source["unverified"] is True
    assert source["label"].endswith("[UNVERIFIED]")
    json.dumps(report)  # plain data all the way down


def test_today_defaults_to_the_keyword_then_to_the_planned_date():
    doc = request()
    del doc["today"]

    _, from_planned = run(doc)
    _, from_keyword = run_screen(json.dumps(doc), today=date(2025, 11, 1))

    assert from_planned["screened_on"] == "2025-11-12"
    assert from_keyword["screened_on"] == "2025-11-01"


@pytest.mark.parametrize("key", sorted(HISTORY))
def test_every_history_key_is_required(key):
    doc = request()
    del doc["history"][key]

    assert run(doc) == (2, {"error": ERR_REQUIRED, "field": f"history.{key}"})


@pytest.mark.parametrize("key", sorted(TREATMENT))
def test_every_treatment_key_is_required(key):
    doc = request()
    del doc["treatment"][key]

    assert run(doc) == (2, {"error": ERR_REQUIRED, "field": f"treatment.{key}"})


@pytest.mark.parametrize(
    ("doc", "message", "field"),
    [
        (request(extra=1), ERR_UNKNOWN_FIELD, "extra"),
        (with_history(smoker=True), ERR_UNKNOWN_FIELD, "history.smoker"),
        (request(treatment={**TREATMENT, "laser": "x"}), ERR_UNKNOWN_FIELD, "treatment.laser"),
        (
            with_history(isotretinoin={"stopped_on": None, "dose": 20}),
            ERR_UNKNOWN_FIELD,
            "history.isotretinoin.dose",
        ),
        (
            with_history(sun_exposures=[{"kind": "tan", "last_on": "2025-11-01", "x": 1}]),
            ERR_UNKNOWN_FIELD,
            "history.sun_exposures.0.x",
        ),
        (with_history(pregnant="no"), ERR_BOOL, "history.pregnant"),
        (with_history(pregnant=0), ERR_BOOL, "history.pregnant"),
        (
            with_history(topical_actives_last_used_on="10/11/2025"),
            ERR_DATE,
            "history.topical_actives_last_used_on",
        ),
        (
            with_history(topical_actives_last_used_on="2025-02-30"),
            ERR_DATE,
            "history.topical_actives_last_used_on",
        ),
        (
            with_history(topical_actives_last_used_on="20251101"),
            ERR_DATE,
            "history.topical_actives_last_used_on",
        ),
        (with_history(sun_exposures={}), ERR_LIST, "history.sun_exposures"),
        (
            with_history(sun_exposures=[{"kind": "solarium", "last_on": "2025-11-01"}]),
            ERR_CHOICE,
            "history.sun_exposures.0.kind",
        ),
        (with_history(vitiligo=[]), ERR_NOT_OBJECT, "history.vitiligo"),
        (
            with_history(cafe_au_lait={"over_5_mm": 2.0, "over_15_mm": 0, "post_puberty": True}),
            ERR_COUNT,
            "history.cafe_au_lait.over_5_mm",
        ),
        (
            with_history(cafe_au_lait={"over_5_mm": 1, "over_15_mm": 3, "post_puberty": True}),
            ERR_CALM_COUNTS,
            "history.cafe_au_lait.over_15_mm",
        ),
        (
            request(treatment={**TREATMENT, "indication": "wrinkles"}),
            ERR_CHOICE,
            "treatment.indication",
        ),
        (request(treatment={**TREATMENT, "body_site": "FACE"}), ERR_CHOICE, "treatment.body_site"),
        (request(today="yesterday"), ERR_DATE, "today"),
        (request(history=[]), ERR_NOT_OBJECT, "history"),
        (
            request(policy={"name": "P", "rules": {"raynauds": {"outcome": "no"}}}),
            ERR_INVALID_OUTCOME,
            "policy.rules.raynauds.outcome",
        ),
    ],
)
def test_bad_input_names_the_field(doc, message, field):
    assert run(doc) == (2, {"error": message, "field": field})


def test_core_errors_come_back_as_field_errors():
    code, error = run(request(today="2025-11-13"))

    assert code == 2
    assert error["field"] == "treatment.planned_on"


@pytest.mark.parametrize("text", ["", "{", "[1]", "null", "42", '"x"', "[" * 100_000, "NaN"])
def test_non_objects_and_broken_json_are_errors(text):
    code, error = run_screen(text)

    assert code == 2
    assert error["error"] in {ERR_NOT_JSON, ERR_NOT_OBJECT}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_run_screen_never_raises_on_any_text(text):
    code, body = run_screen(text)

    assert code in {0, 2}
    assert body.get("error") != ERR_INTERNAL


@settings(max_examples=300, deadline=None)
@given(
    section=st.sampled_from(["history", "treatment", "policy", "today", None]),
    key=st.sampled_from(sorted(HISTORY) + sorted(TREATMENT) + ["name", "rules"]),
    value=json_values,
)
def test_run_screen_never_raises_on_mutated_requests(section, key, value):
    doc = copy.deepcopy(request())
    if section is None:
        doc = value
    elif section in {"history", "treatment"}:
        doc[section][key] = value
    elif section == "policy":
        doc["policy"] = {"name": "P", key: value} if key == "rules" else value
    else:
        doc["today"] = value

    code, body = run(doc)

    assert code in {0, 2}
    assert body.get("error") != ERR_INTERNAL


def test_history_all_no_is_a_complete_history_with_nothing_found():
    from picoclinic.clinical.screening_io import history_all_no, parse_history

    assert history_all_no() == HISTORY
    assert parse_history(history_all_no()) == MedicalHistory()
