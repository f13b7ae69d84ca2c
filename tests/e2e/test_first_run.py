"""A clinic starts without a developer: an empty installation, the first-run page, the owner
signed in on Today with the set-up checklist, and one item followed to its form."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from picoclinic.clinics.models import Clinic

PASSWORD = "a-long-clinic-pass"


def test_an_owner_sets_up_an_empty_installation_in_the_browser(page, transactional_db):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/setup/$"))
    expect(page.get_by_role("heading", name="Set up your clinic")).to_be_visible()

    page.get_by_label("Organisation name").fill("Lumen Skin")
    page.get_by_label("First clinic's name").fill("Lumen Leeds")
    page.get_by_label("Clinic code").fill("LDS")
    page.get_by_label("Clinic address").fill("1 Park Row, Leeds")
    # Choosing the country narrows the time zones to its own (htmx).
    page.get_by_label("Country").select_option("US")
    expect(page.locator("#id_time_zone option[value='America/New_York']")).to_have_count(1)
    expect(page.locator("#id_time_zone option[value='Europe/London']")).to_have_count(0)
    page.get_by_label("Country").select_option("GB")
    expect(page.locator("#id_time_zone option[value='America/New_York']")).to_have_count(0)
    page.get_by_label("Time zone").select_option("Europe/London")
    page.get_by_label("Your name").fill("Ann Owner")
    page.get_by_label("Your e-mail address").fill("ann@example.org")
    # A weak password is refused; what was typed stays.
    page.locator("#id_password1").fill("password")
    page.locator("#id_password2").fill("password")
    page.get_by_role("button", name="Set up and sign in").click()
    expect(page.get_by_text("This password is too common.")).to_be_visible()
    expect(page.get_by_label("Clinic address")).to_have_value("1 Park Row, Leeds")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/London")
    assert not Clinic.objects.exists()

    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Set up and sign in").click()

    expect(page.get_by_role("heading", name="Today at Lumen Leeds")).to_be_visible()
    checklist = page.get_by_test_id("setup-checklist")
    expect(checklist.get_by_role("heading", name="Setting up Lumen Leeds")).to_be_visible()
    expect(checklist.get_by_role("link", name="Consent text: Treatment course")).to_be_visible()

    checklist.get_by_role("link", name="Opening hours").click()
    expect(page.get_by_role("heading", name="Add opening hours")).to_be_visible()
    expect(page.locator("#id_clinic option:checked")).to_have_text("Lumen Leeds")

    # The first-run page is gone for good.
    response = page.goto("/setup/")
    assert response.status == 404
