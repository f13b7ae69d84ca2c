"""Which clinic a request is working in, and that clinic's time zone for everything shown."""

from __future__ import annotations

import time

from django.utils import timezone

from picoclinic.accounts.selectors import memberships_for_user
from picoclinic.accounts.signals import clinic_of_login

SESSION_CLINIC_KEY = "picoclinic.clinic_id"


class ClinicContextMiddleware:
    """Sets ``request.memberships``, ``request.membership`` and ``request.clinic``.

    Staff work in one clinic at a time (kept in the session, switchable); a patient's clinic is
    the one they are registered at. Times render in that clinic's zone, whatever the server's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = []
        request.membership = None
        request.clinic = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._attach(request, user)
        if request.clinic is not None:
            timezone.activate(request.clinic.zone)
        request.clinic_today = timezone.localdate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def _attach(self, request, user) -> None:
        request.memberships = memberships_for_user(user)
        if request.memberships:
            wanted = request.session.get(SESSION_CLINIC_KEY)
            chosen = next((m for m in request.memberships if m.clinic_id == wanted), None)
            request.membership = chosen or request.memberships[0]
            request.clinic = request.membership.clinic
            return
        for _receiver, clinic in clinic_of_login.send(sender=type(self), user=user):
            if clinic is not None:
                request.clinic = clinic
                return


SESSION_REFRESHED_KEY = "picoclinic.refreshed"
SESSION_REFRESH_SECONDS = 60


class SessionRefreshMiddleware:
    """Keeps a signed-in session alive while it is used, writing it at most once a minute.

    The idle timeout (``SESSION_COOKIE_AGE``) counts from the session's last save. Saving on
    every request (``SESSION_SAVE_EVERY_REQUEST``) would write the session row for every
    thumbnail and htmx autosave; marking it modified once a minute keeps the timeout right to
    within that minute at a fraction of the writes. Anonymous visitors get no session from it.
    Sits after ``SessionMiddleware``, so the session is saved on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None or session.modified:
            return response
        if "_auth_user_id" not in session:  # loads it; an expired key is now None
            return response
        if time.time() - session.get(SESSION_REFRESHED_KEY, 0) >= SESSION_REFRESH_SECONDS:
            session_mark_refreshed(session)
        return response


def session_mark_refreshed(session) -> None:
    """Note that ``session`` is (about to be) saved now; the login marks it too, so the first
    request after logging in does not write it again."""
    session[SESSION_REFRESHED_KEY] = int(time.time())
