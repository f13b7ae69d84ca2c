"""The session screen at the chair threads the core's levels (issue #14): the melasma case from
the review is saved blocked with its three reasons, only a doctor's reason allows it, and
information stays quiet while warnings and blocks are shown as such."""

from __future__ import annotations

from decimal import Decimal

import pytest

from picoclinic.treatments import errors
from picoclinic.treatments.models import SettingsEntry
from picoclinic.treatments.safety import Proposed, check, last_fluence
from picoclinic.treatments.services_record import (
    proposed_from,
    response_record,
    settings_entry_add,
    settings_entry_override,
)
from picoclinic.treatments.services_sign import session_sign
from tests.treatments import helpers as h

# The review's case: 532 nm, 4.5 J/cm2, frosting, on skin type III melasma.
MELASMA_CASE = h.CLEAN | {
    "area": "Left cheek",
    "wavelength_nm": 532,
    "fluence_j_cm2": Decimal("4.5"),
    "endpoint": "whitening",
}
# The same area's last session: 532 nm at 0.7 J/cm2, which a doctor had allowed.
LAST_TIME = MELASMA_CASE | {"fluence_j_cm2": Decimal("0.7"), "endpoint": "mild_erythema"}


def _signed_melasma_session(world):
    session = h.complete_checklist(world, h.started(world, concern=h.MELASMA))
    values = LAST_TIME | {"device": h.laser(session.clinic)}
    settings_entry_add(
        actor=world.doctor, session=session, values=values, override_reason="Test area, low."
    )
    response_record(actor=world.practitioner, session=session, values=h.RESPONSE)
    return session_sign(actor=world.practitioner, session=session)


@pytest.fixture
def second_session(world):
    _signed_melasma_session(world)
    return h.complete_checklist(world, h.started(world, concern=h.MELASMA))


def test_the_melasma_case_is_saved_blocked_with_its_reasons(world, second_session):
    entry = settings_entry_add(
        actor=world.practitioner,
        session=second_session,
        values=MELASMA_CASE | {"device": h.laser(second_session.clinic)},
    )
    assert entry.blocked
    assert entry.needs_override
    blocks = {f["code"] for f in entry.findings if f["level"] == "BLOCK"}
    assert blocks == {"wavelength_avoided", "endpoint_too_strong", "step_up_too_large"}
    step = next(f for f in entry.findings if f["code"] == "step_up_too_large")
    assert "6.4 times this area's last 0.7 J/cm2" in step["reason"]
    assert [f["level"] for f in entry.findings][:3] == ["BLOCK"] * 3

    # A practitioner cannot pass it; a doctor can, with a reason, and it is kept.
    with pytest.raises(errors.TreatmentError):
        settings_entry_override(actor=world.practitioner, entry=entry, reason="Fine.")
    with pytest.raises(errors.TreatmentError) as no_reason:
        settings_entry_override(actor=world.doctor, entry=entry, reason="  ")
    assert no_reason.value.message == errors.REASON_REQUIRED
    settings_entry_override(
        actor=world.doctor, entry=entry, reason="Resistant area; discussed with the patient."
    )
    entry.refresh_from_db()
    assert not entry.needs_override
    assert entry.override_by == world.doctor


def test_the_step_up_compares_the_same_area_and_beam_only(world, second_session):
    other_area = MELASMA_CASE | {"area": "Right cheek", "endpoint": "mild_erythema"}
    result = check(second_session, _proposed(other_area), list(second_session.checks.all()))
    assert "step_up_too_large" not in {f["code"] for f in result.findings}
    previous = list(SettingsEntry.objects.exclude(session=second_session))
    assert last_fluence(_proposed(MELASMA_CASE | {"area": " left  CHEEK"}), previous) == 0.7
    assert last_fluence(_proposed(MELASMA_CASE | {"wavelength_nm": 1064}), previous) is None


def test_a_routine_setting_is_quiet_information_only(world, second_session):
    toning = MELASMA_CASE | {
        "wavelength_nm": 1064,
        "fluence_j_cm2": Decimal("0.3"),
        "endpoint": "mild_erythema",
    }
    result = check(second_session, _proposed(toning), list(second_session.checks.all()))
    assert not result.blocked
    assert [f["code"] for f in result.infos] == ["fluence_unpublished"]
    assert result.warnings == []
    assert result.blocks == []


def test_the_session_page_shows_blocks_warnings_and_notes_differently(
    client, world, second_session
):
    client.force_login(world.practitioner)
    url = f"/patients/{second_session.patient_id}/sessions/{second_session.pk}/settings/check/"
    post = {f"entry-{k}": v for k, v in MELASMA_CASE.items()}
    post["entry-device"] = h.laser(second_session.clinic).pk
    page = client.post(url, post).content.decode()
    assert page.count("Blocked: needs a doctor") == 3
    assert "Warning" in page
    assert "Do not treat with it until a doctor allows it" in page
    quiet = post | {
        "entry-wavelength_nm": 1064,
        "entry-fluence_j_cm2": "0.3",
        "entry-endpoint": "mild_erythema",
    }
    page = client.post(url, quiet).content.decode()
    assert "Blocked: needs a doctor" not in page
    assert "No warning for these settings." in page
    assert "1 note" in page


def _proposed(values: dict) -> Proposed:
    return proposed_from(values)
