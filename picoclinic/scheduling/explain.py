"""Why a day offers no free time: for staff only (the public booking page never says it).

Read from the configuration, not from the slot search: the closures, opening and working
hours, rooms and lasers that decide it (at most five queries)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from picoclinic.clinics.models import Clinic
from picoclinic.scheduling.models import (
    AppointmentType,
    Closure,
    Device,
    OpeningHours,
    Practitioner,
    Room,
    WorkingHours,
)
from picoclinic.scheduling.models.resources import Weekday


def no_time_reasons(
    *,
    clinic: Clinic,
    appointment_type: AppointmentType,
    day: date,
    practitioner: Practitioner | None = None,
) -> list[str]:
    """The reasons ``day`` has no free time for ``appointment_type`` at ``clinic``; when the
    configuration allows it, the day is simply fully booked (or too soon to book)."""
    names = {"clinic": clinic.name, "type": appointment_type.name}
    names["weekday"] = Weekday(day.weekday()).label
    reasons = [
        *_closed(clinic, day, names),
        *_people(clinic, appointment_type, day, practitioner, names),
    ]
    if (
        appointment_type.needs_room
        and not Room.objects.filter(clinic=clinic, is_active=True).exists()
    ):
        reasons.append(_("%(clinic)s has no room in use.") % names)
    if appointment_type.needs_device:
        reasons += _lasers(clinic, appointment_type, names)
    return reasons or [_("Every time that day is booked already, or too soon to book.")]


def _closed(clinic: Clinic, day: date, names: dict) -> list[str]:
    closure = Closure.objects.filter(clinic=clinic, starts_on__lte=day, ends_on__gte=day).first()
    if closure is not None:
        return [
            _("%(clinic)s is closed that day: %(reason)s.")
            % {**names, "reason": closure.reason or _("closure")}
        ]
    if not OpeningHours.objects.filter(clinic=clinic, weekday=day.weekday()).exists():
        return [_("%(clinic)s has no opening hours on %(weekday)s.") % names]
    return []


def _people(clinic, appointment_type, day, practitioner, names) -> list[str]:
    hours = WorkingHours.objects.filter(
        clinic=clinic,
        practitioner__is_active=True,
        practitioner__appointment_types=appointment_type,
    )
    if practitioner is not None:
        hours = hours.filter(practitioner=practitioner)
        names = {**names, "name": practitioner.name}
    weekdays = set(hours.values_list("weekday", flat=True))
    if not weekdays and practitioner is not None:
        return [_("%(name)s does not offer %(type)s at %(clinic)s.") % names]
    if not weekdays:
        return [_("No practitioner offers %(type)s at %(clinic)s.") % names]
    if day.weekday() not in weekdays and practitioner is not None:
        return [_("%(name)s does not work at %(clinic)s on %(weekday)s.") % names]
    if day.weekday() not in weekdays:
        return [_("Nobody who offers %(type)s works at %(clinic)s on %(weekday)s.") % names]
    return []


def _lasers(clinic: Clinic, appointment_type: AppointmentType, names: dict) -> list[str]:
    lasers = list(Device.objects.filter(clinic=clinic, is_active=True))
    wanted = appointment_type.wavelength_nm
    if not lasers:
        return [_("%(clinic)s has no laser in use.") % names]
    if not any(laser.delivers(wanted) for laser in lasers):
        return [_("%(clinic)s has no laser delivering %(nm)s nm.") % {**names, "nm": wanted}]
    return []
