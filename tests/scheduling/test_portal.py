"""The patient's own appointments in the portal: listed in the clinic's time with "Add to
calendar (.ics)", which only the patient themselves can download; the .ics parses with its
VTIMEZONE."""

from __future__ import annotations

import icalendar
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from picoclinic.scheduling.chart import appointments_portal_section
from picoclinic.scheduling.services import appointment_cancel
from tests.scheduling.helpers import NOW, at, book
from tests.sections import render_section


def _url(appointment) -> str:
    return reverse("scheduling:my_ics", kwargs={"appointment_id": appointment.pk})


def test_the_patient_downloads_their_appointment_as_ics(client, world, sched):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    client.force_login(world.patient_user)
    response = client.get(_url(appointment))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="appointment-2031-06-11.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART") == at(world.clinic_a, 10)
    assert str(event["SUMMARY"]) == "Consultation at Alpha Clinic"


def test_another_patients_appointment_is_404(client, world, sched):
    theirs = book(world, sched.consultation, at(world.clinic_a, 10), patient=world.other_patient_a)
    client.force_login(world.patient_user)
    assert client.get(_url(theirs)).status_code == 404
    assert client.get("/schedule/mine/99999999999999999999/calendar.ics").status_code == 404


def test_staff_get_404_and_visitors_are_asked_to_log_in(client, world, sched):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    response = client.get(_url(appointment))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(world.front_desk)
    assert client.get(_url(appointment)).status_code == 404


def _section(world, patient) -> str:
    return render_section(appointments_portal_section(patient=patient))


def test_the_portal_section_lists_upcoming_not_cancelled(world, sched):
    kept = book(world, sched.consultation, at(world.clinic_a, 10))
    gone = book(world, sched.consultation, at(world.clinic_a, 14))
    appointment_cancel(actor=world.front_desk, appointment=gone)
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as ctx:
        html = _section(world, world.patient_a)
    assert len(ctx.captured_queries) == 1
    assert "Wed 11 Jun 2031, 10:00\u201310:30" in html  # clinic time (BST), an en dash
    assert "UK time" in html
    assert "Consultation with" in html
    assert _url(kept) in html
    assert _url(gone) not in html
    assert "Add to calendar (.ics)" in html


def test_the_portal_shows_only_the_logged_in_patients(client, world, sched):
    theirs = book(world, sched.consultation, at(world.clinic_a, 10), patient=world.other_patient_a)
    with time_machine.travel(NOW, tick=False):
        client.force_login(world.patient_user)
        response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert _url(theirs) not in html
    assert "no upcoming appointments" in html
