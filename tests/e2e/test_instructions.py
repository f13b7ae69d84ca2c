"""The doctor's "test spot first" in the browser (issue #14, item 6): a first tattoo on skin
type IV; the doctor adds the instruction at review, series booking refuses session 1 before
the test spot, and the checklist waits until the test spot is read."""

from __future__ import annotations

import os
import re

from playwright.sync_api import expect

from picoclinic.clinics.models import ClinicPolicy
from picoclinic.plans.models import InstructionKind, PlanStatus
from picoclinic.plans.services import plan_submit
from picoclinic.scheduling.models import Appointment, AppointmentKind
from picoclinic.treatments.services import session_start
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.plans import builders
from tests.scheduling import factories as f
from tests.treatments import helpers as h

SHOTS = os.environ.get("PICOCLINIC_SHOTS", "")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True, caret="initial")


def _first_tattoo_awaiting_review(world):
    ClinicPolicy.objects.update_or_create(
        clinic=world.clinic_a, defaults={"review_all_plans": True}
    )
    plan = builders.plan_for(
        world.patient_a, world.practitioner, fitzpatrick=4, concerns=(builders.TATTOO,)
    )
    return plan_submit(actor=world.practitioner, plan=plan)


def _clinic_books_courses(world, wavelength_nm: int):
    clinic = world.clinic_a
    f.opening_hours(clinic)
    f.room(clinic, "Room 1")
    f.laser(clinic, "PicoWay", wavelengths=(532, 755, 1064))
    treatment = f.appointment_type(
        clinic, AppointmentKind.TREATMENT, name="Treatment session", needs_device=True
    )
    spot = f.appointment_type(clinic, AppointmentKind.TEST_SPOT, name="Test spot")
    f.practitioner(world.doctor, clinic, types=[treatment, spot], indications=["tattoo"])
    return treatment


def test_the_doctors_test_spot_first_is_kept_by_booking_and_the_checklist(page, world):
    plan = _first_tattoo_awaiting_review(world)
    item = plan.items.get()
    log_in(page, world.doctor.email, PASSWORD)

    # The doctor reviews the plan and adds "test spot first" (read after 14 days).
    page.goto(f"/patients/{world.patient_a.pk}/plans/{plan.pk}/")
    review = page.locator("#review")
    review.get_by_label("Test spot first").check()
    expect(review.get_by_label("Read after (days)")).to_have_value("14")
    _shot(page, "instructions-review")
    review.get_by_role("button", name="Approve plan").click()
    expect(page.get_by_text("Plan approved (version 2).")).to_be_visible()
    instructions = page.locator("#instructions")
    expect(
        instructions.get_by_text(re.compile("Test spot first, read after 14 days"))
    ).to_be_visible()
    expect(instructions.get_by_text(re.compile("confirmed by Dr Dora"))).to_be_visible()
    _shot(page, "instructions-plan")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.instructions.get().kind == InstructionKind.TEST_SPOT_FIRST
    builders.treatment_consent(plan, witness=world.front_desk)

    # Series booking proposes the test spot first and refuses session 1 before it.
    _clinic_books_courses(world, item.wavelength_nm)
    page.goto(f"/schedule/patients/{world.patient_a.pk}/appointments/series/{item.pk}/")
    first = page.locator("#test-spot-first")
    expect(first.get_by_text(re.compile("Book the test spot first"))).to_be_visible()
    expect(first.get_by_role("link", name="Book the test spot")).to_be_visible()
    _shot(page, "instructions-series")
    page.get_by_role("button", name="Book the ticked sessions").click()
    expect(page.get_by_text(re.compile("The doctor asked for a test spot first"))).to_be_visible()
    assert not Appointment.objects.filter(plan_item=item).exists()

    # At the chair the checklist waits for the test spot to be done and read.
    session = session_start(actor=world.doctor, appointment=h.appointment(world, plan))
    page.goto(f"/patients/{world.patient_a.pk}/sessions/{session.pk}/")
    row = page.locator("#check-test_spot")
    expect(row.get_by_text(re.compile("Required by the doctor's instruction"))).to_be_visible()
    expect(page.get_by_text("No test-spot rule applies.")).to_have_count(0)
    _shot(page, "instructions-checklist")
    row.get_by_role("button", name="Not done").click()
    expect(row.get_by_text("Not done or not read yet: a doctor must decide.")).to_be_visible()
    assert session.checks.get(code="test_spot").state == "blocked"
    row.get_by_role("button", name="Done and read").click()
    expect(row.get_by_text("Done and read: no adverse reaction.")).to_be_visible()
