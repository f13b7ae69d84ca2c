"""The course summary PDF downloads from the progress page (staff) and from the portal's
results section (the patient), as a real PDF."""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse

from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.outcomes.scoring import clearance, item_of, plan_in_progress, session


def test_the_course_summary_downloads(page, world, tmp_path):
    patient = world.patient_a
    plan = plan_in_progress(world)
    item = item_of(plan)
    clearance(world, item, 60, appointment=session(world, item, number=1, days_ago=30))
    log_in(page, world.practitioner.email, PASSWORD)
    page.goto(reverse("photos:progress", args=[patient.pk]))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Course summary (PDF)").click()
    download = download_info.value
    assert (
        download.suggested_filename == f"course-summary-{patient.patient_number}-plan-{plan.pk}.pdf"
    )
    saved = tmp_path / "summary.pdf"
    download.save_as(saved)
    assert Path(saved).read_bytes().startswith(b"%PDF")
