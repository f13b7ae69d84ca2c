"""Who may see or change which session: whoever may reach its patient (one rule).

A session, or a setting of it, that is not this patient's is answered exactly like one that
does not exist (404), so ids reveal nothing.
"""

from __future__ import annotations

from picoclinic.accounts.roles import Capability
from picoclinic.patients.access import patient_get_for_user
from picoclinic.treatments.models import AdverseEvent, SettingsEntry, TreatmentSession
from picoclinic.web.lookup import get_or_404

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
    session = get_or_404(
        TreatmentSession.objects.select_related(*SESSION_RELATED),
        "No such session",
        pk=session_id,
        patient=patient,
    )
    session.patient = patient
    return session


def entry_get(session: TreatmentSession, entry_id: int) -> SettingsEntry:
    """A setting of an already reached session, else 404."""
    entry = get_or_404(SettingsEntry.objects, "No such setting", pk=entry_id, session=session)
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
    event = get_or_404(
        AdverseEvent.objects.select_related(*EVENT_RELATED),
        "No such adverse event",
        pk=event_id,
        patient=patient,
    )
    event.patient = patient
    return event
