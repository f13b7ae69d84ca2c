"""The staff home lists the day's appointments in the clinic's zone, in a fixed number of
queries however many there are."""

from __future__ import annotations

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.scheduling.helpers import at, book


def _today(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/clinic/today/")
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def test_today_lists_the_days_appointments_in_fixed_queries(client, world, sched):
    book(world, sched.consultation, at(world.clinic_a, 9), practitioner=sched.sam)
    with time_machine.travel(at(world.clinic_a, 8), tick=False):
        client.force_login(world.front_desk)
        response, one = _today(client)
        assert "09:00\u201309:30" in response.content.decode()
        assert world.patient_a.full_name in response.content.decode()
        for hour in (10, 11, 12, 13):
            book(world, sched.consultation, at(world.clinic_a, hour), practitioner=sched.sam)
        response, five = _today(client)
    assert len(response.context["appointments"]) == 5
    assert five == one
