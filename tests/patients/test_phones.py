"""One phone number in any format: stored as typed beside its international form."""

from __future__ import annotations

import importlib

from django.apps import apps as django_apps

from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from picoclinic.patients.services import name_key
from tests import factories


def _in_britain(clinic):
    Clinic.objects.filter(pk=clinic.pk).update(country="GB")
    clinic.refresh_from_db()


def test_a_national_number_is_stored_as_typed_and_internationally(world):
    _in_britain(world.clinic_a)
    patient = factories.patient(world.clinic_a, given_name="Zoë", phone="07700 900123")
    assert patient.phone == "07700 900123"
    assert patient.phone_e164 == "+447700900123"
    assert patient.name_key == "zoe doe"


def test_search_finds_the_national_number_by_the_international_one(client, world):
    _in_britain(world.clinic_a)
    factories.patient(world.clinic_a, given_name="Nat", phone="07700 900123")
    factories.patient(world.clinic_a, given_name="Intl", phone="+44 7700 900124")
    client.force_login(world.front_desk)
    for query, expected in [
        ("+44 7700 900123", {"Nat"}),
        ("+447700900123", {"Nat"}),
        ("07700 900124", {"Intl"}),
        ("0044 7700 900124", {"Intl"}),
    ]:
        response = client.post("/patients/", {"q": query})
        assert {p.given_name for p in response.context["results"]} == expected, query


def test_name_key_ignores_case_accents_and_punctuation():
    assert (
        name_key("José", "O'Neil-Brown")
        == name_key("jose", "ONEILBROWN".lower())
        == ("jose oneilbrown")
    )
    assert name_key("  ANNA ", " Müller ") == "anna muller"


def test_the_data_migration_fills_existing_rows(world):
    _in_britain(world.clinic_a)
    patient = factories.patient(world.clinic_a, given_name="Ély", phone="07700 900125")
    Patient.objects.filter(pk=patient.pk).update(phone_e164="", name_key="")
    migration = importlib.import_module(
        "picoclinic.patients.migrations.0002_phone_e164_and_name_key"
    )
    migration.fill_keys(django_apps, None)
    patient.refresh_from_db()
    assert patient.phone_e164 == "+447700900125"
    assert patient.name_key == "ely doe"
