"""The front desk's recall list: which recalls are due, overdue, contacted, booked, closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import TextChoices
from django.utils import timezone

from picoclinic.outcomes.recalls import REMINDER_LEAD
from picoclinic.outcomes.score_models import Recall, RecallStatus
from picoclinic.web.lookup import get_or_404


class RecallState(TextChoices):
    OVERDUE = "overdue", "Overdue"
    DUE = "due", "Due"
    UPCOMING = "upcoming", "Upcoming"
    CONTACTED = "contacted", "Contacted"
    BOOKED = "booked", "Booked"
    CLOSED = "closed", "Closed"


@dataclass(frozen=True)
class RecallRow:
    recall: Recall
    state: RecallState


def recall_state(recall: Recall, today: date) -> RecallState:
    """Open recalls are overdue after their date, due within the reminder lead, else upcoming."""
    if recall.status != RecallStatus.OPEN:
        return RecallState(recall.status)
    if recall.due_on < today:
        return RecallState.OVERDUE
    if recall.due_on <= today + REMINDER_LEAD:
        return RecallState.DUE
    return RecallState.UPCOMING


def recall_rows(*, clinic, state: str = "") -> list[RecallRow]:
    """The clinic's recalls (closed ones only when asked for), one query."""
    today = timezone.localdate(timezone.now(), clinic.zone)
    recalls = Recall.objects.filter(clinic=clinic).select_related("patient")
    if state != RecallState.CLOSED:
        recalls = recalls.exclude(status=RecallStatus.CLOSED)
    if state in (RecallState.OVERDUE, RecallState.DUE, RecallState.UPCOMING):
        recalls = recalls.filter(status=RecallStatus.OPEN)
    rows = [RecallRow(r, recall_state(r, today)) for r in recalls.order_by("due_on", "id")]
    return [row for row in rows if not state or row.state == state]


def recall_get_for_clinic(clinic, recall_id: int) -> Recall:
    """Recall ``recall_id`` of the staff member's current clinic, else 404 (like a missing id)."""
    return get_or_404(
        Recall.objects.select_related("patient", "clinic"),
        "No such recall",
        pk=recall_id,
        clinic=clinic,
    )
