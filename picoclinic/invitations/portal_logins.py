"""Portal logins for patients: invited from the chart (or on registration from an online
request, by the clinic's policy), closed by the patient from the portal. The patient record
keeps one login (``Patient.user``) for life: a closed login is reopened only by a new
invitation from the clinic."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.invitations.models import Invitation, InvitationKind, InvitationState
from picoclinic.invitations.services import invitation_issue
from picoclinic.patients.models import Patient
from picoclinic.web.refusals import Refused

ERR_HAS_LOGIN = _("This patient already has a portal login.")
ERR_NO_EMAIL = _(
    "A portal login signs in with an e-mail address: add the patient's e-mail address to "
    "their details first."
)
ERR_EMAIL_TAKEN = _(
    "Another login already uses this patient's e-mail address. Check the address in the "
    "patient's details."
)
ERR_NO_INVITATION = _("There is no open invitation to change.")


def portal_login_open(user: User | None) -> bool:
    """Whether ``user`` can sign in (a password set and not closed)."""
    return user is not None and user.is_active and user.has_usable_password()


def patient_invitation_latest(patient: Patient) -> Invitation | None:
    return Invitation.objects.filter(patient=patient).order_by("-created_at", "-id").first()


def patient_portal_invite(*, actor: User | None, patient: Patient, site_url: str) -> Invitation:
    """Invite ``patient`` to the portal by e-mail (and SMS when they have a phone): the login is
    created without a password on the first invitation, linked to the record, and the person
    sets their password from the link. Refused when the patient can already sign in, has no
    e-mail address, or their address is another login's."""
    with transaction.atomic():
        # Only the patient's row: PostgreSQL cannot lock the empty side of the login's join.
        patient = (
            Patient.objects.select_for_update(of=("self",))
            .select_related("user", "clinic")
            .get(pk=patient.pk)
        )
        if portal_login_open(patient.user):
            raise Refused(str(ERR_HAS_LOGIN))
        email = patient.email.strip().lower()
        if not email:
            raise Refused(str(ERR_NO_EMAIL))
        user = _login_for(patient, email)
        return invitation_issue(
            actor=actor,
            user=user,
            clinic=patient.clinic,
            kind=InvitationKind.PATIENT,
            site_url=site_url,
            patient=patient,
            email=email,
            phone=patient.phone,
        )


def _login_for(patient: Patient, email: str) -> User:
    taken = User.objects.filter(email__iexact=email)
    if patient.user_id:
        taken = taken.exclude(pk=patient.user_id)
    if taken.exists():
        raise Refused(str(ERR_EMAIL_TAKEN))
    if patient.user is None:
        user = User.objects.create_user(email, None, full_name=patient.full_name)
        patient.user = user
        patient.save(update_fields=["user"])
        return user
    user = patient.user
    if user.email != email:  # the address was corrected since the last invitation
        user.email = email
        user.save(update_fields=["email"])
    return user


def patient_portal_close(*, patient: Patient) -> None:
    """The patient closes their own login (audited): no password, not active, open invitations
    revoked. The record and everything in it stay; the clinic may invite them again."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=patient.user_id)
        user.set_unusable_password()
        user.is_active = False
        user.save(update_fields=["password", "is_active"])
        Invitation.objects.filter(user=user, accepted_at=None, revoked_at=None).update(
            revoked_at=timezone.now()
        )
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=patient,
            patient=patient,
            clinic=patient.clinic,
            summary="Portal login closed by the patient",
        )


def patient_portal_state(patient: Patient, now) -> dict:
    """What the chart's portal panel shows (one query beyond the patient's login)."""
    latest = patient_invitation_latest(patient)
    state = latest.state_at(now) if latest is not None else None
    user = patient.user
    return {
        "has_login": portal_login_open(user),
        "closed": user is not None and not user.is_active,
        "invitation": latest,
        "state": state,
        "pending": state == InvitationState.PENDING,
        "can_invite": not portal_login_open(user),
        "has_email": bool(patient.email),
        "has_phone": bool(patient.phone),
    }
