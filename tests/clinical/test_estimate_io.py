"""The `picoclinic estimate` JSON contract: shape, errors naming fields, never raises."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from picoclinic.clinical.estimate_io import (
    ERR_BOOLEAN,
    ERR_FITZPATRICK,
    ERR_INTEGER,
    ERR_JSON,
    ERR_MISSING,
    ERR_NUMBER,
    ERR_OBJECT,
    ERR_UNKNOWN_KEY,
    run_estimate,
)
from picoclinic.clinical.estimate_model import ERR_AREA, ERR_TATTOO_REFUSED, ERR_TATTOO_REQUIRED

TATTOO = {
    "location": "proximal_extremity",
    "colours": "black",
    "ink_amount": "amateur",
    "scarring": "none",
    "layering": False,
}
LENTIGO = {
    "indication": "solar_lentigines",
    "fitzpatrick": 3,
    "severity": "mild",
    "body_site": "face",
}
CONTRACT_KEYS = {
    "indication",
    "sessions",
    "one_session_may_suffice",
    "interval_days",
    "course_weeks",
    "maintenance",
    "factors",
    "estimate_note",
}


def run(payload):
    return run_estimate(json.dumps(payload))


def test_lentigo_output_matches_contract():
    code, out = run(LENTIGO)
    assert code == 0
    assert set(out) >= CONTRACT_KEYS
    assert "kirby_desai" not in out
    assert out["one_session_may_suffice"] is True
    assert set(out["sessions"]) == {"low", "typical", "high"}
    assert set(out["interval_days"]) == {"min", "target", "max"}
    assert set(out["course_weeks"]) == {"low", "high"}
    assert all(set(f) == {"name", "effect", "source"} for f in out["factors"])
    assert all(isinstance(v, int) for v in out["sessions"].values())
    json.dumps(out)  # serialisable


def test_melasma_answer():
    code, out = run({**LENTIGO, "indication": "melasma", "severity": "moderate"})
    assert code == 0
    assert out["one_session_may_suffice"] is False
    assert out["laser_line"] == "second_line"
    assert out["sessions"]["low"] == 3


def test_tattoo_output_has_kirby_desai_and_picosecond_range():
    code, out = run({**LENTIGO, "indication": "tattoo", "fitzpatrick": 2, "tattoo": TATTOO})
    assert code == 0
    assert out["kirby_desai"] == {"score": 8, "band_low": 5.5, "band_high": 10.5}
    assert out["unverified"] is True  # proximal extremity points are UNVERIFIED
    assert out["picosecond_adjusted"]["label"] == "estimate"
    assert out["one_session_may_suffice"] is False


def test_extra_optional_keys_accepted():
    payload = {
        **LENTIGO,
        "indication": "acne_scars",
        "acne_scar_type": "icepick",
        "area_cm2": 40,
        "age": 30,
        "prior_sessions": 2,
        "prior_response": "partial",
    }
    assert run(payload)[0] == 0
    tattoo = {
        **LENTIGO,
        "indication": "tattoo",
        "tattoo": TATTOO,
        "ink_colours_present": ["yellow"],
    }
    assert run(tattoo)[0] == 0


@pytest.mark.parametrize(
    ("payload", "error", "field"),
    [
        ({**LENTIGO, "colour": "x"}, ERR_UNKNOWN_KEY, "colour"),
        ({k: v for k, v in LENTIGO.items() if k != "severity"}, ERR_MISSING, "severity"),
        ({**LENTIGO, "fitzpatrick": True}, ERR_INTEGER, "fitzpatrick"),
        ({**LENTIGO, "fitzpatrick": 3.0}, ERR_INTEGER, "fitzpatrick"),
        ({**LENTIGO, "fitzpatrick": 7}, ERR_FITZPATRICK, "fitzpatrick"),
        ({**LENTIGO, "area_cm2": False}, ERR_NUMBER, "area_cm2"),
        ({**LENTIGO, "area_cm2": "big"}, ERR_NUMBER, "area_cm2"),
        ({**LENTIGO, "area_cm2": -3}, ERR_AREA, "area_cm2"),
        ({**LENTIGO, "age": 30.5}, ERR_INTEGER, "age"),
        ({**LENTIGO, "tattoo": TATTOO}, ERR_TATTOO_REFUSED, "tattoo"),
        ({**LENTIGO, "indication": "tattoo"}, ERR_TATTOO_REQUIRED, "tattoo"),
        ({**LENTIGO, "indication": "tattoo", "tattoo": []}, ERR_OBJECT, "tattoo"),
        (
            {**LENTIGO, "indication": "tattoo", "tattoo": {**TATTOO, "layering": 1}},
            ERR_BOOLEAN,
            "tattoo.layering",
        ),
        (
            {**LENTIGO, "indication": "tattoo", "tattoo": {**TATTOO, "ink": 1}},
            ERR_UNKNOWN_KEY,
            "tattoo.ink",
        ),
        ([LENTIGO], ERR_OBJECT, ""),
    ],
)
def test_errors_name_the_field(payload, error, field):
    code, out = run(payload)
    assert code == 2
    assert out == {"error": error, "field": field}


def test_bad_choice_lists_the_choices():
    code, out = run({**LENTIGO, "body_site": "elbow"})
    assert (code, out["field"]) == (2, "body_site")
    assert "face|neck" in out["error"]
    code, out = run({**LENTIGO, "indication": "tattoo", "tattoo": {**TATTOO, "colours": "red"}})
    assert (code, out["field"]) == (2, "tattoo.colours")


@pytest.mark.parametrize(
    "text", ["", "{", "nope", '{"a": NaN}', "[" * 50_000, '{"fitzpatrick": Infinity}', "1" * 5000]
)
def test_invalid_json(text):
    assert run_estimate(text) == (2, {"error": ERR_JSON, "field": ""})


def test_huge_numbers_are_refused_not_raised():
    code, out = run_estimate(json.dumps(LENTIGO)[:-1] + ', "area_cm2": 1' + "0" * 400 + "}")
    assert (code, out["field"]) == (2, "area_cm2")


@given(st.text())
def test_never_raises_on_arbitrary_text(text):
    code, out = run_estimate(text)
    assert code in (0, 2)
    assert isinstance(out, dict)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
VOCAB = {
    "indication": st.sampled_from(["tattoo", "melasma", "solar_lentigines", "acne_scars", "x"]),
    "fitzpatrick": st.integers(-1, 8) | st.booleans() | st.floats(allow_nan=False),
    "severity": st.sampled_from(["mild", "moderate", "severe", "bad"]),
    "body_site": st.sampled_from(["face", "hand", "foot", "nose"]),
    "area_cm2": st.none() | st.floats(allow_nan=False) | st.integers() | st.booleans(),
    "age": st.none() | st.integers(-5, 200) | st.floats(allow_nan=False),
    "tattoo": st.none()
    | st.fixed_dictionaries({k: st.just(v) for k, v in TATTOO.items()})
    | json_values,
    "prior_sessions": st.integers(-3, 200) | json_values,
    "prior_response": st.sampled_from(["none", "partial", "good", "meh"]),
    "acne_scar_type": st.sampled_from(["icepick", "boxcar", "rolling", "mixed", "deep"]),
    "ink_colours_present": st.lists(st.sampled_from(["yellow", "red_orange", "pink"]), max_size=3),
}


@given(st.fixed_dictionaries({}, optional=VOCAB) | json_values)
def test_never_raises_on_arbitrary_json(payload):
    code, out = run_estimate(json.dumps(payload))
    assert code in (0, 2)
    if code == 2:
        assert set(out) == {"error", "field"}
    else:
        s = out["sessions"]
        assert 1 <= s["low"] <= s["typical"] <= s["high"]
