"""Shared dates and a short booking call for scheduling tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from picoclinic.scheduling.services import appointment_book

# A Wednesday in June (London is on BST, UTC+1): comfortably in the future of NOW.
DAY = date(2031, 6, 11)
NOW = datetime(2031, 6, 1, 8, 0, tzinfo=UTC)


def at(clinic, hour: int, minute: int = 0, day: date = DAY) -> datetime:
    """A wall-clock time at the clinic, as an aware datetime."""
    return datetime.combine(day, time(hour, minute), tzinfo=clinic.zone)


def book(world, appointment_type, starts_at, *, patient=None, **kwargs):
    return appointment_book(
        actor=kwargs.pop("actor", world.front_desk),
        clinic=kwargs.pop("clinic", world.clinic_a),
        patient=patient or world.patient_a,
        appointment_type=appointment_type,
        starts_at=starts_at,
        now=kwargs.pop("now", NOW),
        **kwargs,
    )
