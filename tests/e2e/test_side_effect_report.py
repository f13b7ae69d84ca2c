"""A side effect reported by the patient from the portal on a phone, recorded by the
practitioner as a graded adverse event, shows on the next session's checklist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from picoclinic.portal.models import ReportStatus, SideEffectReport
from picoclinic.treatments.models import AdverseEvent
from tests.e2e.conftest import log_in
from tests.e2e.portal_steps import report_from_phone
from tests.factories import PASSWORD
from tests.treatments import helpers as h

pytestmark = pytest.mark.usefixtures("midday")  # sessions around now, on one day


def test_a_patient_reports_and_the_clinic_records_it(page, browser, live_server, world):
    first = h.signed(world, starts_at=timezone.now() - timedelta(minutes=50))
    h.appointment(world, first.plan, number=2, starts_at=timezone.now() + timedelta(minutes=5))
    patient = world.patient_a

    # The patient, on a phone, tells the clinic from the portal.
    report_from_phone(
        browser,
        live_server,
        world,
        kind="Blisters, crusts or raw skin",
        words="Two small blisters on the left cheek, stinging.",
    )

    # The practitioner sees it, records it as a graded event linked to the session.
    log_in(page, world.practitioner.email, PASSWORD)
    page.goto("/worklist/adverse-events/")
    reports = page.locator(".side-effects")
    expect(reports).to_contain_text("Urgent")
    expect(reports).to_contain_text("Two small blisters on the left cheek")
    reports.get_by_role("link", name="Record as an adverse event").click()
    expect(page.get_by_label("What was seen and done")).to_have_value(
        "Reported by the patient through the portal: Two small blisters on the left cheek, "
        "stinging."
    )
    page.get_by_label("Onset").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("group", name="Grade").get_by_text("1 · Mild").click()
    page.get_by_role("button", name="Record the adverse event").click()
    expect(page.get_by_text("Adverse event recorded.")).to_be_visible()
    event = AdverseEvent.objects.get()
    assert (event.kind, event.session_id, event.source) == (
        "blistering",
        first.pk,
        "patient_report",
    )
    assert SideEffectReport.objects.get().status == ReportStatus.RECORDED

    # The next session's checklist lists it.
    page.goto(f"/patients/{patient.pk}/")
    page.get_by_role("button", name="Start session (checks in)").click()
    expect(page.locator("#check-adverse_events")).to_contain_text("Blistering (grade 1)")
