from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.patients.forms import CONTACT_REQUIRED, DOB_IN_FUTURE
from picoclinic.patients.models import Patient
from tests import factories

NEW = {
    "given_name": "Ivy",
    "family_name": "Nguyen",
    "preferred_name": "",
    "date_of_birth": "1991-07-04",
    "sex": "female",
    "phone": "+44 (0)7700 900 777",
    "email": "ivy@mail.example",
    "address": "1 Road",
    "emergency_contact_name": "Lee",
    "emergency_contact_phone": "+44 7700 900778",
    "emergency_contact_relationship": "Brother",
    "preferred_language": "vi",
}


def test_front_desk_registers_a_patient_with_a_clinic_number(client, world):
    client.force_login(world.front_desk)
    response = client.post("/patients/new/", NEW)
    patient = Patient.objects.get(given_name="Ivy")
    assert response["Location"] == f"/patients/{patient.pk}/"
    assert patient.clinic == world.clinic_a
    assert patient.patient_number == "ALP-000003"  # two were registered there by the fixture
    assert patient.phone_digits == "447700900777"
    event = AuditEvent.objects.get(action=AuditAction.CREATE, patient=patient)
    assert event.actor == world.front_desk
    assert "Ivy" not in event.summary  # the patient is linked, not described


def test_invalid_registration_keeps_what_was_typed(client, world):
    client.force_login(world.front_desk)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post("/patients/new/", NEW | {"date_of_birth": future})
    body = response.content.decode()
    assert response.status_code == 200
    assert DOB_IN_FUTURE in body
    assert 'value="Nguyen"' in body
    assert "ivy@mail.example" in body
    assert not Patient.objects.filter(given_name="Ivy").exists()


def test_a_patient_needs_a_way_to_be_reached(client, world):
    client.force_login(world.front_desk)
    response = client.post("/patients/new/", NEW | {"phone": "", "email": ""})
    assert CONTACT_REQUIRED in response.content.decode()


def test_garbage_input_is_a_message_not_a_500(client, world):
    client.force_login(world.front_desk)
    response = client.post(
        "/patients/new/", {"given_name": "x" * 5000, "date_of_birth": "31/31/31", "sex": "robot"}
    )
    assert response.status_code == 200
    assert "Please correct the highlighted fields" in response.content.decode()


def test_editing_records_each_changed_field(client, world):
    client.force_login(world.practitioner)
    patient = world.patient_a
    data = {name: getattr(patient, name) or "" for name in NEW}
    data |= {"phone": "+44 7700 900999", "date_of_birth": patient.date_of_birth.isoformat()}
    response = client.post(f"/patients/{patient.pk}/edit/", data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, patient=patient)
    assert event.changes == {"phone": ["+44 7700 900000", "+44 7700 900999"]}
    assert event.actor == world.practitioner


def test_saving_unchanged_details_writes_no_audit_entry(client, world):
    client.force_login(world.practitioner)
    patient = world.patient_a
    data = {name: getattr(patient, name) or "" for name in NEW}
    data["date_of_birth"] = patient.date_of_birth.isoformat()
    client.post(f"/patients/{patient.pk}/edit/", data)
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_opening_a_chart_is_audited(client, world):
    client.force_login(world.doctor)
    response = client.get(f"/patients/{world.patient_a.pk}/")
    assert response.status_code == 200
    assert world.patient_a.patient_number in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.actor, event.patient, event.clinic) == (
        world.doctor,
        world.patient_a,
        world.clinic_a,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mia", {"Mia"}),
        ("stone mia", {"Mia"}),
        ("ALP-000002", {"Noah"}),
        ("alp-000002", {"Noah"}),
        ("07700 900555", {"Noah"}),
        ("900555", {"Noah"}),
        ("Kai", set()),  # clinic B's patient is not visible to clinic A's staff
        ("", set()),
    ],
)
def test_search_by_name_number_or_phone(client, world, query, expected):
    client.force_login(world.front_desk)
    response = client.post("/patients/", {"q": query})
    found = {p.given_name for p in response.context["results"]}
    assert found == expected


def test_htmx_search_returns_only_the_results_fragment(client, world):
    client.force_login(world.front_desk)
    response = client.post("/patients/", {"q": "mia"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert "Stone" in body


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        if "?q=" in url:  # the search is sent by POST
            path, query = url.split("?q=")
            assert client.post(path, {"q": query}).status_code == 200
        else:
            assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_pages_run_a_fixed_number_of_queries(client, world):
    client.force_login(world.front_desk)
    urls = ["/patients/?q=doe", "/clinic/today/", f"/patients/{world.patient_a.pk}/"]
    client.get(urls[2])  # one recent chart, so "Today" has a list to fetch at all
    before = [_queries(client, url) for url in urls]
    for i in range(25):
        factories.patient(world.clinic_a, given_name=f"P{i}", family_name="Doe")
        client.get(f"/patients/{Patient.objects.latest('pk').pk}/")  # more recent charts
    after = [_queries(client, url) for url in urls]
    assert after == before


def test_clinic_switch_only_to_own_clinics(client, world):
    from picoclinic.accounts.models import Membership, Role

    Membership.objects.create(user=world.doctor, clinic=world.clinic_b, role=Role.DOCTOR)
    client.force_login(world.doctor)
    client.post("/accounts/clinic/", {"clinic_id": world.clinic_b.pk})
    response = client.get("/clinic/today/")
    assert response.context["current_clinic"] == world.clinic_b
    client.force_login(world.front_desk)
    client.post("/accounts/clinic/", {"clinic_id": world.clinic_b.pk})
    assert client.get("/clinic/today/").context["current_clinic"] == world.clinic_a


def test_times_show_in_the_clinics_zone(client, world):
    from picoclinic.accounts.models import Membership, Role

    Membership.objects.create(user=world.doctor, clinic=world.clinic_b, role=Role.DOCTOR)
    client.force_login(world.doctor)
    client.post("/accounts/clinic/", {"clinic_id": world.clinic_b.pk})
    body = client.get("/clinic/today/").content.decode()
    assert "Asia/Hong_Kong" in body


def test_patient_portal_shows_only_their_own_record(client, world):
    client.force_login(world.patient_user)
    body = client.get("/me/").content.decode()
    assert world.patient_a.patient_number in body
    assert world.other_patient_a.patient_number not in body
    client.force_login(world.practitioner)
    assert client.get("/me/").status_code == 404


def test_a_search_never_puts_the_name_in_an_address(client, world):
    client.force_login(world.front_desk)
    # A name in the address is not searched for (it must not be bookmarked or logged) ...
    assert client.get("/patients/", {"q": "stone"}).context["results"] == []
    # ... the forms send it in the body, from the patients page and from Today.
    for page in ("/patients/", "/clinic/today/"):
        body = client.get(page).content.decode()
        assert 'method="post" action="/patients/"' in body
        assert 'hx-post="/patients/"' in body
        assert 'hx-get="/patients/"' not in body
    assert "Stone" in client.post("/patients/", {"q": "stone"}).content.decode()
