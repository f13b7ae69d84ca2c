"""Who may see or change which session: whoever may reach its patient (one rule).

A session, or a setting of it, that is not this patient's is answered exactly like one that
does not exist (404), so ids reveal nothing.
"""

from __future__ import annotations

from django.http import Http404

from picoclinic.accounts.roles import Capability
from picoclinic.patients.access import patient_get_for_user
from picoclinic.treatments.models import AdverseEvent, SettingsEntry, TreatmentSession

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


EVENT_RELATED = (
    "clinic",
    "session",
    "settings_entry",
    "follow_up_task",
    "recorded_by",
    "resolved_by",
    "acknowledged_by",
)


def event_get_for_user(
    user,
    patient_id: int,
    event_id: int,
    *,
    capability: Capability = Capability.VIEW_PATIENTS,
) -> AdverseEvent:
    """The patient's adverse event if ``user`` may reach the patient with ``capability``,
    else 404 (another patient's event is answered like a missing one)."""
    patient = patient_get_for_user(user, patient_id, capability=capability)
    try:
        event = AdverseEvent.objects.select_related(*EVENT_RELATED).get(
            pk=event_id, patient=patient
        )
    except (AdverseEvent.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such adverse event") from None
    event.patient = patient
    return event
