"""Lockout after failed sign-ins, per account and per address, separately.

Per account (django-axes, ``LOGIN_FAILURE_LIMIT``, default 5): the failures of one login,
counted on the address as sign-in matches it (any capitals, spaces around it), from wherever
they come, so one account guessed at from many addresses is stopped.

Per address (this module, ``LOGIN_ADDRESS_FAILURE_LIMIT``, default 30 in the same
``LOGIN_LOCKOUT_MINUTES``): the failures from one address, whatever the login, so spraying
many accounts from one address is stopped. It is higher than the per-account limit because a
clinic's staff often share one office address: one person's typos must not lock the others
out (30 is six people each using up their own account's 5 tries). A successful sign-in does
not reset it (an attacker would sign in to their own account to start again).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied

from picoclinic.web.http import client_ip
from picoclinic.web.ratelimit import Limit, limit_hit, limit_reached


def login_username(request, credentials: dict | None) -> str:
    """The login django-axes counts failures against: the e-mail as sign-in matches it
    (``UserManager.get_by_natural_key`` compares it case-insensitively, the form strips it)."""
    raw = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if raw is None and request is not None:
        raw = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return str(raw or "").strip().lower()


def _address_limit() -> Limit:
    return Limit(
        "login-failures-per-address",
        settings.LOGIN_ADDRESS_FAILURE_LIMIT,
        int(settings.AXES_COOLOFF_TIME.total_seconds()),
    )


def address_failure_count(request) -> None:
    """Count one failed sign-in from the request's address."""
    if request is not None:
        limit_hit(_address_limit(), client_ip(request) or "unknown")


class AddressLockoutBackend:
    """First of ``AUTHENTICATION_BACKENDS``: refuses every sign-in from an address that has used
    up its failures, before any password is checked. django-axes's middleware answers such a
    request with the lockout page. No ``get_user``: it never signs anyone in (the test client's
    ``force_login`` takes the first backend that has one)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        if limit_reached(_address_limit(), client_ip(request) or "unknown"):
            request.axes_locked_out = True
            raise PermissionDenied("Too many failed sign-ins from this address")
        return None
