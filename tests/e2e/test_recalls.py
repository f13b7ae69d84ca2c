"""A recall appears on the front desk's list when the course completes: the practitioner marks
the course completed on the plan page; the front desk then sees the maintenance recall, due
on the date the recall rule gives from the last session, and works it."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from picoclinic.outcomes.recalls.rules import recall_rule
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.outcomes.scoring import item_of, plan_in_progress, session


def test_a_recall_appears_when_the_course_completes(page, world):
    patient = world.patient_a
    plan = plan_in_progress(world)  # solar lentigines
    item = item_of(plan)
    last = session(world, item, number=1, days_ago=380)
    log_in(page, world.front_desk.email, PASSWORD)
    page.goto(reverse("recalls:index"))
    expect(page.get_by_text("No recalls here.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # When the practitioner marks the course completed.
    log_in(page, world.practitioner.email, PASSWORD)
    page.goto(reverse("plans:detail", args=[patient.pk, plan.pk]))
    page.get_by_role("button", name="Mark the course completed").click()
    expect(page.get_by_text("The course is marked completed.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # Then the front desk sees the recall, overdue (a yearly review after a session 380 days
    # ago), and marks the patient contacted.
    log_in(page, world.front_desk.email, PASSWORD)
    page.goto(reverse("recalls:index"))
    due = last.occurred_on + timedelta(days=recall_rule(item.concern.indication).days)
    assert due < timezone.localdate()
    row = page.get_by_role("row").filter(has_text=patient.full_name)
    expect(row).to_contain_text("Overdue")
    expect(row).to_contain_text("Yearly review for new lentigines")
    expect(row).to_contain_text(due.strftime("%-d %b %Y"))
    row.get_by_role("button", name="Contacted").click()
    expect(page.get_by_role("row").filter(has_text=patient.full_name)).to_contain_text("Contacted")
