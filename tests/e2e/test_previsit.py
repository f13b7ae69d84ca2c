"""The questionnaire before the visit in a real browser: a consultation is booked, the link in
the e-mail opens the questionnaire on a phone, the patient fills it in (saved as they type) and
sends it; the practitioner finds it in the consultation and confirms items; the screening's
flag shows on Today."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlparse

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from picoclinic.previsit.models import Questionnaire
from tests import factories
from tests.consultations.helpers import QUESTIONNAIRE_III
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.scheduling import factories as f
from tests.scheduling.helpers import at, book

# The morning of the visit (Wednesday 11 June 2031, 08:00 in London).
MORNING = datetime(2031, 6, 11, 7, 0, tzinfo=UTC)
SHOTS = "/tmp/previsit-shots"


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PICOCLINIC_SMS_SENDER = "picoclinic.notifications.sms.OutboxSmsSender"
    with time_machine.travel(MORNING, tick=True):
        yield


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        base_url=live_server.url,
        locale="en-GB",
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not [e for e in errors if "Failed to load resource" not in e], errors


def test_the_questionnaire_goes_from_the_phone_to_the_consultation(
    phone,
    page,
    world,
    live_server,
):
    clinic = world.clinic_a
    f.opening_hours(clinic)
    consultation = f.appointment_type(clinic, name="Consultation", buffer_after_minutes=10)
    f.room(clinic, "Room 1")
    f.practitioner(world.practitioner, clinic, types=[consultation])
    patient = factories.patient(
        clinic, given_name="Lena", family_name="Park", email="lena@mail.example"
    )
    book(
        world,
        consultation,
        at(world.clinic_a, 15),
        patient=patient,
        now=MORNING,
        site_url=live_server.url,
    )
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    sent = [m for m in mail.outbox if m.subject.startswith("Before your consultation")]
    assert len(sent) == 1
    assert sent[0].to == ["lena@mail.example"]
    link = re.search(r"https?://\S+/before-your-visit/\S+/", sent[0].body).group(0)

    # On the phone: the link opens the questionnaire, which fits the screen.
    phone.goto(urlparse(link).path)
    expect(phone.get_by_role("heading", name="Before your visit")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_label("What would you like treated?").select_option("melasma")
    phone.get_by_label("Where is it?").select_option("face")
    for item, score in QUESTIONNAIRE_III.items():
        phone.locator(f'input[name="q_{item}"][value="{score}"]').check()
    phone.locator('input[name="pregnant"][value="yes"]').check()
    # Wait for the autosave that carries what was typed last (earlier saves may still be queued).
    with phone.expect_request(
        lambda r: r.method == "POST" and "Folic" in (r.post_data or "")
    ) as typed:
        phone.get_by_label("Medicines you take").fill("Folic acid daily")
    assert typed.value.response().ok
    expect(phone.locator("#status-questionnaire")).to_contain_text("Saved")
    phone.screenshot(path=f"{SHOTS}/questionnaire-phone.png", full_page=True)
    # Saved as typed: a reload shows it all again.
    phone.reload()
    expect(phone.get_by_label("Medicines you take")).to_have_value("Folic acid daily")
    expect(phone.locator('input[name="pregnant"][value="yes"]')).to_be_checked()
    phone.get_by_role("button", name="Send to the clinic").click()
    expect(phone.get_by_text("Thank you: the clinic has your answers.")).to_be_visible()
    assert Questionnaire.objects.get().returned_at is not None
    # The link is single-use.
    phone.goto(urlparse(link).path)
    expect(phone.get_by_test_id("questionnaire-gone")).to_contain_text("already sent")

    # The clinic: the flag on Today, then the items in the consultation.
    log_in(page, world.practitioner.email, PASSWORD)
    page.goto("/clinic/today/")
    expect(page.get_by_text("Pregnancy or IVF: defer")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/today.png", full_page=True)
    page.goto(f"/patients/{patient.pk}/")
    page.get_by_role("button", name="Start a consultation").click()
    reported = page.get_by_test_id("reported-items")
    expect(reported.get_by_test_id("previsit-flags")).to_contain_text("Pregnancy or IVF: defer")
    row = reported.locator("li", has_text="Pregnant or possibly pregnant?")
    expect(row).to_contain_text("reported by the patient")
    row.get_by_role("button", name="Confirm").click()
    row = page.get_by_test_id("reported-items").locator("li", has_text="Pregnant or possibly")
    expect(row).to_contain_text("Confirmed")
    page.screenshot(path=f"{SHOTS}/consultation.png", full_page=True)
