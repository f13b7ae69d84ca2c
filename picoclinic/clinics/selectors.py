from __future__ import annotations

from datetime import date, datetime, time, timedelta

from picoclinic.clinics.models import Clinic


def clinic_day_bounds(clinic: Clinic, day: date) -> tuple[datetime, datetime]:
    """The aware start and end of ``day`` in the clinic's zone (23 or 25 hours across DST)."""
    start = datetime.combine(day, time.min, tzinfo=clinic.zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=clinic.zone)
    return start, end
