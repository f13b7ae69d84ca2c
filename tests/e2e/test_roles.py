"""Each role logs in through the real login page and opens what it may and may not see."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import PASSWORD


def test_front_desk_finds_and_registers_patients(page, world):
    log_in(page, world.front_desk.email, PASSWORD)
    expect(page.get_by_role("heading", name="Today at Alpha Clinic")).to_be_visible()
    expect(page.get_by_role("link", name="Configuration")).to_have_count(0)

    # Live search as you type (htmx), then open the chart.
    page.get_by_role("link", name="Patients").click()
    page.get_by_label("Find a patient").fill("stone")
    page.get_by_role("link", name="Mia Stone").click()
    expect(page.get_by_role("heading", name="Mia Stone")).to_be_visible()

    # Register a new patient; a mistake keeps everything typed.
    page.goto("/patients/new/")
    page.get_by_label("Given name").fill("Ivy")
    page.get_by_label("Family name").fill("Nguyen")
    page.get_by_label("Date of birth").fill("1991-07-04")
    page.get_by_label("Sex").select_option("female")
    page.get_by_role("button", name="Register patient").click()
    expect(page.get_by_text("Give at least a phone number or an e-mail address")).to_be_visible()
    expect(page.get_by_label("Family name")).to_have_value("Nguyen")
    page.get_by_label("Phone", exact=True).fill("+44 7700 900777")
    page.get_by_role("button", name="Register patient").click()
    expect(page.get_by_role("heading", name="Ivy Nguyen")).to_be_visible()
    expect(page.get_by_text("Registered Ivy Nguyen as ALP-000003.")).to_be_visible()


def test_practitioner_cannot_open_another_clinics_patient(page, world):
    log_in(page, world.practitioner.email, PASSWORD)
    response = page.goto(f"/patients/{world.patient_b.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    response = page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))


def test_doctor_switches_clinic(page, world):
    from picoclinic.accounts.models import Membership, Role

    Membership.objects.create(user=world.doctor, clinic=world.clinic_b, role=Role.DOCTOR)
    log_in(page, world.doctor.email, PASSWORD)
    expect(page.get_by_role("heading", name="Today at Alpha Clinic")).to_be_visible()
    page.get_by_label("Clinic").select_option(label="Beta Clinic")
    expect(page.get_by_role("heading", name="Today at Beta Clinic")).to_be_visible()
    expect(page.get_by_text("Asia/Hong_Kong").first).to_be_visible()
    page.goto(f"/patients/{world.patient_b.pk}/")
    expect(page.get_by_role("heading", name="Kai Lam")).to_be_visible()


def test_clinic_admin_reads_the_audit_trail_of_a_chart(page, world):
    log_in(page, world.clinic_admin.email, PASSWORD)
    page.goto(f"/patients/{world.patient_a.pk}/")
    page.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", name="Select audit event to view")).to_be_visible()
    expect(page.get_by_text("Opened chart").first).to_be_visible()
    expect(page.get_by_text("Registered patient").first).to_be_visible()


def test_patient_sees_only_their_portal(page, world):
    log_in(page, world.patient_user.email, PASSWORD)
    expect(page.get_by_role("heading", name="Hello, Mia")).to_be_visible()
    expect(page.get_by_text(world.patient_a.patient_number)).to_be_visible()
    assert page.goto("/patients/").status == 404
    assert page.goto(f"/patients/{world.patient_a.pk}/").status == 404
    assert page.goto("/clinic/today/").status == 404


def test_lockout_page_after_repeated_wrong_passwords(page, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(page, world.practitioner.email, "wrong password")
    log_in(page, world.practitioner.email, PASSWORD)
    expect(page.get_by_role("heading", name="Too many failed attempts")).to_be_visible()
