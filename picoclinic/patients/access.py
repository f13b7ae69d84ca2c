"""Who may see which patient. Every view and API endpoint fetches patients through here.

Staff see the patients registered at clinics where they hold an active membership with the
needed capability; a patient sees only themselves; anyone else sees nobody. An id outside
those sets is answered exactly like an id that does not exist (404), so ids reveal nothing.
"""

from __future__ import annotations

from django.db.models import QuerySet

from picoclinic.accounts.roles import Capability
from picoclinic.accounts.selectors import clinics_for_user
from picoclinic.patients.models import Patient
from picoclinic.web.lookup import get_or_404


def patients_for_user(user, *, capability: Capability = Capability.VIEW_PATIENTS) -> QuerySet:
    """All patients ``user`` may reach with ``capability``."""
    if not user.is_authenticated or not user.is_active:
        return Patient.objects.none()
    clinics = clinics_for_user(user, capability)
    own = Patient.objects.filter(user=user) if capability == Capability.VIEW_PATIENTS else None
    staff_visible = Patient.objects.filter(clinic__in=clinics)
    return (staff_visible | own) if own is not None else staff_visible


def patient_get_for_user(
    user, patient_id: int, *, capability: Capability = Capability.VIEW_PATIENTS
) -> Patient:
    """The patient with ``patient_id`` if ``user`` may reach it with ``capability``, else 404."""
    patients = patients_for_user(user, capability=capability)
    return get_or_404(
        patients.select_related("clinic", "clinic__organisation"), "No such patient", pk=patient_id
    )


def patient_import_get_for_user(user, import_id: int):
    """An uploaded file not yet imported: only its uploader, while they may import patients at
    its clinic; else 404."""
    from picoclinic.patients.models import PatientImport

    return get_or_404(
        PatientImport.objects.select_related("clinic").filter(
            created_by=user, clinic__in=clinics_for_user(user, Capability.IMPORT_PATIENTS)
        ),
        "No such import",
        pk=import_id,
    )
