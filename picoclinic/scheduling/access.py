"""Who may see or change which appointment: whoever may reach its patient (one rule).

An appointment id that is not this patient's is answered exactly like one that does not exist
(404), so ids reveal nothing.
"""

from __future__ import annotations

from django.http import Http404

from picoclinic.accounts.roles import Capability
from picoclinic.patients.access import patient_get_for_user
from picoclinic.scheduling.models import Appointment


def appointment_get_for_user(
    user,
    patient_id: int,
    appointment_id: int,
    *,
    capability: Capability = Capability.VIEW_PATIENTS,
) -> Appointment:
    """The patient's appointment if ``user`` may reach the patient with ``capability``, else 404."""
    patient = patient_get_for_user(user, patient_id, capability=capability)
    try:
        appointment = Appointment.objects.select_related(
            "clinic", "appointment_type", "practitioner", "room", "device"
        ).get(pk=appointment_id, patient=patient)
    except (Appointment.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such appointment") from None
    appointment.patient = patient
    return appointment
