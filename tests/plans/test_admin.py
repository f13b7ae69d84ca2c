"""Clinic policy in the configuration admin: scoped to the admin's clinic, validated, no 500."""

from __future__ import annotations

import pytest

from picoclinic.clinics.models import ClinicPolicy

ADD = "/admin/clinics/clinicpolicy/add/"


def _form(clinic, **changes) -> dict:
    data = {
        "clinic": clinic.pk,
        "name": "Alpha policy",
        "review_on_precaution": "on",
        "review_periocular": "on",
    }
    return data | changes


def _rule(code: str, outcome: str = "", days: str = "", months: str = "") -> dict:
    """One row of the screening rules table as the browser posts it."""
    return {
        f"screening_rules__{code}__outcome": outcome,
        f"screening_rules__{code}__defer_days": days,
        f"screening_rules__{code}__defer_months": months,
    }


def test_a_clinic_admin_adds_the_policy_of_their_clinic(client, world):
    client.force_login(world.clinic_admin)
    page = client.get(ADD)
    assert page.status_code == 200
    choices = page.context["adminform"].form.fields["clinic"].queryset
    assert list(choices) == [world.clinic_a]
    # The rules are a table: one row per rule with its default and its sources.
    table = page.content.decode()
    assert 'data-testid="screening-rules"' in table
    assert "Isotretinoin" in table
    assert "ASDS" in table
    response = client.post(
        ADD,
        _form(
            world.clinic_a,
            review_skin_types=["5", "6"],
            review_indications=["melasma"],
            **_rule("isotretinoin", "defer", months="6"),
            **_rule("recent_tan", days="28"),  # a waiting period alone keeps the default
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    policy = ClinicPolicy.objects.get(clinic=world.clinic_a)
    assert policy.review_skin_types == [5, 6]
    assert policy.review_indications == ["melasma"]
    assert policy.screening_rules == {
        "isotretinoin": {"outcome": "defer", "defer_months": 6},
        "recent_tan": {"outcome": "defer", "defer_days": 28},
    }
    # Reopened, the table shows the clinic's choices.
    page = client.get(f"/admin/clinics/clinicpolicy/{policy.pk}/change/").content.decode()
    assert '<option value="defer" selected>' in page
    assert 'name="screening_rules__isotretinoin__defer_months" value="6"' in page


def test_another_clinic_cannot_be_chosen(client, world):
    client.force_login(world.clinic_admin)
    response = client.post(ADD, _form(world.clinic_b))
    assert response.status_code == 200
    assert not ClinicPolicy.objects.exists()


@pytest.mark.parametrize(
    ("row", "message", "kept"),
    [
        (_rule("isotretinoin", "maybe"), "Outcome must be one of", None),
        (_rule("anticoagulants", "proceed"), "Anticoagulants: A policy may not relax", None),
        (
            _rule("recent_tan", "defer", days="six"),
            "Recent tan: the waiting period is a whole",
            "six",
        ),
        (_rule("recent_tan", "defer", days="99999"), "Recent tan: A waiting period must", "99999"),
        (
            _rule("keloid_history", "defer", days="10"),
            "Keloid history: This rule has no date",
            None,
        ),
    ],
)
def test_screening_rules_are_checked_by_the_core(client, world, row, message, kept):
    client.force_login(world.clinic_admin)
    response = client.post(ADD, _form(world.clinic_a, **row))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    if kept:
        assert f'value="{kept}"' in page  # what was typed is shown again
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
