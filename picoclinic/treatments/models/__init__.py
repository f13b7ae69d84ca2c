"""Treatment sessions: the checklist, settings, the immediate response, adverse events and the
signed record with its addenda."""

from picoclinic.treatments.models.locking import LOCKED_STATUSES, SessionStatus
from picoclinic.treatments.models.records import (
    AdverseEvent,
    AdverseEventKind,
    AdverseEventSource,
    AdverseGrade,
    Anaesthesia,
    Cooling,
    Endpoint,
    Grade,
    ImmediateResponse,
    SettingsEntry,
)
from picoclinic.treatments.models.sessions import (
    PASSED_STATES,
    Addendum,
    CheckCode,
    ChecklistItem,
    CheckState,
    SessionScreening,
    TreatmentPolicy,
    TreatmentSession,
)

__all__ = [
    "LOCKED_STATUSES",
    "PASSED_STATES",
    "Addendum",
    "AdverseEvent",
    "AdverseEventKind",
    "AdverseEventSource",
    "AdverseGrade",
    "Anaesthesia",
    "CheckCode",
    "CheckState",
    "ChecklistItem",
    "Cooling",
    "Endpoint",
    "Grade",
    "ImmediateResponse",
    "SessionScreening",
    "SessionStatus",
    "SettingsEntry",
    "TreatmentPolicy",
    "TreatmentSession",
]
