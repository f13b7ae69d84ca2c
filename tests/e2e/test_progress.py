"""Progress in the browser: a clinician records two clearance scores for a patient in the
middle of a course; the progress chart shows both, and the remaining estimate drops after the
strong second response."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.outcomes.scoring import item_of, plan_in_progress, session


def record_clearance(page, patient, item, percent: str, on: str) -> None:
    page.goto(f"{reverse('photos:score_new', args=[patient.pk])}?item={item.pk}")
    page.get_by_role("link", name="Pigment clearance").click()
    page.get_by_label("Clearance (%)").fill(percent)
    page.get_by_label("Assessed on").fill(on)
    page.get_by_role("button", name="Record score").click()
    expect(page.get_by_text("Score recorded: Pigment clearance")).to_be_visible()


def test_two_clearance_scores_chart_and_a_falling_estimate(page, world):
    patient = world.patient_a
    item = item_of(plan_in_progress(world))
    session(world, item, number=1, days_ago=40)
    log_in(page, world.practitioner.email, PASSWORD)

    # Given a weak response after the first session.
    first_day = timezone.localdate() - timedelta(days=35)
    record_clearance(page, patient, item, "20", first_day.isoformat())
    remaining = page.locator("[data-remaining]").first
    expect(remaining).to_contain_text("Likely 3 more sessions")
    expect(remaining).to_contain_text("Estimate")

    # When a second session brings a strong response.
    session(world, item, number=2, days_ago=3)
    record_clearance(page, patient, item, "70", timezone.localdate().isoformat())

    # Then the chart has both points and the estimate has dropped.
    chart = page.locator("figure.progress-chart").first
    expect(chart.locator("circle")).to_have_count(2)
    expect(chart.get_by_role("cell", name=first_day.strftime("%-d %b %Y"))).to_be_visible()
    expect(remaining).to_contain_text("Likely 1 more session")
    expect(page.get_by_role("link", name="Extend or shorten the plan")).to_have_attribute(
        "href", reverse("plans:item", args=[patient.pk, item.plan_id, item.pk])
    )
