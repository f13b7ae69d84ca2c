"""Follow-up tasks by indication, created when a session is signed, on the front desk's work
list for the current clinic: open, due today, overdue, done; marked done with a note."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from picoclinic.aftercare import rules
from picoclinic.aftercare.models import FollowUpTask, TaskKind, TaskStatus
from picoclinic.aftercare.services import TASK_ALREADY_DONE, AftercareError, task_done
from picoclinic.audit.models import AuditEvent
from tests.treatments import helpers as h

DAY = date(2031, 6, 11)


def facts(**changes) -> rules.SessionFacts:
    base = {
        "indication": "solar_lentigines",
        "treated_on": DAY,
        "session_number": 1,
        "sessions_planned": 1,
        "interval_min_days": 28,
    }
    return rules.SessionFacts(**(base | changes))


# --- The rules (pure) -------------------------------------------------------------------------


def test_a_plain_last_session_needs_no_follow_up():
    assert rules.followups_for(facts()) == []


def test_a_tattoo_session_gets_a_check_call_48_hours_later():
    [task] = rules.followups_for(facts(indication="tattoo"))
    assert task.kind == TaskKind.CHECK_CALL_48H
    assert task.due_on == date(2031, 6, 13)


def test_a_precaution_or_an_adverse_event_gets_a_next_day_call():
    planned = rules.followups_for(facts(precautions=("screening precaution",), adverse_events=1))
    assert [(t.kind, t.due_on) for t in planned] == [
        (TaskKind.ADVERSE_EVENT_CALL, date(2031, 6, 12)),
        (TaskKind.NEXT_DAY_CALL, date(2031, 6, 12)),
    ]
    assert "screening precaution" in planned[1].reason


def test_a_review_before_the_next_session_is_due_a_week_before_its_window():
    [task] = rules.followups_for(facts(sessions_planned=3))
    assert task.kind == TaskKind.REVIEW_BEFORE_NEXT
    assert task.due_on == DAY + timedelta(days=21)
    assert task.reason == "Before session 2: check healing and its booking."


def test_a_review_is_never_due_before_the_day_after():
    [task] = rules.followups_for(facts(sessions_planned=2, interval_min_days=3))
    assert task.due_on == DAY + timedelta(days=1)


# --- Created at signing -----------------------------------------------------------------------


def test_signing_a_tattoo_session_puts_a_call_on_the_work_list(world):
    session = h.signed(world, concern=h.TATTOO, fitzpatrick=2, values=h.TATTOO_OK)
    kinds = set(FollowUpTask.objects.filter(session=session).values_list("kind", flat=True))
    assert TaskKind.CHECK_CALL_48H in kinds
    task = FollowUpTask.objects.get(session=session, kind=TaskKind.CHECK_CALL_48H)
    assert task.clinic == world.clinic_a
    assert task.due_on == session.treated_on + timedelta(days=2)


def test_a_session_with_a_warning_gets_a_next_day_call(world):
    session = h.signed(world, values=h.CLEAN | {"fluence_j_cm2": Decimal("0.8")})
    task = FollowUpTask.objects.get(session=session, kind=TaskKind.NEXT_DAY_CALL)
    assert "warned" in task.reason


# --- The work list page -----------------------------------------------------------------------


def make_task(world, patient, due_on, **extra) -> FollowUpTask:
    return FollowUpTask.objects.create(
        clinic=patient.clinic,
        patient=patient,
        kind=TaskKind.NEXT_DAY_CALL,
        due_on=due_on,
        reason="Check how the skin settled.",
        **extra,
    )


@pytest.fixture
def today():
    return timezone.localdate()


def test_the_work_list_shows_open_today_overdue_and_done(client, world, today):
    overdue = make_task(world, world.patient_a, today - timedelta(days=2))
    due = make_task(world, world.other_patient_a, today)
    later = make_task(world, world.patient_a, today + timedelta(days=3))
    done = make_task(
        world,
        world.patient_a,
        today - timedelta(days=5),
        status=TaskStatus.DONE,
        done_at=timezone.now(),
        done_by=world.front_desk,
    )
    make_task(world, world.patient_b, today)  # another clinic's
    client.force_login(world.front_desk)

    def shown(view):
        return [t.pk for t in client.get(f"/worklist/?show={view}").context["tasks"]]

    assert shown("open") == [overdue.pk, due.pk, later.pk]
    assert shown("today") == [due.pk]
    assert shown("overdue") == [overdue.pk]
    assert shown("done") == [done.pk]
    counts = client.get("/worklist/").context["counts"]
    assert (counts.open, counts.today, counts.overdue, counts.done) == (3, 1, 1, 1)
    assert client.get("/worklist/?show=nonsense").status_code == 200


def test_the_work_list_reads_a_fixed_number_of_queries(client, world, today):
    client.force_login(world.front_desk)
    make_task(world, world.patient_a, today)
    client.get("/worklist/")  # a login's first request writes its session row (once a minute)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/worklist/").status_code == 200
    for offset in range(12):
        make_task(world, world.other_patient_a, today - timedelta(days=offset))
    with CaptureQueriesContext(connection) as many:
        assert client.get("/worklist/").status_code == 200
    assert len(many) == len(few)
    assert len(few) <= 10


def test_a_task_is_marked_done_with_a_note(client, world, today):
    task = make_task(world, world.patient_a, today)
    client.force_login(world.front_desk)

    response = client.post(
        f"/worklist/{task.pk}/done/", {"note": "Spoke to her: all fine.", "show": "today"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/worklist/?show=today"
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.done_by == world.front_desk
    assert task.done_note == "Spoke to her: all fine."
    assert AuditEvent.objects.filter(object_type="aftercare.FollowUpTask").exists()
    with pytest.raises(AftercareError) as twice:
        task_done(actor=world.front_desk, task=task)
    assert twice.value.message == TASK_ALREADY_DONE


def test_another_clinics_task_is_not_found(client, world, today):
    task = make_task(world, world.patient_b, today)
    client.force_login(world.front_desk)
    assert client.post(f"/worklist/{task.pk}/done/", {"note": "x"}).status_code == 404
    assert client.post(f"/worklist/{2**63}/done/").status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_patients_and_strangers_do_not_reach_the_work_list(client, world):
    client.force_login(world.patient_user)
    assert client.get("/worklist/").status_code == 404
    client.logout()
    assert client.get("/worklist/").status_code == 302


def test_a_doctor_sees_the_sessions_waiting_for_co_signature(client, world):
    from picoclinic.treatments.models import TreatmentPolicy

    TreatmentPolicy.objects.create(clinic=world.clinic_a, cosign_all_sessions=True)
    session = h.signed(world)
    client.force_login(world.doctor)
    assert client.get("/worklist/").context["cosign"] == [session]
    client.force_login(world.front_desk)
    assert client.get("/worklist/").context["cosign"] == []


@time_machine.travel("2031-06-11 23:30:00+00:00", tick=False)
def test_due_today_is_the_clinics_today(client, world):
    # 23:30 UTC is already 12 June in Hong Kong.
    world.clinic_a.time_zone = "Asia/Hong_Kong"
    world.clinic_a.save()
    task = make_task(world, world.patient_a, date(2031, 6, 12))
    client.force_login(world.front_desk)
    assert [t.pk for t in client.get("/worklist/?show=today").context["tasks"]] == [task.pk]
