"""Reminders before appointments, sent by a background task after the booking commits.

At most once per appointment: the task locks the appointment, checks it is still booked, due
and not reminded, marks it reminded in the same transaction, and hands the message to the
mailer only once that transaction has committed. A moved appointment gets a new task; the old
one finds it is not yet due (or already reminded) and does nothing. A cancelled one is never
reminded. ``send_due_reminders`` (a management command) is the periodic safety net: the tasks
API has no scheduler of its own.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from picoclinic.notifications.messages import Message, deliver_message
from picoclinic.notifications.once import send_once
from picoclinic.scheduling.availability import policy_for
from picoclinic.scheduling.models import Appointment, AppointmentStatus

# A worker may start a task a little before its time (clocks differ): allow that much.
EARLY_SLACK = timedelta(minutes=10)

SENT = "sent"
NOT_BOOKED = "not booked"
ALREADY_SENT = "already sent"
NOT_DUE = "not due yet"
TOO_LATE = "already started"
SWITCHED_OFF = "reminders off"
NO_CONTACT = "no contact details"


def reminder_schedule(appointment: Appointment) -> None:
    """After the current transaction commits, queue the appointment's reminder for its time."""
    lead = policy_for(appointment.clinic).reminder_lead
    if not lead:
        return
    run_after = max(appointment.starts_at - lead, timezone.now())
    transaction.on_commit(
        lambda: send_appointment_reminder.using(run_after=run_after).enqueue(appointment.pk)
    )


@task()
def send_appointment_reminder(appointment_id: int) -> str:
    """The background task: send one appointment's reminder if it is still due."""
    return reminder_send(appointment_id=appointment_id)


def reminder_send(*, appointment_id: int, now: datetime | None = None) -> str:
    """Remind the patient of one appointment if due and not yet reminded; returns the outcome
    (words, no patient data). Invariant: never twice, never for a cancelled appointment."""
    rows = Appointment.objects.select_related(
        "clinic", "patient", "appointment_type", "practitioner", "booking_request"
    )
    now = now or timezone.now()

    def why_not(appointment):
        return _why_not(appointment, now, policy_for(appointment.clinic).reminder_lead)

    def deliver(appointment):
        message = reminder_message(appointment)
        return lambda: deliver_message(message, what="Appointment reminder", pk=appointment_id)

    return send_once(
        rows,
        appointment_id,
        sent_field="reminder_sent_at",
        now=now,
        why_not=why_not,
        summary="Reminder sent",
        deliver=deliver,
        sent=SENT,
        missing=NOT_BOOKED,
    )


def _why_not(appointment: Appointment, now: datetime, lead: timedelta) -> str:
    if appointment.status != AppointmentStatus.BOOKED:
        return NOT_BOOKED
    if appointment.reminder_sent_at is not None:
        return ALREADY_SENT
    if not lead:
        return SWITCHED_OFF
    if now >= appointment.starts_at:
        return TOO_LATE
    if now < appointment.starts_at - lead - EARLY_SLACK:
        return NOT_DUE
    if not any(_contact(appointment)):
        return NO_CONTACT
    return ""


def _contact(appointment: Appointment) -> tuple[str, str]:
    """(e-mail, phone) of the patient, or of the online request not linked to one yet."""
    person = appointment.patient or getattr(appointment, "booking_request", None)
    return (person.email, person.phone) if person is not None else ("", "")


def reminder_message(appointment: Appointment) -> Message:
    clinic = appointment.clinic
    local = timezone.localtime(appointment.starts_at, clinic.zone)
    when = f"{local:%A} {local.day} {local:%B} at {local:%H:%M} ({clinic.zone_words})"
    call = f" To change or cancel, please call {clinic.phone}." if clinic.phone else ""
    body = (
        f"Reminder: your {appointment.appointment_type.name.lower()} at {clinic.name} is on "
        f"{when} with {appointment.practitioner.name}.{call}"
    )
    if appointment.patient_id is not None:
        from picoclinic.scheduling.links import CANCEL, CONFIRM, link_url

        body += str(
            _("\n\nComing? Confirm: %(confirm)s\nCannot come? Cancel: %(cancel)s")
            % {"confirm": link_url(appointment, CONFIRM), "cancel": link_url(appointment, CANCEL)}
        )
    email, phone = _contact(appointment)
    return Message(email, phone, f"Your appointment at {clinic.name} on {when}", body)


def reminders_due(*, now: datetime | None = None) -> list[int]:
    """Booked, not yet reminded appointments whose reminder time has come (any clinic)."""
    from picoclinic.scheduling.models import SchedulingPolicy

    now = now or timezone.now()
    default = SchedulingPolicy().reminder_lead
    leads = {p.clinic_id: p.reminder_lead for p in SchedulingPolicy.objects.all()}
    candidates = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + max([default, *leads.values()]),
    ).select_related("patient", "booking_request")
    return [a.pk for a in candidates if not _why_not(a, now, leads.get(a.clinic_id, default))]
