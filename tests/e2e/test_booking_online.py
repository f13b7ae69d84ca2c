"""The public booking page in a real browser: a new patient books a consultation on a
phone-sized screen and is confirmed (page and e-mail); a bot filling the hidden field is
refused; the front desk registers the requester as a new patient from the request."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from picoclinic.scheduling.forms.online import BOT_REFUSED
from picoclinic.scheduling.models import Appointment, BookingRequest, SchedulingPolicy
from picoclinic.scheduling.online import online_clinics, online_days
from picoclinic.scheduling.services.online import Contact, booking_request_create
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.scheduling import factories as f


@pytest.fixture(autouse=True)
def _quick(settings):
    # The real queue (database): the page enqueues, the worker below sends.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PICOCLINIC_SMS_SENDER = "picoclinic.notifications.sms.OutboxSmsSender"
    settings.PICOCLINIC_BOOKING_MIN_SECONDS = 0  # the browser fills the form in milliseconds


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized page (390 px wide); console errors (CSP included) fail the test."""
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


def _online_clinic(world):
    clinic = world.clinic_a
    f.opening_hours(clinic)
    consultation = f.appointment_type(
        clinic, name="Consultation", buffer_after_minutes=10, online_bookable=True
    )
    f.room(clinic, "Room 1")
    f.practitioner(world.practitioner, clinic, types=[consultation])
    SchedulingPolicy.objects.create(clinic=clinic, online_booking=True)


def _fill(page):
    page.get_by_label("First name").fill("Lena")
    page.get_by_label("Last name").fill("Park")
    page.get_by_label("E-mail").fill("lena@mail.example")
    page.get_by_label("Mobile phone").fill("07700 900321")
    page.get_by_text("Melasma (patchy brown marks").click()
    page.get_by_label("Anything else").fill("Patches on both cheeks.")
    page.get_by_text("I have read how the clinic uses my details").click()


def _run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)


def test_a_new_patient_books_online_on_a_phone(phone, world):
    _online_clinic(world)
    phone.goto("/book/")
    expect(phone.get_by_role("heading", name="Book a consultation")).to_be_visible()
    # The page fits the phone: nothing wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    first = phone.locator("label.slot").first
    time_text = first.inner_text().split()[0]
    first.click()
    expect(phone.get_by_role("button", name=f"Request {time_text} on")).to_be_visible()
    _fill(phone)
    phone.get_by_role("button", name=f"Request {time_text} on").click()

    expect(phone.get_by_text("Thank you, Lena.")).to_be_visible()
    request = BookingRequest.objects.select_related("appointment").get()
    expect(phone.get_by_text(request.reference)).to_be_visible()
    expect(phone.get_by_role("heading", name="Please bring")).to_be_visible()
    local = timezone.localtime(request.appointment.starts_at, world.clinic_a.zone)
    assert f"{local:%H:%M}" == time_text
    assert request.appointment.patient is None

    # The worker sends the confirmation once: an e-mail with the private link.
    _run_worker()
    _run_worker()
    # (beside it, once too, the link to the questionnaire before the visit)
    confirmations = [m for m in mail.outbox if "consultation request" in m.subject]
    assert len(confirmations) == 1
    assert len(mail.outbox) == 2
    # Its private link opens the request (the token is signed: not guessable, not alterable).
    link = re.search(r"https?://\S+/book/requests/\S+/", confirmations[0].body).group(0)
    phone.goto(urlparse(link).path)
    expect(phone.get_by_text(request.reference)).to_be_visible()
    expect(phone.get_by_role("button", name="Cancel this consultation")).to_be_visible()


def test_the_bot_trap_refuses(phone, world):
    _online_clinic(world)
    phone.goto("/book/")
    phone.locator("label.slot").first.click()
    _fill(phone)
    # A script fills every field it finds, the hidden one too.
    phone.locator("input[name=website]").evaluate("el => { el.value = 'http://spam.example'; }")
    phone.get_by_role("button", name="Request").click()
    expect(phone.get_by_role("alert")).to_have_text(BOT_REFUSED)
    expect(phone.get_by_label("First name")).to_have_value("Lena")
    assert not Appointment.objects.exists()


def test_front_desk_registers_the_requester_as_a_new_patient(page, world):
    _online_clinic(world)
    online = online_clinics()[0]
    days = online_days(online, now=timezone.now())
    starts = next(iter(days.values()))[0].starts_at
    booking_request_create(
        online=online,
        starts_at=starts,
        contact=Contact("Lena", "Park", "lena@mail.example", "07700 900321", None, ["tattoo"], ""),
        site_url="http://testserver/",
    )
    day = timezone.localdate(starts, world.clinic_a.zone).isoformat()

    log_in(page, world.front_desk.email, PASSWORD)
    page.goto(f"/schedule/?day={day}")
    # The practitioner's and the room's columns both show it.
    expect(page.get_by_role("cell", name="Online request: Lena Park")).to_have_count(2)
    expect(page.get_by_text("07700 900321 · lena@mail.example")).to_be_visible()
    page.get_by_role("link", name="Link or register…").click()

    expect(page.get_by_role("heading", name="Online request: Lena Park")).to_be_visible()
    form = page.locator("form", has=page.get_by_role("button", name="Register and link"))
    expect(form.get_by_label("Given name")).to_have_value("Lena")
    expect(form.get_by_label("Phone", exact=True)).to_have_value("07700 900321")
    form.get_by_label("Date of birth").fill("1990-04-02")
    form.get_by_label("Sex").select_option("female")
    form.get_by_role("button", name="Register and link").click()

    expect(page.get_by_text("Registered Lena Park (ALP-")).to_be_visible()
    expect(page.get_by_role("heading", name="Lena Park")).to_be_visible()
    appointment = Appointment.objects.select_related("patient").get()
    assert appointment.patient.full_name == "Lena Park"
