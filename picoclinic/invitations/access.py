"""Who may manage whose staff: the owner (a superuser) every clinic, a clinic admin the clinics
where they are clinic admin. The one way a view gets a membership or an invitation to act on."""

from __future__ import annotations

from django.db.models import QuerySet

from picoclinic.accounts.models import Membership, Role, User
from picoclinic.accounts.selectors import clinics_for_user
from picoclinic.clinics.models import Clinic
from picoclinic.invitations.models import Invitation
from picoclinic.web.lookup import get_or_404


def clinics_managed_by(user: User) -> QuerySet[Clinic]:
    """The clinics whose staff ``user`` manages (none for anyone else)."""
    if not user.is_authenticated or not user.is_active:
        return Clinic.objects.none()
    if user.is_superuser:
        return Clinic.objects.all()
    admin_of = Membership.objects.filter(user=user, is_active=True, role=Role.CLINIC_ADMIN)
    return clinics_for_user(user).filter(pk__in=admin_of.values("clinic_id"))


def may_manage_staff(user: User) -> bool:
    return clinics_managed_by(user).exists()


def membership_get_for_manager(user: User, membership_id) -> Membership:
    """A membership at a clinic ``user`` manages, else 404 (like a missing one)."""
    memberships = Membership.objects.select_related("user", "clinic").filter(
        clinic__in=clinics_managed_by(user)
    )
    return get_or_404(memberships, "No such member of staff", pk=membership_id)


def staff_invitation_get_for_manager(user: User, invitation_id) -> Invitation:
    invitations = Invitation.objects.select_related("user", "clinic").filter(
        kind="staff", clinic__in=clinics_managed_by(user)
    )
    return get_or_404(invitations, "No such invitation", pk=invitation_id)
