"""A staff member's current clinic changes only when they change it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from picoclinic.accounts.models import Membership, Role
from tests import factories


@pytest.mark.django_db
def test_a_clinic_added_later_does_not_become_the_current_one(client, world):
    # Given a receptionist of Beta Clinic, signed in and working there...
    receptionist = factories.staff(world.clinic_b, Role.FRONT_DESK)
    client.force_login(receptionist)
    assert client.get(reverse("home:today")).context["current_clinic"] == world.clinic_b

    # ...when the owner adds them to a clinic whose name sorts first (Alpha)...
    Membership.objects.create(user=receptionist, clinic=world.clinic_a, role=Role.FRONT_DESK)

    # ...they still work at Beta, in this session and the next one.
    assert client.get(reverse("home:today")).context["current_clinic"] == world.clinic_b
    client.logout()
    client.force_login(receptionist)
    assert client.get(reverse("home:today")).context["current_clinic"] == world.clinic_b

    # Switching is theirs to do.
    client.post(reverse("accounts:clinic_switch"), {"clinic_id": world.clinic_a.pk})
    assert client.get(reverse("home:today")).context["current_clinic"] == world.clinic_a
