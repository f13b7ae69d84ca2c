"""A patient reports an eye problem from the portal on a phone; the practitioner sees it first
on Today with the count in the top bar, opens it and acknowledges it; the next session's
checklist holds it as an open event the patient reported."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from picoclinic.audit.models import AuditEvent
from picoclinic.portal.models import SideEffectReport
from tests.e2e.conftest import log_in
from tests.e2e.portal_steps import report_from_phone
from tests.factories import PASSWORD
from tests.treatments import helpers as h

SHOTS = os.environ.get("E2E_SHOTS")  # a folder: save screenshots there to look at


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


pytestmark = pytest.mark.usefixtures("midday")  # sessions around now, on one day


def test_an_eye_problem_reaches_the_practitioner_and_the_next_checklist(
    page, browser, live_server, world
):
    first = h.signed(world, starts_at=timezone.now() - timedelta(minutes=50))
    h.appointment(world, first.plan, number=2, starts_at=timezone.now() + timedelta(minutes=5))
    patient = world.patient_a

    # The patient, on a phone, reports an eye problem.
    phone = report_from_phone(
        browser,
        live_server,
        world,
        kind="A problem with an eye or your eyesight",
        words="A dark spot in my left eye since this morning.",
    )
    _shot(phone, "1-patient-phone")

    # The practitioner lands on Today: the report is the first thing, counted in the top bar.
    log_in(page, world.practitioner.email, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/clinic/today/")
    count = page.get_by_test_id("side-effects-waiting")
    expect(count.locator("[aria-hidden=true]")).to_have_text("1")
    expect(count.locator(".visually-hidden")).to_have_text("1 side-effect report waiting")
    first_card = page.locator("main .card").first
    expect(first_card).to_contain_text("Urgent")
    expect(first_card).to_contain_text("not acknowledged yet")
    expect(first_card).to_contain_text(patient.patient_number)
    _shot(page, "2-today")

    first_card.get_by_role("link", name="A problem with an eye or your eyesight").click()
    expect(page.get_by_text("A dark spot in my left eye since this morning.")).to_be_visible()
    page.get_by_role("button", name="Acknowledge: I have it in hand").click()
    expect(page.get_by_text("Acknowledged by Pat Practitioner")).to_be_visible()
    _shot(page, "3-report")
    report = SideEffectReport.objects.get()
    assert report.acknowledged_by == world.practitioner
    assert AuditEvent.objects.filter(
        summary=f"Side-effect report {report.pk} acknowledged", actor=world.practitioner
    ).exists()

    # Still waiting to be assessed: it leads the next session's checklist and blocks it.
    page.goto(f"/patients/{patient.pk}/")
    page.get_by_role("button", name="Start session (checks in)").click()
    item = page.locator("#check-adverse_events")
    expect(item).to_contain_text("Eye symptom or injury, reported by the patient")
    expect(item).to_contain_text("not assessed yet")
    _shot(page, "4-checklist")
