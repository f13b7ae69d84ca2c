"""A practitioner holds a consultation at the chair: nothing typed is lost, the screening and
the estimate explain themselves, and the completed consultation is read-only."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from picoclinic.consultations.models import Consultation, ConsultationStatus
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD


def test_practitioner_holds_a_consultation(page, world):
    log_in(page, world.practitioner.email, PASSWORD)

    # Start from the patient's chart.
    page.goto(f"/patients/{world.patient_a.pk}/")
    page.get_by_role("button", name="Start a consultation").click()
    expect(page.get_by_role("heading", name=re.compile("^Consultation"))).to_be_visible()

    # The questionnaire: the total and the type follow each answer.
    for question in page.locator("fieldset.question--scale").all():
        question.locator("label.pill").nth(2).click()
    expect(page.locator("#skin-result")).to_contain_text("10 of 10 answered")
    expect(page.locator("#skin-result")).to_contain_text("Questionnaire: type III")
    expect(page.locator("#status-skin_type")).to_contain_text("Saved")

    # A facial concern.
    adding = page.locator("#concern-add")
    adding.get_by_label("Concern").select_option("solar_lentigines")
    adding.get_by_label("Body site").select_option("face")
    adding.get_by_label("Severity").select_option("mild")
    adding.get_by_role("button", name="Add concern").click()
    card = page.locator(".concern-card")
    expect(card).to_have_count(1)

    # A mistake is named beside the field and kept, not lost.
    card.get_by_label("Area (cm²)").fill("0")
    expect(card.locator(".autosave")).to_contain_text("Not saved")
    expect(card.locator(".field-errors .error")).to_contain_text("Give the area in cm²")
    card.get_by_label("Area (cm²)").fill("2")
    expect(card.locator(".autosave")).to_contain_text("Saved")

    # The history: cold sores in the past, "no" to everything else.
    history = page.locator("#history")
    history.locator("fieldset.question", has_text="Ever had cold sores").get_by_text("Yes").click()
    history.get_by_role("button", name=re.compile("Answer .No. to the questions left")).click()
    expect(page.get_by_text(re.compile("not answered yet"))).to_have_count(0)

    # Screening: a precaution with antiviral prophylaxis, and why.
    page.get_by_role("button", name="Run screening").click()
    screening = page.locator("#screening")
    expect(screening.locator(".screening-overall")).to_contain_text("Precaution")
    expect(screening.get_by_text("Antiviral prophylaxis").first).to_be_visible()
    expect(screening).to_contain_text("valacyclovir")

    # The estimate, in words for the patient.
    estimate = page.locator("#estimate")
    expect(estimate.get_by_text("Is one session enough for you?")).to_be_visible()
    expect(estimate).to_contain_text("Sessions")

    # Goals, typed and autosaved.
    page.get_by_role("textbox", name="Goals and expectations").fill(
        "Clear the age spots before summer"
    )
    expect(page.locator("#status-goals")).to_contain_text("Saved")

    # Typing and leaving at once (before the autosave's pause) still reaches the record.
    page.get_by_role("textbox", name="Prior treatments and how they went").fill("IPL 2024")
    page.goto(f"/patients/{world.patient_a.pk}/")
    _wait_until(lambda: Consultation.objects.get(patient=world.patient_a).prior_treatments)
    page.get_by_role("link", name="Continue consultation").click()
    expect(page.get_by_role("textbox", name="Prior treatments and how they went")).to_have_value(
        "IPL 2024"
    )

    # A reload loses nothing.
    page.reload()
    expect(page.get_by_role("textbox", name="Goals and expectations")).to_have_value(
        "Clear the age spots before summer"
    )
    expect(page.locator('input[name="q_eye_colour"][value="2"]')).to_be_checked()
    expect(page.locator('input[name="hsv_history"][value="yes"]')).to_be_checked()
    expect(page.locator(".concern-card").get_by_label("Area (cm²)")).to_have_value("2")
    expect(page.locator("#screening")).to_contain_text("Antiviral prophylaxis")

    # Complete: from now on it is read-only.
    page.get_by_role("button", name="Complete consultation").click()
    expect(page.get_by_text("Consultation completed. It is now read-only.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Goals and expectations")).to_be_disabled()
    consultation = Consultation.objects.get(patient=world.patient_a)
    assert consultation.status == ConsultationStatus.COMPLETED
    assert consultation.goals == "Clear the age spots before summer"


def _wait_until(condition, *, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition was not met in time"
        time.sleep(0.1)
