"""Hand-over mode in the browser (issue #14, item 5): the tablet handed to the patient for
consent reaches nothing else, shows no staff menu, and comes back only with the staff PIN."""

from __future__ import annotations

import os
import re

from playwright.sync_api import expect

from picoclinic.accounts.handover import staff_pin_set
from picoclinic.consent.selectors import valid_treatment_consent
from tests.consent.helpers import make_plan, publish_texts
from tests.e2e.conftest import log_in
from tests.e2e.test_consent import draw_signature
from tests.factories import PASSWORD

PIN = "2580"
SHOTS = os.environ.get("PICOCLINIC_SHOTS", "")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_the_tablet_handed_over_for_consent_is_locked_until_the_staff_pin(page, world):
    publish_texts(world.clinic_a)
    plan = make_plan(world)
    staff_pin_set(user=world.practitioner, pin=PIN)
    log_in(page, world.practitioner.email, PASSWORD)

    # Given the consent page for the plan, staff hand the tablet to the patient.
    page.goto(f"/patients/{world.patient_a.pk}/consents/take/?plan={plan.pk}")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    page.get_by_role("button", name="Hand the tablet to the patient").click()

    # The patient sees the consent only: no staff menu, no way back to the chart, no log-out.
    expect(page.get_by_role("heading", name="Consent for Mia Stone")).to_be_visible()
    expect(page.locator("[data-handover]")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Back to the chart"))).to_have_count(0)
    _shot(page, "handover-consent")

    # Typing another address shows the hand-back screen, never the page.
    for address in (
        f"/patients/{world.patient_a.pk}/",
        f"/patients/{world.other_patient_a.pk}/",
        "/patients/",
        "/clinic/today/",
    ):
        response = page.goto(address)
        assert response.status == 403
        expect(page.get_by_role("heading", name=re.compile("hand the tablet back"))).to_be_visible()
        expect(page.get_by_text("Noah Reed")).to_have_count(0)
    _shot(page, "handover-locked")

    # The patient signs; the tablet then asks to be handed back.
    page.get_by_role("link", name=re.compile("Back to: Consent signing")).click()
    page.get_by_role("group", name=re.compile("clinical photographs")).get_by_label("Yes").check()
    page.get_by_role("group", name=re.compile("used for marketing")).get_by_label("No").check()
    draw_signature(page)
    page.get_by_role("button", name="Sign consent").click()
    expect(page.get_by_text("Thank you, that is done.")).to_be_visible()
    assert valid_treatment_consent(plan=plan) is not None
    _shot(page, "handover-done")

    # A wrong PIN does not return it.
    page.get_by_text("Staff: take the tablet back").click()
    page.get_by_label("Staff PIN").fill("0000")
    page.get_by_role("button", name="Take the tablet back", exact=True).click()
    expect(page.get_by_text("That PIN is not right.")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    assert page.goto(f"/patients/{world.patient_a.pk}/").status == 403
    _shot(page, "handover-wrong-pin")

    # The staff PIN does: the chart and the menu are back.
    page.get_by_text("Staff: take the tablet back").click()
    page.get_by_label("Staff PIN").fill(PIN)
    page.get_by_role("button", name="Take the tablet back", exact=True).click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/patients/{world.patient_a.pk}/$"))
