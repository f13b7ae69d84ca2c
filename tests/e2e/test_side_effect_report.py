"""A side effect reported by the patient from the portal on a phone, recorded by the
practitioner as a graded adverse event, shows on the next session's checklist."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from picoclinic.portal.models import ReportStatus, SideEffectReport
from picoclinic.treatments.models import AdverseEvent
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.treatments import helpers as h


def test_a_patient_reports_and_the_clinic_records_it(page, browser, live_server, world):
    first = h.signed(world, starts_at=timezone.now() - timedelta(minutes=50))
    h.appointment(world, first.plan, number=2, starts_at=timezone.now() + timedelta(minutes=5))
    patient = world.patient_a

    # The patient, on a phone, tells the clinic from the portal.
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, locale="en-GB"
    ).new_page()
    log_in(phone, world.patient_user.email, PASSWORD)
    phone.get_by_role("link", name="Something not right after a treatment? Tell us").click()
    phone.get_by_label("Blisters, crusts or raw skin").check()
    phone.get_by_label("When did it start?").fill(timezone.localdate().isoformat())
    phone.get_by_label("After which treatment?").select_option(index=1)
    phone.get_by_label("Tell us more").fill("Two small blisters on the left cheek, stinging.")
    phone.get_by_role("button", name="Send to the clinic").click()
    expect(phone.get_by_text("The clinic has your report")).to_be_visible()
    expect(phone.get_by_text("Please also phone the clinic now")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

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
