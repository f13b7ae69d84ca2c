"""The portal's own-appointments pages: book the next session among the times of its window,
move, cancel, the call page inside the notice (a tappable number), offers, and the reminders'
confirm and cancel links. Bad input keeps what was typed; a time taken meanwhile says so and
shows other times."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from picoclinic.scheduling.links import CANCEL, CONFIRM, link_token
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentStatus,
    ChangeKind,
    SelfServiceChange,
)
from picoclinic.scheduling.selfserve import next_sessions
from picoclinic.scheduling.services.selfserve import selfserve_book
from tests.scheduling.helpers import NOW, at, book
from tests.scheduling.selfserve_helpers import course_after_session_1

DAY = date(2031, 6, 24)


@pytest.fixture
def course(world, sched, treatment):
    return course_after_session_1(world, treatment)


@pytest.fixture
def booked(world, course):
    (found,) = next_sessions(patient=world.patient_a, now=NOW)
    return selfserve_book(
        user=world.patient_user,
        patient=world.patient_a,
        next_session=found,
        starts_at=at(world.clinic_a, 11, day=DAY),
        now=NOW,
    )


class Mia:
    """Mia's browser: she signs in at whatever time the test travelled to (sessions end)."""

    def __init__(self, client, world):
        self.client, self.user = client, world.patient_user

    def get(self, url):
        self.client.force_login(self.user)
        return self.client.get(url)

    def post(self, url, data=None):
        self.client.force_login(self.user)
        return self.client.post(url, data or {})


@pytest.fixture
def mia(client, world):
    return Mia(client, world)


def test_the_page_offers_the_next_session_in_fixed_queries(mia, world, course, sched):
    with time_machine.travel(NOW, tick=False):
        book(world, sched.consultation, at(world.clinic_a, 15, day=DAY))
        mia.get(reverse("portal:appointments"))  # warm the set-up cache
        with CaptureQueriesContext(connection) as one:
            page = mia.get(reverse("portal:appointments"))
        book(world, sched.consultation, at(world.clinic_a, 16, day=DAY))
        book(world, sched.consultation, at(world.clinic_a, 17, day=DAY))
        with CaptureQueriesContext(connection) as three:
            mia.get(reverse("portal:appointments"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Book your session 2" in html
    assert reverse("portal:book", args=[course.pk]) in html
    assert len(three.captured_queries) == len(one.captured_queries)


def test_booking_from_the_page(mia, world, course):
    url = reverse("portal:book", args=[course.pk])
    with time_machine.travel(NOW, tick=False):
        page = mia.get(url)
        assert "Tuesday 17 June" in page.content.decode()
        assert "Monday 16 June" not in page.content.decode()  # before the window
        start = at(world.clinic_a, 11, day=DAY)
        response = mia.post(url, {"starts_at": start.isoformat()})
    assert response.status_code == 302
    assert Appointment.objects.get(session_number=2).starts_at == start


def test_nonsense_and_a_taken_time_are_plain_messages(mia, world, course, sched):
    url = reverse("portal:book", args=[course.pk])
    start = at(world.clinic_a, 11, day=DAY)
    with time_machine.travel(NOW, tick=False):
        bad = mia.post(url, {"starts_at": "tomorrow-ish"})
        assert bad.status_code == 400
        assert "Choose one of the times shown." in bad.content.decode()
        book(
            world, sched.consultation, start, patient=world.other_patient_a, practitioner=sched.sam
        )
        taken = mia.post(url, {"starts_at": start.isoformat()})
    assert taken.status_code == 409
    html = taken.content.decode()
    assert "That time is no longer available" in html
    assert 'name="starts_at"' in html  # other times to choose from
    assert not Appointment.objects.filter(session_number=2).exists()


def test_inside_the_notice_the_page_says_call_with_a_tappable_number(mia, world, booked):
    late = booked.starts_at - timedelta(hours=5)
    with time_machine.travel(late, tick=False):
        page = mia.get(reverse("portal:cancel", args=[booked.pk]))
        moved = mia.post(reverse("portal:move", args=[booked.pk]), {"starts_at": "x"})
    html = page.content.decode()
    assert "less than 24 hours away" in html
    assert 'href="tel:+442079460000"' in html
    assert "Please call" in moved.content.decode()
    assert Appointment.objects.get(pk=booked.pk).status == AppointmentStatus.BOOKED


def test_moving_and_cancelling_from_the_page(mia, world, booked):
    new = at(world.clinic_a, 15, day=date(2031, 6, 27))
    with time_machine.travel(NOW, tick=False):
        page = mia.get(reverse("portal:move", args=[booked.pk]))
        assert "Friday 27 June" in page.content.decode()
        assert mia.post(reverse("portal:move", args=[booked.pk]), {"starts_at": new.isoformat()})
        assert Appointment.objects.get(pk=booked.pk).starts_at == new
        mia.post(reverse("portal:cancel", args=[booked.pk]))
    assert Appointment.objects.get(pk=booked.pk).status == AppointmentStatus.CANCELLED


def test_another_patients_appointment_and_staff_get_404(client, world, booked):
    client.force_login(world.other_patient_user)
    assert client.get(reverse("portal:move", args=[booked.pk])).status_code == 404
    assert client.post(reverse("portal:cancel", args=[booked.pk])).status_code == 404
    assert client.get(reverse("portal:offer", args=[123])).status_code == 404
    client.force_login(world.front_desk)
    assert client.get(reverse("portal:appointments")).status_code == 404


def test_a_reminders_confirm_link_works_once(client, world, booked):
    with time_machine.travel(NOW, tick=False):
        url = reverse("portal:reminder_link", kwargs={"token": link_token(booked, CONFIRM)})
        assert "Yes, I am coming" in client.get(url).content.decode()
        done = client.post(url)
        again = client.post(url)
    assert "we look forward to seeing you" in done.content.decode()
    assert again.status_code == 404
    assert "This link no longer works" in again.content.decode()
    assert SelfServiceChange.objects.filter(kind=ChangeKind.CONFIRMED).count() == 1


def test_a_reminders_cancel_link_obeys_the_notice(client, world, booked):
    with time_machine.travel(NOW, tick=False):
        url = reverse("portal:reminder_link", kwargs={"token": link_token(booked, CANCEL)})
    with time_machine.travel(booked.starts_at - timedelta(hours=3), tick=False):
        inside = client.post(url)
    assert "can no longer be cancelled online" in inside.content.decode()
    assert Appointment.objects.get(pk=booked.pk).status == AppointmentStatus.BOOKED
    with time_machine.travel(NOW, tick=False):
        client.post(url)
    assert Appointment.objects.get(pk=booked.pk).status == AppointmentStatus.CANCELLED


def test_a_tampered_or_moved_link_no_longer_works(client, world, booked):
    with time_machine.travel(NOW, tick=False):
        token = link_token(booked, CONFIRM)
        assert client.get(reverse("portal:reminder_link", args=[token])).status_code == 200
        assert client.get(reverse("portal:reminder_link", args=[token + "x"])).status_code == 404
        later = booked.starts_at - timedelta(hours=1)
        Appointment.objects.filter(pk=booked.pk).update(starts_at=later)
        assert client.get(reverse("portal:reminder_link", args=[token])).status_code == 404
