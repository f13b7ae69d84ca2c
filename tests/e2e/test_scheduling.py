"""Front desk books a consultation from the day calendar in a real browser and sees it on the
chart; a second booking of the same time, from a page opened before the first was made, is
refused clearly."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from picoclinic.scheduling.errors import SLOT_UNAVAILABLE
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.scheduling import factories as f


def _clinic_ready(world):
    clinic = world.clinic_a
    f.opening_hours(clinic)
    consultation = f.appointment_type(clinic, name="Consultation", buffer_after_minutes=10)
    f.room(clinic, "Room 1")
    f.practitioner(world.practitioner, clinic, types=[consultation])
    return timezone.localdate(timezone.now(), clinic.zone) + timedelta(days=1)


def test_front_desk_books_a_consultation_from_the_calendar(page, world):
    day = _clinic_ready(world).isoformat()
    log_in(page, world.front_desk.email, PASSWORD)

    # A colleague's tab, open on the booking page for another patient before anything is booked.
    other = page.context.new_page()
    other.goto(f"/schedule/patients/{world.other_patient_a.pk}/appointments/new/?day={day}")
    expect(other.get_by_role("group", name="Pat Practitioner")).to_be_visible()

    # The day calendar: empty columns for the practitioner and the room.
    page.goto(f"/schedule/?day={day}")
    expect(page.get_by_role("columnheader", name="Pat Practitioner")).to_be_visible()
    expect(page.get_by_text("Nothing booked.")).to_be_visible()

    # Book: find the patient, pick 10:00 with Pat, book.
    page.get_by_role("link", name="Book an appointment").click()
    page.get_by_label("Find the patient").fill("stone")
    page.get_by_role("link", name="Book for Mia Stone").click()
    expect(page.get_by_role("heading", name="Book for Mia Stone")).to_be_visible()
    page.get_by_role("group", name="Pat Practitioner").get_by_text("10:00", exact=True).click()
    page.get_by_role("button", name="Book 10:00 with Pat Practitioner").click()

    # Back on the calendar, with the booking in it.
    expect(page.get_by_text("Booked: Consultation with Pat Practitioner")).to_be_visible()
    expect(page.get_by_role("cell", name="10:00 Mia Stone Consultation")).to_be_visible()
    expect(page.get_by_role("link", name="Mia Stone", exact=True)).to_be_visible()  # day list

    # On the patient's chart.
    page.get_by_role("link", name="Mia Stone", exact=True).click()
    expect(page.get_by_role("heading", name="Mia Stone")).to_be_visible()
    section = page.locator("#appointments")
    expect(section.get_by_role("heading", name="Upcoming appointments")).to_be_visible()
    expect(section).to_contain_text("10:00\u201310:30")  # an en dash
    expect(section).to_contain_text("Consultation with Pat Practitioner")

    # The colleague's stale tab tries the same time: refused, clearly, nothing double-booked.
    other.get_by_role("group", name="Pat Practitioner").get_by_text("10:00", exact=True).click()
    other.get_by_role("button", name="Book 10:00 with Pat Practitioner").click()
    expect(other.get_by_role("alert")).to_have_text(SLOT_UNAVAILABLE)
    group = other.get_by_role("group", name="Pat Practitioner")
    expect(group.get_by_text("10:00", exact=True)).to_have_count(0)
    expect(group.get_by_text("10:45", exact=True)).to_be_visible()
    other.close()
