from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from picoclinic.accounts.models import Membership
from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.clinics.models import Clinic
from picoclinic.clinics.selectors import clinic_day_bounds
from picoclinic.patients.models import Patient
from picoclinic.previsit.selectors import questionnaires_by_appointment

RECENT_CHARTS = 8


def recent_charts_for_user(*, user, clinic: Clinic, patients: QuerySet[Patient]) -> list[Patient]:
    """Charts ``user`` opened most recently at ``clinic`` (still visible to them), newest first."""
    ids: list[int] = []
    opened = AuditEvent.objects.filter(
        actor=user, clinic=clinic, action=AuditAction.VIEW, patient__isnull=False
    )
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


def clinics_to_set_up(*, user) -> list[Clinic]:
    """The clinics whose set-up checklist ``user`` sees on their start page: every clinic for
    the owner (a superuser), none for anyone else."""
    if not user.is_superuser:
        return []
    return list(Clinic.objects.select_related("organisation").order_by("name"))


def with_questionnaires(appointments: list) -> list[tuple]:
    """(appointment, its questionnaire before the visit or None) for Today (1 query): the
    clinic sees whether it came back and the screening's flags ("Pregnancy or IVF: defer")."""
    found = questionnaires_by_appointment(a.pk for a in appointments)
    return [(appointment, found.get(appointment.pk)) for appointment in appointments]
