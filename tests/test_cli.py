"""The `picoclinic` command, run as a user would: a real process, JSON on stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from picoclinic import cli
from picoclinic.clinical.estimate_io import run_estimate
from picoclinic.clinical.json_text import ERR_UNENCODABLE, unencodable_path
from picoclinic.clinical.screening_io import run_screen
from tests.clinical.test_screening_io import HISTORY

TATTOO = {
    "location": "proximal_extremity",
    "colours": "black",
    "ink_amount": "amateur",
    "scarring": "none",
    "layering": False,
}


def picoclinic(*args: str, stdin: str = "") -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "picoclinic", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


def estimate(payload) -> tuple[int, dict]:
    code, out, err = picoclinic("estimate", stdin=json.dumps(payload))
    assert "Traceback" not in err
    return code, json.loads(out)


def test_help_lists_the_subcommands():
    code, out, _ = picoclinic("--help")
    assert code == 0
    for name in ("serve", "demo", "estimate", "screen"):
        assert f"picoclinic {name}" in out


def test_one_session_may_suffice_for_a_small_mild_solar_lentigo():
    code, out = estimate(
        {
            "indication": "solar_lentigines",
            "fitzpatrick": 2,
            "severity": "mild",
            "body_site": "face",
            "area_cm2": 1,
        }
    )
    assert code == 0
    assert out["one_session_may_suffice"] is True
    assert out["sessions"]["low"] == 1
    assert out["estimate_note"].startswith("Estimate")
    assert all({"name", "effect", "source"} <= f.keys() for f in out["factors"])


def test_moderate_melasma_is_not_one_session():
    code, out = estimate(
        {"indication": "melasma", "fitzpatrick": 4, "severity": "moderate", "body_site": "face"}
    )
    assert code == 0
    assert out["one_session_may_suffice"] is False
    assert out["sessions"]["low"] >= 3
    assert out["sessions"]["low"] <= out["sessions"]["typical"] <= out["sessions"]["high"]
    interval = out["interval_days"]
    assert interval["min"] <= interval["target"] <= interval["max"]
    assert "kirby_desai" not in out


def test_black_amateur_tattoo_shows_its_kirby_desai_score():
    code, out = estimate(
        {
            "indication": "tattoo",
            "fitzpatrick": 2,
            "severity": "moderate",
            "body_site": "arm",
            "tattoo": TATTOO,
        }
    )
    assert code == 0
    assert out["one_session_may_suffice"] is False
    kd = out["kirby_desai"]
    assert kd["score"] == 2 + 4 + 1 + 1 + 0 + 0
    assert (kd["band_low"], kd["band_high"]) == (kd["score"] - 2.5, kd["score"] + 2.5)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ("not json", None),
        (
            {"indication": "warts", "fitzpatrick": 2, "severity": "mild", "body_site": "face"},
            "indication",
        ),
        (
            {"indication": "melasma", "fitzpatrick": 7, "severity": "mild", "body_site": "face"},
            "fitzpatrick",
        ),
        (
            {"indication": "melasma", "fitzpatrick": True, "severity": "mild", "body_site": "face"},
            "fitzpatrick",
        ),
        (
            {
                "indication": "melasma",
                "fitzpatrick": 3,
                "severity": "mild",
                "body_site": "face",
                "tattoo": TATTOO,
            },
            "tattoo",
        ),
        (
            {"indication": "tattoo", "fitzpatrick": 3, "severity": "mild", "body_site": "arm"},
            "tattoo",
        ),
    ],
)
def test_invalid_input_exits_2_with_error_and_field(payload, field):
    text = payload if isinstance(payload, str) else json.dumps(payload)
    code, out, err = picoclinic("estimate", stdin=text)
    assert code == 2
    assert "Traceback" not in err
    body = json.loads(out)
    assert set(body) == {"error", "field"}
    if field is not None:
        assert body["field"] == field


def test_screen_reads_a_history_and_explains_each_rule():
    history = HISTORY | {"hsv_history": True}
    request = {
        "today": "2026-11-21",
        "treatment": {
            "indication": "acne_scars",
            "body_site": "face",
            "facial_or_perioral": True,
            "periocular": False,
            "planned_on": "2026-11-28",
        },
        "history": history,
    }
    code, out, err = picoclinic("screen", stdin=json.dumps(request))
    assert code == 0, out + err
    report = json.loads(out)
    assert report["overall"] == "precaution"
    hsv = next(r for r in report["results"] if r["triggered"])
    assert "antiviral" in (hsv["action"] + " ".join(hsv["precautions"])).lower()
    assert hsv["sources"]

    code, out, _ = picoclinic("screen", stdin=json.dumps(request | {"history": {}}))
    assert code == 2
    assert json.loads(out)["field"].startswith("history.")


@pytest.mark.parametrize("command", ["estimate", "screen"])
@pytest.mark.parametrize(
    "stdin", ['{"\\ud800": 1}', '{"indication": "\\udfff"}', '{"a": ["ok", {"\\ud800x": 2}]}']
)
def test_a_lone_surrogate_is_refused_with_exit_2_and_a_json_error(command, stdin):
    code, out, err = picoclinic(command, stdin=stdin)
    assert code == 2, out + err
    assert "Traceback" not in err
    body = json.loads(out)
    assert set(body) == {"error", "field"}
    assert "cannot be encoded" in body["error"]


def test_input_that_is_not_utf8_is_refused_with_exit_2():
    result = subprocess.run(
        [sys.executable, "-m", "picoclinic", "estimate"],
        input=b'{"indication": "\xff"}',
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert json.loads(result.stdout) == {"error": cli.ERR_NOT_UTF8, "field": ""}


# Any Unicode, surrogates included (category Cs), in keys and values, at any depth.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=8)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=8,
)
RUNS = {
    "estimate": run_estimate,
    "screen": lambda text: run_screen(text, today=date(2026, 12, 7)),
}


@settings(max_examples=300, deadline=None)
@given(
    command=st.sampled_from(sorted(RUNS)),
    data=st.dictionaries(ANY_TEXT, JSON_VALUES, max_size=4) | JSON_VALUES,
)
def test_any_unicode_in_keys_and_values_answers_utf8_json_and_never_crashes(command, data):
    raw = json.dumps(data).encode("ascii")  # lone surrogates travel as \ud800 escapes
    code, out = cli.respond(RUNS[command], raw)
    body = json.loads(out.decode("utf-8"))  # the answer is always valid UTF-8 JSON
    if unencodable_path(data) is not None:
        assert code == 2
        assert body["error"] == ERR_UNENCODABLE
    assert code in (0, 2)
    if code == 2:
        assert set(body) == {"error", "field"}


@given(raw=st.binary(max_size=40))
def test_any_bytes_on_stdin_answer_utf8_json(raw):
    code, out = cli.respond(run_estimate, raw)
    assert code in (0, 2)
    json.loads(out.decode("utf-8"))


def test_a_non_responder_after_a_full_course_reads_stop_and_re_evaluate():
    base = {"indication": "melasma", "fitzpatrick": 3, "severity": "moderate", "body_site": "face"}
    code, untreated = estimate(base)
    assert code == 0
    assert untreated["recommendation"] == "proceed"
    code, after = estimate(base | {"prior_sessions": 5, "prior_response": "none"})
    assert code == 0
    assert after["recommendation"] == "stop_and_reevaluate"
    assert "stop and re-evaluate with the doctor" in after["recommendation_reason"]
    for key in ("low", "typical", "high"):
        assert after["sessions"][key] <= untreated["sessions"][key]
