"""The first two steps of the journey end to end, as the clinic does them in the browser:
new patient, consultation, screening with a precaution, plan, doctor's review, consent,
course started — and the refusals: a contraindicated patient and a course without consent."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from picoclinic.consent.demo import consent_demo_texts_load
from picoclinic.plans.models import PlanStatus, TreatmentPlan
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD


def _log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def _register(page, given: str, family: str) -> None:
    page.goto("/patients/new/")
    page.get_by_label("Given name").fill(given)
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Date of birth").fill("1986-02-11")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Phone", exact=True).fill("+44 7700 900432")
    page.get_by_role("button", name="Register patient").click()
    expect(page.get_by_role("heading", name=f"{given} {family}")).to_be_visible()


def _consult(page, *, concern: str, history_yes: tuple[str, ...]) -> None:
    """Start a consultation from the chart and fill it: skin type III, one facial concern."""
    page.get_by_role("button", name="Start a consultation").click()
    for question in page.locator("fieldset.question--scale").all():
        question.locator("label.pill").nth(2).click()
    expect(page.locator("#skin-result")).to_contain_text("Questionnaire: type III")
    adding = page.locator("#concern-add")
    adding.get_by_label("Concern").select_option(concern)
    adding.get_by_label("Body site").select_option("face")
    adding.get_by_label("Severity").select_option("moderate")
    adding.get_by_role("button", name="Add concern").click()
    expect(page.locator(".concern-card")).to_have_count(1)
    history = page.locator("#history")
    for question in history_yes:
        history.locator("fieldset.question", has_text=question).get_by_text("Yes").click()
    history.get_by_role("button", name=re.compile("Answer .No. to the questions left")).click()
    expect(page.get_by_text(re.compile("not answered yet"))).to_have_count(0)
    page.get_by_role("button", name="Run screening").click()


def test_new_patient_to_a_started_course(page, world):
    consent_demo_texts_load(clinic=world.clinic_a)  # the clinic admin's consent texts
    log_in(page, world.practitioner.email, PASSWORD)
    _register(page, "Rosa", "Field")

    # Consultation: melasma on the face, cold sores in the past -> a precaution, explained.
    _consult(page, concern="melasma", history_yes=("Ever had cold sores",))
    screening = page.locator("#screening")
    expect(screening.locator(".screening-overall")).to_contain_text("Precaution")
    expect(screening.get_by_text("Antiviral prophylaxis").first).to_be_visible()
    expect(page.locator("#estimate").get_by_text("Is one session enough for you?")).to_be_visible()
    page.get_by_role("button", name="Complete consultation").click()
    expect(page.get_by_text("Consultation completed. It is now read-only.")).to_be_visible()

    # The plan, prefilled from the catalogue and the estimate, goes to a doctor (precaution).
    page.get_by_role("link", name=re.compile("Rosa Field|Back to the chart")).first.click()
    page.get_by_role("link", name="Create plan").click()
    page.get_by_role("button", name="Create plan").click()
    expect(page.get_by_text(re.compile("Submitting sends this plan to a doctor"))).to_be_visible()
    page.get_by_role("button", name="Submit plan").click()
    expect(page.locator(".plan-status").first).to_have_text("Awaiting medical review")
    _log_out(page)

    # The doctor approves it from the review queue (the top bar links there).
    log_in(page, world.doctor.email, PASSWORD)
    page.get_by_role("link", name="Reviews").click()
    page.get_by_role("link", name="Rosa Field").click()
    page.get_by_role("button", name="Approve plan").click()
    expect(page.get_by_text(re.compile(r"Approved \(version 1\)"))).to_be_visible()
    _log_out(page)

    # Without consent the course cannot start: there is no start, only the way to consent.
    log_in(page, world.practitioner.email, PASSWORD)
    plan = TreatmentPlan.objects.get(patient__given_name="Rosa")
    page.goto(f"/patients/{plan.patient_id}/plans/{plan.pk}/")
    expect(page.get_by_role("button", name="Start the course")).to_have_count(0)
    expect(page.get_by_text(re.compile("The course can start once it is signed"))).to_be_visible()

    # The patient signs on the tablet (typed name), the practitioner witnesses; the course starts.
    page.get_by_role("link", name="Take treatment consent").click()
    page.get_by_role("group", name=re.compile("clinical photographs")).get_by_label("Yes").check()
    page.get_by_role("group", name=re.compile("used for marketing")).get_by_label("No").check()
    page.get_by_label("Type full name").check()
    page.get_by_label("Full name", exact=True).fill("Rosa Field")
    page.get_by_role("button", name="Sign consent").click()
    expect(page.get_by_text("Consent signed and witnessed")).to_be_visible()
    page.goto(f"/patients/{plan.patient_id}/plans/{plan.pk}/")
    page.get_by_role("button", name="Start the course").click()
    expect(page.locator(".plan-status").first).to_have_text("In progress")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_PROGRESS


def test_a_contraindicated_patient_cannot_have_a_plan_approved(page, world):
    log_in(page, world.practitioner.email, PASSWORD)
    _register(page, "Uma", "Stone")
    _consult(
        page,
        concern="solar_lentigines",
        history_yes=("A suspicious or undiagnosed pigmented lesion there?",),
    )
    screening = page.locator("#screening")
    expect(screening.locator(".screening-overall")).to_contain_text("Do not treat")
    page.get_by_role("button", name="Complete consultation").click()
    page.get_by_role("link", name=re.compile("Uma Stone|Back to the chart")).first.click()
    page.get_by_role("link", name="Create plan").click()
    page.get_by_role("button", name="Create plan").click()
    expect(page.get_by_text("This plan cannot be approved yet:")).to_be_visible()
    expect(page.get_by_role("button", name="Submit plan")).to_have_count(0)
