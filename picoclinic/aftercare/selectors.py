"""Reads of aftercare sheets and of the front desk's work list (fixed queries per page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from picoclinic.aftercare.models import AftercareSheet, FollowUpTask, TaskStatus
from picoclinic.aftercare.premises import next_sessions
from picoclinic.clinics.models import Clinic
from picoclinic.patients.access import patients_for_user
from picoclinic.patients.models import Patient

CHART_SHEETS = 10
WORKLIST_LIMIT = 200
DONE_LIMIT = 50


class Show:
    OPEN = "open"
    TODAY = "today"
    OVERDUE = "overdue"
    DONE = "done"

    ALL = (OPEN, TODAY, OVERDUE, DONE)
    LABELS = {OPEN: "Open", TODAY: "Due today", OVERDUE: "Overdue", DONE: "Done"}


@dataclass(frozen=True)
class Counts:
    open: int
    today: int
    overdue: int
    done: int


def sheets_for_patient(*, patient: Patient, limit: int = CHART_SHEETS) -> list[AftercareSheet]:
    """The patient's issued aftercare, newest first (one query)."""
    return list(
        AftercareSheet.objects.filter(patient=patient).order_by("-treated_on", "-id")[:limit]
    )


def worklist_counts(*, clinic: Clinic, today: date) -> Counts:
    """How many tasks in each view of the list (one query)."""
    is_open = Q(status=TaskStatus.OPEN)
    totals = FollowUpTask.objects.filter(clinic=clinic).aggregate(
        open=Count("pk", filter=is_open),
        today=Count("pk", filter=is_open & Q(due_on=today)),
        overdue=Count("pk", filter=is_open & Q(due_on__lt=today)),
        done=Count("pk", filter=Q(status=TaskStatus.DONE)),
    )
    return Counts(**totals)


def worklist(*, clinic: Clinic, user, today: date, show: str) -> list[FollowUpTask]:
    """The clinic's tasks for one view, for patients ``user`` may reach, with patient, session
    and who did them; a review task says what the next session's appointments are now
    (``premises.next_sessions``). Two queries."""
    reachable = patients_for_user(user)
    tasks = FollowUpTask.objects.filter(clinic=clinic, patient__in=reachable).select_related(
        "patient", "session__plan_item__plan", "done_by"
    )
    if show == Show.DONE:
        tasks = tasks.filter(status=TaskStatus.DONE).order_by("-done_at", "-id")[:DONE_LIMIT]
    else:
        tasks = tasks.filter(status=TaskStatus.OPEN)
        if show == Show.TODAY:
            tasks = tasks.filter(due_on=today)
        elif show == Show.OVERDUE:
            tasks = tasks.filter(due_on__lt=today)
        tasks = tasks.order_by("due_on", "id")[:WORKLIST_LIMIT]
    found = list(tasks)
    next_sessions(found)
    return found
