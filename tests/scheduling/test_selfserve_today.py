"""The front desk sees every change patients made themselves on Today, in the clinic's time."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from picoclinic.scheduling.selfserve import next_sessions
from picoclinic.scheduling.services.selfserve import selfserve_book, selfserve_cancel
from tests.scheduling.helpers import NOW, at
from tests.scheduling.selfserve_helpers import course_after_session_1


def _today(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/clinic/today/")
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_today_lists_patients_own_changes_in_fixed_queries(client, world, sched, treatment):
    course_after_session_1(world, treatment)
    (found,) = next_sessions(patient=world.patient_a, now=NOW)
    booked = selfserve_book(
        user=world.patient_user,
        patient=world.patient_a,
        next_session=found,
        starts_at=at(world.clinic_a, 11, day=date(2031, 6, 24)),
        now=NOW,
    )
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        client.force_login(world.front_desk)
        html, one = _today(client)
        selfserve_cancel(user=world.patient_user, appointment=booked, now=NOW)
        html, two = _today(client)
    assert "Changes patients made themselves" in html
    assert world.patient_a.full_name in html
    assert "Booked a session" in html
    assert "Cancelled an appointment" in html
    assert "Tue 24 Jun, 11:00" in html  # the clinic's time (BST)
    assert two == one
