"""Hand-over mode (issue #14, item 5): the tablet handed to a patient is locked to one task on
the server, and only a staff PIN or a full sign-in by staff of the clinic takes it back."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse

from picoclinic.accounts import handover
from picoclinic.accounts.models import StaffPin
from picoclinic.audit.models import AuditEvent
from picoclinic.consent.selectors import valid_treatment_consent
from tests.consent.helpers import make_plan, publish_texts
from tests.consent.test_views import form_data, take_url

pytestmark = pytest.mark.django_db
PIN = "4821"
RETURN = "/accounts/handover/return/"


@pytest.fixture
def plan(world):
    publish_texts(world.clinic_a)
    return make_plan(world)


@pytest.fixture
def handed(client, world, plan):
    """The practitioner has a PIN and hands the tablet over for consent to this plan."""
    handover.staff_pin_set(user=world.practitioner, pin=PIN)
    client.force_login(world.practitioner)
    data = {"task": "consent", "patient_id": world.patient_a.pk, "plan": plan.pk}
    response = client.post(reverse("accounts:handover_start"), data)
    assert response.status_code == 302
    assert response["Location"] == take_url(world.patient_a, plan)
    return client


def test_the_pin_is_stored_hashed_and_set_only_with_the_password(client, world):
    client.force_login(world.practitioner)
    url = reverse("accounts:pin")
    wrong = client.post(url, {"pin": PIN, "pin_again": PIN, "password": "nope"})
    assert wrong.status_code == 200
    assert not StaffPin.objects.exists()
    world.practitioner.set_password("right-password")
    world.practitioner.save()
    client.force_login(world.practitioner)
    bad = client.post(url, {"pin": "12ab", "pin_again": "12ab", "password": "right-password"})
    assert "4 to 8 digits" in bad.content.decode()
    client.post(url, {"pin": PIN, "pin_again": PIN, "password": "right-password"})
    stored = StaffPin.objects.get(user=world.practitioner)
    assert PIN not in stored.pin_hash
    assert check_password(PIN, stored.pin_hash)


def test_only_the_task_page_answers_and_no_staff_menu_shows(handed, world, plan):
    task = handed.get(take_url(world.patient_a, plan))
    page = task.content.decode()
    assert task.status_code == 200
    assert "Sign consent" in page
    for staff_word in ('aria-label="Main"', "Log out", "Back to the chart", "Patients</a>"):
        assert staff_word not in page
    for other in (
        reverse("patients:chart", args=[world.patient_a.pk]),
        reverse("patients:chart", args=[world.other_patient_a.pk]),
        reverse("patients:list"),
        reverse("home"),
        reverse("admin:index"),
        reverse("accounts:pin"),
        take_url(world.other_patient_a),
    ):
        blocked = handed.get(other)
        assert blocked.status_code == 403, other
        assert "Please hand the tablet back" in blocked.content.decode()
        assert world.other_patient_a.family_name not in blocked.content.decode()
    assert handed.post(reverse("accounts:logout")).status_code == 403
    assert AuditEvent.objects.filter(summary__startswith="Tablet handed to the patient").count()


def test_signing_asks_for_the_tablet_back_and_the_task_is_then_closed(handed, world, plan):
    response = handed.post(take_url(world.patient_a, plan), form_data(world, plan))
    assert response.status_code == 302
    assert response["Location"] == RETURN
    assert valid_treatment_consent(plan=plan) is not None
    assert "Thank you, that is done" in handed.get(RETURN).content.decode()
    assert handed.get(take_url(world.patient_a, plan)).status_code == 403


def test_a_wrong_pin_keeps_the_lock_and_repeated_wrong_pins_lock_the_pin(handed, world, plan):
    wrong = handed.post(RETURN, {"action": "pin", "pin": "0000"})
    assert wrong.status_code == 400
    assert str(handover.ERR_PIN_WRONG) in wrong.content.decode()
    chart = reverse("patients:chart", args=[world.patient_a.pk])
    assert handed.get(chart).status_code == 403
    for _ in range(handover.PIN_FAILURE_LIMIT - 1):
        last = handed.post(RETURN, {"action": "pin", "pin": "0000"})
    assert str(handover.ERR_PIN_LOCKED) in last.content.decode()
    # Locked: even the right PIN is refused now; only a full sign-in takes the tablet back.
    right = handed.post(RETURN, {"action": "pin", "pin": PIN})
    assert str(handover.ERR_PIN_LOCKED) in right.content.decode()
    assert handed.get(chart).status_code == 403


def test_the_right_pin_returns_the_tablet_to_staff(handed, world, plan):
    response = handed.post(RETURN, {"action": "pin", "pin": PIN})
    chart = reverse("patients:chart", args=[world.patient_a.pk])
    assert response["Location"] == chart
    assert handed.get(chart).status_code == 200
    assert AuditEvent.objects.filter(summary__startswith="Tablet taken back").exists()


def test_a_full_sign_in_by_staff_of_the_clinic_returns_it(handed, world, plan):
    world.doctor.set_password("doctor-password")
    world.doctor.save()
    outsider = world.other_clinic_practitioner
    outsider.set_password("outsider-password")
    outsider.save()
    refused = handed.post(
        RETURN,
        {"action": "signin", "username": outsider.email, "password": "outsider-password"},
    )
    assert refused.status_code == 400
    assert str(handover.ERR_NOT_STAFF_HERE) in refused.content.decode()
    accepted = handed.post(
        RETURN,
        {"action": "signin", "username": world.doctor.email, "password": "doctor-password"},
    )
    assert accepted.status_code == 302
    assert handed.get(reverse("patients:list")).status_code == 200
