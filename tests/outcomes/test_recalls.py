"""Recalls: made when a course completes, listed for the front desk in fixed queries, marked
contacted and booked, and the patient reminded once, after commit, by a task or the sweep."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from picoclinic.audit.models import AuditEvent
from picoclinic.outcomes.recalls import (
    ALREADY_SENT,
    NOT_DUE,
    NOT_OPEN,
    SENT,
    RecallRefused,
    plan_completed_recalls,
    recall_mark,
    recall_remind,
    reminder_time,
)
from picoclinic.outcomes.recalls.rules import RECALL_RULES
from picoclinic.outcomes.scores.models import Recall, RecallStatus
from picoclinic.plans.models import PlanStatus
from tests.outcomes.scoring import MELASMA, TATTOO, item_of, plan_in_progress, session


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield
    default_task_backend.clear()


def completed(world, concern=TATTOO, patient=None):
    plan = plan_in_progress(world, concern=concern, patient=patient)
    session(world, item_of(plan), number=1, days_ago=10)
    plan.status = PlanStatus.COMPLETED
    plan.save(update_fields=["status"])
    return plan


def test_a_completed_tattoo_course_gets_its_45_day_review(
    world, django_capture_on_commit_callbacks
):
    plan = completed(world)
    with django_capture_on_commit_callbacks(execute=True):
        (recall,) = plan_completed_recalls(plan=plan, actor=world.practitioner)
    last = timezone.localdate(timezone.now() - timedelta(days=10))
    assert recall.due_on == last + timedelta(days=45)
    assert recall.unverified
    assert "45-60 days" in recall.advice
    assert AuditEvent.objects.filter(object_type="outcomes.Recall").count() == 1
    assert len(default_task_backend.results) == 1
    # Idempotent: completing twice makes no second recall.
    assert plan_completed_recalls(plan=plan) == []


def test_melasma_recall_is_clinic_policy_and_unverified(world):
    (recall,) = plan_completed_recalls(plan=completed(world, MELASMA))
    assert recall.unverified
    assert "clinic policy" in recall.reason
    assert RECALL_RULES  # every rule cites section 8 of the reference (see recall_rules)


def test_no_recall_before_completion(world):
    with pytest.raises(RecallRefused):
        plan_completed_recalls(plan=plan_in_progress(world))


def test_reminder_sent_once_after_commit(world, django_capture_on_commit_callbacks):
    (recall,) = plan_completed_recalls(plan=completed(world))
    early = reminder_time(recall) - timedelta(days=1)
    assert recall_remind(recall_id=recall.pk, now=early) == NOT_DUE
    at = reminder_time(recall) + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert recall_remind(recall_id=recall.pk, now=at) == SENT
    assert mail.outbox == []  # nothing leaves inside the transaction
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert world.clinic_a.name in mail.outbox[0].subject
    assert recall_remind(recall_id=recall.pk, now=at) == ALREADY_SENT
    assert len(mail.outbox) == 1


def test_the_sweep_is_idempotent(world, time_machine, django_capture_on_commit_callbacks):
    (recall,) = plan_completed_recalls(plan=completed(world))
    time_machine.move_to(reminder_time(recall) + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_due_recalls", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("send_due_recalls", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1


def test_no_reminder_once_contacted(world):
    (recall,) = plan_completed_recalls(plan=completed(world))
    recall_mark(actor=world.front_desk, recall=recall, status=RecallStatus.CONTACTED)
    later = reminder_time(recall) + timedelta(days=1)
    assert recall_remind(recall_id=recall.pk, now=later) == NOT_OPEN


def test_front_desk_list_marks_and_query_count(client, world, django_assert_max_num_queries):
    for _ in range(3):
        plan_completed_recalls(plan=completed(world))
    plan_completed_recalls(plan=completed(world, patient=world.other_patient_a))
    Recall.objects.filter(pk=Recall.objects.first().pk).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )
    client.force_login(world.front_desk)
    url = reverse("recalls:index")
    client.get(url)
    with django_assert_max_num_queries(8):
        page = client.get(url)
    assert [row.state.value for row in page.context["rows"]][:1] == ["overdue"]
    assert len(page.context["rows"]) == 4
    recall = Recall.objects.first()
    client.post(reverse("recalls:action", args=[recall.pk, "contacted"]))
    client.post(reverse("recalls:action", args=[recall.pk, "booked"]))
    recall.refresh_from_db()
    assert recall.status == RecallStatus.BOOKED
    assert recall.contacted_at
    assert recall.booked_at
    booked = client.get(f"{url}?state=booked").context["rows"]
    assert [row.recall.pk for row in booked] == [recall.pk]


def test_other_clinic_gets_404(client, world):
    (recall,) = plan_completed_recalls(plan=completed(world))
    client.force_login(world.other_clinic_practitioner)
    assert recall not in [r.recall for r in client.get(reverse("recalls:index")).context["rows"]]
    response = client.post(reverse("recalls:action", args=[recall.pk, "contacted"]))
    assert response.status_code == 404
    client.force_login(world.patient_user)
    assert client.get(reverse("recalls:index")).status_code == 404


def test_reminder_time_is_nine_in_the_clinic_zone(world):
    (recall,) = plan_completed_recalls(plan=completed(world))
    local = reminder_time(recall).astimezone(world.clinic_a.zone)
    assert (local.hour, local.minute) == (9, 0)
    assert isinstance(local, datetime)


def test_an_unknown_action_is_404_not_a_server_error(client, world):
    (recall,) = plan_completed_recalls(plan=completed(world))
    client.force_login(world.front_desk)
    response = client.post(reverse("recalls:action", args=[recall.pk, "explode"]))
    assert response.status_code == 404
    recall.refresh_from_db()
    assert recall.status == RecallStatus.OPEN
