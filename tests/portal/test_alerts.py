"""A side effect reported from the portal is an alert: the clinic's practitioners and doctors
are e-mailed once, it leads Today with a count in the top bar, a named clinician acknowledges
it, nobody's acknowledgement in time escalates it to the doctors and admins, and while nobody
has assessed it, it is an open event on the next checklist."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from picoclinic.audit.models import AuditEvent
from picoclinic.portal import alerts
from picoclinic.portal.models import ReportStatus, SideEffectAlertPolicy, SideEffectReport
from picoclinic.portal.services import (
    ALREADY_HANDLED,
    ReportRefused,
    report_acknowledge,
    report_close,
    side_effect_report,
)
from picoclinic.treatments.models import CheckCode, CheckState
from picoclinic.treatments.services import checklist_recheck
from tests.treatments import helpers as h

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
TODAY = reverse("home:today")
WORDS = "My left eye is blurry since the laser"


@pytest.fixture(autouse=True)
def _tasks(settings):
    settings.TASKS = DUMMY
    default_task_backend.clear()


def reported(world, patient=None, kind="eye", **over) -> SideEffectReport:
    patient = patient or world.patient_a
    values = {
        "kind": kind,
        "started_on": timezone.localdate(),
        "description": WORDS,
        "session": None,
    } | over
    return side_effect_report(user=patient.user, patient=patient, values=values)


def test_reporting_queues_the_alert_now_and_the_escalation_for_the_clinics_time(
    world, django_capture_on_commit_callbacks
):
    SideEffectAlertPolicy.objects.create(clinic=world.clinic_a, escalate_after_minutes=20)
    with django_capture_on_commit_callbacks(execute=True):
        report = reported(world)
    queued = {r.task.name: r for r in default_task_backend.results}
    assert set(queued) == {"alert_staff_of_report", "escalate_report"}
    assert queued["alert_staff_of_report"].args == [report.pk]
    assert queued["alert_staff_of_report"].task.run_after is None
    assert queued["escalate_report"].task.run_after == report.reported_at + timedelta(minutes=20)


def test_nothing_is_queued_when_the_report_rolls_back(world, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        reported(world)
        transaction.set_rollback(True)
    assert default_task_backend.results == []
    assert not SideEffectReport.objects.exists()


def test_the_alert_goes_once_to_the_clinics_practitioners_and_doctors(
    world, django_capture_on_commit_callbacks
):
    report = reported(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.report_alert(report_id=report.pk) == alerts.ALERTED
        assert alerts.report_alert(report_id=report.pk) == alerts.ALREADY_ALERTED
    [message] = mail.outbox
    assert sorted(message.to) == sorted([world.practitioner.email, world.doctor.email])
    body = message.subject + message.body
    assert world.patient_a.patient_number in body
    assert f"/patients/{world.patient_a.pk}/side-effects/{report.pk}/" in body
    assert message.subject.startswith("Urgent: ")
    # No name, none of the patient's words.
    for private in ("Mia", "Stone", "blurry", "eye is"):
        assert private not in body
    entry = AuditEvent.objects.get(summary__contains="alerted of side-effect report")
    assert entry.patient == world.patient_a
    report.refresh_from_db()
    assert report.staff_alerted_at is not None


def test_nobody_at_another_clinic_is_alerted(world, django_capture_on_commit_callbacks):
    report = reported(world, patient=world.patient_b, kind="darker")
    with django_capture_on_commit_callbacks(execute=True):
        alerts.report_alert(report_id=report.pk)
    [message] = mail.outbox
    assert message.to == [world.other_clinic_practitioner.email]
    assert not message.subject.startswith("Urgent")


def test_escalation_after_the_set_time_goes_once_to_doctors_and_admins(
    world, django_capture_on_commit_callbacks
):
    with time_machine.travel("2031-03-03 10:00:00+00:00", tick=False):
        report = reported(world)
    out = StringIO()
    with (
        time_machine.travel("2031-03-03 10:59:00+00:00", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert alerts.report_escalate(report_id=report.pk) == alerts.NOT_DUE
        call_command("send_due_side_effect_alerts", stdout=out)
    assert "0 side-effect report(s) escalated" in out.getvalue()
    assert "1 side-effect alert(s) sent" in out.getvalue()  # the lost alert, made good
    mail.outbox.clear()

    with (
        time_machine.travel("2031-03-03 11:00:00+00:00", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("sweep", stdout=out)
        call_command("send_due_side_effect_alerts", stdout=out)
        assert alerts.report_escalate(report_id=report.pk) == alerts.ALREADY_ESCALATED
    [message] = mail.outbox
    assert sorted(message.to) == sorted([world.doctor.email, world.clinic_admin.email])
    assert "not acknowledged" in message.subject
    assert "60 minutes" in message.body
    assert "Mia" not in message.body
    assert "blurry" not in message.body
    report.refresh_from_db()
    assert report.escalated_at is not None


def test_the_clinics_own_time_and_an_acknowledgement_stop_or_bring_forward_escalation(
    world, django_capture_on_commit_callbacks
):
    SideEffectAlertPolicy.objects.create(clinic=world.clinic_a, escalate_after_minutes=15)
    with time_machine.travel("2031-03-03 10:00:00+00:00", tick=False):
        quick = reported(world)
        seen = reported(world, patient=world.other_patient_a)
        report_acknowledge(actor=world.practitioner, report=seen)
    with time_machine.travel("2031-03-03 10:16:00+00:00", tick=False):
        assert alerts.reports_to_escalate() == [quick.pk]
        assert alerts.report_escalate(report_id=seen.pk) == alerts.HANDLED
        assert alerts.reports_unalerted() == [quick.pk]  # the acknowledged one needs no alert


def test_acknowledging_is_an_audited_act_of_a_named_clinician(world):
    report = reported(world)
    with pytest.raises(ReportRefused) as refused:
        report_acknowledge(actor=world.front_desk, report=report)
    assert "practitioner or doctor" in refused.value.message
    with pytest.raises(ReportRefused):
        report_acknowledge(actor=world.other_clinic_practitioner, report=report)

    done = report_acknowledge(actor=world.practitioner, report=report)
    assert (done.acknowledged_by, done.status) == (world.practitioner, ReportStatus.NEW)
    entry = AuditEvent.objects.get(summary=f"Side-effect report {report.pk} acknowledged")
    assert (entry.actor, entry.patient) == (world.practitioner, world.patient_a)
    with pytest.raises(ReportRefused) as twice:
        report_acknowledge(actor=world.doctor, report=report)
    assert "Pat Practitioner already acknowledged" in twice.value.message

    closed = report_close(actor=world.doctor, report=reported(world), note="Phoned: settled.")
    assert closed.acknowledged_by == world.doctor  # taking it up acknowledges it
    with pytest.raises(ReportRefused) as handled:
        report_acknowledge(actor=world.practitioner, report=closed)
    assert handled.value.message == ALREADY_HANDLED


def test_the_report_page_acknowledges_and_keeps_others_out(client, world):
    report = reported(world)
    url = reverse("side_effects:detail", args=[world.patient_a.pk, report.pk])
    client.force_login(world.practitioner)
    page = client.get(url).content.decode()
    assert WORDS in page
    assert "Nobody has acknowledged it yet." in page
    response = client.post(
        reverse("side_effects:acknowledge", args=[world.patient_a.pk, report.pk])
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Acknowledged by <strong>Pat Practitioner</strong>" in page
    client.force_login(world.front_desk)
    assert "Acknowledge: I have it in hand" not in client.get(url).content.decode()
    client.force_login(world.other_clinic_practitioner)
    assert client.get(url).status_code == 404


# --- Today and the top bar -----------------------------------------------------------------


def test_today_shows_reports_first_urgent_first_with_the_count_in_the_top_bar(client, world):
    darker = reported(world, kind="darker")
    eye = reported(world, patient=world.other_patient_a, kind="eye")
    reported(world, patient=world.patient_b, kind="burn")  # another clinic's
    client.force_login(world.practitioner)
    client.get(TODAY)
    with CaptureQueriesContext(connection) as few:
        response = client.get(TODAY)
    assert [r.pk for r in response.context["side_effects"]] == [eye.pk, darker.pk]
    page = response.content.decode()
    assert page.index('id="alerts-heading"') < page.index("Find a patient")
    assert '<span aria-hidden="true">2</span>' in page
    assert "2 side-effect reports waiting" in page
    for _ in range(4):
        reported(world, kind="pain")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(TODAY).context["side_effects"]) == 6
    assert len(many) == len(few)

    report_close(actor=world.doctor, report=darker, note="Phoned: expected darkening.")
    page = client.get(TODAY).content.decode()
    assert '<span aria-hidden="true">5</span>' in page
    client.force_login(world.other_clinic_practitioner)
    page = client.get(TODAY).content.decode()
    assert "1 side-effect report waiting" in page


def test_no_count_when_nothing_waits(client, world):
    client.force_login(world.front_desk)
    page = client.get(TODAY).content.decode()
    assert "side-effects-waiting" not in page
    assert 'id="alerts-heading"' not in page


# --- The next session's checklist ------------------------------------------------------------


def _item(session):
    return session.checks.get(code=CheckCode.ADVERSE_EVENTS)


def test_an_unassessed_report_is_an_open_event_on_the_next_checklist(world):
    reported(world, kind="darker")
    item = _item(h.started(world))
    assert item.state == CheckState.PENDING
    assert "Darkening (PIH), reported by the patient, not assessed yet, since" in item.detail


def test_an_urgent_unassessed_report_blocks_until_it_is_assessed(world):
    session = h.started(world)
    assert _item(session).state == CheckState.NOT_APPLICABLE
    report = reported(world, kind="blisters")
    checklist_recheck(actor=world.practitioner, session=session)
    item = _item(session)
    assert item.state == CheckState.BLOCKED
    assert "not assessed yet" in item.detail
    assert "Blistering" in item.detail

    report_close(actor=world.practitioner, report=report, note="Seen today: healed.")
    checklist_recheck(actor=world.practitioner, session=session)
    assert _item(session).state == CheckState.NOT_APPLICABLE
