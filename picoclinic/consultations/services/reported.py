"""What the patient reported before the visit, item by item, for the practitioner to confirm.

Items arrive from the apps above (the questionnaire, the self-assessment) as plain dicts:
``{"key", "label", "answer", "value"}`` with ``value`` in the record's own shape. They are
shown as "reported by the patient" until the practitioner confirms one (its value is written to
the record, audited) or marks it corrected (the practitioner sets the record themselves).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinical.skin import ITEMS_BY_ID, QUESTIONNAIRE_ITEMS, score_questionnaire
from picoclinic.consultations.models import (
    Consultation,
    ReportedItem,
    ReportedStatus,
    SkinTypeSource,
)
from picoclinic.consultations.sections import Section
from picoclinic.consultations.services import (
    ConsultationError,
    _diff,
    concern_add,
    consultation_lock_for_change,
)

ALREADY_DECIDED = "This answer was already confirmed or corrected."
SKIN_INCOMPLETE = (
    "The patient answered {count} of {total} skin-type questions: complete the questionnaire "
    "in the skin type section instead."
)
TEXT_FIELDS = ("medications", "medical_history_notes", "prior_treatments", "goals")
# The draft section each key's record field belongs to: a valid draft of it is dropped when a
# confirmation writes the record, so the section shows the record (what was confirmed).
SECTION_OF = {
    "skin": Section.SKIN_TYPE,
    "medications": Section.HISTORY,
    "medical_history_notes": Section.HISTORY,
    "prior_treatments": Section.PRIOR_TREATMENTS,
    "goals": Section.GOALS,
}


def reported_items_add(
    *, consultation: Consultation, source: str, items: list[dict[str, Any]]
) -> int:
    """Add ``items`` from ``source`` to an open consultation; an item already there from the
    same source is replaced while still open, kept once decided. Returns how many were added
    or replaced. Call inside the caller's transaction (it locks the consultation)."""
    locked = consultation_lock_for_change(consultation)
    decided = set(
        ReportedItem.objects.filter(consultation=locked, source=source)
        .exclude(status=ReportedStatus.REPORTED)
        .values_list("key", flat=True)
    )
    fresh = [item for item in items if item["key"] not in decided]
    ReportedItem.objects.filter(
        consultation=locked, source=source, status=ReportedStatus.REPORTED
    ).delete()
    ReportedItem.objects.bulk_create(
        ReportedItem(
            consultation=locked,
            source=source,
            key=item["key"][:64],
            label=str(item["label"])[:300],
            answer=str(item["answer"]),
            value=item.get("value"),
            position=position,
        )
        for position, item in enumerate(fresh)
    )
    return len(fresh)


def reported_item_decide(
    *, actor, item: ReportedItem, confirm: bool, concern_values: dict[str, Any] | None = None
) -> ReportedItem:
    """Confirm ``item`` (write its value to the record) or mark it corrected.

    A reported concern is confirmed with ``concern_values`` (indication, body site, severity,
    periocular) as the practitioner checked them: it is "corrected" when they differ from the
    patient's. Invariants: an item is decided once (``ALREADY_DECIDED``); the record change and
    the decision are audited together; a completed consultation refuses.
    """
    with transaction.atomic():
        locked = consultation_lock_for_change(item.consultation)
        fresh = ReportedItem.objects.select_for_update().get(pk=item.pk, consultation=locked)
        if not fresh.is_open:
            raise ConsultationError(ALREADY_DECIDED)
        changes: dict[str, list] = {}
        status = ReportedStatus.CONFIRMED if confirm else ReportedStatus.CORRECTED
        if confirm and fresh.key == "concern":
            status = _confirm_concern(actor, locked, fresh, concern_values or {})
        elif confirm:
            changes = _apply(locked, fresh)
        fresh.status, fresh.decided_by, fresh.decided_at = status, actor, timezone.now()
        fresh.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            patient=locked.patient,
            clinic=locked.clinic,
            summary=f"{fresh.get_status_display()}: what the patient reported ({fresh.key})",
            changes=changes,
        )
    return fresh


def _confirm_concern(actor, consultation, item, values: dict[str, Any]) -> str:
    concern_add(actor=actor, consultation=consultation, values=values)
    reported = item.value or {}
    same = all(values.get(k) == reported.get(k) for k in ("indication", "body_site"))
    return ReportedStatus.CONFIRMED if same else ReportedStatus.CORRECTED


def _apply(locked: Consultation, item: ReportedItem) -> dict[str, list]:
    key, value = item.key, item.value
    if key.startswith("history:"):
        before = {"medical_history": dict(locked.medical_history)}
        locked.medical_history = {**locked.medical_history, key.removeprefix("history:"): value}
        fields = {"medical_history": locked.medical_history}
        _drop_valid_draft(locked, Section.HISTORY)
    elif key == "skin":
        before = {name: getattr(locked, name) for name in _SKIN_FIELDS}
        fields = _skin_values(locked, value or {})
    elif key in TEXT_FIELDS:
        current = getattr(locked, key)
        text = str(value or "")
        before = {key: current}
        fields = {key: text if not current.strip() else f"{current}\n{text}"}
    else:
        raise ValueError(f"unknown reported item: {key}")
    for name, new in fields.items():
        setattr(locked, name, new)
    if key == "skin":  # the patient's answers are the record now: the draft shows nothing more
        locked.draft = {k: v for k, v in (locked.draft or {}).items() if k != Section.SKIN_TYPE}
    elif key in SECTION_OF:
        _drop_valid_draft(locked, SECTION_OF[key])
    locked.save(update_fields=[*fields, "draft", "updated_at"])
    return _diff(before, fields)


_SKIN_FIELDS = ("questionnaire_answers", "questionnaire_total", "questionnaire_type", "fitzpatrick")


def _skin_values(locked: Consultation, answers: dict[str, Any]) -> dict[str, Any]:
    known = {k: int(v) for k, v in answers.items() if k in ITEMS_BY_ID}
    if len(known) != len(QUESTIONNAIRE_ITEMS):
        raise ConsultationError(
            SKIN_INCOMPLETE.format(count=len(known), total=len(QUESTIONNAIRE_ITEMS))
        )
    result = score_questionnaire(known)
    values: dict[str, Any] = {
        "questionnaire_answers": known,
        "questionnaire_total": result.total,
        "questionnaire_type": int(result.fitzpatrick),
    }
    if locked.fitzpatrick_source != SkinTypeSource.CLINICIAN:
        values |= {
            "fitzpatrick": int(result.fitzpatrick),
            "fitzpatrick_source": SkinTypeSource.QUESTIONNAIRE,
        }
    return values


def _drop_valid_draft(locked: Consultation, section: str) -> None:
    draft = dict(locked.draft or {})
    entry = draft.get(section)
    if isinstance(entry, dict) and entry.get("valid"):
        draft.pop(section)
    locked.draft = draft
