"""The review's melasma case at the chair, in a real Chromium (issue #14): the practitioner
enters 532 nm at 4.5 J/cm2 with frosting on skin type III melasma, six times the same area's
last 0.7 J/cm2; the live check shows three blocks, each with its reason, apart from the
warning; saving keeps it blocked, and a doctor allows it with a reason."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import expect

from picoclinic.treatments import errors
from picoclinic.treatments.models import SettingsEntry, TreatmentSession
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.treatments import helpers as h
from tests.treatments.test_settings_levels import _signed_melasma_session

# PICOCLINIC_SCREENSHOTS=folder keeps a picture of each step to look at.
SHOTS = os.environ.get("PICOCLINIC_SCREENSHOTS", "")


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret injects a style the page's CSP refuses.
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True, caret="initial")


def test_the_melasma_case_is_blocked_until_a_doctor_allows_it(page, browser, live_server, world):
    _signed_melasma_session(world)
    session = h.complete_checklist(world, h.started(world, concern=h.MELASMA))
    url = f"/patients/{session.patient_id}/sessions/{session.pk}/"
    log_in(page, world.practitioner.email, PASSWORD)
    page.goto(url)

    # The form starts from last session's 532 nm at 0.7 J/cm2 on the left cheek.
    form = page.locator("form.entry-form")
    expect(form.get_by_label("Area")).to_have_value("Left cheek")
    form.get_by_label("Clinical endpoint seen").select_option(
        label="Immediate whitening (frosting)"
    )
    form.get_by_label("Fluence (J/cm²)").fill("4.5")

    findings = page.locator("#findings")
    expect(findings.locator(".level--block")).to_have_count(3)
    expect(findings).to_contain_text("Wavelength to avoid for this indication.")
    expect(findings).to_contain_text("Endpoint stronger than this indication's.")
    expect(findings).to_contain_text("6.4 times this area's last 0.7 J/cm2")
    expect(findings.locator(".level--warn")).to_have_text("Warning")
    expect(findings).to_contain_text("Do not treat with it until a doctor allows it")
    block_colour = findings.locator(".level--block").first.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    warn_colour = findings.locator(".level--warn").evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert block_colour != warn_colour
    _shot(page, "settings-melasma-blocked")

    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text(errors.SAVED_BLOCKED)).to_be_visible()
    expect(page.get_by_text("A doctor must allow it with a reason")).to_be_visible()
    entry = SettingsEntry.objects.get(session=session)
    assert entry.needs_override

    # The doctor, on their own tablet, allows it with a reason.
    context = browser.new_context(
        viewport={"width": 1024, "height": 768}, base_url=live_server.url, locale="en-GB"
    )
    doctor = context.new_page()
    doctor.set_default_timeout(10_000)
    log_in(doctor, world.doctor.email, PASSWORD)
    doctor.goto(url)
    doctor.get_by_label("Doctor's reason for allowing Left cheek, pass 1").fill(
        "Resistant patch tested last time; discussed the risk of darkening with the patient."
    )
    doctor.get_by_role("button", name="Allow this setting").click()
    row = doctor.locator("table.entries tbody tr").first
    expect(row).to_contain_text("Allowed by")
    expect(row).to_contain_text("Resistant patch tested last time")
    _shot(doctor, "settings-melasma-allowed")
    context.close()

    entry.refresh_from_db()
    assert entry.override_by == world.doctor
    assert not entry.needs_override
    assert TreatmentSession.objects.get(pk=session.pk).status == "open"
