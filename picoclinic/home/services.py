"""Whole-house writes: setting up an empty installation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.models import Membership, Role, User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinics.models import Clinic, InstallationMark, Organisation
from picoclinic.clinics.zones import is_time_zone, zones_for_country
from picoclinic.home.starter import StarterAdded, starter_content_add
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
    starter: StarterAdded | None = None


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
    starter: bool = True,
) -> Installation:
    """Create the organisation, its first clinic and the owner's login, in one transaction.

    Invariants: only into an installation without any organisation; the owner is a superuser
    (the configuration of every clinic) and the first clinic's admin (so they land on its
    Today page); the time zone is an IANA zone of ``country``; one audit entry records it.
    Input is validated by ``home.forms.FirstRunForm`` first; these checks are the last word.
    Two submissions at once create one organisation: the first inserts the one
    ``InstallationMark`` row, the second's insert waits for it and fails (PostgreSQL), or waits
    for the whole write transaction (SQLite) and then finds the organisation. ``starter`` adds
    the starter content (marked for review) in the same transaction.
    """
    if not is_time_zone(time_zone) or time_zone not in zones_for_country(country):
        raise Refused(str(ERR_ZONE_COUNTRY), field="time_zone")
    with transaction.atomic(durable=True):
        _mark_installation()
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
        added = None
        if starter:
            today = timezone.localdate(timezone=clinic.zone)
            added = starter_content_add(actor=owner, clinic=clinic, today=today)
    return Installation(organisation, clinic, owner, added)


def _mark_installation() -> None:
    if not installation_is_empty():
        raise Refused(str(ALREADY_SET_UP))
    try:
        with transaction.atomic():
            InstallationMark.objects.create(id=1)
    except IntegrityError:
        raise Refused(str(ALREADY_SET_UP)) from None
