"""Issuing, revoking and checking API tokens.

A token is ``pc_`` and 43 random URL-safe characters (256 bits). Only its SHA-256 is stored, so
a copy of the database gives no working token; the person sees it once, when it is made. A
token reaches the intersection of the clinics it names and the clinics where its owner still
works: a membership that ends takes the token's reach with it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from picoclinic.accounts.selectors import clinics_for_user
from picoclinic.api.models import ApiToken
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.web.refusals import Refused

PREFIX = "pc_"
MAX_DAYS = 366
# The last use is written at most this often per token (not one write per call).
LAST_USE_EVERY = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor, name: str, clinics, can_write: bool, days: int) -> tuple[ApiToken, str]:
    """A new token for ``actor``; returns it and the secret to show once."""
    allowed = set(clinics_for_user(actor).values_list("pk", flat=True))
    chosen = list(clinics)
    if not chosen or any(clinic.pk not in allowed for clinic in chosen):
        raise Refused(_("Choose one or more of the clinics where you work."))
    if not 1 <= days <= MAX_DAYS:
        raise Refused(_("A token lasts from 1 to %(max)s days.") % {"max": MAX_DAYS})
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name.strip(),
        prefix=secret[:8],
        digest=_digest(secret),
        can_write=can_write,
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.clinics.set(chosen)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        summary=f"Created {token.label}",
        obj=token,
        changes={"clinics": sorted(c.pk for c in chosen), "write": can_write, "days": days},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, summary=f"Revoked {token.label}", obj=token
        )
    return token


def token_authenticate(secret: str) -> ApiToken | None:
    """The live token with this secret, its owner active; None otherwise (never says why)."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USE_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_clinic_ids(token: ApiToken, capability=None) -> set[int]:
    """The clinics this token reaches now (with ``capability``, when given)."""
    working = set(clinics_for_user(token.user, capability).values_list("pk", flat=True))
    return working & set(token.clinics.values_list("pk", flat=True))


def tokens_of(user):
    return ApiToken.objects.filter(user=user).prefetch_related("clinics")
