"""``sched``: clinic A of the ``world`` set up for booking, open 09:00-18:00 every day.

Two practitioners (world.practitioner and world.doctor) perform both types; a consultation
(30 min, 10 min after) needs a room; a test spot (30 min, 5 before, 10 after) needs a room and
a 1064 nm laser with 10 minutes of clean-up.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from picoclinic.scheduling.models import (
    AppointmentKind,
    AppointmentType,
    Device,
    Practitioner,
    Room,
)
from tests.scheduling import factories as f


@dataclass
class Sched:
    consultation: AppointmentType
    test_spot: AppointmentType
    room_1: Room
    room_2: Room
    laser: Device
    sam: Practitioner  # world.practitioner
    dora: Practitioner  # world.doctor


@pytest.fixture
def sched(world) -> Sched:
    clinic = world.clinic_a
    f.opening_hours(clinic)
    consultation = f.appointment_type(
        clinic, name="Consultation", duration_minutes=30, buffer_after_minutes=10
    )
    test_spot = f.appointment_type(
        clinic,
        AppointmentKind.TEST_SPOT,
        name="Test spot",
        duration_minutes=30,
        buffer_before_minutes=5,
        buffer_after_minutes=10,
        needs_device=True,
        wavelength_nm=1064,
    )
    types = [consultation, test_spot]
    return Sched(
        consultation=consultation,
        test_spot=test_spot,
        room_1=f.room(clinic, "Room 1"),
        room_2=f.room(clinic, "Room 2"),
        laser=f.laser(clinic, "PicoWay"),
        sam=f.practitioner(world.practitioner, clinic, types=types, indications=["melasma"]),
        dora=f.practitioner(world.doctor, clinic, types=types),
    )


@pytest.fixture
def treatment(world, sched):
    """The treatment type the course-booking tests book (Sam and Dora perform it)."""
    kind = AppointmentKind.TREATMENT
    made = f.appointment_type(
        world.clinic_a,
        kind,
        name="Treatment session",
        buffer_before_minutes=5,
        buffer_after_minutes=10,
        needs_device=True,
    )
    sched.sam.appointment_types.add(made)
    sched.dora.appointment_types.add(made)  # Dora has no indications: she treats no melasma
    return made
