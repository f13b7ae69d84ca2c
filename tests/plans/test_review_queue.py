"""The doctor's review queue: the current clinic's plans awaiting review, in fixed queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from picoclinic.accounts.middleware import SESSION_CLINIC_KEY
from picoclinic.accounts.models import Membership, Role
from picoclinic.clinics.models import ClinicPolicy
from picoclinic.plans.services import plan_submit
from tests.plans import builders


def _awaiting(patient, practitioner):
    ClinicPolicy.objects.get_or_create(clinic=patient.clinic, defaults={"review_all_plans": True})
    plan = builders.plan_for(patient, practitioner)
    return plan_submit(actor=practitioner, plan=plan)


def test_the_queue_lists_plans_awaiting_review_at_the_current_clinic(client, world):
    waiting = _awaiting(world.patient_a, world.practitioner)
    draft = builders.plan_for(world.other_patient_a, world.practitioner)
    elsewhere = _awaiting(world.patient_b, world.other_clinic_practitioner)
    client.force_login(world.doctor)
    response = client.get("/reviews/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f"/plans/{waiting.pk}/" in body
    assert "Mia Stone" in body
    assert "Pat Practitioner" in body
    assert f"/plans/{draft.pk}/" not in body
    assert f"/plans/{elsewhere.pk}/" not in body


def test_a_doctor_of_two_clinics_sees_the_one_they_work_in(client, world):
    Membership.objects.create(user=world.doctor, clinic=world.clinic_b, role=Role.DOCTOR)
    here = _awaiting(world.patient_a, world.practitioner)
    there = _awaiting(world.patient_b, world.other_clinic_practitioner)
    client.force_login(world.doctor)
    session = client.session
    session[SESSION_CLINIC_KEY] = world.clinic_b.pk
    session.save()
    body = client.get("/reviews/").content.decode()
    assert f"/plans/{there.pk}/" in body
    assert f"/plans/{here.pk}/" not in body


def test_only_doctors_open_the_queue(client, world):
    for user in (world.practitioner, world.front_desk, world.clinic_admin):
        client.force_login(user)
        assert client.get("/reviews/").status_code == 403
    client.force_login(world.patient_user)
    assert client.get("/reviews/").status_code == 404


def test_an_empty_queue_says_so(client, world):
    client.force_login(world.doctor)
    assert "No plans are waiting for review" in client.get("/reviews/").content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/reviews/").status_code == 200
    return len(queries)


def test_the_queue_runs_a_fixed_number_of_queries(client, world):
    _awaiting(world.patient_a, world.practitioner)
    client.force_login(world.doctor)
    one = _queries(client)
    for _ in range(4):
        _awaiting(world.other_patient_a, world.practitioner)
    assert _queries(client) == one
