"""The JSON API (issue #15, first part): personal tokens, scoped to clinics and to reading or
writing; patients and appointments through the same access helpers and services as the pages;
every call audited under the token's name."""

from __future__ import annotations

import json

import pytest
import time_machine
from django.utils import timezone

from picoclinic.accounts.models import Membership, Role
from picoclinic.api import v1
from picoclinic.api.models import ApiToken
from picoclinic.api.tokens import token_create, token_revoke
from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.patients.models import Patient
from picoclinic.scheduling.models import Appointment
from picoclinic.web.ratelimit import Limit
from tests.scheduling.conftest import sched  # noqa: F401 - the scheduling fixture
from tests.scheduling.helpers import DAY, NOW, at


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=True):
        yield


def _token(world, *, user=None, clinics=None, write=False, days=30) -> str:
    user = user or world.front_desk
    _, secret = token_create(
        actor=user, name="website", clinics=clinics or [world.clinic_a], can_write=write, days=days
    )
    return secret


def _get(client, path, secret, **params):
    return client.get(f"/api/v1{path}", params, HTTP_AUTHORIZATION=f"Bearer {secret}")


def _post(client, path, secret, body):
    return client.post(
        f"/api/v1{path}",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )


def test_a_token_is_shown_once_and_only_its_fingerprint_is_kept(client, world):
    client.force_login(world.front_desk)
    page = client.post(
        "/api/tokens/",
        {"name": "Clinic website", "clinics": [world.clinic_a.pk], "days": 90},
    )
    body = page.content.decode()
    token = ApiToken.objects.get()
    secret = body.split('data-testid="new-token" onclick')[0].rsplit('value="', 1)[1].split('"')[0]
    assert secret.startswith("pc_")
    assert token.prefix == secret[:8]
    assert secret not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert secret not in client.get("/api/tokens/").content.decode()  # never shown again
    assert _get(client, "/me", secret).json()["token"] == token.label


def test_a_token_for_a_clinic_where_you_do_not_work_is_refused(client, world):
    client.force_login(world.front_desk)
    page = client.post("/api/tokens/", {"name": "x", "clinics": [world.clinic_b.pk], "days": 9})
    assert page.status_code == 200
    assert not ApiToken.objects.exists()
    assert 'value="x"' in page.content.decode()  # what was typed is kept


