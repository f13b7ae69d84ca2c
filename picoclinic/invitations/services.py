"""Invitations: issue, resend, revoke, accept. One mechanism for staff and patients.

Every change is audited in its own transaction; the message goes once, after commit, through
``notifications`` (``send_once``). The link's token exists only in that message: the row keeps
its SHA-256, so neither the database nor a log can give a working link away.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.invitations.models import Invitation, InvitationKind, InvitationState
from picoclinic.invitations.tokens import token_hash, token_new
from picoclinic.notifications.messages import Message, deliver_message
from picoclinic.notifications.once import send_once
from picoclinic.web.refusals import Refused

INVITATION_DAYS = 7

ERR_USED = _(
    "This invitation link has already been used. Sign in with the password you set, or use "
    "“Forgotten your password?” on the sign-in page."
)
ERR_EXPIRED = _("This invitation link is too old: it was valid for %(days)s days.")
ERR_REPLACED = _("A newer invitation was sent after this one: please use the newest link.")
ERR_REVOKED = _("This invitation was withdrawn by the clinic. Please contact the clinic.")
ERR_UNKNOWN = _("This invitation link is not valid. Check that it was copied in full.")
ERR_NOT_OPEN = _("This invitation can no longer be changed.")

STATE_REFUSALS = {
    InvitationState.ACCEPTED: ERR_USED,
    InvitationState.REPLACED: ERR_REPLACED,
    InvitationState.REVOKED: ERR_REVOKED,
}


def invitation_refusal(state: InvitationState) -> str:
    """What the landing page says for a link in ``state`` (not pending)."""
    if state == InvitationState.EXPIRED:
        return ERR_EXPIRED % {"days": INVITATION_DAYS}
    return str(STATE_REFUSALS.get(state, ERR_UNKNOWN))


def invitation_issue(
    *,
    actor: User | None,
    user: User,
    clinic,
    kind: InvitationKind,
    site_url: str,
    patient=None,
    email: str = "",
    phone: str = "",
) -> Invitation:
    """Invite ``user`` to set their password: every open invitation of theirs stops working,
    a new one is created and audited, and its link is sent once after commit (to ``email``
    and/or ``phone``). Call inside the caller's transaction or alone."""
    with transaction.atomic():
        now = timezone.now()
        _replace_open(user=user, now=now)
        token = token_new()
        invitation = Invitation.objects.create(
            kind=kind,
            user=user,
            clinic=clinic,
            patient=patient,
            email=email,
            phone=phone,
            token_hash=token_hash(token),
            created_by=actor if actor is not None and actor.is_authenticated else None,
            expires_at=now + timedelta(days=INVITATION_DAYS),
        )
        _audit(actor, invitation, f"Invitation created ({kind.value})", AuditAction.CREATE)
        _send(invitation, link=site_url.rstrip("/") + reverse("invite", args=[token]), now=now)
    return invitation


def _replace_open(*, user: User, now) -> None:
    Invitation.objects.filter(
        user=user, accepted_at=None, revoked_at=None, replaced_at=None
    ).update(replaced_at=now)


def _send(invitation: Invitation, *, link: str, now) -> None:
    send_once(
        Invitation.objects.select_related("clinic", "user"),
        invitation.pk,
        sent_field="sent_at",
        now=now,
        why_not=lambda row: "already sent" if row.sent_at else None,
        summary="Invitation sent",
        deliver=lambda row: partial(
            deliver_message, _message(row, link), what="Invitation", pk=row.pk
        ),
        sent="sent",
        missing="no such invitation",
    )


def _message(invitation: Invitation, link: str) -> Message:
    clinic = invitation.clinic
    until = date_format(timezone.localtime(invitation.expires_at, clinic.zone), "j F Y, H:i")
    values = {"clinic": clinic.name, "link": link, "until": until}
    if invitation.kind == InvitationKind.STAFF:
        subject = _t("You are invited to work with %(clinic)s on picoclinic") % values
        body = (
            _t(
                "Hello,\n\n%(clinic)s has added you to its team on picoclinic. Open this link to "
                "set your own password and sign in:\n\n%(link)s\n\nThe link works once, until "
                "%(until)s (%(clinic)s time). If you did not expect it, you can ignore this e-mail."
            )
            % values
        )
    else:
        subject = _t("Your online account with %(clinic)s") % values
        body = (
            _t(
                "Hello,\n\n%(clinic)s invites you to your own online account: your appointments, "
                "your aftercare and a way to tell the clinic about side effects. Open this link to "
                "set your password:\n\n%(link)s\n\nThe link works once, until %(until)s. If you "
                "did not expect it, you can ignore this message."
            )
            % values
        )
    sms = _t("%(clinic)s: set your password for your online account: %(link)s") % values
    return Message(
        email=invitation.email, phone=invitation.phone, subject=subject, body=body, sms=sms
    )


def _audit(
    actor, invitation: Invitation, summary: str, action: AuditAction = AuditAction.UPDATE
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=invitation,
        patient=invitation.patient,
        clinic=invitation.clinic,
        summary=summary,
    )


def invitation_lock(invitation_id: int) -> Invitation:
    return (
        Invitation.objects.select_for_update()
        .select_related("user", "clinic")
        .get(pk=invitation_id)
    )


def invitation_resend(*, actor: User, invitation: Invitation, site_url: str) -> Invitation:
    """A new link to the same person and address; the old link stops working at once.
    Refused for an invitation already accepted."""
    with transaction.atomic():
        old = invitation_lock(invitation.pk)
        if old.accepted_at:
            raise Refused(str(ERR_NOT_OPEN))
        return invitation_issue(
            actor=actor,
            user=old.user,
            clinic=old.clinic,
            kind=InvitationKind(old.kind),
            site_url=site_url,
            patient=old.patient,
            email=old.email,
            phone=old.phone,
        )


def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    """The link stops working at once (audited). Refused for an accepted invitation."""
    with transaction.atomic():
        row = invitation_lock(invitation.pk)
        if row.accepted_at:
            raise Refused(str(ERR_NOT_OPEN))
        if row.revoked_at is None:
            row.revoked_at = timezone.now()
            row.save(update_fields=["revoked_at"])
            _audit(actor, row, "Invitation revoked")
    return row


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link names, or None (a malformed or unknown token)."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("user", "clinic")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """The invited person sets ``password`` (already checked by Django's validators) and the
    link is used up, under the row's lock: a second use, or one after expiry, revocation or
    a newer invitation, is refused. The login is made active (a closed patient login
    reopens only through a new invitation from the clinic)."""
    with transaction.atomic():
        row = invitation_lock(invitation.pk)
        state = row.state_at(timezone.now())
        if state != InvitationState.PENDING:
            raise Refused(invitation_refusal(state))
        user = row.user
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        row.accepted_at = timezone.now()
        row.save(update_fields=["accepted_at"])
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=row,
            patient=row.patient,
            clinic=row.clinic,
            summary="Invitation accepted: password set",
        )
    return user


def invitation_renew_expired(*, invitation: Invitation, site_url: str) -> bool:
    """The person behind an expired link asks for a new one: it goes to the address the
    clinic recorded (never one typed here). Only for an expired invitation that is still the
    newest; returns whether one was sent (the page says the same either way)."""
    with transaction.atomic():
        row = invitation_lock(invitation.pk)
        if row.state_at(timezone.now()) != InvitationState.EXPIRED:
            return False
        invitation_issue(
            actor=None,
            user=row.user,
            clinic=row.clinic,
            kind=InvitationKind(row.kind),
            site_url=site_url,
            patient=row.patient,
            email=row.email,
            phone=row.phone,
        )
    return True
