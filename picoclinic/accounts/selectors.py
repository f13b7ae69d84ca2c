from __future__ import annotations

from django.db.models import QuerySet

from picoclinic.accounts.models import Membership, User
from picoclinic.accounts.roles import Capability, role_can
from picoclinic.clinics.models import Clinic


def memberships_for_user(user: User) -> list[Membership]:
    """The user's active memberships, clinics joined, in clinic-name order (one query)."""
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user, is_active=True, clinic__isnull=False)
        .select_related("clinic", "clinic__organisation")
        .order_by("clinic__name")
    )


def clinics_for_user(user: User, capability: Capability | None = None) -> QuerySet[Clinic]:
    """Clinics where the user works (optionally: in a role that has ``capability``)."""
    if not user.is_authenticated:
        return Clinic.objects.none()
    memberships = Membership.objects.filter(user=user, is_active=True)
    if capability is not None:
        roles = list(_roles_with(capability))
        memberships = memberships.filter(role__in=roles)
    return Clinic.objects.filter(pk__in=memberships.values("clinic_id"))


def _roles_with(capability: Capability) -> list[str]:
    from picoclinic.accounts.models import Role

    return [role for role in Role.values if role_can(role, capability)]


def staff_emails(*, clinic: Clinic, capabilities: set[Capability]) -> list[str]:
    """E-mail addresses of ``clinic``'s active staff whose role there holds any of
    ``capabilities``, sorted (one query)."""
    roles = sorted({role for capability in capabilities for role in _roles_with(capability)})
    return sorted(
        set(
            Membership.objects.filter(
                clinic=clinic, role__in=roles, is_active=True, user__is_active=True
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