@pytest.mark.parametrize("header", ["", "Bearer ", "Bearer pc_not-a-token", "Token pc_x"])
def test_without_a_live_token_nothing_is_answered(client, world, header):
    response = client.get(f"/api/v1/patients/{world.patient_a.pk}", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_revoked_and_expired_tokens_stop_working(client, world):
    secret = _token(world, days=1)
    assert _get(client, "/me", secret).status_code == 200
    with time_machine.travel(NOW.replace(day=3), tick=False):
        assert _get(client, "/me", secret).status_code == 401
    token = ApiToken.objects.get()
    token_revoke(actor=world.front_desk, token=token)
    assert _get(client, "/me", secret).status_code == 401


def test_a_token_reaches_only_its_clinics_while_its_owner_works_there(client, world):
    Membership.objects.create(user=world.front_desk, clinic=world.clinic_b, role=Role.FRONT_DESK)
    secret = _token(world, clinics=[world.clinic_a])
    assert _get(client, f"/patients/{world.patient_a.pk}", secret).status_code == 200
    assert _get(client, f"/patients/{world.patient_b.pk}", secret).status_code == 404
    found = _get(client, "/patients/", secret, q="a").json()
    assert {p["clinic_id"] for p in found} == {world.clinic_a.pk}
    Membership.objects.filter(user=world.front_desk, clinic=world.clinic_a).update(is_active=False)
    assert _get(client, f"/patients/{world.patient_a.pk}", secret).status_code == 404


def test_every_call_is_audited_under_the_token_and_once(client, world):
    secret = _token(world)
    before = AuditEvent.objects.count()
    assert _get(client, f"/patients/{world.patient_a.pk}", secret).status_code == 200
    entries = list(AuditEvent.objects.order_by("pk")[before:])
    assert len(entries) == 1
    assert entries[0].summary == "API token “website” (" + secret[:8] + "…): read a patient"
    assert entries[0].patient_id == world.patient_a.pk
    assert entries[0].actor_id == world.front_desk.pk
    assert entries[0].action == AuditAction.VIEW


def test_a_read_only_token_may_not_write(client, world):
    secret = _token(world)
    body = {
        "clinic_id": world.clinic_a.pk,
        "given_name": "Ana",
        "family_name": "Lee",
        "date_of_birth": "1990-04-02",
        "sex": "female",
        "phone": "07700 900321",
    }
    assert _post(client, "/patients/", secret, body).status_code == 403
    assert not Patient.objects.filter(given_name="Ana").exists()


def test_registering_a_patient_follows_the_pages_rules(client, world):
    secret = _token(world, write=True)
    body = {
        "clinic_id": world.clinic_a.pk,
        "given_name": "Ana",
        "family_name": "Lee",
        "date_of_birth": "1990-04-02",
        "sex": "female",
    }
    refused = _post(client, "/patients/", secret, body)  # no phone, no e-mail
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "payload", "__all__"]
    assert not Patient.objects.filter(given_name="Ana").exists()
    made = _post(client, "/patients/", secret, {**body, "phone": "07700 900321"})
    assert made.status_code == 201
    assert made.json()["patient_number"].startswith(world.clinic_a.code)
    assert Patient.objects.get(given_name="Ana").clinic == world.clinic_a


def test_booking_and_cancelling_go_through_the_locking_booking(client, world, sched):  # noqa: F811
    secret = _token(world, write=True)
    params = {"appointment_type_id": sched.consultation.pk, "day": DAY.isoformat()}
    slots = _get(client, f"/clinics/{world.clinic_a.pk}/availability", secret, **params).json()
    assert slots
    starts = at(world.clinic_a, 10).isoformat()
    booking = {
        "clinic_id": world.clinic_a.pk,
        "appointment_type_id": sched.consultation.pk,
        "starts_at": starts,
        "practitioner_id": sched.sam.pk,
    }
    path = f"/patients/{world.patient_a.pk}/appointments"
    made = _post(client, path, secret, booking)
    assert made.status_code == 201
    again = _post(client, f"/patients/{world.other_patient_a.pk}/appointments", secret, booking)
    assert again.status_code == 409
    assert "available" in again.json()["detail"]
    appointment_id = made.json()["id"]
    cancelled = _post(client, f"{path}/{appointment_id}/cancel", secret, {"reason": "moved"})
    assert cancelled.json()["status"] == "cancelled"
    assert Appointment.objects.get(pk=appointment_id).status == "cancelled"
    naive = _post(client, path, secret, {**booking, "starts_at": starts[:19]})
    assert naive.status_code == 422


def test_a_runaway_token_is_slowed_down(client, world, monkeypatch):
    monkeypatch.setattr(v1, "PER_TOKEN", Limit(scope="api-token-test", count=2, seconds=60))
    secret = _token(world)
    assert [_get(client, "/me", secret).status_code for _ in range(3)] == [200, 200, 429]


def test_the_openapi_document_and_docs_are_served_without_a_cdn(client, world):
    document = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/patients/{patient_id}" in document["paths"]
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn." not in docs


def test_the_token_page_lists_and_revokes(client, world):
    secret = _token(world)
    token = ApiToken.objects.get()
    client.force_login(world.front_desk)
    assert token.prefix in client.get("/api/tokens/").content.decode()
    client.post(f"/api/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_at <= timezone.now()
    assert _get(client, "/me", secret).status_code == 401
    client.force_login(world.doctor)  # someone else's token is not theirs to revoke
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
