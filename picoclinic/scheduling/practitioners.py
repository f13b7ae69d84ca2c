"""A clinical membership makes the person bookable: the one practitioner record per person."""

from __future__ import annotations

from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.scheduling.models import AppointmentType, Practitioner


def practitioner_from_membership(*, actor, user, clinic, indications: list[str]) -> Practitioner:
    """Create, or link and update, ``user``'s one practitioner record (a practitioner is one
    resource across the organisation: never a second record, never a retyped name). The
    indications ticked are added to those they already treat; they may perform the clinic's
    active appointment types. Runs inside the membership's transaction (a signal receiver)."""
    practitioner = Practitioner.objects.select_for_update().filter(user=user).first()
    created = practitioner is None
    if created:
        practitioner = Practitioner.objects.create(
            user=user, name=user.full_name or user.email, indications=sorted(set(indications))
        )
    else:
        merged = sorted(set(practitioner.indications) | set(indications))
        practitioner.indications = merged
        practitioner.is_active = True
        practitioner.save(update_fields=["indications", "is_active"])
    practitioner.appointment_types.add(
        *AppointmentType.objects.filter(clinic=clinic, is_active=True)
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=practitioner,
        clinic=clinic,
        summary="Bookable practitioner from a clinical membership",
        changes={"indications": [None, ", ".join(practitioner.indications)]},
    )
    return practitioner
