"""Writes of the week grid: a clinic's opening hours and a practitioner's working hours there,
replaced whole (all or nothing), audited, and the cached set-up retired."""

from __future__ import annotations

from datetime import time

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinics.models import Clinic
from picoclinic.scheduling.models import OpeningHours, Practitioner, Weekday, WorkingHours
from picoclinic.scheduling.setup_cache import setup_changed
from picoclinic.web.refusals import Refused

Week = dict[int, list[tuple[time, time]]]

ERR_WORKS_ELSEWHERE = _(
    "%(day)s: these hours overlap this person's hours at %(clinic)s (%(start)s-%(end)s)."
)


def _describe(week: Week) -> str:
    days = [
        f"{Weekday(day).label[:3]} "
        + ", ".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in spans)
        for day, spans in sorted(week.items())
    ]
    return "; ".join(days) or "closed every day"


def opening_hours_replace(*, actor, clinic: Clinic, week: Week) -> list[OpeningHours]:
    """Make ``week`` the clinic's opening hours: the old rows go, the new come, in one
    transaction with one audit entry. ``week`` is checked by ``WeekHoursForm`` (each span
    ends after it starts, a day's spans do not overlap)."""
    rows = [
        OpeningHours(clinic=clinic, weekday=day, opens=start, closes=end)
        for day, spans in week.items()
        for start, end in spans
    ]
    with transaction.atomic():
        Clinic.objects.select_for_update().filter(pk=clinic.pk).first()
        OpeningHours.objects.filter(clinic=clinic).delete()
        created = OpeningHours.objects.bulk_create(rows)
        setup_changed()  # bulk writes send no signals
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=clinic,
            clinic=clinic,
            summary=f"Opening hours set: {_describe(week)}",
        )
    return created


def working_hours_replace(
    *, actor, practitioner: Practitioner, clinic: Clinic, week: Week
) -> list[WorkingHours]:
    """Make ``week`` the practitioner's working hours at ``clinic``, all or nothing.

    Invariant: one person never works two overlapping shifts, here or at another clinic; the
    practitioner's row is locked first so two admins saving at once cannot both pass the check.
    """
    with transaction.atomic():
        Practitioner.objects.select_for_update().filter(pk=practitioner.pk).first()
        _refuse_overlaps_elsewhere(practitioner, clinic, week)
        WorkingHours.objects.filter(practitioner=practitioner, clinic=clinic).delete()
        created = WorkingHours.objects.bulk_create(
            WorkingHours(practitioner=practitioner, clinic=clinic, weekday=day, starts=a, ends=b)
            for day, spans in week.items()
            for a, b in spans
        )
        setup_changed()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=practitioner,
            clinic=clinic,
            summary=f"Working hours of practitioner {practitioner.pk} set: {_describe(week)}",
        )
    return created


def _refuse_overlaps_elsewhere(practitioner: Practitioner, clinic: Clinic, week: Week) -> None:
    elsewhere = (
        WorkingHours.objects.filter(practitioner=practitioner)
        .exclude(clinic=clinic)
        .select_related("clinic")
    )
    for other in elsewhere:
        for start, end in week.get(other.weekday, []):
            if start < other.ends and other.starts < end:
                message = ERR_WORKS_ELSEWHERE % {
                    "day": Weekday(other.weekday).label,
                    "clinic": other.clinic.name,
                    "start": f"{other.starts:%H:%M}",
                    "end": f"{other.ends:%H:%M}",
                }
                raise Refused(message, field=f"d{other.weekday}_starts")
