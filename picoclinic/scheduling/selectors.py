"""Reads of appointments for pages: a patient's appointments and what can be booked."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    AppointmentType,
    Practitioner,
)

UPCOMING_ON_CHART = 5
PATIENT_HISTORY = 100


def _with_details(queryset: QuerySet[Appointment]) -> QuerySet[Appointment]:
    return queryset.select_related("clinic", "appointment_type", "practitioner", "room", "device")


def appointments_upcoming(
    *, patient: Patient, now: datetime, limit: int = UPCOMING_ON_CHART
) -> list[Appointment]:
    """The patient's booked or checked-in appointments not yet over, soonest first (1 query)."""
    return list(
        _with_details(
            Appointment.objects.filter(
                patient=patient,
                status__in=[AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN],
                ends_at__gt=now,
            )
        ).order_by("starts_at", "id")[:limit]
    )


def appointments_of_patient(*, patient: Patient) -> list[Appointment]:
    """The patient's appointments at every clinic, latest first, capped (1 query)."""
    return list(
        _with_details(Appointment.objects.filter(patient=patient)).order_by("-starts_at", "-id")[
            :PATIENT_HISTORY
        ]
    )


def appointment_types_for_desk(*, clinic: Clinic) -> QuerySet[AppointmentType]:
    """Types the front desk books one at a time (treatment sessions come from a plan)."""
    return AppointmentType.objects.filter(clinic=clinic, is_active=True).exclude(
        kind=AppointmentKind.TREATMENT
    )


def practitioners_for_type(
    *, clinic: Clinic, appointment_type: AppointmentType
) -> QuerySet[Practitioner]:
    """Practitioners who perform ``appointment_type`` and work at ``clinic``."""
    return (
        Practitioner.objects.filter(
            is_active=True,
            appointment_types=appointment_type,
            working_hours__clinic=clinic,
        )
        .distinct()
        .order_by("name", "id")
    )


def course_items_to_book(*, patient: Patient) -> list:
    """Items of the patient's approved or running treatment plans (1 query)."""
    from picoclinic.plans.models import PlanItem, PlanStatus

    return list(
        PlanItem.objects.filter(
            plan__patient=patient, plan__status__in=[PlanStatus.APPROVED, PlanStatus.IN_PROGRESS]
        ).select_related("concern", "plan")
    )


def appointments_of_day(*, clinic: Clinic, start: datetime, end: datetime) -> list[Appointment]:
    """The clinic's appointments starting in [start, end), with patient, resources and the
    online request of one not linked to a patient yet (1 query)."""
    return list(
        _with_details(
            Appointment.objects.filter(clinic=clinic, starts_at__gte=start, starts_at__lt=end)
        )
        .select_related("patient", "practitioner__user", "booking_request")
        .order_by("starts_at", "id")
    )


SELF_SERVICE_ON_TODAY = 20


def self_service_changes(*, clinic, since: datetime) -> list:
    """Patients' own changes at ``clinic`` since ``since`` (booked, moved, cancelled,
    confirmed, waitlist), newest first, for the front desk (1 query)."""
    from picoclinic.scheduling.models import SelfServiceChange

    return list(
        SelfServiceChange.objects.filter(clinic=clinic, at__gte=since)
        .select_related("patient", "appointment__appointment_type", "appointment__clinic")
        .order_by("-at", "-id")[:SELF_SERVICE_ON_TODAY]
    )
