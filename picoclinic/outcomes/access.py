"""Who may reach which photograph: through the patient's access helper, always."""

from __future__ import annotations

from picoclinic.accounts.roles import Capability
from picoclinic.outcomes.models import Photo
from picoclinic.patients.access import patient_get_for_user
from picoclinic.web.lookup import get_or_404


def photo_get_for_user(
    user, patient_id: int, photo_id: int, *, capability: Capability = Capability.VIEW_PATIENTS
) -> Photo:
    """Photo ``photo_id`` of patient ``patient_id`` if ``user`` may reach it, else 404.

    Staff reach the photos of patients at their clinics (with ``capability``); a patient
    reaches only their own (``patient_get_for_user`` gives them only themselves). A photo of
    another patient answers exactly like an id that does not exist.
    """
    patient = patient_get_for_user(user, patient_id, capability=capability)
    photo = get_or_404(
        Photo.objects.select_related("concern", "appointment"),
        "No such photo",
        pk=photo_id,
        patient=patient,
    )
    photo.patient = patient
    return photo
