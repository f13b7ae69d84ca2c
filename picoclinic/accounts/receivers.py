"""A login saves the session: note it, so the first request after logging in does not write it
again. (The audit app records logins, logouts and failed logins from the same signals.)"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from picoclinic.accounts.middleware import session_mark_refreshed


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_mark_refreshed(request.session)  # the login saves the session
