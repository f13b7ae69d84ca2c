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


def test_two_clearance_scores_chart_and_a_falling_estimate(page, browser, live_server, world):
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

    # The practitioner extends the course above the estimate: that waits for a doctor.
    longer = item.estimate["sessions"]["high"] + 1
    page.get_by_role("link", name="Extend or shorten the course").click()
    page.get_by_label("Sessions in the whole course").fill(str(longer))
    page.get_by_label("Why the course changes").fill("Slow response on the left cheek.")
    page.get_by_role("button", name="Change the course").click()
    expect(page.get_by_text("The change is waiting for a doctor.")).to_be_visible()
    expect(page.locator("#course-changes")).to_contain_text("above the high end of the estimate")

    # The doctor approves it on their own screen; the patient signs again for the new version.
    context = browser.new_context(viewport={"width": 1024, "height": 768}, base_url=live_server.url)
    doctor = context.new_page()
    log_in(doctor, world.doctor.email, PASSWORD)
    doctor.goto(reverse("reviews:queue"))
    doctor.get_by_role("link", name=patient.full_name).click()
    doctor.get_by_role("button", name="Approve the change").click()
    expect(
        doctor.get_by_text(f"The course now has {longer} sessions (plan version 2)")
    ).to_be_visible()
    expect(doctor.get_by_text("they sign the treatment consent for version 2")).to_be_visible()
    context.close()


def test_scar_counts_are_scored_live_as_they_are_typed(page, world):
    patient = world.patient_a
    scars = {"indication": "acne_scars", "body_site": "face", "severity": "moderate"}
    item = item_of(plan_in_progress(world, concern=scars))
    log_in(page, world.practitioner.email, PASSWORD)
    page.goto(f"{reverse('photos:score_new', args=[patient.pk])}?item={item.pk}&scale=ecca")
    preview = page.locator("#score-preview")
    expect(preview).to_contain_text("as you type")
    expect(page.get_by_text("give at most 420")).to_be_visible()

    # The score appears and follows the counts before anything is recorded.
    page.get_by_label("V-shaped atrophic, under 2 mm (icepick) (number)").fill("3")
    expect(preview).to_contain_text("15 of 420 (reference states 540)")
    page.get_by_label("U-shaped atrophic, 2-4 mm (boxcar) (number)").fill("10")
    expect(preview).to_contain_text("55 of 420")
    page.get_by_label("M-shaped atrophic, over 4 mm (rolling) (number)").fill("-2")
    expect(preview).to_contain_text("A lesion count must be a whole number of 0 or more.")
    page.get_by_label("M-shaped atrophic, over 4 mm (rolling) (number)").fill("25")
    expect(preview).to_contain_text("130 of 420")

    page.get_by_role("button", name="Record score").click()
    expect(page.get_by_text("Score recorded: ECCA, 130 of 420")).to_be_visible()
    chart = page.locator("figure.progress-chart").first
    expect(chart).to_contain_text("ECCA (0-420; reference says 540)")
