"""A login saves the session: note it, so the first request after logging in does not write it
again. A failed login counts against its address (accounts.lockout). (The audit app records
logins, logouts and failed logins from the same signals.)"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from picoclinic.accounts.lockout import address_failure_count
from picoclinic.accounts.middleware import session_mark_refreshed


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_mark_refreshed(request.session)  # the login saves the session


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    address_failure_count(request)
