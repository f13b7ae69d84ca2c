"""Scheduling set-ups for tests: a clinic's hours, rooms, lasers, practitioners and types."""

from __future__ import annotations

from datetime import time

from picoclinic.accounts.models import User
from picoclinic.clinics.models import Clinic
from picoclinic.scheduling.models import (
    AppointmentKind,
    AppointmentType,
    Device,
    OpeningHours,
    Practitioner,
    Room,
    WorkingHours,
)
from picoclinic.scheduling.setup_cache import setup_changed

EVERY_DAY = range(7)


def opening_hours(clinic: Clinic, opens=time(9), closes=time(18), weekdays=EVERY_DAY) -> None:
    OpeningHours.objects.bulk_create(
        OpeningHours(clinic=clinic, weekday=day, opens=opens, closes=closes) for day in weekdays
    )
    setup_changed()  # bulk_create sends no signal


def room(clinic: Clinic, name: str = "Room 1") -> Room:
    return Room.objects.create(clinic=clinic, name=name)


def laser(
    clinic: Clinic, name: str = "PicoWay", wavelengths=(532, 1064), cleanup_minutes: int = 10
) -> Device:
    return Device.objects.create(
        clinic=clinic,
        name=name,
        model_name=f"{name} model",
        wavelengths_nm=list(wavelengths),
        handpieces=["flat_beam"],
        cleanup_minutes=cleanup_minutes,
    )


def appointment_type(clinic: Clinic, kind=AppointmentKind.CONSULTATION, **overrides):
    data = {
        "name": f"{kind.label} {AppointmentType.objects.count() + 1}",
        "kind": kind,
        "duration_minutes": 30,
        "needs_room": True,
    } | overrides
    return AppointmentType.objects.create(clinic=clinic, **data)


def practitioner(
    user: User,
    clinic: Clinic,
    *,
    types=(),
    starts=time(9),
    ends=time(18),
    weekdays=EVERY_DAY,
    indications=(),
) -> Practitioner:
    resource = Practitioner.objects.filter(user=user).first() or Practitioner.objects.create(
        user=user, name=user.full_name, indications=list(indications)
    )
    resource.appointment_types.add(*types)
    WorkingHours.objects.bulk_create(
        WorkingHours(practitioner=resource, clinic=clinic, weekday=d, starts=starts, ends=ends)
        for d in weekdays
    )
    setup_changed()  # bulk_create sends no signal
    return resource
