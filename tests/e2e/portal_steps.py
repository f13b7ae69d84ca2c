"""Steps several browser tests share: a patient reports a side effect from a phone."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import PASSWORD


def report_from_phone(browser, live_server, world, *, kind: str, words: str):
    """The patient logs in on a phone-sized screen and sends a report of ``kind`` (its label)
    after their latest treatment; returns the phone's page, told to phone the clinic now."""
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, locale="en-GB"
    ).new_page()
    log_in(phone, world.patient_user.email, PASSWORD)
    phone.get_by_role("link", name="Something not right after a treatment? Tell us").click()
    phone.get_by_label(kind).check()
    phone.get_by_label("When did it start?").fill(timezone.localdate().isoformat())
    phone.get_by_label("After which treatment?").select_option(index=1)
    phone.get_by_label("Tell us more").fill(words)
    phone.get_by_role("button", name="Send to the clinic").click()
    expect(phone.get_by_text("The clinic has your report")).to_be_visible()
    expect(phone.get_by_text("Please also phone the clinic now")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    return phone
