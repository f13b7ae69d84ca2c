"""A clinic starts without a developer: an empty installation, the first-run page, the owner
signed in on Today with the set-up checklist, and one item followed to its form."""

from __future__ import annotations

import os
import re

from playwright.sync_api import expect

from picoclinic.clinics.models import Clinic
from picoclinic.scheduling.models import Device, OpeningHours

PASSWORD = "a-long-clinic-pass"


SHOTS = os.environ.get("PICOCLINIC_SCREENSHOTS")  # a folder: keep screenshots to look at


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"first-run-{name}.png"), full_page=True)


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

    # Starter content was offered and taken: it waits for review.
    types_item = checklist.locator("li", has_text="Appointment types")
    expect(types_item).to_contain_text("Review before use")

    # Opening hours on the week grid: Monday typed, copied to the weekdays, saved at once.
    checklist.get_by_role("link", name="Opening hours").click()
    expect(page.get_by_role("heading", name="Opening hours of Lumen Leeds")).to_be_visible()
    page.get_by_label("Monday closed").uncheck()
    page.get_by_label("Monday from").fill("09:00")
    page.get_by_label("Monday to", exact=True).fill("18:00")
    page.get_by_role("button", name="Copy Monday to weekdays").click()
    expect(page.get_by_label("Friday from")).to_have_value("09:00")
    expect(page.get_by_label("Friday closed")).not_to_be_checked()
    expect(page.get_by_label("Saturday closed")).to_be_checked()
    _shot(page, "week-grid")
    page.get_by_role("button", name="Save the week").click()
    expect(page.get_by_text("Opening hours saved.")).to_be_visible()
    assert OpeningHours.objects.filter(clinic__code="LDS").count() == 5

    # A laser: its wavelengths and handpieces are ticked, not typed.
    clinic = Clinic.objects.get()
    page.goto(f"/admin/scheduling/device/add/?clinic={clinic.pk}")
    page.locator("#id_name").fill("PicoWay")
    page.locator("#id_model_name").fill("Candela PicoWay")
    page.get_by_label("755 nm").check()
    page.get_by_label("1064 nm").check()
    page.get_by_label("Flat beam (full spot)").check()
    _shot(page, "device-checkboxes")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was added successfully")).to_be_visible()
    assert Device.objects.get().wavelengths_nm == [755, 1064]

    # The checklist has moved on.
    page.goto("/clinic/today/")
    checklist = page.get_by_test_id("setup-checklist")
    expect(checklist.locator("li", has_text="Opening hours")).to_contain_text("Done")
    expect(checklist.locator("li", has_text="A laser")).to_contain_text("Done")
    _shot(page, "checklist")

    # The first-run page is gone for good.
    response = page.goto("/setup/")
    assert response.status == 404
