"""Who may see or change which session: whoever may reach its patient (one rule).

A session, or a setting of it, that is not this patient's is answered exactly like one that
does not exist (404), so ids reveal nothing.
"""

from __future__ import annotations

from django.http import Http404

from picoclinic.accounts.roles import Capability
from picoclinic.patients.access import patient_get_for_user
from picoclinic.treatments.models import SettingsEntry, TreatmentSession

SESSION_RELATED = (
    "clinic",
    "plan",
    "plan__consultation",
    "plan_item__concern",
    "appointment",
    "practitioner",
    "signed_by",
    "cosigned_by",
)


def session_get_for_user(
    user,
    patient_id: int,
    session_id: int,
    *,
    capability: Capability = Capability.VIEW_PATIENTS,
) -> TreatmentSession:
    """The patient's session if ``user`` may reach the patient with ``capability``, else 404."""
    patient = patient_get_for_user(user, patient_id, capability=capability)
    try:
        session = TreatmentSession.objects.select_related(*SESSION_RELATED).get(
            pk=session_id, patient=patient
        )
    except (TreatmentSession.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such session") from None
    session.patient = patient
    return session


def entry_get(session: TreatmentSession, entry_id: int) -> SettingsEntry:
    """A setting of an already reached session, else 404."""
    try:
        entry = SettingsEntry.objects.get(pk=entry_id, session=session)
    except (SettingsEntry.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such setting") from None
    entry.session = session
    return entry
