from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from picoclinic.accounts.models import Membership
from picoclinic.clinics.models import Clinic
from picoclinic.invitations.models import Invitation, InvitationKind, InvitationState


@dataclass(frozen=True)
class StaffRow:
    membership: Membership
    invitation: Invitation | None
    state: InvitationState | None

    @property
    def can_sign_in(self) -> bool:
        user = self.membership.user
        return user.is_active and user.has_usable_password()


def staff_rows(*, clinics: QuerySet[Clinic], now: datetime) -> list[StaffRow]:
    """Everyone who works or worked at ``clinics``, with their newest staff invitation from
    that clinic and its state (two queries whatever the number of people)."""
    memberships = list(
        Membership.objects.filter(clinic__in=clinics)
        .select_related("user", "clinic")
        .order_by("clinic__name", "-is_active", "user__full_name", "pk")
    )
    newest: dict[tuple[int, int], Invitation] = {}
    invitations = Invitation.objects.filter(
        kind=InvitationKind.STAFF, user__in=[m.user_id for m in memberships]
    ).order_by("created_at", "id")
    for invitation in invitations:
        newest[(invitation.user_id, invitation.clinic_id)] = invitation
    rows = []
    for membership in memberships:
        invitation = newest.get((membership.user_id, membership.clinic_id))
        state = invitation.state_at(now) if invitation is not None else None
        rows.append(StaffRow(membership, invitation, state))
    return rows
