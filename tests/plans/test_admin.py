"""Clinic policy in the configuration admin: scoped to the admin's clinic, validated, no 500."""

from __future__ import annotations

import json

import pytest

from picoclinic.clinics.models import ClinicPolicy

ADD = "/admin/clinics/clinicpolicy/add/"


def _form(clinic, **changes) -> dict:
    data = {
        "clinic": clinic.pk,
        "name": "Alpha policy",
        "review_on_precaution": "on",
        "review_periocular": "on",
        "screening_rules": "{}",
    }
    return data | changes


def test_a_clinic_admin_adds_the_policy_of_their_clinic(client, world):
    client.force_login(world.clinic_admin)
    page = client.get(ADD)
    assert page.status_code == 200
    choices = page.context["adminform"].form.fields["clinic"].queryset
    assert list(choices) == [world.clinic_a]
    rules = {"isotretinoin": {"outcome": "defer", "defer_months": 6}}
    response = client.post(
        ADD,
        _form(
            world.clinic_a,
            review_skin_types=["5", "6"],
            review_indications=["melasma"],
            screening_rules=json.dumps(rules),
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    policy = ClinicPolicy.objects.get(clinic=world.clinic_a)
    assert policy.review_skin_types == [5, 6]
    assert policy.review_indications == ["melasma"]
    assert policy.screening_rules == rules


def test_another_clinic_cannot_be_chosen(client, world):
    client.force_login(world.clinic_admin)
    response = client.post(ADD, _form(world.clinic_b))
    assert response.status_code == 200
    assert not ClinicPolicy.objects.exists()


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ('{"no_such_rule": {"outcome": "defer"}}', "rules.no_such_rule: Unknown screening rule"),
        ('{"isotretinoin": {"outcome": "maybe"}}', "Outcome must be one of"),
        ('{"anticoagulants": {"outcome": "proceed"}}', "below its floor"),
        ('{"recent_tan": {"outcome": "defer", "defer_days": true}}', "waiting period"),
        ('["isotretinoin"]', "must be a JSON object"),
        ("{not json", "Enter a valid JSON"),
    ],
)
def test_screening_rules_are_checked_by_the_core(client, world, rules, message):
    client.force_login(world.clinic_admin)
    response = client.post(ADD, _form(world.clinic_a, screening_rules=rules))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ClinicPolicy.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("review_skin_types", "9"), ("review_indications", "warts")]
)
def test_skin_types_and_indications_come_from_the_lists(client, world, field, value):
    client.force_login(world.clinic_admin)
    response = client.post(ADD, _form(world.clinic_a, **{field: [value]}))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_admins_see_only_their_clinics_policy(client, world):
    mine = ClinicPolicy.objects.create(clinic=world.clinic_a, name="Alpha")
    theirs = ClinicPolicy.objects.create(clinic=world.clinic_b, name="Beta")
    client.force_login(world.clinic_admin)
    listing = client.get("/admin/clinics/clinicpolicy/").content.decode()
    assert "Alpha" in listing
    assert "Beta (" not in listing
    assert client.get(f"/admin/clinics/clinicpolicy/{theirs.pk}/change/").status_code == 302
    page = client.get(f"/admin/clinics/clinicpolicy/{mine.pk}/change/")
    assert page.status_code == 200
    response = client.post(
        f"/admin/clinics/clinicpolicy/{mine.pk}/change/",
        _form(world.clinic_b, name="Alpha strict", review_all_plans="on"),
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.clinic, mine.name, mine.review_all_plans) == (world.clinic_a, "Alpha strict", True)


def test_staff_without_the_admin_role_do_not_see_policies(client, world):
    world.doctor.is_staff = True
    world.doctor.save()
    client.force_login(world.doctor)
    assert client.get(ADD).status_code == 403
