"""The requests pages receive, for type annotations (docs/layers.md, "Types").

What the middleware adds to every request (``accounts.middleware``, ``accounts.handover``,
django-htmx) is declared on ``ClinicHttpRequest``; a page open to anyone takes that. Behind
``login_required`` the user is a ``User``, never ``AnonymousUser`` (``AuthenticatedHttpRequest``);
behind ``staff_required`` there is a membership at the clinic being worked in
(``StaffHttpRequest``), so ``request.user`` is what a service's ``actor: User`` takes. They
live here, not in ``web``: ``web`` sits below ``accounts`` and cannot name the user model.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:  # annotations only: the middleware modules import much of accounts
    from django_htmx.middleware import HtmxDetails

    from picoclinic.accounts.handover import HandoverState
    from picoclinic.accounts.models import Membership, User
    from picoclinic.clinics.models import Clinic


class ClinicHttpRequest(HttpRequest):
    """Any request once the middleware ran: the clinic worked in (or None), its today."""

    htmx: HtmxDetails
    memberships: list[Membership]
    membership: Membership | None
    clinic: Clinic | None
    clinic_today: date
    handover: HandoverState | None


class AuthenticatedHttpRequest(ClinicHttpRequest):
    """A signed-in request (django-stubs' recommended pattern): ``user`` is a ``User``."""

    user: User


class StaffHttpRequest(AuthenticatedHttpRequest):
    """Behind ``staff_required``: a membership, so a clinic, is always there."""

    membership: Membership
    clinic: Clinic
