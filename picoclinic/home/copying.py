"""A new clinic copied from an existing one: its rooms, lasers, appointment types, opening
hours, booking rules, clinic policy and consent texts. Never patients, appointments, staff's
working hours (a practitioner cannot be in two places at once) or closures."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.models import Membership, Role
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinics.models import Clinic, ClinicPolicy
from picoclinic.consent.models import ConsentText
from picoclinic.consent.services import consent_text_publish
from picoclinic.scheduling.models import (
    AppointmentType,
    Device,
    OpeningHours,
    Room,
    SchedulingPolicy,
)
from picoclinic.scheduling.setup_cache import setup_changed
from picoclinic.web.refusals import Refused

ERR_CODE_TAKEN = _("Another clinic of the organisation already uses this code.")
ERR_OWNER_ONLY = _("Only the owner adds clinics.")


def clinic_copy(*, actor, source: Clinic, name: str, code: str, address: str) -> Clinic:
    """Create a clinic of ``source``'s organisation (same country and time zone) with copies of
    its set-up, in one transaction with one audit entry. The owner becomes its admin.

    Invariants: only the owner (a superuser); the code is unique in the organisation; copied
    consent texts start at version 1 with the source's newest wording (and its review state)."""
    if not actor.is_superuser:
        raise Refused(str(ERR_OWNER_ONLY))
    try:
        with transaction.atomic():
            clinic = Clinic.objects.create(
                organisation=source.organisation,
                name=name,
                code=code,
                address=address,
                country=source.country,
                time_zone=source.time_zone,
                phone=source.phone,
                email=source.email,
            )
            Membership.objects.get_or_create(
                user=actor, clinic=clinic, defaults={"role": Role.CLINIC_ADMIN}
            )
            counts = _copy_setup(actor, source, clinic)
            setup_changed()
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=clinic,
                clinic=clinic,
                summary=f"Clinic copied from clinic {source.pk}: {counts}",
            )
    except IntegrityError:
        raise Refused(str(ERR_CODE_TAKEN), field="code") from None
    return clinic


def _copy_setup(actor, source: Clinic, clinic: Clinic) -> str:
    # Rooms and lasers are multi-table rows (``Resource``): created one by one.
    rooms = [
        Room.objects.create(clinic=clinic, name=room.name)
        for room in Room.objects.filter(clinic=source, is_active=True)
    ]
    devices = [_device_copy(device, clinic) for device in _devices(source)]
    types = AppointmentType.objects.bulk_create(
        _copy(t, clinic) for t in AppointmentType.objects.filter(clinic=source, is_active=True)
    )
    OpeningHours.objects.bulk_create(
        _copy(h, clinic) for h in OpeningHours.objects.filter(clinic=source)
    )
    for model in (SchedulingPolicy, ClinicPolicy):
        row = model.objects.filter(clinic=source).first()
        if row is not None:
            _copy(row, clinic).save()
    texts = _copy_consent_texts(actor, source, clinic)
    return (
        f"{len(rooms)} rooms, {len(devices)} lasers, {len(types)} appointment types, "
        f"{texts} consent texts"
    )


def _copy(row, clinic: Clinic):
    """An unsaved copy of ``row`` belonging to ``clinic``."""
    row.pk = row.id = None
    row._state.adding = True
    row.clinic = clinic
    return row


def _devices(source: Clinic):
    return Device.objects.filter(clinic=source, is_active=True)


def _device_copy(device: Device, clinic: Clinic) -> Device:
    # Not the serial number: the new clinic's laser is another machine.
    return Device.objects.create(
        clinic=clinic,
        name=device.name,
        model_name=device.model_name,
        wavelengths_nm=list(device.wavelengths_nm),
        handpieces=list(device.handpieces),
        cleanup_minutes=device.cleanup_minutes,
    )


def _copy_consent_texts(actor, source: Clinic, clinic: Clinic) -> int:
    newest = {}
    for text in ConsentText.objects.filter(clinic=source).order_by("kind", "version"):
        newest[text.kind] = text
    for text in newest.values():
        consent_text_publish(
            actor=actor,
            clinic=clinic,
            kind=text.kind,
            title=text.title,
            body=text.body,
            starter=text.starter,
        )
    return len(newest)
