"""The front desk's intake in a real browser: the inbox shows an online request from someone
who is already a patient (the phone typed another way), the desk links them; then imports
existing patients from a CSV file, sees a bad line, corrects it and imports them all."""

from __future__ import annotations

import os

from playwright.sync_api import expect

from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from tests import factories
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.scheduling.conftest import sched  # noqa: F401 (a fixture)
from tests.scheduling.test_online_staff import _request

SHOTS = os.environ.get("E2E_SHOTS")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_inbox_same_person_then_csv_import(page, world, sched, tmp_path, settings):  # noqa: F811
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    Clinic.objects.filter(pk=world.clinic_a.pk).update(country="GB")
    world.clinic_a.refresh_from_db()
    lena = factories.patient(
        world.clinic_a, given_name="Lena", family_name="Park", phone="+44 7700 900321", email=""
    )
    _request(world, sched, given_name="LENA", phone="07700 900321", email="l.park@mail.example")

    log_in(page, world.front_desk.email, PASSWORD)
    expect(page.get_by_test_id("inbox-waiting")).to_contain_text("1")
    page.get_by_role("link", name="Inbox").click()
    expect(page.get_by_test_id("same-person")).to_contain_text("same name, same phone")
    _shot(page, "inbox")
    page.get_by_role("link", name="Compare and link").click()
    _shot(page, "request-same-person")
    page.get_by_role("button", name="Yes: link to Lena Park").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lena Park")
    assert lena.pk in Patient.objects.values_list("pk", flat=True)
    expect(page.get_by_test_id("inbox-waiting")).to_have_count(0)

    page.get_by_role("link", name="Patients", exact=True).click()
    page.get_by_role("link", name="Import from a file").click()
    _shot(page, "import-start")
    bad = tmp_path / "old-system.csv"
    bad.write_bytes(
        "Surname;Forename;Birth date;Mobile;Email\n"
        "Okafor;Ben;01/12/1985;07700 900502;\n"
        "Nguyễn;Ánh;31/02/1990;;anh@mail.example\n".encode()
    )
    page.get_by_label("CSV file of patients").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_test_id("import-preview")).to_contain_text("is not a real date")
    expect(page.get_by_test_id("import-all")).to_have_count(0)
    _shot(page, "import-problems")

    good = tmp_path / "old-system-fixed.csv"
    good.write_bytes(bad.read_bytes().replace(b"31/02/1990", b"28/02/1990"))
    page.get_by_role("link", name="Upload a corrected file").click()
    page.get_by_label("CSV file of patients").set_input_files(str(good))
    page.get_by_role("button", name="Upload and preview").click()
    _shot(page, "import-ready")
    page.get_by_test_id("import-all").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 2 patients")
    anh = Patient.objects.get(given_name="Ánh")
    assert anh.family_name == "Nguyễn"
    assert Patient.objects.get(given_name="Ben").phone_e164 == "+447700900502"
