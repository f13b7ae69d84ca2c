"""Completion and maintenance recalls: made when a course completes, worked by the front desk,
and a reminder to the patient sent by a background task once the recall comes due.

At most one reminder per recall: the task locks the recall, checks it is still open, due and
not reminded, marks it reminded in the same transaction, and hands the message to the mailer
only after that transaction commits (as ``scheduling.reminders`` does for appointments).
``send_due_recalls`` (a management command) is the periodic safety net.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.notifications.messages import Message, deliver_message
from picoclinic.notifications.once import send_once
from picoclinic.outcomes.recalls.rules import recall_rule
from picoclinic.outcomes.scores.models import Recall, RecallStatus
from picoclinic.plans.catalogue import concern_profile
from picoclinic.plans.models import PlanStatus, TreatmentPlan
from picoclinic.scheduling.models import Appointment, AppointmentStatus
from picoclinic.web.refusals import Refused

# The patient hears from the clinic this long before the recall's date, at 09:00 local time.
REMINDER_LEAD = timedelta(days=14)
REMINDER_HOUR = time(9, 0)

SENT = "sent"
NOT_OPEN = "not open"
ALREADY_SENT = "already sent"
NOT_DUE = "not due yet"
NO_CONTACT = "no contact details"

NOT_COMPLETED = "Recalls are made when the course is completed."
CANNOT_MOVE = "This recall is already {status}."

MOVES = {
    RecallStatus.CONTACTED: {RecallStatus.OPEN},
    RecallStatus.BOOKED: {RecallStatus.OPEN, RecallStatus.CONTACTED},
    RecallStatus.CLOSED: {RecallStatus.OPEN, RecallStatus.CONTACTED, RecallStatus.BOOKED},
}


class RecallRefused(Refused):
    """A recall action the rules do not allow; ``message`` is for the user."""


def plan_completed_recalls(*, plan: TreatmentPlan, actor: User | None = None) -> list[Recall]:
    """Make the maintenance recalls of a completed plan, one per item whose indication has a
    recall interval (``recalls.rules``). Idempotent: a second call makes nothing new. Call it in
    or after the transaction that completes the plan; reminders are queued after commit."""
    if plan.status != PlanStatus.COMPLETED:
        raise RecallRefused(NOT_COMPLETED)
    made = []
    with transaction.atomic():
        for item in plan.items.select_related("concern").filter(recall__isnull=True):
            rule = recall_rule(item.concern.indication)
            if rule is None:
                continue
            due = _last_session_day(item, plan) + timedelta(days=rule.days)
            recall = Recall.objects.create(
                patient=plan.patient,
                clinic=plan.clinic,
                plan=plan,
                plan_item=item,
                indication=item.concern.indication,
                due_on=due,
                reason=rule.reason,
                advice=concern_profile(item.concern).maintenance.text[:400],
                source=rule.source,
                unverified=rule.unverified,
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=recall,
                patient=plan.patient,
                clinic=plan.clinic,
                summary=f"Maintenance recall made, due {due.isoformat()}",
            )
            recall_reminder_schedule(recall)
            made.append(recall)
    return made


def _last_session_day(item, plan) -> date:
    last = (
        Appointment.objects.filter(plan_item=item, status=AppointmentStatus.COMPLETED)
        .order_by("-starts_at")
        .first()
    )
    if last is None:
        return timezone.localdate(timezone.now(), plan.clinic.zone)
    return last.occurred_on or timezone.localdate(last.starts_at, plan.clinic.zone)


def reminder_time(recall: Recall) -> datetime:
    """09:00 clinic time, REMINDER_LEAD before the due date (wall clock, then to UTC)."""
    day = recall.due_on - REMINDER_LEAD
    return datetime.combine(day, REMINDER_HOUR, tzinfo=recall.clinic.zone)


def recall_reminder_schedule(recall: Recall) -> None:
    """After the current transaction commits, queue the recall's reminder for its time."""
    run_after = max(reminder_time(recall), timezone.now())
    pk = recall.pk
    transaction.on_commit(lambda: send_recall_reminder.using(run_after=run_after).enqueue(pk))


@task()
def send_recall_reminder(recall_id: int) -> str:
    """The background task: remind the patient of one recall if it is still due."""
    return recall_remind(recall_id=recall_id)


def recall_remind(*, recall_id: int, now: datetime | None = None) -> str:
    """Remind the patient of one open, due recall; returns the outcome (no patient data).
    Invariant: never twice; never for a recall contacted, booked or closed."""
    now = now or timezone.now()

    def deliver(recall):
        message = recall_message(recall)
        return lambda: deliver_message(message, what="Recall reminder", pk=recall_id)

    return send_once(
        Recall.objects.select_related("clinic", "patient"),
        recall_id,
        sent_field="reminder_sent_at",
        now=now,
        why_not=lambda recall: _why_not(recall, now),
        summary="Recall reminder sent",
        deliver=deliver,
        sent=SENT,
        missing=NOT_OPEN,
    )


def _why_not(recall: Recall, now: datetime) -> str:
    if recall.status != RecallStatus.OPEN:
        return NOT_OPEN
    if recall.reminder_sent_at is not None:
        return ALREADY_SENT
    if now < reminder_time(recall):
        return NOT_DUE
    if not (recall.patient.email or recall.patient.phone):
        return NO_CONTACT
    return ""


def recall_message(recall: Recall) -> Message:
    clinic, patient = recall.clinic, recall.patient
    call = f" Please call {clinic.phone} to book." if clinic.phone else " Please call us to book."
    body = (
        f"It is time for your follow-up at {clinic.name} ({recall.patient_reason.lower()}), "
        f"from {recall.due_on:%d %B %Y}.{call}"
    )
    return Message(patient.email, patient.phone, f"Your follow-up at {clinic.name}", body)


def recalls_due(*, now: datetime | None = None) -> list[int]:
    """Open, not yet reminded recalls whose reminder time has come (any clinic)."""
    now = now or timezone.now()
    horizon = timezone.localdate(now) + REMINDER_LEAD + timedelta(days=1)
    candidates = Recall.objects.filter(
        status=RecallStatus.OPEN, reminder_sent_at__isnull=True, due_on__lte=horizon
    ).select_related("clinic", "patient")
    return [r.pk for r in candidates if not _why_not(r, now)]


def recall_mark(*, actor: User, recall: Recall, status: RecallStatus | str) -> Recall:
    """Move a recall to contacted, booked or closed, under a row lock, with an audit entry."""
    status = RecallStatus(status)
    with transaction.atomic():
        locked = Recall.objects.select_for_update().get(pk=recall.pk)
        if locked.status not in MOVES.get(status, set()):
            raise RecallRefused(CANNOT_MOVE.format(status=locked.get_status_display().lower()))
        before = locked.status
        locked.status = status
        stamp = {RecallStatus.CONTACTED: "contacted_at", RecallStatus.BOOKED: "booked_at"}
        setattr(locked, stamp.get(status, "closed_at"), timezone.now())
        locked.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            patient=recall.patient,
            clinic=recall.clinic,
            summary=f"Recall marked {status.label.lower()}",
            changes={"status": [before, status.value]},
        )
    return locked
