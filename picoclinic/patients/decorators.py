from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from picoclinic.patients.selectors import patient_for_login


def patient_login_required(view):
    """A portal page: log in first; a login without a patient record gets 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        patient = patient_for_login(request.user)
        if patient is None:
            raise Http404("No patient record for this login")
        request.patient = patient
        return view(request, *args, **kwargs)

    return wrapped
