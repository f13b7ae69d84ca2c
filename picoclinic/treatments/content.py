"""The signed content of a session, in one canonical form, and its SHA-256.

What a signature covers: the session's facts, the checklist with its overrides, each screening
run, every setting with its findings and override, the immediate response and the adverse
events seen during the session. The hash is taken at signing; recomputing it later proves the
record is still what was signed (a co-signature checks it first).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from picoclinic.treatments.models import (
    AdverseEvent,
    AdverseEventSource,
    ChecklistItem,
    ImmediateResponse,
    SessionScreening,
    SettingsEntry,
    TreatmentSession,
)

SESSION_FIELDS = (
    "id",
    "appointment_id",
    "patient_id",
    "clinic_id",
    "plan_id",
    "plan_item_id",
    "session_number",
    "practitioner_id",
    "indication",
    "body_site",
    "periocular",
    "areas",
    "fitzpatrick",
    "tanned",
    "treated_on",
    "started_at",
    "started_by_id",
    "history",
    "medications",
    "not_treated_reason",
)
CHECK_FIELDS = (
    "code",
    "state",
    "detail",
    "checked_by_id",
    "checked_at",
    "override_by_id",
    "override_at",
    "override_reason",
)
SCREENING_FIELDS = ("id", "screened_at", "screened_by_id", "overall", "changed_keys", "report")
ENTRY_FIELDS = (
    "id",
    "area",
    "pass_number",
    "device_id",
    "handpiece",
    "wavelength_nm",
    "spot_mm",
    "fluence_j_cm2",
    "pulse_ps",
    "repetition_hz",
    "pulses",
    "endpoint",
    "ink_colour",
    "notes",
    "findings",
    "blocked",
    "override_by_id",
    "override_at",
    "override_reason",
    "carried_from_id",
    "entered_by_id",
    "entered_at",
)
RESPONSE_FIELDS = (
    "erythema",
    "oedema",
    "whitening",
    "pinpoint_bleeding",
    "blistering",
    "pain_score",
    "pain_severity",
    "anaesthesia",
    "cooling",
    "notes",
    "recorded_by_id",
    "recorded_at",
)
EVENT_FIELDS = (
    "id",
    "settings_entry_id",
    "kind",
    "grade",
    "onset_at",
    "description",
    "recorded_by_id",
    "recorded_at",
)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        # 5, 5.0 and 5.000 are one number whichever database returned it.
        return format(value.normalize(), "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def session_content(session: TreatmentSession) -> dict[str, Any]:
    """The session as stored, in canonical form (five queries)."""
    response = ImmediateResponse.objects.filter(session=session).first()
    return {
        "session": _row(session, SESSION_FIELDS),
        "checklist": [
            _row(item, CHECK_FIELDS)
            for item in ChecklistItem.objects.filter(session=session).order_by("position", "id")
        ],
        "screenings": [
            _row(run, SCREENING_FIELDS)
            for run in SessionScreening.objects.filter(session=session).order_by("id")
        ],
        "settings": [
            _row(entry, ENTRY_FIELDS)
            for entry in SettingsEntry.objects.filter(session=session).order_by("id")
        ],
        "response": _row(response, RESPONSE_FIELDS) if response else None,
        "adverse_events": [
            _row(event, EVENT_FIELDS)
            for event in AdverseEvent.objects.filter(
                session=session, source=AdverseEventSource.SESSION
            ).order_by("id")
        ],
    }


def content_hash(content: dict[str, Any]) -> str:
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def session_hash(session: TreatmentSession) -> str:
    return content_hash(session_content(session))
