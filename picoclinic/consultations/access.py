"""Who may see or change which consultation. Every consultation view fetches through here.

A consultation is reached through its patient: ``patient_get_for_user`` decides who sees the
patient (404 for anyone else), then the consultation must belong to THAT patient (404
otherwise, exactly like a missing id). Seeing the patient is enough to read; changing needs the
capability (``Capability.CONSULT``) at the patient's clinic, and a member of staff who may see
the patient but not consult is told so (403): that reveals nothing they could not already see.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from picoclinic.accounts.decorators import NOT_IN_ROLE
from picoclinic.accounts.roles import Capability, role_can
from picoclinic.consultations.models import Concern, Consultation, ReportedItem
from picoclinic.patients.access import patient_get_for_user
from picoclinic.patients.models import Patient
from picoclinic.web.lookup import get_or_404


def patient_for_consultation(
    user, patient_id: int, *, capability: Capability = Capability.VIEW_PATIENTS
) -> Patient:
    """The patient if ``user`` may reach them; 404 for outsiders, 403 without ``capability``."""
    try:
        return patient_get_for_user(user, patient_id, capability=capability)
    except Http404:
        if capability == Capability.VIEW_PATIENTS:
            raise
        patient_get_for_user(user, patient_id)  # an outsider still gets the 404
        raise PermissionDenied(NOT_IN_ROLE) from None


def consultation_get_for_user(
    user,
    patient_id: int,
    consultation_id: int,
    *,
    capability: Capability = Capability.VIEW_PATIENTS,
) -> Consultation:
    """The consultation ``consultation_id`` of patient ``patient_id``, if ``user`` may reach it.

    404 when the patient is out of reach or the consultation is not theirs; 403 when the user
    sees the patient but lacks ``capability``.
    """
    patient = patient_for_consultation(user, patient_id, capability=capability)
    consultation = get_or_404(
        Consultation.objects.select_related("clinic", "practitioner"),
        "No such consultation",
        pk=consultation_id,
        patient=patient,
    )
    consultation.patient = patient
    return consultation


def concern_of(consultation: Consultation, concern_id: int) -> Concern:
    """The concern ``concern_id`` of ``consultation``; 404 for a concern of any other."""
    concern = get_or_404(
        Concern.objects, "No such concern", pk=concern_id, consultation=consultation
    )
    concern.consultation = consultation
    return concern


def reported_item_of(consultation: Consultation, item_id: int) -> ReportedItem:
    """The reported item ``item_id`` of ``consultation``; 404 for an item of any other."""
    item = get_or_404(
        ReportedItem.objects, "No such reported item", pk=item_id, consultation=consultation
    )
    item.consultation = consultation
    return item


def may_consult(request, patient: Patient) -> bool:
    """Whether the request's user holds ``Capability.CONSULT`` at the patient's clinic.

    Reads the memberships the middleware already loaded: no query. For showing or hiding
    controls only; the writes are guarded by ``consultation_get_for_user``.
    """
    return any(
        membership.clinic_id == patient.clinic_id and role_can(membership.role, Capability.CONSULT)
        for membership in getattr(request, "memberships", [])
    )
