"""Adverse events at any time, in a real Chromium on a tablet-sized screen: an event recorded
from the chart after a session shows on the patient's next session's checklist, where the
practitioner reviews it; a serious one blocks that checklist until a doctor passes it with a
reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from picoclinic.treatments.models import AdverseEvent, TreatmentSession
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.treatments import helpers as h

pytestmark = pytest.mark.usefixtures("midday")  # sessions around now, on one day


def _record(page, patient, *, kind: str, grade: str, source: str, text: str) -> None:
    page.goto(f"/patients/{patient.pk}/")
    page.locator("#adverse-events").get_by_role("link", name="Record an adverse event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an adverse event")
    page.get_by_role("group", name="How it came to us").get_by_text(source).click()
    page.get_by_role("combobox", name="What", exact=True).select_option(label=kind)
    page.get_by_role("group", name="Grade").get_by_text(grade).click()
    # The latest session is offered; only its settings can be chosen.
    page.get_by_label("After which setting").select_option(index=1)
    page.get_by_label("What was seen and done").fill(text)
    page.get_by_role("button", name="Record the adverse event").click()


def test_an_event_from_the_chart_shows_on_the_next_checklist(page, browser, live_server, world):
    # Given session 1 signed this morning and session 2 booked later today.
    first = h.signed(world, starts_at=timezone.now() - timedelta(minutes=50))
    second = h.appointment(
        world, first.plan, number=2, starts_at=timezone.now() + timedelta(minutes=5)
    )
    patient = world.patient_a
    log_in(page, world.practitioner.email, PASSWORD)

    # The patient calls back: redness beyond the expected, after this morning's session.
    _record(
        page,
        patient,
        kind="Redness or swelling beyond the expected",
        grade="1 · Mild",
        source="Reported by the patient",
        text="Redness of the left cheek still there this afternoon.",
    )
    expect(page.get_by_text("Adverse event recorded.")).to_be_visible()
    event = AdverseEvent.objects.get()
    assert (event.session_id, event.source, event.serious) == (first.pk, "patient_report", False)
    assert event.settings_entry.session_id == first.pk
    page.goto(f"/patients/{patient.pk}/")
    events = page.locator("#adverse-events")
    expect(events).to_contain_text("1 open")
    expect(events).to_contain_text("Redness or swelling beyond the expected")

    # The next session: its checklist lists the open event; the practitioner reviews it.
    page.get_by_role("button", name="Start session (checks in)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session 2 of")
    item = page.locator("#check-adverse_events")
    expect(item).to_contain_text("To do")
    expect(item).to_contain_text("Redness or swelling beyond the expected (grade 1) since")
    item.get_by_role("button", name="Reviewed with the patient").click()
    expect(page.locator("#check-adverse_events")).to_contain_text("Done")

    # A serious event is reported while the patient waits: checked again, the item blocks.
    _record(
        page,
        patient,
        kind="Eye symptom or injury",
        grade="1 · Mild",
        source="Seen at a review",
        text="Reports a faint spot in the left eye's vision since the first session.",
    )
    expect(page.get_by_text("Serious adverse event recorded")).to_be_visible()
    expect(page.locator(".page-head")).to_contain_text("Serious")
    session = TreatmentSession.objects.get(appointment=second)
    page.goto(f"/patients/{patient.pk}/sessions/{session.pk}/")
    page.get_by_role("button", name="Check approval, consent and events again").click()
    item = page.locator("#check-adverse_events")
    expect(item).to_contain_text("Blocked")
    expect(item).to_contain_text("Open serious event: a doctor must decide.")
    expect(item.get_by_text("only a doctor can pass it")).to_be_visible()
    expect(item.get_by_role("button", name="Reviewed with the patient")).to_have_count(0)

    # The doctor passes it with a reason, and sees it on the clinic's list.
    doctor_context = browser.new_context(
        viewport={"width": 768, "height": 1024}, base_url=live_server.url, locale="en-GB"
    )
    doctor = doctor_context.new_page()
    log_in(doctor, world.doctor.email, PASSWORD)
    doctor.goto("/worklist/adverse-events/")
    expect(doctor.locator(".event").first).to_contain_text("Eye symptom or injury")
    expect(doctor.locator(".event").first).to_contain_text("waiting for a doctor's acknowledgement")
    doctor.goto(f"/patients/{patient.pk}/sessions/{session.pk}/")
    doctor.locator("#check-adverse_events").get_by_label(
        "Doctor's reason for passing this item"
    ).fill("Examined: no retinal finding; treat away from the orbit, shields in.")
    doctor.locator("#check-adverse_events").get_by_role("button", name="Pass this item").click()
    expect(doctor.locator("#check-adverse_events")).to_contain_text("Passed by a doctor")
    doctor_context.close()
