"""Who may reach which consent record: through the patient's access helper, always."""

from __future__ import annotations

from picoclinic.accounts.roles import Capability
from picoclinic.consent.models import ConsentRecord
from picoclinic.patients.access import patient_get_for_user
from picoclinic.web.lookup import get_or_404


def consent_get_for_user(
    user, patient_id: int, consent_id: int, *, capability: Capability = Capability.VIEW_PATIENTS
) -> ConsentRecord:
    """The consent record ``consent_id`` of patient ``patient_id`` if ``user`` may reach it.

    Staff reach the records of patients at their clinics (with ``capability``); a patient
    reaches only their own records (``patient_get_for_user`` gives them only themselves, and
    only for viewing). Anything else is a 404, like an id that does not exist.
    """
    patient = patient_get_for_user(user, patient_id, capability=capability)
    record = get_or_404(
        ConsentRecord.objects.select_related("text", "witness", "withdrawn_by", "plan", "clinic"),
        "No such consent",
        pk=consent_id,
        patient=patient,
    )
    record.patient = patient
    return record
