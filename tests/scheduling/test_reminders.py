"""Step 5d: reminders go out by background task after commit, once, never when cancelled."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import default_task_backend

from picoclinic.audit.models import AuditEvent
from picoclinic.notifications.sms import OutboxSmsSender
from picoclinic.scheduling import reminders
from picoclinic.scheduling.models import SchedulingPolicy
from picoclinic.scheduling.services import appointment_cancel, appointment_reschedule
from tests.scheduling.helpers import NOW, at, book


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.PICOCLINIC_SMS_SENDER = "picoclinic.notifications.sms.OutboxSmsSender"
    OutboxSmsSender.outbox.clear()


def _queued():
    """The reminders queued (a consultation also queues its questionnaire: not a reminder)."""
    return [
        (r.task.name, r.task.run_after, r.args)
        for r in default_task_backend.results
        if r.task.name == "send_appointment_reminder"
    ]


def test_booking_queues_the_reminder_after_commit(world, sched, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    assert _queued() == []  # nothing before the booking commits
    for callback in callbacks:
        callback()
    starts = at(world.clinic_a, 10)
    assert _queued() == [
        ("send_appointment_reminder", starts - timedelta(hours=24), [appointment.pk])
    ]


def test_the_reminder_goes_once(world, sched, django_capture_on_commit_callbacks):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    due = at(world.clinic_a, 10) - timedelta(hours=23)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminder_send(appointment_id=appointment.pk, now=due) == reminders.SENT
    with django_capture_on_commit_callbacks(execute=True):
        again = reminders.reminder_send(appointment_id=appointment.pk, now=due)
    assert again == reminders.ALREADY_SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.patient_a.email]
    assert "Wednesday 11 June at 10:00" in message.body  # the clinic's wall clock
    assert "Pat Practitioner" in message.body or "Dr Dora" in message.body
    assert AuditEvent.objects.filter(summary="Reminder sent").count() == 1


@pytest.mark.parametrize(
    ("offset", "outcome"),
    [
        (timedelta(hours=-30), reminders.NOT_DUE),
        (timedelta(minutes=5), reminders.TOO_LATE),
    ],
)
def test_not_too_early_and_not_too_late(world, sched, offset, outcome):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    now = at(world.clinic_a, 10) + offset
    assert reminders.reminder_send(appointment_id=appointment.pk, now=now) == outcome
    assert mail.outbox == []


def test_never_for_a_cancelled_appointment(world, sched):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    appointment_cancel(actor=world.front_desk, appointment=appointment)
    due = at(world.clinic_a, 10) - timedelta(hours=2)
    assert reminders.reminder_send(appointment_id=appointment.pk, now=due) == reminders.NOT_BOOKED
    assert mail.outbox == []


def test_by_sms_when_there_is_no_email(world, sched, django_capture_on_commit_callbacks):
    world.patient_a.email = ""
    world.patient_a.save()
    appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminder_send(
            appointment_id=appointment.pk, now=at(world.clinic_a, 10) - timedelta(hours=1)
        )
    assert [to for to, _ in OutboxSmsSender.outbox] == [world.patient_a.phone]


def test_a_moved_appointment_is_reminded_of_its_new_time(
    world, sched, django_capture_on_commit_callbacks
):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminder_send(
            appointment_id=appointment.pk, now=at(world.clinic_a, 10) - timedelta(hours=2)
        )
    new = at(world.clinic_a, 10) + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        appointment_reschedule(
            actor=world.front_desk, appointment=appointment, starts_at=new, now=NOW
        )
    assert _queued()[-1][1] == new - timedelta(hours=24)
    # The task queued for the old time runs and finds nothing to do yet.
    old_due = at(world.clinic_a, 10) - timedelta(hours=24)
    assert reminders.reminder_send(appointment_id=appointment.pk, now=old_due) == reminders.NOT_DUE


def test_a_clinic_can_switch_reminders_off(world, sched, django_capture_on_commit_callbacks):
    SchedulingPolicy.objects.create(clinic=world.clinic_a, reminder_hours_before=0)
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    assert _queued() == []
    due = at(world.clinic_a, 10) - timedelta(hours=1)
    assert reminders.reminder_send(appointment_id=appointment.pk, now=due) == reminders.SWITCHED_OFF


def test_the_sweep_sends_what_is_due(world, sched, django_capture_on_commit_callbacks):
    import time_machine

    due = book(world, sched.consultation, at(world.clinic_a, 10))
    book(world, sched.consultation, at(world.clinic_a, 10) + timedelta(days=2))  # not yet
    with (
        time_machine.travel(at(world.clinic_a, 10) - timedelta(hours=3), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders.reminders_due() == [due.pk]
        out = io.StringIO()
        call_command("send_due_reminders", stdout=out)
        assert out.getvalue() == "1 reminder(s) sent.\n"
        assert reminders.reminders_due() == []
    assert len(mail.outbox) == 1
