"""What the acting user's role at the session's clinic allows (not the clinic they switched to)."""

from __future__ import annotations

from picoclinic.accounts.models import Membership
from picoclinic.accounts.roles import Capability, role_can
from picoclinic.clinics.models import Clinic


def roles_at(user, clinic: Clinic) -> frozenset[Capability]:
    """Every capability ``user`` holds at ``clinic`` (one query; none for a non-member)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    membership = Membership.objects.filter(user=user, clinic=clinic, is_active=True).first()
    if membership is None:
        return frozenset()
    return frozenset(c for c in Capability if role_can(membership.role, c))


def can_at(user, clinic: Clinic, capability: Capability) -> bool:
    return capability in roles_at(user, clinic)
