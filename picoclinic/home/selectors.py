from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from picoclinic.accounts.models import Membership
from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.clinics.models import Clinic
from picoclinic.clinics.selectors import clinic_day_bounds
from picoclinic.patients.models import Patient

RECENT_CHARTS = 8


def recent_charts_for_user(*, user, clinic: Clinic, patients: QuerySet[Patient]) -> list[Patient]:
    """Charts ``user`` opened most recently at ``clinic`` (still visible to them), newest first."""
    ids: list[int] = []
    opened = AuditEvent.objects.filter(actor=user, clinic=clinic, action=AuditAction.VIEW)
    for patient_id in opened.values_list("patient_id", flat=True)[:100]:
        if patient_id not in ids:
            ids.append(patient_id)
        if len(ids) == RECENT_CHARTS:
            break
    found = {p.pk: p for p in patients.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def patients_registered_on(*, clinic: Clinic, day: date) -> QuerySet[Patient]:
    start, end = clinic_day_bounds(clinic, day)
    return Patient.objects.filter(clinic=clinic, created_at__gte=start, created_at__lt=end)


def clinic_team(*, clinic: Clinic) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(clinic=clinic, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__full_name")
    )
