"""Sending something to a patient or the clinic's doctors at most once, audited.

Every such sender (appointment reminders, recall reminders, aftercare sheets, serious-event
notices) does the same under the row's lock: find the row, ask whether it may go now, mark it
sent, audit that, and deliver only after the claim is committed: never twice beats maybe twice.
A task queued on commit calls it; the ``send_due_*`` sweeps call it again for anything lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from django.db import models, transaction

from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record

M = TypeVar("M", bound=models.Model)


# Any: the rows sent once (reminders, recalls, sheets, notices) are different models that all
# have a ``patient`` and a ``clinic``; a row without them passes its own ``audited_under``.
def _patient_and_clinic(row: Any) -> tuple[Any, Any]:
    return row.patient, row.clinic


def send_once(
    rows: models.QuerySet[M],
    pk: int,
    *,
    sent_field: str,
    now: datetime,
    why_not: Callable[[M], str | None],
    summary: str,
    deliver: Callable[[M], Callable[[], None]],
    sent: str,
    missing: str,
    also_saved: Callable[[M], Iterable[str]] = lambda row: (),
    audited_under: Callable[[M], tuple[Any, Any]] = _patient_and_clinic,
) -> str:
    """Claim row ``pk`` of ``rows`` and send it; the audit entry is filed under the patient
    and clinic ``audited_under(row)`` gives (by default the row's ``patient`` and ``clinic``).

    ``why_not(row)`` names the outcome that stops it (already sent, cancelled, not due...) or
    None; ``also_saved(row)`` may set more fields saved with the claim and name them;
    ``deliver(row)`` builds the message inside the transaction and returns what sends it
    after commit. Returns ``sent``, ``missing`` or ``why_not``'s outcome (words, never data).
    """
    with transaction.atomic():
        row = rows.select_for_update(of=("self",)).filter(pk=pk).first()
        if row is None:
            return missing
        if outcome := why_not(row):
            return outcome
        setattr(row, sent_field, now)
        row.save(update_fields=[sent_field, *also_saved(row)])
        patient, clinic = audited_under(row)
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            obj=row,
            patient=patient,
            clinic=clinic,
            summary=summary,
        )
        transaction.on_commit(deliver(row))
    return sent
