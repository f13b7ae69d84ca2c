from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from picoclinic.accounts.roles import Capability, role_can

NOT_IN_ROLE = "Your role at this clinic does not allow this."


def staff_required(capability: Capability | None = None):
    """A staff page: log in first; non-staff get 404; ``capability`` is checked at the clinic
    the user is working in (``request.membership``)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.membership is None:
                raise Http404("Not a staff page for this login")
            if capability is not None and not role_can(request.membership.role, capability):
                raise PermissionDenied(NOT_IN_ROLE)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
