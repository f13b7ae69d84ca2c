"""Extending or shortening a course in progress: at once where no doctor is needed, else
waiting for a doctor while the course goes on; the new version is approved and needs consent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from picoclinic.audit.models import AuditEvent
from picoclinic.consent.selectors import valid_treatment_consent
from picoclinic.plans import course
from picoclinic.plans.models import CourseChange, CourseChangeStatus, PlanStatus, TreatmentPlan
from picoclinic.plans.selectors import plan_approval_valid
from picoclinic.plans.services import PlanRefused
from tests.outcomes.scoring import item_of, session
from tests.treatments.helpers import approved_plan


def _running(world, *, review_required=False, done=1):
    plan = approved_plan(world)
    TreatmentPlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.IN_PROGRESS, review_required=review_required
    )
    item = item_of(plan)
    for number in range(1, done + 1):
        session(world, item, number=number, days_ago=30 * (done - number + 1))
    return item


def _ask(world, item, sessions, reason="Slow response."):
    return course.course_change_request(
        actor=world.practitioner, item=item, sessions=sessions, reason=reason
    )


def test_a_change_without_review_applies_at_once_and_needs_consent_again(world):
    item = _running(world)
    assert valid_treatment_consent(plan=item.plan) is not None
    change = _ask(world, item, item.sessions + 1)
    plan = TreatmentPlan.objects.get(pk=item.plan_id)
    assert change.status == CourseChangeStatus.APPLIED
    assert (plan.version, plan.status) == (2, PlanStatus.IN_PROGRESS)
    assert plan.items.get().sessions == item.sessions + 1
    assert plan_approval_valid(plan)  # the practitioner's own approval of version 2
    assert plan.approvals.get(version=2).approved_by == world.practitioner
    assert valid_treatment_consent(plan=plan) is None  # the patient signs again
    assert AuditEvent.objects.filter(summary__contains="changed from").exists()


def test_a_reviewed_plan_waits_for_a_doctor_and_the_course_goes_on(world):
    item = _running(world, review_required=True)
    change = _ask(world, item, item.sessions + 1)
    plan = TreatmentPlan.objects.get(pk=item.plan_id)
    assert change.status == CourseChangeStatus.PENDING
    assert change.review_reasons
    assert (plan.version, plan.items.get().sessions) == (1, item.sessions)
    assert plan_approval_valid(plan)
    assert valid_treatment_consent(plan=plan) is not None
    with pytest.raises(PlanRefused, match="already waiting"):
        _ask(world, item, item.sessions + 2)
    with pytest.raises(PlanRefused, match="Only a doctor"):
        course.course_change_approve(actor=world.practitioner, change=change)

    course.course_change_approve(actor=world.doctor, change=change, comment="Agreed.")
    plan.refresh_from_db()
    assert (plan.version, plan.items.get().sessions) == (2, item.sessions + 1)
    assert plan.approvals.get(version=2).approved_by == world.doctor
    with pytest.raises(PlanRefused, match="already decided"):
        course.course_change_decline(actor=world.doctor, change=change, comment="No.")


def test_above_the_estimate_goes_to_a_doctor_who_may_decline(world):
    item = _running(world)
    high = item.estimate["sessions"]["high"]
    change = _ask(world, item, high + 1)
    assert change.status == CourseChangeStatus.PENDING
    assert "above the high end of the estimate" in change.review_reasons[0]
    with pytest.raises(PlanRefused, match="Say why"):
        course.course_change_decline(actor=world.doctor, change=change, comment=" ")
    course.course_change_decline(actor=world.doctor, change=change, comment="Review first.")
    change.refresh_from_db()
    assert change.status == CourseChangeStatus.DECLINED
    assert TreatmentPlan.objects.get(pk=item.plan_id).version == 1


@pytest.mark.parametrize(
    ("sessions", "reason", "message"),
    [
        (1, "Enough.", "2 sessions of this course already took place"),
        (0, "Enough.", "at least one session"),
        (31, "Long.", "at most 30"),
        (3, "  ", "Give the reason"),
    ],
)
def test_refusals_change_nothing(world, sessions, reason, message):
    item = _running(world, done=2)
    with pytest.raises(PlanRefused, match=message):
        _ask(world, item, sessions, reason)
    assert not CourseChange.objects.exists()
    assert TreatmentPlan.objects.get(pk=item.plan_id).version == 1


def test_the_same_number_is_no_change(world):
    item = _running(world, done=0)
    with pytest.raises(PlanRefused, match="already has"):
        _ask(world, item, item.sessions)


def test_only_a_course_in_progress_changes_this_way(world):
    plan = approved_plan(world)
    with pytest.raises(PlanRefused, match="cannot be extended or shortened"):
        _ask(world, item_of(plan), 5)


def test_pages_request_and_decide(client, world):
    item = _running(world, review_required=True)
    url = reverse("plans:course_change", args=[item.plan.patient_id, item.plan_id, item.pk])
    client.force_login(world.practitioner)
    assert client.get(url).status_code == 200
    # A refusal keeps what was typed.
    refused = client.post(url, {"sessions": "0", "reason": "Typed with care."})
    assert refused.status_code == 200
    assert "Typed with care." in refused.content.decode()
    response = client.post(url, {"sessions": item.sessions + 1, "reason": "Slow response."})
    assert response.status_code == 302
    change = CourseChange.objects.get()
    plan_url = reverse("plans:detail", args=[item.plan.patient_id, item.plan_id])
    assert "Waiting for a doctor" in client.get(plan_url).content.decode()

    client.force_login(world.doctor)
    queue = client.get(reverse("reviews:queue")).content.decode()
    assert "Courses to extend or shorten" in queue
    assert "Slow response." in queue
    decide = reverse(
        "plans:course_change_decide", args=[item.plan.patient_id, item.plan_id, change.pk]
    )
    assert client.post(decide, {"decision": "approve", "comment": ""}).status_code == 302
    change.refresh_from_db()
    assert change.status == CourseChangeStatus.APPLIED
    page = client.get(plan_url).content.decode()
    assert "sign the treatment consent for version 2" in page
