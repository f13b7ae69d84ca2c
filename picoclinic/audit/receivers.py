"""Logins, logouts and failed logins go to the audit trail (Django's own auth signals: the
audit app listens, so accounts needs nothing from the layer above it)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.web.http import client_ip


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(actor=user, action=AuditAction.LOGIN, summary="Logged in", ip_address=_ip(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            actor=user, action=AuditAction.LOGOUT, summary="Logged out", ip_address=_ip(request)
        )


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    attempted = str(credentials.get("username", ""))[:150]
    audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        summary="Failed login",
        changes={"username": attempted},
        ip_address=_ip(request),
    )


def _ip(request) -> str | None:
    return client_ip(request) if request is not None else None
