"""Importing existing patients from a CSV file: encodings, column mapping, the problems per
row, all or nothing, numbered by the clinic, audited; front desk and clinic admins only."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from picoclinic.audit.models import AuditEvent
from picoclinic.clinics.models import Clinic
from picoclinic.patients.imports import MAX_BYTES, DateOrder, decode, read_date
from picoclinic.patients.models import Patient, PatientImport
from tests import factories

START = reverse("patients:import")

GOOD = (
    "First name,Surname,DOB,Gender,Email,Mobile\n"
    "Ana,Müller,17/05/1990,F,ana@mail.example,07700 900501\n"
    "Ben,Okafor,1985-12-01,m,,+44 7700 900502\n"
)


@pytest.fixture(autouse=True)
def _in_britain(world):
    Clinic.objects.filter(pk=world.clinic_a.pk).update(country="GB")
    world.clinic_a.refresh_from_db()


def _upload(client, text: str | bytes, name="patients.csv"):
    raw = text.encode() if isinstance(text, str) else text
    return client.post(START, {"file": SimpleUploadedFile(name, raw, content_type="text/csv")})


def _review(draft) -> str:
    return reverse("patients:import_review", kwargs={"import_id": draft.pk})


def test_encodings_excel_and_utf8_with_or_without_bom():
    assert decode("Müller".encode()) == "Müller"
    assert decode(b"\xef\xbb\xbf" + "Müller".encode()) == "Müller"
    assert decode("Müller".encode("cp1252")) == "Müller"


def test_dates_say_how_they_were_read():
    today = date(2026, 12, 7)
    assert read_date("17/05/1990", DateOrder.DAY_FIRST, today) == (date(1990, 5, 17), "", "")
    value, error, note = read_date("03/04/1990", DateOrder.DAY_FIRST, today)
    assert (value, error) == (date(1990, 4, 3), "")
    assert note == "03/04/1990 read as 3 April 1990 (day first, as chosen above)."
    assert read_date("03/04/1990", DateOrder.MONTH_FIRST, today)[0] == date(1990, 3, 4)
    assert (
        read_date("31/02/1990", DateOrder.DAY_FIRST, today)[1] == "“31/02/1990” is not a real date."
    )
    assert "not a date we can read" in read_date("May 1990", DateOrder.DAY_FIRST, today)[1]
    assert "cannot be right" in read_date("2030-01-01", DateOrder.DAY_FIRST, today)[1]


def test_front_desk_imports_a_file_all_at_once_numbered_and_audited(client, world, caplog):
    client.force_login(world.front_desk)
    with caplog.at_level(logging.DEBUG):
        response = _upload(client, "\ufeff" + GOOD)
        draft = PatientImport.objects.get()
        assert response.url == _review(draft)
        page = client.get(_review(draft))
        assert page.context["preview"].ready
        assert page.context["form"].initial["phone"] == "5"  # "Mobile" guessed as the phone
        response = client.post(_review(draft), {"action": "import"})
    assert response.status_code == 302
    ana = Patient.objects.get(family_name="Müller")
    ben = Patient.objects.get(family_name="Okafor")
    assert (ana.patient_number, ben.patient_number) == ("ALP-000003", "ALP-000004")
    assert ana.date_of_birth == date(1990, 5, 17)
    assert ana.sex == "female"
    assert ana.phone == "07700 900501"
    assert ana.phone_e164 == "+447700900501"
    assert ana.clinic == world.clinic_a
    imported = AuditEvent.objects.get(summary="Imported 2 patients from a CSV file")
    assert imported.actor == world.front_desk
    assert imported.changes == {"patients": [ana.pk, ben.pk]}
    assert AuditEvent.objects.filter(summary="Registered patient", patient=ana).exists()
    assert not PatientImport.objects.exists()  # the file is not kept
    assert "Müller" not in caplog.text
    assert "900501" not in caplog.text


def test_problems_per_row_and_nothing_imported_while_any_remain(client, world):
    factories.patient(
        world.clinic_a, given_name="Old", family_name="Timer", email="old@mail.example"
    )
    text = (
        "Given name,Family name,Date of birth,Sex,E-mail,Phone\n"
        "Ana,Lee,03/04/1990,f,ana@mail.example,\n"  # ambiguous: a note, not an error
        "Bo,,1990-01-01,m,bo@mail.example,\n"  # no family name
        "Cy,Ray,31/02/1990,m,cy@mail.example,\n"  # not a real date
        "Di,Fox,1990-01-01,f,,12\n"  # not a phone
        "Ed,Ash,1990-01-01,m,ANA@mail.example,\n"  # same e-mail as line 2
        "Flo,Gale,1990-01-01,f,old@mail.example,\n"  # already a patient
        "Gus,Hay,1990-01-01,m,,\n"  # no way to reach them
    )
    client.force_login(world.clinic_admin)
    _upload(client, text)
    draft = PatientImport.objects.get()
    page = client.get(_review(draft))
    rows = {row.line: row for row in page.context["preview"].rows}
    assert rows[2].errors == []
    assert rows[2].notes == ["03/04/1990 read as 3 April 1990 (day first, as chosen above)."]
    assert rows[3].errors == ["Family name is missing."]
    assert rows[4].errors == ["“31/02/1990” is not a real date."]
    assert rows[5].errors == ["“12” is not a phone number we can read."]
    assert rows[6].errors == ["The same person as line 2?"]
    assert rows[7].errors == ["Already a patient: Old Timer ALP-000003 (same e-mail)."]
    assert rows[8].errors == ["Give a phone number or an e-mail address."]
    assert "Already a patient: Old Timer" in page.content.decode()

    before = Patient.objects.count()
    response = client.post(_review(draft), {"action": "import"})
    assert response.status_code == 200
    assert "Some rows still have problems" in response.content.decode()
    assert Patient.objects.count() == before
    assert PatientImport.objects.exists()


def test_the_user_changes_the_mapping_and_the_date_order(client, world):
    text = "Col A,Col B,Col C,Col D\nAna,Lee,04/03/1990,ana@mail.example\n"
    client.force_login(world.front_desk)
    _upload(client, text)
    draft = PatientImport.objects.get()
    page = client.get(_review(draft))
    assert not page.context["preview"].ready  # nothing guessed: names missing

    bad = {"action": "map", "given_name": "0", "family_name": "0", "date_order": "dmy"}
    page = client.post(_review(draft), bad)
    assert "This column is already chosen for Given name." in page.content.decode()
    assert "Choose the file&#x27;s column for Date of birth" in page.content.decode()

    chosen = {
        "action": "map",
        "given_name": "0",
        "family_name": "1",
        "date_of_birth": "2",
        "email": "3",
        "date_order": "mdy",
    }
    client.post(_review(draft), chosen)
    preview = client.get(_review(draft)).context["preview"]
    assert preview.ready
    assert preview.rows[0].data["date_of_birth"] == date(1990, 4, 3)


def test_bad_files_are_a_message_not_a_500(client, world):
    client.force_login(world.front_desk)
    for raw, message in [
        (b"given,family\n", "no rows of patients"),
        (b"\x00\x01\x02", "not a CSV text file"),
        (b"x" * (MAX_BYTES + 1), "larger than 2 MB"),
    ]:
        response = _upload(client, raw)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not PatientImport.objects.exists()


def test_only_front_desk_and_clinic_admins_and_only_their_own_upload(client, world):
    client.force_login(world.practitioner)
    assert client.get(START).status_code == 403
    client.force_login(world.front_desk)
    _upload(client, GOOD)
    draft = PatientImport.objects.get()
    client.force_login(world.clinic_admin)  # another user of the same clinic
    assert client.get(_review(draft)).status_code == 404
    client.force_login(world.other_clinic_admin)
    assert client.get(_review(draft)).status_code == 404


def test_a_template_to_download(client, world):
    client.force_login(world.front_desk)
    response = client.get(reverse("patients:import_template"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    assert text.startswith("Given name,Family name,Date of birth,")
