"""The consultation's estimate section says what the core recommends (issue #14): a concern that
did not respond to a full earlier course reads "stop and re-evaluate with the doctor", an
earlier non-response short of a full course asks a doctor first, and an untreated concern
carries neither."""

from __future__ import annotations

import pytest

from tests.consultations.helpers import concern_for, draft_consultation, workspace_url


@pytest.fixture
def consultation(world):
    found = draft_consultation(world, world.patient_a)
    found.fitzpatrick, found.fitzpatrick_source = 3, "clinician"
    found.save()
    return found


@pytest.fixture
def practitioner(client, world):
    client.force_login(world.practitioner)
    return client


def _page(practitioner, consultation, **details):
    concern_for(
        consultation,
        indication="melasma",
        severity="moderate",
        details={"area_cm2": 20} | details,
    )
    return practitioner.get(workspace_url(consultation)).content.decode()


def test_a_non_responder_after_a_full_course_is_told_to_stop(practitioner, consultation):
    page = _page(practitioner, consultation, prior_sessions=6, prior_response="none")
    assert 'data-recommendation="stop_and_reevaluate"' in page
    assert "Stop and re-evaluate with the doctor." in page
    assert "No response after 6 earlier sessions (a full course)" in page


def test_a_short_earlier_non_response_asks_a_doctor_first(practitioner, consultation):
    page = _page(practitioner, consultation, prior_sessions=1, prior_response="none")
    assert 'data-recommendation="doctor_review"' in page
    assert "A doctor reviews this first." in page
    assert "Stop and re-evaluate" not in page


def test_an_untreated_concern_carries_no_recommendation(practitioner, consultation):
    page = _page(practitioner, consultation)
    assert "data-recommendation" not in page
