"""Whole-house writes: setting up an empty installation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.models import Membership, Role, User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinics.models import Clinic, Organisation
from picoclinic.clinics.zones import is_time_zone, zones_for_country
from picoclinic.web.refusals import Refused

ALREADY_SET_UP = _("This installation is set up already: sign in instead.")
ERR_ZONE_COUNTRY = _("Choose a time zone of the clinic's country.")


def installation_is_empty() -> bool:
    return not Organisation.objects.exists()


@dataclass(frozen=True)
class Installation:
    organisation: Organisation
    clinic: Clinic
    owner: User


def installation_set_up(
    *,
    organisation_name: str,
    clinic_name: str,
    clinic_code: str,
    address: str,
    country: str,
    time_zone: str,
    owner_email: str,
    owner_name: str,
    owner_password: str,
) -> Installation:
    """Create the organisation, its first clinic and the owner's login, in one transaction.

    Invariants: only into an installation without any organisation; the owner is a superuser
    (the configuration of every clinic) and the first clinic's admin (so they land on its
    Today page); the time zone is an IANA zone of ``country``; one audit entry records it.
    Input is validated by ``home.forms.FirstRunForm`` first; these checks are the last word.
    """
    if not is_time_zone(time_zone) or time_zone not in zones_for_country(country):
        raise Refused(str(ERR_ZONE_COUNTRY), field="time_zone")
    with transaction.atomic(durable=True):
        if not installation_is_empty():
            raise Refused(str(ALREADY_SET_UP))
        organisation = Organisation.objects.create(
            name=organisation_name, slug=slugify(organisation_name)[:50] or "clinic"
        )
        clinic = Clinic.objects.create(
            organisation=organisation,
            name=clinic_name,
            code=clinic_code,
            address=address,
            country=country,
            time_zone=time_zone,
        )
        owner = User.objects.create_superuser(owner_email, owner_password, full_name=owner_name)
        Membership.objects.create(user=owner, clinic=clinic, role=Role.CLINIC_ADMIN)
        audit_record(
            actor=owner,
            action=AuditAction.CREATE,
            summary="Installation set up: the organisation, its first clinic and the owner",
            obj=clinic,
            clinic=clinic,
        )
    return Installation(organisation, clinic, owner)
