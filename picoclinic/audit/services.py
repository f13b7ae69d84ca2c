"""Writing the audit trail. Call inside the same transaction as the change it records."""

from __future__ import annotations

from typing import Any

from django.db import models

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.audit.opened import note_opened


def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    summary: str,
    obj: models.Model | None = None,
    patient=None,
    clinic=None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
    patient_id: int | None = None,
) -> AuditEvent:
    """Append one audit entry.

    Invariants: the entry names the acting user (or none for the system/an anonymous visitor),
    and the summary carries no patient-identifying text: the patient is linked, not described.
    """
    actor = actor if actor is not None and actor.is_authenticated else None
    # A patient or, where only the id is at hand (the opened-page middleware), its id.
    linked = {"patient": patient} if patient is not None else {"patient_id": patient_id}
    if action == AuditAction.VIEW and (patient is not None or patient_id is not None):
        note_opened(patient.pk if patient is not None else patient_id)
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=_label(actor),
        action=action,
        clinic=clinic,
        **linked,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        changes=changes or {},
        ip_address=ip_address,
    )


def _label(actor: User | None) -> str:
    if actor is None:
        return "system"
    return f"{actor.full_name} <{actor.email}>" if actor.full_name else actor.email


def field_changes(before: models.Model, after: models.Model, fields: list[str]) -> dict:
    """``{"field": [old, new]}`` for each field whose value differs (values as text)."""
    diff = {}
    for name in fields:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            diff[name] = [_text(old), _text(new)]
    return diff


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
