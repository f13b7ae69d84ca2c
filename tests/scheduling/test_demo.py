"""The demo's scheduling set-up loads once, can be loaded again, and fills the calendar."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from picoclinic.clinics.models import Clinic
from picoclinic.demo import demo_load
from picoclinic.scheduling.demo import demo_load_scheduling
from picoclinic.scheduling.models import Appointment, Booking, Practitioner, Resource


def _counts():
    return Resource.objects.count(), Appointment.objects.count(), Booking.objects.count()


# A Monday morning in London: every seeded consultation is still ahead.
@time_machine.travel(datetime(2031, 6, 9, 7, 0, tzinfo=UTC), tick=False)
def test_demo_scheduling_loads_once(client, db, settings):
    demo_load()  # the demo loads its scheduling part too
    clinics = {c.code: c for c in Clinic.objects.all()}
    counts = _counts()
    consultations = Appointment.objects.filter(kind="consultation").count()
    assert consultations == 10  # every seeded consultation found a free time
    completed = Appointment.objects.filter(status="completed", kind="consultation")
    assert completed.count() == 1  # Ka Yan, earlier in HK
    assert demo_load_scheduling(clinics=clinics) is False
    assert _counts() == counts
    # The doctor is one resource, working at both clinics.
    doctor = Practitioner.objects.get(user__email="doctor@lumen-demo.example")
    assert {h.clinic.code for h in doctor.working_hours.all()} == {"CEN", "HBR"}
    client.post(
        "/accounts/login/",
        {"username": "frontdesk@lumen-demo.example", "password": settings.DEMO_PASSWORD},
    )
    body = client.get("/schedule/").content.decode()
    assert "Oliver Bennett" in body
    assert "PicoSure Pro" in body


def test_demo_scheduling_loads_inside_a_transaction(db):
    from django.db import transaction

    demo_load()
    with transaction.atomic():
        demo_load_scheduling(clinics={c.code: c for c in Clinic.objects.all()})
