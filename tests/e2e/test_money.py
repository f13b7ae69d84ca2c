"""The desk's day with money, in a real Chromium: sell Mei's course as a package, take a
payment, see a session redeemed when the practitioner signs it, take payment for a single
session, and print the day's takings, which add up."""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import expect

from picoclinic.billing.models import Payment
from tests.billing import helpers as bh
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.treatments import helpers as th


def test_the_desks_day_with_money(page, world, tmp_path):
    ready = th.ready(world)
    patient = world.patient_a
    bh.price(world, amount="300")
    log_in(page, world.front_desk.email, PASSWORD)

    # Sell the plan's course as a package of 3 and take the payment by card.
    page.goto(f"/patients/{patient.pk}/billing/")
    page.get_by_label("Sessions").fill("3")
    page.get_by_label("Package price").fill("750")
    page.get_by_role("button", name="Sell the package").click()
    expect(page.get_by_text("Package sold")).to_be_visible()
    expect(page.get_by_test_id("package-row")).to_contain_text("0 of 3 used, 3 left")
    page.get_by_role("link", name="ALP-INV-000001").click()
    expect(page.get_by_test_id("invoice-total")).to_have_text("£750.00")
    page.get_by_label("Amount").fill("750")
    page.get_by_label("Paid by").select_option("card")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.get_by_text("Payment recorded.")).to_be_visible()
    expect(page.get_by_test_id("balance-due")).to_have_text("£0.00")

    # The practitioner signs the session: the package shows one used on the chart.
    bh.signed_from(world, ready)
    page.goto(f"/patients/{patient.pk}/")
    expect(page.get_by_test_id("package-left")).to_contain_text("1 of 3 sessions used, 2 left")

    # A single session for another patient, paid in part in cash (with a discount).
    other = world.other_patient_a
    page.goto(f"/patients/{other.pk}/billing/")
    page.get_by_role("button", name="New invoice").click()
    page.get_by_label("Item").fill("Pigmented spots, small area")
    page.get_by_label("Price each").fill("180")
    page.get_by_label("Discount", exact=True).fill("100")
    page.get_by_label("Reason for the discount").fill("Friend of the owner")
    page.get_by_role("button", name="Add the line").click()
    expect(page.locator("#id_discount-error")).to_have_text(
        "A discount over 10% needs a clinic admin."
    )  # over the desk's limit
    expect(page.get_by_label("Item")).to_have_value("Pigmented spots, small area")
    page.get_by_label("Discount", exact=True).fill("10")
    page.get_by_label("Reason for the discount").fill("Loyalty")
    page.get_by_role("button", name="Add the line").click()
    expect(page.get_by_test_id("invoice-total")).to_have_text("£170.00")
    page.get_by_role("button", name="Finalise the invoice").click()
    expect(page.get_by_test_id("invoice-number")).to_have_text("ALP-INV-000002")
    page.get_by_label("Amount").fill("100")
    page.get_by_label("Paid by").select_option("cash")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.get_by_test_id("balance-due")).to_have_text("£70.00")

    # The day's takings add up with the payments, and print.
    page.get_by_role("link", name="Takings").click()
    expect(page.get_by_test_id("takings-row")).to_have_count(2)
    expect(page.get_by_test_id("takings-total")).to_have_text("£850.00")
    assert sum(p.amount for p in Payment.objects.all()) == Decimal("850.00")
    page.screenshot(path=str(tmp_path / "takings.png"), full_page=True)
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
