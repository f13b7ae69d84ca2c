"""A session at the chair on a tablet-sized screen, in a real Chromium: check-in, the checklist
with a block a doctor passes with a reason, settings with a warning from the live safety check,
the immediate response, signing, the aftercare PDF; a stale tab's change to the signed record
fails clearly, a dated addendum appears, and the doctor co-signs."""

from __future__ import annotations

from playwright.sync_api import expect

from picoclinic.treatments import errors
from picoclinic.treatments.models import SessionStatus, TreatmentSession
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.treatments import helpers as h


def _doctor_page(browser, live_server, world):
    context = browser.new_context(
        viewport={"width": 1024, "height": 768}, base_url=live_server.url, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, world.doctor.email, PASSWORD)
    return page


def test_a_session_at_the_chair(page, browser, live_server, world):
    ready = h.ready(world)
    patient = world.patient_a
    log_in(page, world.practitioner.email, PASSWORD)

    # Check-in: today's treatment appointment becomes a session.
    page.goto(f"/patients/{patient.pk}/sessions/")
    page.get_by_role("button", name="Start session (checks in)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session 1 of")
    expect(page.get_by_text("the patient is checked in")).to_be_visible()
    session = TreatmentSession.objects.get(appointment=ready.appointment)
    session_url = f"/patients/{patient.pk}/sessions/{session.pk}/"

    # The checklist: the history changed (now breastfeeding): screened again, blocked.
    page.get_by_role("link", name="Something changed…").click()
    page.get_by_role("group", name="Breastfeeding?").get_by_text("Yes").click()
    page.get_by_role("button", name="Save and screen again").click()
    expect(page.get_by_text("History confirmed and screened again: Doctor review.")).to_be_visible()
    screening = page.locator("#check-screening")
    expect(screening).to_contain_text("Blocked")
    expect(screening).to_contain_text("Changed since last visit: Breastfeeding.")
    expect(screening.get_by_text("only a doctor can pass it")).to_be_visible()
    page.get_by_role("button", name="Done: Photos taken").click()
    page.get_by_role("button", name="Done · not tanned").click()
    page.get_by_role("button", name="Done: Eye protection for everyone in the room").click()
    expect(page.locator("#check-eye_protection")).to_contain_text("Done")
    expect(page.get_by_text("settings cannot be entered yet")).to_be_visible()

    # The doctor, on their own tablet, passes the blocked item with a reason.
    doctor = _doctor_page(browser, live_server, world)
    doctor.goto(session_url)
    doctor.get_by_label("Doctor's reason for passing this item").fill(
        "Breastfeeding: no evidence of harm from non-ablative laser; discussed."
    )
    doctor.get_by_role("button", name="Pass this item").click()
    expect(doctor.locator("#check-screening")).to_contain_text("Passed by a doctor")

    # Settings, with the core's warning shown as the fluence is typed.
    page.reload()
    form = page.locator("form.entry-form")
    form.get_by_label("Area").fill("Left cheek")
    form.get_by_label("Laser").select_option(label="PicoWay")
    form.get_by_label("Wavelength (nm)").fill("532")
    form.get_by_label("Handpiece").select_option("flat_beam")
    form.get_by_label("Spot (mm)").fill("4")
    form.get_by_label("Pulse (ps)").fill("750")
    form.get_by_label("Rate (Hz)").fill("2")
    form.get_by_label("Pulses").fill("120")
    form.get_by_label("Clinical endpoint seen").select_option(
        label="Immediate whitening (frosting)"
    )
    form.get_by_label("Fluence (J/cm²)").fill("0.8")
    findings = page.locator("#findings")
    expect(findings).to_contain_text("Fluence above the published range")
    expect(findings.locator(".level--warn")).to_have_text("Warning")
    form.get_by_label("Fluence (J/cm²)").fill("0.5")
    expect(findings).to_contain_text("No finding for these settings")
    form.get_by_label("Fluence (J/cm²)").fill("0.8")
    expect(findings).to_contain_text("Fluence above the published range")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings for Left cheek, pass 1, recorded.")).to_be_visible()
    row = page.locator("table.entries tbody tr").first
    expect(row).to_contain_text("0.8 J/cm²")
    expect(row).to_contain_text("Warning")

    # The immediate response.
    response = page.locator("#response")
    for question, answer in [
        ("Erythema", "Mild"),
        ("Oedema", "None"),
        ("Whitening or frosting", "Yes"),
        ("Pinpoint bleeding", "No"),
        ("Blistering", "No"),
        ("Cooling", "Cold air"),
    ]:
        response.get_by_role("group", name=question).get_by_text(answer, exact=True).click()
    response.get_by_role("group", name="Pain, 0 (none) to 10 (worst imaginable)").get_by_text(
        "4", exact=True
    ).click()
    response.get_by_role("button", name="Save the response").click()
    expect(page.get_by_text("Immediate response recorded.")).to_be_visible()
    expect(page.locator("#aftercare")).to_contain_text("Direct sun")

    # A second tab, left open on the session before it is signed.
    stale = page.context.new_page()
    stale.goto(session_url)

    # Sign and lock.
    page.get_by_label("I treated this patient with the settings recorded").check()
    page.get_by_role("button", name="Sign and lock").click()
    expect(page.get_by_text("Session signed and locked.")).to_be_visible()
    expect(page.locator("#sign")).to_contain_text("Unchanged since signing")
    expect(page.locator("#sign")).to_contain_text("Required: A doctor passed a blocked item")
    session.refresh_from_db()
    assert session.status == SessionStatus.SIGNED

    # The aftercare PDF.
    pdf_link = page.locator("#sign").get_by_role("link", name="PDF")
    pdf = page.request.get(pdf_link.get_attribute("href"))
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    page.locator("#sign").get_by_role("link", name="On screen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aftercare: Solar lentigines, face")
    expect(page.get_by_text("What to avoid, and until when")).to_be_visible()
    page.go_back()

    # The stale tab tries to change the signed record: refused, clearly.
    stale_response = stale.locator("#response")
    stale_response.get_by_role("group", name="Erythema").get_by_text("Severe").click()
    stale_response.get_by_role("button", name="Update the response").click()
    expect(stale.get_by_text(errors.SESSION_LOCKED)).to_be_visible()
    expect(stale.locator("#response")).to_contain_text("Mild")
    stale.close()

    # A correction is a dated addendum by a named user.
    page.get_by_label("Correction or addition").fill("Pulses were 140, not 120.")
    page.get_by_role("button", name="Add a dated addendum").click()
    addenda = page.locator("#addenda")
    expect(addenda).to_contain_text("Pulses were 140, not 120.")
    expect(addenda).to_contain_text("Pat Practitioner")

    # The doctor co-signs.
    doctor.goto(session_url)
    doctor.get_by_role("button", name="Co-sign this session").click()
    expect(doctor.get_by_text("Session co-signed.")).to_be_visible()
    expect(doctor.locator("#sign")).to_contain_text("Dr Dora")
    doctor.context.close()
