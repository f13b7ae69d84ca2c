"""The sections of a consultation that save on their own, and how their drafts are kept.

``Consultation.draft`` keeps, per section (and per concern, ``concern:<id>``), the raw values
last typed, whether they were valid, and when they were last saved to the record::

    {"history": {"data": {"hsv_history": ["yes"], ...}, "valid": true,
                 "saved_at": "2026-11-21T14:32:05+00:00"}}

The page renders each section from its draft when there is one, so what was typed survives a
validation error, a reload or a closed tab; the record's own fields only ever hold valid values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.datastructures import MultiValueDict


class Section(models.TextChoices):
    SKIN_TYPE = "skin_type", "Skin type"
    HISTORY = "history", "Medical history"
    PRIOR_TREATMENTS = "prior_treatments", "Prior treatments"
    GOALS = "goals", "Goals and expectations"


# The record fields each section writes; a service refuses any other.
SECTION_FIELDS: dict[str, frozenset[str]] = {
    Section.SKIN_TYPE: frozenset(
        {
            "questionnaire_answers",
            "questionnaire_total",
            "questionnaire_type",
            "fitzpatrick",
            "fitzpatrick_source",
            "fitzpatrick_reason",
        }
    ),
    Section.HISTORY: frozenset({"medical_history", "medications", "medical_history_notes"}),
    Section.PRIOR_TREATMENTS: frozenset({"prior_treatments"}),
    Section.GOALS: frozenset({"goals"}),
}
CONCERN_FIELDS = frozenset(
    {"indication", "body_site", "severity", "periocular", "details", "notes"}
)
RAW_VALUE_LIMIT = 5000  # characters per raw value kept in a draft
RAW_KEYS_LIMIT = 200


def concern_key(concern_id: int) -> str:
    return f"concern:{concern_id}"


def raw_values(data: MultiValueDict) -> dict[str, list[str]]:
    """The posted values worth keeping in a draft: no CSRF token, bounded in size."""
    kept: dict[str, list[str]] = {}
    for key, values in list(data.lists())[:RAW_KEYS_LIMIT]:
        if key != "csrfmiddlewaretoken":
            kept[str(key)[:100]] = [str(value)[:RAW_VALUE_LIMIT] for value in values]
    return kept


@dataclass(frozen=True)
class DraftEntry:
    """One section's draft as stored in ``Consultation.draft``."""

    data: dict[str, list[str]]
    valid: bool
    saved_at: datetime | None

    @classmethod
    def from_json(cls, value: Any) -> DraftEntry | None:
        if not isinstance(value, dict) or not isinstance(value.get("data"), dict):
            return None
        saved = value.get("saved_at")
        return cls(
            data=value["data"],
            valid=bool(value.get("valid")),
            saved_at=datetime.fromisoformat(saved) if saved else None,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "data": self.data,
            "valid": self.valid,
            "saved_at": self.saved_at.isoformat() if self.saved_at else None,
        }

    def form_data(self) -> MultiValueDict:
        return MultiValueDict({key: list(values) for key, values in self.data.items()})


def draft_entry(draft: dict[str, Any], key: str) -> DraftEntry | None:
    return DraftEntry.from_json((draft or {}).get(key))
