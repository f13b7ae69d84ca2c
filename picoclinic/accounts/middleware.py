"""Which clinic a request is working in, and that clinic's time zone for everything shown."""

from __future__ import annotations

from django.utils import timezone

from picoclinic.accounts.selectors import memberships_for_user
from picoclinic.patients.selectors import patient_for_login

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
        patient = patient_for_login(user)
        if patient is not None:
            request.clinic = patient.clinic
