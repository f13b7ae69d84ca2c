"""Adverse events at any time: recorded from the chart or a follow-up task, linked to the
patient's session and the setting used, resolved later, audited; serious ones e-mail the
clinic's doctors once after commit and wait for a doctor's acknowledgement; the next session's
checklist shows open events, and an open serious one blocks until a doctor passes it."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from picoclinic.aftercare.models import FollowUpTask
from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.treatments import errors
from picoclinic.treatments.adverse import is_serious
from picoclinic.treatments.models import AdverseEvent, CheckCode, CheckState, SettingsEntry
from picoclinic.treatments.services import checklist_override, checklist_recheck, checklist_tick
from picoclinic.treatments.services.events import (
    ACK_DONE,
    EVENT_SESSION_ELSEWHERE,
    ONSET_BEFORE_SESSION,
    RESOLVED_BEFORE_ONSET,
    RESOLVED_IN_FUTURE,
    adverse_event_acknowledge,
    adverse_event_notify,
    adverse_event_report,
    adverse_event_resolve,
)
from tests.treatments import helpers as h

# Sessions and onsets around now, on the clinic's one day.
pytestmark = pytest.mark.usefixtures("midday")

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOST = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _tasks(settings):
    settings.TASKS = IMMEDIATE


def values(**over) -> dict:
    return {
        "source": "patient_report",
        "kind": "prolonged_erythema",
        "grade": 1,
        "onset_at": timezone.now() - timedelta(hours=2),
        "description": "Redness still there on day 4.",
        "session": None,
        "settings_entry": None,
    } | over


def report(world, patient=None, **over) -> AdverseEvent:
    patient = patient or world.patient_a
    return adverse_event_report(
        actor=world.front_desk, patient=patient, clinic=patient.clinic, values=values(**over)
    )


def states(session) -> dict:
    return dict(session.checks.values_list("code", "state"))


# --- Seriousness --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "grade", "serious"),
    [
        ("prolonged_erythema", 1, False),
        ("prolonged_erythema", 2, False),
        ("prolonged_erythema", 3, True),
        ("ocular", 1, True),
        ("scarring", 1, True),
        ("burn", 2, True),
        ("hyperpigmentation", 2, False),
    ],
)
def test_serious_is_grade_3_or_an_eye_scar_or_burn(kind, grade, serious):
    assert is_serious(kind=kind, grade=grade) is serious


# --- Recording after the session ----------------------------------------------------------------


def test_an_event_after_the_session_links_the_session_and_setting_and_is_audited(world):
    session = h.signed(world)
    entry = SettingsEntry.objects.get(session=session)

    event = report(world, session=session, settings_entry=entry)

    assert (event.session, event.settings_entry, event.source) == (session, entry, "patient_report")
    assert not event.serious
    assert not event.sealed
    audit = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="treatments.AdverseEvent")
    assert (audit.actor, audit.patient) == (world.front_desk, world.patient_a)


def test_links_must_be_this_patients_and_the_onset_after_the_session(world):
    others = h.signed(world, patient=world.other_patient_a)
    with pytest.raises(errors.FieldRefused) as refused:
        report(world, session=others)
    assert refused.value.message == EVENT_SESSION_ELSEWHERE

    session = h.signed(world)
    foreign_entry = SettingsEntry.objects.get(session=others)
    with pytest.raises(errors.FieldRefused) as refused:
        report(world, session=session, settings_entry=foreign_entry)
    assert refused.value.field == "settings_entry"

    with pytest.raises(errors.FieldRefused) as refused:
        report(world, session=session, onset_at=timezone.now() - timedelta(days=3))
    assert refused.value.message == ONSET_BEFORE_SESSION

    with pytest.raises(errors.FieldRefused) as refused:
        report(world, onset_at=timezone.now() + timedelta(hours=1))
    assert refused.value.message == errors.ONSET_IN_FUTURE
    assert not AdverseEvent.objects.exists()


def test_resolution_later_once_and_not_before_the_onset(world):
    event = report(world)
    today = timezone.localdate(timezone.now(), world.clinic_a.zone)
    with pytest.raises(errors.FieldRefused) as refused:
        adverse_event_resolve(
            actor=world.practitioner, event=event, resolved_on=today - timedelta(days=5)
        )
    assert refused.value.message == RESOLVED_BEFORE_ONSET
    with pytest.raises(errors.TreatmentError):  # the front desk does not close clinical events
        adverse_event_resolve(actor=world.front_desk, event=event, resolved_on=today)

    resolved = adverse_event_resolve(
        actor=world.practitioner, event=event, resolved_on=today, note="Settled with cooling."
    )
    assert (resolved.resolved, resolved.resolved_by, resolved.resolution_note) == (
        True,
        world.practitioner,
        "Settled with cooling.",
    )
    assert AuditEvent.objects.filter(summary="Adverse event resolved").count() == 1


def test_an_event_seen_in_a_signed_session_can_still_be_resolved(world):
    session = h.treated(world, h.started(world))
    from picoclinic.treatments.services.record import adverse_event_record
    from picoclinic.treatments.services.sign import session_sign

    adverse_event_record(
        actor=world.practitioner,
        session=session,
        values={k: v for k, v in values().items() if k not in {"source", "session"}}
        | {"onset_at": timezone.now() - timedelta(minutes=1)},
    )
    session_sign(actor=world.practitioner, session=session)
    event = AdverseEvent.objects.get(session=session)
    assert event.sealed
    adverse_event_resolve(
        actor=world.practitioner, event=event, resolved_on=timezone.localdate(), note="Gone."
    )
    assert AdverseEvent.objects.get(pk=event.pk).resolved


# --- Serious: the doctors are told once, after commit; a doctor acknowledges -------------------


def test_a_serious_event_emails_the_clinics_doctors_once_after_commit(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        event = report(world, kind="ocular", grade=1, description="Floaters in the left eye.")
    assert event.serious
    assert mail.outbox == []  # nothing inside the transaction
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.doctor.email]
    assert world.patient_a.patient_number in message.body
    assert world.patient_a.family_name not in message.body + message.subject
    assert "Floaters" not in message.body  # no clinical detail leaves the system
    assert f"/adverse-events/{event.pk}/" in message.body
    # A second run of the task (a retry, the sweep) sends nothing.
    assert adverse_event_notify(event_id=event.pk) == "already notified"
    assert AdverseEvent.objects.get(pk=event.pk).doctor_notified_at is not None


def test_a_lost_notification_is_sent_by_the_sweep(
    world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = LOST
    with django_capture_on_commit_callbacks(execute=True):
        report(world, kind="burn", grade=2)
    assert mail.outbox == []
    out = StringIO()

    later = timezone.now() + timedelta(minutes=6)
    with (
        time_machine.travel(later, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_due_event_notices", stdout=out)
        call_command("send_due_event_notices", stdout=out)
    assert out.getvalue().splitlines() == [
        "1 serious adverse event notice(s) sent.",
        "0 serious adverse event notice(s) sent.",
    ]
    assert len(mail.outbox) == 1


def test_a_mild_event_notifies_nobody(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report(world)
    assert mail.outbox == []


def test_a_doctor_acknowledges_a_serious_event_with_a_note_once(world):
    event = report(world, grade=3)
    with pytest.raises(errors.TreatmentError) as refused:
        adverse_event_acknowledge(actor=world.practitioner, event=event, note="Seen.")
    assert refused.value.message == errors.DOCTOR_ONLY_EVENT
    with pytest.raises(errors.FieldRefused):
        adverse_event_acknowledge(actor=world.doctor, event=event, note="  ")

    done = adverse_event_acknowledge(actor=world.doctor, event=event, note="Review in clinic.")
    assert (done.acknowledged_by, done.acknowledgement_note) == (world.doctor, "Review in clinic.")
    with pytest.raises(errors.TreatmentError) as refused:
        adverse_event_acknowledge(actor=world.doctor, event=event, note="Again.")
    assert refused.value.message == ACK_DONE


# --- The next session's checklist ---------------------------------------------------------------


def test_an_open_event_shows_on_the_next_checklist_and_is_reviewed_by_the_practitioner(world):
    report(world, kind="hyperpigmentation", grade=2)
    session = h.started(world)
    item = session.checks.get(code=CheckCode.ADVERSE_EVENTS)
    assert item.state == CheckState.PENDING
    assert "Darkening (PIH) (grade 2) since" in item.detail

    checklist_tick(actor=world.practitioner, session=session, code=CheckCode.ADVERSE_EVENTS)
    item.refresh_from_db()
    assert item.state == CheckState.DONE
    assert "Darkening (PIH)" in item.detail  # what was reviewed stays listed


def test_an_open_serious_event_blocks_until_a_doctor_passes_it(world):
    report(world, kind="burn", grade=2)
    session = h.started(world)
    assert states(session)[CheckCode.ADVERSE_EVENTS] == CheckState.BLOCKED
    with pytest.raises(errors.TreatmentError) as refused:
        checklist_tick(actor=world.practitioner, session=session, code=CheckCode.ADVERSE_EVENTS)
    assert refused.value.message == errors.DOCTOR_ONLY

    checklist_override(
        actor=world.doctor,
        session=session,
        code=CheckCode.ADVERSE_EVENTS,
        reason="Healed burn seen today; treat the other cheek only.",
    )
    assert states(session)[CheckCode.ADVERSE_EVENTS] == CheckState.OVERRIDDEN
    checklist_recheck(actor=world.practitioner, session=session)  # the same burn: the pass stands
    assert states(session)[CheckCode.ADVERSE_EVENTS] == CheckState.OVERRIDDEN

    # Another serious event while the patient waits: the doctor's pass was not for that one.
    report(world, kind="ocular", grade=1)
    checklist_recheck(actor=world.practitioner, session=session)
    assert states(session)[CheckCode.ADVERSE_EVENTS] == CheckState.BLOCKED


def test_an_event_recorded_or_resolved_after_the_start_shows_on_check_again(world):
    session = h.started(world)
    assert states(session)[CheckCode.ADVERSE_EVENTS] == CheckState.NOT_APPLICABLE
    event = report(world, kind="scarring", grade=1)
    checklist_recheck(actor=world.practitioner, session=session)
    assert states(session)[CheckCode.ADVERSE_EVENTS] == CheckState.BLOCKED
    adverse_event_resolve(actor=world.doctor, event=event, resolved_on=timezone.localdate())
    checklist_recheck(actor=world.practitioner, session=session)
    assert states(session)[CheckCode.ADVERSE_EVENTS] == CheckState.NOT_APPLICABLE


# --- Pages ---------------------------------------------------------------------------------------


def test_record_from_the_chart_page_and_bad_input_keeps_the_form(client, world):
    session = h.signed(world)
    client.force_login(world.practitioner)
    chart = client.get(f"/patients/{world.patient_a.pk}/")
    assert f"/patients/{world.patient_a.pk}/sessions/adverse-events/new/" in chart.content.decode()

    url = f"/patients/{world.patient_a.pk}/sessions/adverse-events/new/"
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{session.pk}" selected' in page.content.decode()

    bad = client.post(url, {"kind": "burn", "grade": "9", "description": "Blister", "source": "x"})
    assert bad.status_code == 400
    assert "Blister" in bad.content.decode()
    assert not AdverseEvent.objects.exists()

    local = timezone.localtime(timezone.now(), world.clinic_a.zone) - timedelta(minutes=30)
    ok = client.post(
        url,
        {
            "source": "patient_report",
            "kind": "blistering",
            "grade": "2",
            "onset_at": local.strftime("%Y-%m-%dT%H:%M"),
            "session": str(session.pk),
            "settings_entry": str(SettingsEntry.objects.get(session=session).pk),
            "description": "Small blisters on the left cheek.",
        },
    )
    event = AdverseEvent.objects.get()
    assert ok["Location"] == f"/patients/{world.patient_a.pk}/sessions/adverse-events/{event.pk}/"
    # The onset was typed in the clinic's time (London).
    assert abs(event.onset_at - (timezone.now() - timedelta(minutes=30))) < timedelta(minutes=1)


def test_record_from_a_follow_up_task(client, world):
    session = h.signed(world, concern=h.TATTOO, fitzpatrick=2, values=h.TATTOO_OK)
    task = FollowUpTask.objects.get(session=session, kind="check_call_48h")
    client.force_login(world.front_desk)
    assert f"/adverse-events/new/?task={task.pk}" in client.get("/worklist/").content.decode()

    url = f"/patients/{world.patient_a.pk}/sessions/adverse-events/new/?task={task.pk}"
    local = timezone.localtime(timezone.now(), world.clinic_a.zone) - timedelta(hours=1)
    response = client.post(
        url,
        {
            "task": str(task.pk),
            "source": "follow_up",
            "kind": "blistering",
            "grade": "1",
            "onset_at": local.strftime("%Y-%m-%dT%H:%M"),
            "session": str(session.pk),
            "description": "Blisters on the forearm, expected after tattoo work.",
        },
    )
    assert response["Location"] == "/worklist/"
    event = AdverseEvent.objects.get()
    assert (event.source, event.follow_up_task, event.session) == ("follow_up", task, session)
    # Another patient's id in the URL with this task: 404.
    other = f"/patients/{world.other_patient_a.pk}/sessions/adverse-events/new/?task={task.pk}"
    assert client.get(other).status_code == 404
    assert client.get(f"{url[: url.index('?')]}?task=abc").status_code == 404


def test_the_clinic_page_lists_open_events_serious_first(
    client, world, django_assert_max_num_queries
):
    mild = report(world)
    serious = report(world, patient=world.other_patient_a, kind="ocular")
    resolved = report(world, kind="purpura")
    adverse_event_resolve(actor=world.doctor, event=resolved, resolved_on=timezone.localdate())
    client.force_login(world.doctor)
    client.get("/worklist/adverse-events/")
    with django_assert_max_num_queries(12):
        response = client.get("/worklist/adverse-events/")
    assert [e.pk for e in response.context["events"]] == [serious.pk, mild.pk]
    for _ in range(5):
        report(world)
    with django_assert_max_num_queries(12):
        assert client.get("/worklist/adverse-events/").status_code == 200
    client.force_login(world.other_clinic_practitioner)
    assert client.get("/worklist/adverse-events/").context["events"] == []


def test_the_event_page_resolves_and_acknowledges(client, world):
    event = report(world, grade=3)
    url = f"/patients/{world.patient_a.pk}/sessions/adverse-events/{event.pk}/"
    client.force_login(world.doctor)
    assert "Acknowledge" in client.get(url).content.decode()
    assert client.post(f"{url}acknowledge/", {"note": ""}).status_code == 400
    client.post(f"{url}acknowledge/", {"note": "Called the patient; review tomorrow."})
    bad = client.post(f"{url}resolve/", {"resolved_on": "not a day"})
    assert bad.status_code == 400
    later = (timezone.localdate() + timedelta(days=3)).isoformat()
    refused = client.post(f"{url}resolve/", {"resolved_on": later, "note": "ok"})
    assert refused.context["resolve_form"].errors["resolved_on"] == [RESOLVED_IN_FUTURE]
    client.post(f"{url}resolve/", {"resolved_on": timezone.localdate().isoformat(), "note": "ok"})
    event.refresh_from_db()
    assert event.acknowledged_by == world.doctor
    assert event.resolved
