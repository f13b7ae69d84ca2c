"""The safety net behind the sending task: ``send_due_aftercare`` sends the aftercare of signed
sessions whose task never ran, after a grace period, once, whoever runs it and how often."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from picoclinic.aftercare.models import AftercareSheet
from picoclinic.aftercare.services import SWEEP_GRACE, aftercare_unsent
from picoclinic.notifications.sms import OutboxSmsSender
from picoclinic.patients.models import Patient
from tests.treatments import helpers as h

# A queue that never runs anything: the task "was lost".
LOST = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _outbox(settings):
    settings.TASKS = LOST
    settings.PICOCLINIC_SMS_SENDER = "picoclinic.notifications.sms.OutboxSmsSender"
    OutboxSmsSender.outbox.clear()
    yield
    OutboxSmsSender.outbox.clear()


def _run() -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_due_aftercare", stdout=out)
    return out.getvalue().strip()


def test_aftercare_whose_task_never_ran_is_sent_once_after_the_grace(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sheet = h.signed(world).aftercare
    assert mail.outbox == []  # the task was queued on a queue that lost it

    # Within the grace period the task may still run: the sweep leaves it alone.
    with django_capture_on_commit_callbacks(execute=True):
        assert _run() == "0 aftercare sheet(s) sent."
    assert mail.outbox == []

    later = timezone.now() + SWEEP_GRACE + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert _run() == "1 aftercare sheet(s) sent."
        with django_capture_on_commit_callbacks(execute=True):
            assert _run() == "0 aftercare sheet(s) sent."  # idempotent
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alex@mail.example"]
    assert len(OutboxSmsSender.outbox) == 1
    assert AftercareSheet.objects.get(pk=sheet.pk).delivery_claimed_at is not None


def test_sheets_already_sent_or_without_contact_are_not_picked(world):
    sent = h.signed(world).aftercare
    AftercareSheet.objects.filter(pk=sent.pk).update(delivery_claimed_at=timezone.now())
    unreachable = h.signed(world, patient=world.other_patient_a).aftercare
    Patient.objects.filter(pk=world.other_patient_a.pk).update(email="", phone="")

    later = timezone.now() + SWEEP_GRACE + timedelta(minutes=1)
    assert aftercare_unsent(now=later) == []
    assert unreachable.pk not in aftercare_unsent(now=later)
