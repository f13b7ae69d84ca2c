"""A plan from consultation to a doctor's approval, and back to approval after a change."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from picoclinic.clinics.models import ClinicPolicy
from picoclinic.plans import errors
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.plans import builders


def _log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def _edit_item(page) -> None:
    page.get_by_role("link", name="Edit", exact=True).first.click()
    expect(page.get_by_role("heading", name=re.compile("Melasma"))).to_be_visible()


def test_practitioner_plans_doctor_approves_and_a_change_needs_approval_again(page, world):
    # Given a completed, screened consultation for melasma, which this clinic always reviews.
    ClinicPolicy.objects.create(clinic=world.clinic_a, review_indications=["melasma"])
    consultation = builders.consultation(
        world.patient_a, world.practitioner, concerns=(builders.MELASMA,)
    )
    builders.screen_all(consultation, by=world.practitioner)

    # The practitioner writes the plan from the chart.
    log_in(page, world.practitioner.email, PASSWORD)
    page.goto(f"/patients/{world.patient_a.pk}/")
    page.get_by_role("link", name="Create plan").click()
    page.get_by_role("button", name="Create plan").click()
    expect(page.get_by_text(errors.MSG_CREATED)).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Treatment plan"))).to_be_visible()

    # An interval beyond the published 42 days is refused without a reason...
    _edit_item(page)
    page.get_by_label("At most (days)").fill("70")
    page.get_by_label(re.compile("Reason for an interval")).fill("")
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_text(errors.ERR_INTERVAL_REASON_REQUIRED)).to_be_visible()
    expect(page.get_by_label("At most (days)")).to_have_value("70")
    # ...and accepted with one.
    page.get_by_label(re.compile("Reason for an interval")).fill("Slow to settle after toning.")
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_text(errors.MSG_SAVED.format(version=2))).to_be_visible()

    page.get_by_role("button", name="Submit plan").click()
    expect(page.get_by_text(errors.MSG_SUBMITTED_FOR_REVIEW)).to_be_visible()
    expect(page.locator(".plan-status").first).to_have_text("Awaiting medical review")
    _log_out(page)

    # The doctor approves it from the review queue.
    log_in(page, world.doctor.email, PASSWORD)
    page.goto("/reviews/")
    expect(page.get_by_text("every melasma plan")).to_be_visible()
    page.get_by_role("link", name="Mia Stone").click()
    page.get_by_role("button", name="Approve plan").click()
    expect(page.get_by_text(errors.MSG_APPROVED.format(version=2))).to_be_visible()
    page.goto("/reviews/")
    expect(page.get_by_text("No plans are waiting for review")).to_be_visible()
    _log_out(page)

    # A later change makes it a draft again that needs a new approval.
    log_in(page, world.practitioner.email, PASSWORD)
    page.goto(f"/patients/{world.patient_a.pk}/")
    page.get_by_role("link", name=re.compile("Plan of")).click()
    expect(page.get_by_text(re.compile(r"Approved \(version 2\) by Dr Dora"))).to_be_visible()
    _edit_item(page)
    expect(page.get_by_text(re.compile("needs approval again"))).to_be_visible()
    page.get_by_label("Sessions").fill("6")
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_text(errors.MSG_SAVED_BACK_TO_DRAFT.format(version=3))).to_be_visible()
    expect(page.locator(".plan-status").first).to_have_text("Draft")
    expect(page.get_by_text("Submitting sends this plan to a doctor")).to_be_visible()
