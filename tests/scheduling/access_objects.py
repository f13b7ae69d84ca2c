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


def _request_token(world, patient) -> str:
    """A consultation requested online at the patient's clinic (the signed private link's
    token in /book/requests/<request_token>/), so the bad-input walk covers that page too."""
    from picoclinic.scheduling.models import BookingRequest
    from picoclinic.scheduling.online import request_token

    appointment = Appointment.objects.get(pk=_appointment(world, patient))
    appointment.pk = None
    appointment.patient = None
    appointment.starts_at += timedelta(days=1)
    appointment.ends_at += timedelta(days=1)
    appointment.save()
    found = BookingRequest.objects.create(
        appointment=appointment,
        reference=f"TEST-{appointment.pk:04d}",
        given_name="Lena",
        family_name="Park",
        email="lena@mail.example",
        phone="07700 900321",
        phone_key="00900321",
        privacy_accepted_at=timezone.now(),
    )
    return request_token(found)


OBJECT_FOR_KWARG = {"appointment_id": _appointment, "request_token": _request_token}
