"""What each staff role may do. The one table the views and access helpers consult."""

from __future__ import annotations

from django.db import models

from picoclinic.accounts.models import Role


class Capability(models.TextChoices):
    VIEW_PATIENTS = "view_patients", "Find and open patient charts"
    EDIT_PATIENTS = "edit_patients", "Register patients and edit their details"
    CONSULT = "consult", "Hold consultations and write treatment plans"
    REVIEW_PLANS = "review_plans", "Approve or return treatment plans (medical review)"
    WITNESS_CONSENT = "witness_consent", "Take and witness a patient's consent"
    VIEW_AUDIT = "view_audit", "Read the audit trail"
    CONFIGURE_CLINIC = "configure_clinic", "Configure the clinic"
    IMPORT_PATIENTS = "import_patients", "Import patients from a file"


_ALL_STAFF = {Capability.VIEW_PATIENTS, Capability.EDIT_PATIENTS, Capability.WITNESS_CONSENT}
_CLINICIAN = _ALL_STAFF | {Capability.CONSULT}

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.FRONT_DESK: frozenset(_ALL_STAFF | {Capability.IMPORT_PATIENTS}),
    Role.PRACTITIONER: frozenset(_CLINICIAN),
    Role.DOCTOR: frozenset(_CLINICIAN | {Capability.REVIEW_PLANS}),
    Role.CLINIC_ADMIN: frozenset(
        _ALL_STAFF
        | {Capability.VIEW_AUDIT, Capability.CONFIGURE_CLINIC, Capability.IMPORT_PATIENTS}
    ),
}


def role_can(role: str, capability: Capability) -> bool:
    return capability in ROLE_CAPABILITIES.get(role, frozenset())
