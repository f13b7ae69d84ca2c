"""On a phone, a patient with an approved plan books their next session among the times of its
window, moves it and cancels it; inside the clinic's notice they are told to call (a tappable
number); a waitlisted patient is offered a freed time by e-mail and takes it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from picoclinic.scheduling.models import Appointment, AppointmentStatus, FreedSlot
from picoclinic.scheduling.selfserve import next_sessions
from picoclinic.scheduling.services import appointment_cancel, appointment_complete
from picoclinic.scheduling.services.selfserve import selfserve_book
from picoclinic.scheduling.waitlist import offer_send, slot_offer_next
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.scheduling import conftest as scheduling_fixtures
from tests.scheduling.helpers import book
from tests.scheduling.plans import approved_item

# The scheduling tests' calendar set-up (Sam, Dora, rooms, the laser, a treatment type).
sched = scheduling_fixtures.sched
treatment = scheduling_fixtures.treatment
SHOTS = "/work/var/selfserve/shots"


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
    page.set_default_timeout(30_000)  # the shared machine can be slow
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert not [e for e in errors if "Failed to load resource" not in e], errors


def _course(world, treatment, patient, hour):
    """Session 1 took place 30 days ago: session 2's window runs to 12 days from now."""
    item = approved_item(world, patient=patient)
    clinic = world.clinic_a
    day = timezone.localdate() - timedelta(days=30)
    start = datetime(day.year, day.month, day.day, hour, tzinfo=clinic.zone)
    first = book(
        world,
        treatment,
        start,
        patient=patient,
        plan_item=item,
        session_number=1,
        now=start - timedelta(days=3),
    )
    appointment_complete(actor=world.practitioner, appointment=first, occurred_on=day)
    return item


def _shot(page, name):
    import os

    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_patient_books_moves_and_cancels_inside_the_rules(
    phone, live_server, world, sched, treatment
):
    _course(world, treatment, world.patient_a, 10)
    soon = timezone.now().astimezone(world.clinic_a.zone) + timedelta(hours=20)
    soon = soon.replace(hour=12, minute=0, second=0, microsecond=0)
    if soon < timezone.now() + timedelta(hours=2):
        soon += timedelta(days=1)
    book(world, sched.consultation, soon, now=timezone.now())  # inside the 24 h notice
    log_in(phone, world.patient_user.email, PASSWORD)
    phone.goto("/me/appointments/")
    expect(phone.get_by_role("heading", name="Book your session 2")).to_be_visible()
    # Inside the notice: call, with a number a phone can dial.
    expect(phone.get_by_text("to change it, please call").first).to_be_visible()
    expect(phone.locator('a[href="tel:+442079460000"]').first).to_be_visible()
    _shot(phone, "appointments")
    phone.get_by_role("link", name="Choose a time").click()
    phone.locator("label.slot").nth(2).click()
    _shot(phone, "book")
    phone.get_by_role("button", name="Book this time").click()
    expect(phone.get_by_text("Booked. We look forward to seeing you.")).to_be_visible()
    session = Appointment.objects.get(session_number=2)
    phone.locator(f'a[href="/me/appointments/{session.pk}/move/"]').click()
    phone.locator("label.slot").nth(5).click()
    _shot(phone, "move")
    phone.get_by_role("button", name="Move to this time").click()
    expect(phone.get_by_text("Moved. Your new time is below.")).to_be_visible()
    moved = Appointment.objects.get(pk=session.pk)
    assert moved.starts_at != session.starts_at
    phone.locator(f'a[href="/me/appointments/{session.pk}/cancel/"]').click()
    _shot(phone, "cancel")
    phone.get_by_role("button", name="Yes, cancel it").click()
    expect(phone.get_by_text("Cancelled. The time is free for someone else.")).to_be_visible()
    assert Appointment.objects.get(pk=session.pk).status == AppointmentStatus.CANCELLED
    # Outside the rules: the appointment inside the notice cannot be cancelled online.
    near = Appointment.objects.get(kind="consultation")
    phone.goto(f"/me/appointments/{near.pk}/cancel/")
    expect(phone.get_by_role("heading", name="Please call the clinic")).to_be_visible()
    _shot(phone, "call")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert Appointment.objects.get(pk=near.pk).status == AppointmentStatus.BOOKED


def test_a_waitlisted_patient_takes_a_freed_time(phone, live_server, world, sched, treatment):
    now = timezone.now()
    for patient, hour in ((world.patient_a, 10), (world.other_patient_a, 12)):
        _course(world, treatment, patient, hour)
    zone = world.clinic_a.zone
    late = (now + timedelta(days=10)).astimezone(zone).replace(hour=10, minute=0, second=0)
    early = (now + timedelta(days=3)).astimezone(zone).replace(hour=11, minute=0, second=0)

    def session_2(patient, start):
        (found,) = next_sessions(patient=patient, now=now)
        return selfserve_book(
            user=patient.user, patient=patient, next_session=found, starts_at=start, now=now
        )

    mine = session_2(world.patient_a, late.replace(microsecond=0))
    noahs = session_2(world.other_patient_a, early.replace(microsecond=0))
    log_in(phone, world.patient_user.email, PASSWORD)
    phone.goto("/me/appointments/")
    phone.get_by_role("button", name="Tell me if an earlier time frees").click()
    expect(phone.get_by_text("You are on the waitlist.")).to_be_visible()
    # Noah cancels at the desk; the worker offers the time and sends the e-mail.
    appointment_cancel(actor=world.front_desk, appointment=noahs)
    slot = FreedSlot.objects.get()
    slot_offer_next(slot_id=slot.pk)
    mail.outbox.clear()
    offer_send(offer_id=slot.offers.get().pk)
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/me/offers/\d+/", message.body).group(0)
    phone.goto(urlparse(link).path)
    expect(phone.get_by_role("heading", name="An earlier time for you")).to_be_visible()
    _shot(phone, "offer")
    phone.get_by_role("button", name="Take this time").click()
    expect(phone.get_by_text("Done: you have the earlier time.")).to_be_visible()
    assert Appointment.objects.get(pk=mine.pk).starts_at == noahs.starts_at
