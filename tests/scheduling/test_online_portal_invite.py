"""By the clinic's policy, an online request registered as a patient is invited to the portal."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from picoclinic.invitations.models import Invitation
from picoclinic.patients.models import Patient
from picoclinic.scheduling.models import SchedulingPolicy
from tests.scheduling.test_online_staff import _frozen, _request, _url  # noqa: F401

FORM = {
    "action": "register",
    "given_name": "Lena",
    "family_name": "Park",
    "date_of_birth": "1990-04-02",
    "sex": "female",
    "email": "lena@mail.example",
    "phone": "07700 900321",
    "preferred_language": "en",
}


@pytest.mark.parametrize("policy", [True, False])
def test_a_registered_online_request_is_invited_by_policy(
    client, world, sched, policy, django_capture_on_commit_callbacks, mailoutbox
):
    request = _request(world, sched)
    SchedulingPolicy.objects.filter(clinic=world.clinic_a).update(online_invite_to_portal=policy)
    cache.clear()  # the clinic's set-up is cached per process
    client.force_login(world.front_desk)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_url(request), FORM).status_code == 302
    patient = Patient.objects.get(family_name="Park")
    invited = Invitation.objects.filter(patient=patient).exists()
    assert invited is policy
    assert any("/invite/" in m.body for m in mailoutbox) is policy


def test_an_invitation_that_cannot_go_does_not_stop_the_registration(client, world, sched):
    request = _request(world, sched)
    SchedulingPolicy.objects.filter(clinic=world.clinic_a).update(online_invite_to_portal=True)
    cache.clear()
    client.force_login(world.front_desk)
    taken = FORM | {"email": world.front_desk.email}  # another login's address
    assert client.post(_url(request), taken).status_code == 302
    patient = Patient.objects.get(family_name="Park")
    assert patient.user is None
    assert not Invitation.objects.exists()
