"""Starter content: consent texts, appointment types, a default policy and the country's public
holidays, marked "review before use" until an admin edits or confirms it; idempotent."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from picoclinic.audit.models import AuditEvent
from picoclinic.clinics.models import ClinicPolicy
from picoclinic.consent.models import ConsentKind, ConsentText
from picoclinic.home.checklist import setup_checklist
from picoclinic.home.starter import public_holidays, starter_content_add
from picoclinic.scheduling.models import AppointmentKind, AppointmentType, Closure

TODAY = date(2026, 12, 7)


def _review(checklist) -> list[str]:
    return [item.text for item in checklist.items if item.review]


@pytest.fixture
def gb_clinic(world):
    world.clinic_a.country = "GB"
    world.clinic_a.save()
    return world.clinic_a


@pytest.mark.django_db
def test_starter_content_is_added_once_and_marked_for_review(world, gb_clinic):
    added = starter_content_add(actor=world.clinic_admin, clinic=gb_clinic, today=TODAY)

    assert (added.consent_texts, added.appointment_types, added.policy) == (3, 4, True)
    texts = ConsentText.objects.filter(clinic=gb_clinic)
    assert {t.kind for t in texts} == set(ConsentKind.values)
    assert all(t.starter for t in texts)
    types = {t.kind: t for t in AppointmentType.objects.filter(clinic=gb_clinic)}
    assert set(types) == set(AppointmentKind.values)
    assert types[AppointmentKind.TREATMENT].needs_device
    assert not types[AppointmentKind.CONSULTATION].needs_device
    assert all(t.needs_review for t in types.values())
    assert ClinicPolicy.objects.get(clinic=gb_clinic).needs_review
    # England's Christmas and Boxing Day from the holidays library, and next year's Easter.
    closures = {c.starts_on: c for c in Closure.objects.filter(clinic=gb_clinic)}
    assert {date(2026, 12, 25), date(2026, 12, 28), date(2027, 3, 26)} <= set(closures)
    assert date(2026, 5, 4) not in closures  # past holidays are not added
    assert closures[date(2026, 12, 25)].reason == "Christmas Day"
    assert added.holidays == len(closures)
    assert AuditEvent.objects.filter(summary__startswith="Starter content added").count() == 1

    # The checklist has everything it can from starter content, but each says "review".
    checklist = setup_checklist(clinic=gb_clinic)
    assert "Appointment types" in _review(checklist)
    assert "Clinic policy" in _review(checklist)
    assert "Public holidays (closures)" in _review(checklist)
    assert "Consent text: Treatment course" in _review(checklist)
    assert not checklist.complete

    # Again: nothing more.
    again = starter_content_add(actor=world.clinic_admin, clinic=gb_clinic, today=TODAY)
    assert not again.anything
    assert ConsentText.objects.filter(clinic=gb_clinic).count() == 3
    assert Closure.objects.filter(clinic=gb_clinic).count() == len(closures)


@pytest.mark.django_db
def test_existing_content_is_kept_and_a_clinic_without_country_has_no_holidays(world):
    clinic = world.clinic_a
    clinic.country = ""  # set up before countries were asked for
    AppointmentType.objects.create(
        clinic=clinic, name="Consult", kind=AppointmentKind.CONSULTATION, duration_minutes=30
    )
    ClinicPolicy.objects.create(clinic=clinic, review_all_plans=True)

    added = starter_content_add(actor=world.clinic_admin, clinic=clinic, today=TODAY)

    assert added.appointment_types == 3  # not a second consultation
    assert not added.policy
    assert not ClinicPolicy.objects.get(clinic=clinic).needs_review
    assert not added.holidays_known
    assert not Closure.objects.filter(clinic=clinic).exists()
    assert public_holidays("XX", today=TODAY) is None


@pytest.mark.django_db
def test_an_admins_edit_or_confirmation_ends_the_review(client, world, gb_clinic):
    starter_content_add(actor=world.clinic_admin, clinic=gb_clinic, today=TODAY)
    client.force_login(world.clinic_admin)

    # Confirming from the list.
    types = AppointmentType.objects.filter(clinic=gb_clinic)
    client.post(
        reverse("admin:scheduling_appointmenttype_changelist"),
        {"action": "confirm_reviewed", "_selected_action": [t.pk for t in types]},
    )
    closures = Closure.objects.filter(clinic=gb_clinic)
    client.post(
        reverse("admin:scheduling_closure_changelist"),
        {"action": "confirm_reviewed", "_selected_action": [c.pk for c in closures]},
    )
    # A consent text confirmed is published again as the admin's own version.
    texts = ConsentText.objects.filter(clinic=gb_clinic)
    client.post(
        reverse("admin:consent_consenttext_changelist"),
        {"action": "confirm_reviewed", "_selected_action": [t.pk for t in texts]},
    )
    # The policy: saved by the admin.
    policy = ClinicPolicy.objects.get(clinic=gb_clinic)
    response = client.post(
        reverse("admin:clinics_clinicpolicy_change", args=[policy.pk]),
        {"name": "Our policy", "review_on_precaution": "on", "review_periocular": "on"},
    )
    assert response.status_code == 302

    assert not AppointmentType.objects.filter(needs_review=True).exists()
    assert not Closure.objects.filter(needs_review=True).exists()
    assert not ClinicPolicy.objects.get(pk=policy.pk).needs_review
    newest = ConsentText.objects.filter(clinic=gb_clinic, version=2)
    assert newest.count() == 3
    assert not any(t.starter for t in newest)
    assert all(t.created_by == world.clinic_admin for t in newest)
    checklist = setup_checklist(clinic=gb_clinic)
    assert _review(checklist) == []


@pytest.mark.django_db
def test_the_checklist_offers_starter_content_for_an_existing_clinic(client, world, gb_clinic):
    client.force_login(world.clinic_admin)
    today = client.get(reverse("home:today"))
    starter = reverse("home:starter", args=[gb_clinic.pk])
    assert starter.encode() in today.content

    response = client.post(starter)
    assert response.url == reverse("home:setup", args=[gb_clinic.pk])
    page = client.get(response.url).content.decode()
    assert "Review before use" in page
    assert ConsentText.objects.filter(clinic=gb_clinic).count() == 3
    # Another clinic's admin, staff without the role and a GET are refused.
    client.force_login(world.other_clinic_admin)
    assert client.post(starter).status_code == 404
    client.force_login(world.front_desk)
    assert client.post(starter).status_code == 404
    client.force_login(world.clinic_admin)
    assert client.get(starter).status_code == 405
