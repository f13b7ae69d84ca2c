"""Clinic admins set their own clinic's session policy in the configuration admin."""

from __future__ import annotations

from picoclinic.treatments.models import TreatmentPolicy


def test_a_clinic_admin_sets_the_co_signature_policy_of_their_clinic(client, world):
    client.force_login(world.clinic_admin)
    page = client.get("/admin/treatments/treatmentpolicy/add/")
    assert page.status_code == 200
    choices = set(
        page.context["adminform"].form.fields["clinic"].queryset.values_list("pk", flat=True)
    )
    assert choices == {world.clinic_a.pk}

    response = client.post(
        "/admin/treatments/treatmentpolicy/add/",
        {"clinic": world.clinic_a.pk, "cosign_all_sessions": "on", "cosign_after_override": "on"},
    )

    assert response.status_code == 302
    policy = TreatmentPolicy.objects.get(clinic=world.clinic_a)
    assert policy.cosign_all_sessions
    assert not policy.cosign_after_adverse_event


def test_another_clinics_admin_does_not_see_it(client, world):
    TreatmentPolicy.objects.create(clinic=world.clinic_a)
    client.force_login(world.other_clinic_admin)
    page = client.get("/admin/treatments/treatmentpolicy/")
    assert page.status_code == 200
    assert list(page.context["cl"].queryset) == []
