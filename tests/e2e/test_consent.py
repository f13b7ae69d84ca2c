"""Consent on the tablet: staff opens it for a plan, the patient draws a signature and
chooses, the chart shows it valid; a withdrawal shows at once."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from picoclinic.consent.models import ConsentRecord
from picoclinic.consent.selectors import valid_treatment_consent
from tests.consent.helpers import make_plan, publish_texts
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD


def draw_signature(page) -> None:
    canvas = page.locator("canvas[data-signature-pad]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y = box["x"], box["y"] + box["height"] / 2
    page.mouse.move(x + 40, y + 30)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(x + 40 + step * 14, y + 30 - (step % 6) * 12, steps=2)
    page.mouse.up()


def test_consent_for_a_plan_signed_on_the_tablet_then_withdrawn(page, world):
    publish_texts(world.clinic_a)
    plan = make_plan(world)
    log_in(page, world.practitioner.email, PASSWORD)

    # Given the chart: no consent yet, "Take consent" for the plan.
    page.goto(f"/patients/{world.patient_a.pk}/")
    consent = page.locator("#consent")
    expect(consent.get_by_text("Not signed").first).to_be_visible()
    consent.get_by_role("link", name=re.compile("^Take treatment consent · plan of")).click()

    # The patient reads the course, chooses, and draws a signature with a finger.
    expect(page.get_by_role("heading", name="Consent for Mia Stone")).to_be_visible()
    expect(page.get_by_text("cheeks: 6 sessions, one about every 4 weeks")).to_be_visible()
    page.get_by_role("group", name=re.compile("clinical photographs")).get_by_label("Yes").check()
    page.get_by_role("group", name=re.compile("used for marketing")).get_by_label("No").check()
    expect(page.get_by_label("Sign with a finger")).to_be_checked()
    page.get_by_role("button", name="Sign consent").click()
    expect(page.get_by_text("The signature box is empty")).to_be_visible()
    draw_signature(page)
    page.get_by_role("button", name="Sign consent").click()

    # Then the chart shows the treatment consent valid, signed and witnessed.
    expect(page.get_by_text("Consent signed and witnessed")).to_be_visible()
    status = consent.locator(".consent-status__item", has_text="Treatment · plan of")
    expect(status.get_by_text("Valid")).to_be_visible()
    treatment = valid_treatment_consent(plan=plan)
    assert treatment.signature_method == "drawn"
    assert treatment.signature_image.startswith("data:image/png;base64,")
    assert ConsentRecord.objects.get(kind="marketing").granted is False
    assert ConsentRecord.objects.get(kind="photography").granted is True

    # When staff record the patient's withdrawal with a reason...
    row = consent.locator("tr", has_text="Treatment course · plan of")
    row.get_by_role("link", name="Withdraw").click()
    page.get_by_role("button", name="Record withdrawal").click()
    expect(page.get_by_text("Give the reason for the withdrawal.").first).to_be_visible()
    page.get_by_label("Reason for the withdrawal").fill("Wants to wait until after the summer")
    page.get_by_role("button", name="Record withdrawal").click()

    # ...it shows as withdrawn at once, with who and why; the plan can no longer start.
    expect(page.get_by_text("The withdrawal is recorded")).to_be_visible()
    expect(status.get_by_text("Withdrawn")).to_be_visible()
    expect(row.get_by_text("Wants to wait until after the summer")).to_be_visible()
    expect(row.get_by_role("link", name="Withdraw")).to_have_count(0)
    expect(consent.get_by_role("link", name=re.compile("^Take treatment consent"))).to_be_visible()
    assert valid_treatment_consent(plan=plan) is None
