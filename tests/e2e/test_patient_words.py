"""Words a patient understands, in a real browser on a phone: the demo's portal patient reads
her results in plain words (no scale abbreviations, "UK time"), and someone booking online
chooses a clinic and adds the consultation to their calendar from the confirmation page.

Set ``PLAINWORDS_SHOTS`` to a folder to keep a screenshot of each page (and of the plan and
course-summary PDFs' pages) for reading them as a patient would."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from picoclinic.demo import DOMAIN, demo_load
from tests.e2e.conftest import log_in
from tests.e2e.test_booking_online import phone  # noqa: F401  (the 390 px page)

SHOTS = os.environ.get("PLAINWORDS_SHOTS", "")


@pytest.fixture(autouse=True)
def _demo(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.PICOCLINIC_BOOKING_MIN_SECONDS = 0
    demo_load()


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_the_portal_speaks_plainly_on_a_phone(phone):  # noqa: F811
    log_in(phone, f"patient@{DOMAIN}", settings.DEMO_PASSWORD)
    phone.goto("/me/")
    results = phone.locator("#results")
    expect(results).to_contain_text("Melasma score: how dark and how widespread the patches are")
    expect(results).not_to_contain_text("mMASI")
    expect(results).not_to_contain_text("UNVERIFIED")
    expect(phone.locator(".portal-appointments")).to_contain_text("UK time")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(phone, "portal")
    phone.get_by_role("link", name="Something not right after a treatment? Tell us").click()
    _shot(phone, "side-effects")
    phone.goto("/me/")
    phone.locator(".aftercare-portal a").first.click()
    expect(phone.get_by_role("heading", name="What to do")).to_be_visible()
    _shot(phone, "aftercare-sheet")
    if SHOTS:
        _pdf_pages(phone.context.browser)


def _pdf_pages(browser) -> None:
    """The plan and course-summary PDFs are HTML first: look at that HTML (A4-ish width; a
    page of its own, as the PDFs' inline styles are not for the site's policy)."""
    from picoclinic.outcomes.summary import course_summary, summary_html
    from picoclinic.plans.models import TreatmentPlan
    from picoclinic.plans.printout import printout_html

    plan = TreatmentPlan.objects.get(patient__given_name="Mei")
    page = browser.new_page(viewport={"width": 800, "height": 1100})
    page.set_content(printout_html(plan, today=timezone.localdate()))
    _shot(page, "plan-pdf")
    summary = course_summary(plan=plan, today=timezone.localdate())
    page.set_content(summary_html(summary, embed_photos=False))
    _shot(page, "summary-pdf")
    page.close()


def test_online_booking_names_the_clinic_and_adds_to_calendar(phone):  # noqa: F811
    phone.goto("/book/")
    # Two clinics in the demo: the visitor chooses, each with its time said plainly.
    expect(phone.get_by_text("Hong Kong time")).to_be_visible()
    _shot(phone, "book-chooser")
    phone.get_by_text("Lumen Central").first.click()
    phone.get_by_role("button", name="Show free times").click()
    expect(phone.get_by_text("All times are UK time.")).to_be_visible()
    _shot(phone, "book-central")
    first = phone.locator("label.slot").first
    time_text = first.inner_text().split()[0]
    first.click()
    phone.get_by_label("First name").fill("Lena")
    phone.get_by_label("Last name").fill("Park")
    phone.get_by_label("E-mail").fill("lena@mail.example")
    phone.get_by_label("Mobile phone").fill("07700 900321")
    phone.get_by_text("Melasma (patchy brown marks").click()
    phone.get_by_text("I have read how the clinic uses my details").click()
    phone.get_by_role("button", name=f"Request {time_text} on").click()
    expect(phone.get_by_text("Thank you, Lena.")).to_be_visible()
    _shot(phone, "book-confirmed")

    # "Add to calendar": a real download of the consultation as an .ics.
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Add to calendar (.ics)").click()
    ics = Path(download.value.path()).read_text()
    assert "BEGIN:VEVENT" in ics
    assert "Consultation at Lumen Central" in ics
    assert "TZID=Europe/London" in ics
    google = phone.get_by_role("link", name="Add to Google Calendar")
    assert google.get_attribute("href").startswith("https://calendar.google.com/calendar/render?")


def test_the_assessment_offers_the_clinics(phone):  # noqa: F811
    phone.goto("/assess/")
    phone.get_by_role("link", name="Lumen Harbourfront · Hong Kong time").click()
    expect(phone.locator(".assess-clinic")).to_have_text("Lumen Harbourfront · Hong Kong time")
    _shot(phone, "assess")
