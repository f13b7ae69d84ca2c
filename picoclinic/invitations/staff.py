"""Clinic admins manage their own clinics' staff: invite, change a role, end a membership.

Invariants: an actor acts only at clinics they manage (``clinics_managed_by``); nobody here is
made owner (a superuser) and nobody but the owner acts on the owner; an admin does not change
their own membership (another admin or the owner does). A clinical role (practitioner, doctor)
makes the person bookable at the clinic through ``clinical_membership_saved``, in the same
transaction: one person, one practitioner record.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.models import Membership, Role, User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.invitations.access import clinics_managed_by
from picoclinic.invitations.models import InvitationKind
from picoclinic.invitations.services import invitation_issue
from picoclinic.invitations.signals import clinical_membership_saved
from picoclinic.web.refusals import Refused

CLINICAL_ROLES = {Role.PRACTITIONER, Role.DOCTOR}

ERR_NOT_YOUR_CLINIC = _("You do not manage the staff of that clinic.")
ERR_ALREADY_MEMBER = _("This person already works at that clinic: change their role instead.")
ERR_NOT_STAFF_LOGIN = _(
    "This e-mail address belongs to a login that is not staff. Please use another address."
)
ERR_OWNER = _("Only the owner changes the owner's memberships.")
ERR_YOURSELF = _("Ask another clinic admin or the owner to change your own membership.")
ERR_ENDED = _("This membership has ended.")


def _refusal(actor: User, membership: Membership) -> str | None:
    """Why ``actor`` may not act on ``membership`` of a clinic they manage, or None."""
    if membership.user_id == actor.pk:
        return str(ERR_YOURSELF)
    if membership.user.is_superuser and not actor.is_superuser:
        return str(ERR_OWNER)
    return None


def may_act_on(actor: User, membership: Membership) -> bool:
    """The staff page offers its buttons by the same rule the services enforce."""
    return membership.is_active and _refusal(actor, membership) is None


def _check_may_act(actor: User, membership: Membership) -> None:
    if not clinics_managed_by(actor).filter(pk=membership.clinic_id).exists():
        raise Refused(str(ERR_NOT_YOUR_CLINIC))
    refusal = _refusal(actor, membership)
    if refusal is not None:
        raise Refused(refusal)


def _existing_user(email: str) -> User | None:
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and hasattr(user, "patient"):
        raise Refused(str(ERR_NOT_STAFF_LOGIN), field="email")
    return user


def staff_invite(
    *,
    actor: User,
    clinic,
    full_name: str,
    email: str,
    role: Role,
    indications: list[str],
    site_url: str,
) -> Membership:
    """Add a person to ``clinic`` in ``role``. A new person gets a login without a password and
    an invitation to set one; someone who already has a staff login just gains the membership
    (they sign in as before). All or nothing, audited."""
    if not clinics_managed_by(actor).filter(pk=clinic.pk).exists():
        raise Refused(str(ERR_NOT_YOUR_CLINIC), field="clinic")
    email = email.strip().lower()
    with transaction.atomic():
        user = _existing_user(email)
        if user is not None and Membership.objects.filter(user=user, clinic=clinic).exists():
            raise Refused(str(ERR_ALREADY_MEMBER), field="email")
        invite = user is None or not user.has_usable_password()
        if user is None:
            user = User.objects.create_user(email, None, full_name=full_name.strip())
        membership = Membership.objects.create(user=user, clinic=clinic, role=role)
        _after_role(actor=actor, membership=membership, indications=indications)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=membership,
            clinic=clinic,
            summary=f"Staff membership created ({role})",
            changes={"user": [None, str(user.pk)], "role": [None, str(role)]},
        )
        if invite:
            invitation_issue(
                actor=actor,
                user=user,
                clinic=clinic,
                kind=InvitationKind.STAFF,
                site_url=site_url,
                email=user.email,
            )
    return membership


def _after_role(*, actor: User, membership: Membership, indications: list[str]) -> None:
    if membership.role == Role.CLINIC_ADMIN and not membership.user.is_staff:
        membership.user.is_staff = True  # clinic admins open the configuration
        membership.user.save(update_fields=["is_staff"])
    if membership.role in CLINICAL_ROLES:
        clinical_membership_saved.send(
            sender=Membership,
            user=membership.user,
            clinic=membership.clinic,
            indications=list(indications),
            actor=actor,
        )


def membership_role_change(
    *, actor: User, membership: Membership, role: Role, indications: list[str]
) -> Membership:
    """A new role at the same clinic (audited); a clinical role makes them bookable there."""
    with transaction.atomic():
        row = (
            Membership.objects.select_for_update()
            .select_related("user", "clinic")
            .get(pk=membership.pk)
        )
        _check_may_act(actor, row)
        if not row.is_active:
            raise Refused(str(ERR_ENDED))
        old = row.role
        row.role = role
        row.save(update_fields=["role"])
        _after_role(actor=actor, membership=row, indications=indications)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=row,
            clinic=row.clinic,
            summary="Staff role changed",
            changes={"role": [old, str(role)]},
        )
    return row


def membership_end(*, actor: User, membership: Membership) -> Membership:
    """The person no longer works at this clinic (audited). Their login stays for their other
    clinics; the history they wrote stays theirs."""
    with transaction.atomic():
        row = (
            Membership.objects.select_for_update()
            .select_related("user", "clinic")
            .get(pk=membership.pk)
        )
        _check_may_act(actor, row)
        if row.is_active:
            row.is_active = False
            row.save(update_fields=["is_active"])
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=row,
                clinic=row.clinic,
                summary="Staff membership ended",
                changes={"is_active": ["True", "False"]},
            )
    return row
