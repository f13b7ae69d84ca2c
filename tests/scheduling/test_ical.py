"""Step 5c: iCalendar — an .ics per appointment and a private, revocable practitioner feed,
valid RFC 5545 as read back by a standard parser, time zones included."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from picoclinic.scheduling.ical import (
    appointment_ics,
    calendar_feed_issue,
    calendar_feed_revoke,
    practitioner_feed_ics,
)
from picoclinic.scheduling.services import appointment_cancel
from tests.scheduling.helpers import NOW, at, book


def _events(raw: bytes) -> list:
    return icalendar.Calendar.from_ical(raw).walk("VEVENT")


def _assert_rfc5545_lines(raw: bytes) -> None:
    assert raw.endswith(b"\r\n")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line  # folded at 75 octets


def test_an_appointment_file_carries_its_zone_across_dst(world, sched):
    spring = datetime(2026, 3, 29, 10, 0, tzinfo=world.clinic_a.zone)  # the day clocks go on
    appointment = book(
        world,
        sched.consultation,
        spring,
        practitioner=sched.sam,
        now=datetime(2026, 3, 1, tzinfo=UTC),
    )
    raw = appointment_ics(appointment)
    _assert_rfc5545_lines(raw)
    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["VERSION"] == "2.0"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == f"appointment-{appointment.pk}@picoclinic"
    assert event.get("DTSTART").params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART") == spring
    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=1)  # BST already
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)
    assert str(event["SUMMARY"]) == "Consultation at Alpha Clinic"
    assert "Pat Practitioner" in str(event["DESCRIPTION"])
    assert "Room 1" in str(event["LOCATION"])
    assert str(event["STATUS"]) == "CONFIRMED"


def test_staff_download_the_file_for_the_patient(client, world, sched):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    client.force_login(world.front_desk)
    url = f"/schedule/patients/{world.patient_a.pk}/appointments/{appointment.pk}/calendar.ics"
    response = client.get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="appointment-2031-06-11.ics"'
    assert len(_events(response.content)) == 1
    assert client.post(url).status_code == 405


@pytest.fixture
def _frozen():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.mark.usefixtures("_frozen")
def test_a_feed_lists_the_practitioners_appointments_without_names(client, world, sched):
    mine = book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.sam)
    book(
        world,
        sched.consultation,
        at(world.clinic_a, 11),
        practitioner=sched.sam,
        patient=world.other_patient_a,
    )
    book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.dora)
    gone = book(world, sched.consultation, at(world.clinic_a, 15), practitioner=sched.sam)
    appointment_cancel(actor=world.front_desk, appointment=gone)
    token = calendar_feed_issue(actor=world.practitioner, practitioner=sched.sam)
    response = client.get(f"/schedule/feeds/{token}.ics")  # no login: a calendar app
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    _assert_rfc5545_lines(response.content)
    events = _events(response.content)
    assert [str(e["SUMMARY"]) for e in events] == [
        f"Consultation · {world.patient_a.patient_number}",
        f"Consultation · {world.other_patient_a.patient_number}",
    ]
    assert events[0]["UID"] == f"appointment-{mine.pk}@picoclinic"
    body = response.content.decode()
    assert "Stone" not in body
    assert "Reed" not in body


@pytest.mark.usefixtures("_frozen")
def test_a_feed_reads_a_fixed_number_of_queries(client, world, sched):
    token = calendar_feed_issue(actor=world.practitioner, practitioner=sched.sam)
    with CaptureQueriesContext(connection) as empty:
        client.get(f"/schedule/feeds/{token}.ics")
    for day in range(20):
        book(
            world,
            sched.consultation,
            at(world.clinic_a, 10, day=date(2031, 6, 2) + timedelta(day)),
            practitioner=sched.sam,
        )
    with CaptureQueriesContext(connection) as full:
        assert len(_events(client.get(f"/schedule/feeds/{token}.ics").content)) == 20
    assert len(full.captured_queries) == len(empty.captured_queries) == 2


@pytest.mark.usefixtures("_frozen")
def test_a_feed_can_be_replaced_and_stopped(client, world, sched):
    first = calendar_feed_issue(actor=world.practitioner, practitioner=sched.sam)
    second = calendar_feed_issue(actor=world.practitioner, practitioner=sched.sam)
    assert client.get(f"/schedule/feeds/{first}.ics").status_code == 404
    assert client.get(f"/schedule/feeds/{second}.ics").status_code == 200
    assert calendar_feed_revoke(actor=world.practitioner, practitioner=sched.sam) == 1
    assert client.get(f"/schedule/feeds/{second}.ics").status_code == 404
    assert client.get("/schedule/feeds/not-a-token.ics").status_code == 404
    assert client.get(f"/schedule/feeds/{'x' * 500}.ics").status_code == 404


def test_practitioners_make_their_link_on_their_page(client, world, sched):
    client.force_login(world.practitioner)
    assert "Make a link" in client.get("/schedule/my-calendar/").content.decode()
    body = client.post("/schedule/my-calendar/", {"action": "issue"}).content.decode()
    assert "Copy this link now" in body
    assert "http://testserver/schedule/feeds/" in body
    body = client.post("/schedule/my-calendar/", {"action": "revoke"}).content.decode()
    assert "You have no link at the moment." in body
    client.force_login(world.front_desk)
    assert "not set up as a practitioner" in client.get("/schedule/my-calendar/").content.decode()


def test_an_empty_feed_is_still_a_calendar(world, sched):
    raw = practitioner_feed_ics(sched.dora)
    assert icalendar.Calendar.from_ical(raw).walk("VEVENT") == []


@pytest.mark.parametrize("ended", ["membership", "login"])
def test_a_feed_dies_with_the_persons_membership_or_login(client, world, sched, ended):
    token = calendar_feed_issue(actor=world.practitioner, practitioner=sched.sam)
    url = f"/schedule/feeds/{token}.ics"
    assert client.get(url).status_code == 200
    user = sched.sam.user
    if ended == "membership":
        user.memberships.update(is_active=False)
    else:
        user.is_active = False
        user.save()
    assert client.get(url).status_code == 404
