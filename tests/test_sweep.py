"""The sweeper behind the queued tasks, and what ``picoclinic serve`` writes to its log."""

from __future__ import annotations

import io
import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from gunicorn.config import Config
from gunicorn.glogging import Logger

from picoclinic.home.management.commands.serve import ACCESS_LOG_FORMAT
from picoclinic.home.management.commands.sweep import sweep_commands
from picoclinic.scheduling.management.commands import send_due_reminders
from tests.scheduling.conftest import sched  # noqa: F401 - the scheduling fixture
from tests.scheduling.helpers import at, book


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_the_sweep_runs_every_safety_net():
    assert {"send_due_reminders", "send_due_recalls", "audit_seal"} <= set(sweep_commands())


def test_the_sweep_sends_a_reminder_whose_task_was_lost(
    world,
    sched,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    book(world, sched.consultation, at(world.clinic_a, 10))
    with (
        time_machine.travel(at(world.clinic_a, 10) - timedelta(hours=3), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        out = io.StringIO()
        call_command("sweep", stdout=out)
    assert "1 reminder(s) sent." in out.getvalue()
    assert len(mail.outbox) == 1


def test_a_failing_sweep_does_not_stop_the_others_nor_log_patient_data(world, monkeypatch, caplog):
    def broken():
        raise ValueError("Mei Lin, 12 Acacia Road")

    monkeypatch.setattr(send_due_reminders, "reminders_due", broken)
    out = io.StringIO()
    with caplog.at_level(logging.ERROR):
        call_command("sweep", stdout=out)
    assert "recall reminder(s) sent." in out.getvalue()  # ran after the failure
    assert "send_due_reminders failed: ValueError" in caplog.text
    assert "Mei Lin" not in caplog.text


def test_the_access_log_leaves_out_the_query_string_and_referrer():
    logger = Logger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/patients/?q=Mei+Lin",
        "PATH_INFO": "/patients/",
        "QUERY_STRING": "q=Mei+Lin",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "http://127.0.0.1:8000/patients/?q=Mei+Lin",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, timedelta(seconds=0.1))
    line = ACCESS_LOG_FORMAT % atoms
    assert '"GET /patients/ HTTP/1.1" 200' in line
    assert "Mei" not in line
