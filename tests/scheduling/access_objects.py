"""How tests/patients/test_access.py makes an appointment for a patient (the
``appointment_id`` in /schedule/patients/<patient_id>/appointments/<appointment_id>/...)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from picoclinic.scheduling.models import Appointment, AppointmentKind, AppointmentType, Practitioner


def _appointment(world, patient) -> int:
    clinic = patient.clinic
    kind = AppointmentKind.CONSULTATION
    appointment_type, _ = AppointmentType.objects.get_or_create(
        clinic=clinic, name="Access consultation", defaults={"kind": kind, "duration_minutes": 30}
    )
    practitioner = Practitioner.objects.filter(user=world.practitioner).first()
    if practitioner is None:
        practitioner = Practitioner.objects.create(user=world.practitioner, name="Access")
    starts_at = timezone.now() + timedelta(days=1)
    appointment = Appointment.objects.create(
        clinic=clinic,
        patient=patient,
        appointment_type=appointment_type,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        practitioner=practitioner,
    )
    return appointment.pk


OBJECT_FOR_KWARG = {"appointment_id": _appointment}
