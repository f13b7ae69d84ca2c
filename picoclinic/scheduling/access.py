"""Who may see or change which appointment: whoever may reach its patient (one rule).

An appointment id that is not this patient's is answered exactly like one that does not exist
(404), so ids reveal nothing.
"""

from __future__ import annotations

from picoclinic.accounts.roles import Capability
from picoclinic.clinics.models import Clinic
from picoclinic.patients.access import patient_get_for_user
from picoclinic.scheduling.models import Appointment, Practitioner
from picoclinic.web.lookup import get_or_404


def appointment_get_for_user(
    user,
    patient_id: int,
    appointment_id: int,
    *,
    capability: Capability = Capability.VIEW_PATIENTS,
) -> Appointment:
    """The patient's appointment if ``user`` may reach the patient with ``capability``, else 404."""
    patient = patient_get_for_user(user, patient_id, capability=capability)
    return appointment_get_for_patient(patient, appointment_id)


def booking_request_get_for_user(
    user, appointment_id: int, *, capability: Capability = Capability.VIEW_PATIENTS
):
    """The online request booked as ``appointment_id`` if ``user`` works, with ``capability``,
    at the clinic it was made for; else 404 (as for an id that does not exist)."""
    from picoclinic.accounts.selectors import clinics_for_user
    from picoclinic.scheduling.models import BookingRequest

    return get_or_404(
        BookingRequest.objects.select_related(
            "appointment",
            "appointment__clinic",
            "appointment__clinic__organisation",
            "appointment__appointment_type",
            "appointment__practitioner",
            "appointment__patient",
        ),
        "No such request",
        appointment_id=appointment_id,
        appointment__clinic__in=clinics_for_user(user, capability),
    )


def appointment_get_for_patient(patient, appointment_id: int) -> Appointment:
    """One of ``patient``'s own appointments (staff after reaching the patient; the patient in
    the portal), else 404: another patient's id is answered exactly like a missing one."""
    appointment = get_or_404(
        Appointment.objects.select_related(
            "clinic", "appointment_type", "practitioner", "room", "device"
        ),
        "No such appointment",
        pk=appointment_id,
        patient=patient,
    )
    appointment.patient = patient
    return appointment


def offer_get_for_patient(patient, offer_id: int):
    """A waitlist offer made to ``patient`` (the portal's logged-in patient), else 404."""
    from picoclinic.scheduling.models import WaitlistOffer

    offer = get_or_404(
        WaitlistOffer.objects.select_related(
            "clinic",
            "practitioner",
            "slot",
            "entry__appointment__clinic",
            "entry__appointment__appointment_type",
            "entry__appointment__practitioner",
            "entry__appointment__plan_item__concern",
        ),
        "No such offer",
        pk=offer_id,
        entry__patient=patient,
    )
    offer.entry.patient = offer.entry.appointment.patient = patient
    return offer


def next_session_get_for_patient(patient, plan_item_id: int, now):
    """The next session of one of ``patient``'s own courses they may book, else 404."""
    from django.http import Http404

    from picoclinic.scheduling.selfserve import next_sessions

    for found in next_sessions(patient=patient, now=now):
        if found.plan_item.pk == plan_item_id:
            return found
    raise Http404("No such course to book")


def clinic_for_configuring(user, clinic_id: int) -> Clinic:
    """The clinic if ``user`` may configure it (the owner: every clinic; a clinic admin: their
    own), else 404 as for a clinic that does not exist."""
    from picoclinic.accounts.selectors import clinics_for_user

    if user.is_superuser:
        clinics = Clinic.objects.all()
    else:
        clinics = clinics_for_user(user, Capability.CONFIGURE_CLINIC)
    return get_or_404(clinics.select_related("organisation"), "No such clinic", pk=clinic_id)


def practitioners_of_clinic(clinic: Clinic):
    """Practitioners holding an active membership at ``clinic``."""
    return Practitioner.objects.filter(
        user__memberships__clinic=clinic, user__memberships__is_active=True
    ).distinct()


def practitioner_for_configuring(clinic: Clinic, practitioner_id: int) -> Practitioner:
    """A practitioner of ``clinic`` (see ``practitioners_of_clinic``), else 404."""
    return get_or_404(
        practitioners_of_clinic(clinic), "No such practitioner here", pk=practitioner_id
    )
