"""Writes to patient records. Each runs in one transaction with its audit entry."""

from __future__ import annotations

import copy
import re

from django.db import transaction

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record, field_changes
from picoclinic.clinics.models import Clinic
from picoclinic.patients.access import patient_get_for_user
from picoclinic.patients.models import Patient

EDITABLE_FIELDS = [
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "sex",
    "email",
    "phone",
    "address",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relationship",
    "preferred_language",
]


def phone_digits(phone: str) -> str:
    # "+44 (0)7700 ..." is written with the national trunk 0 in brackets: not dialled from abroad.
    return re.sub(r"\D", "", phone.replace("(0)", ""))


def patient_number_issue(*, clinic: Clinic) -> str:
    """The clinic's next patient number, e.g. ``CEN-000042``. Call inside a transaction.

    The clinic row is locked (PostgreSQL) or the write transaction already holds the database
    (SQLite, BEGIN IMMEDIATE), so two registrations never get the same number.
    """
    locked = Clinic.objects.select_for_update().get(pk=clinic.pk)
    locked.last_patient_number += 1
    locked.save(update_fields=["last_patient_number"])
    return f"{locked.code}-{locked.last_patient_number:06d}"


def patient_create(*, actor: User | None, clinic: Clinic, data: dict) -> Patient:
    """Register a patient at ``clinic`` with a newly issued number; audited."""
    with transaction.atomic():
        patient = Patient(
            organisation_id=clinic.organisation_id,
            clinic=clinic,
            patient_number=patient_number_issue(clinic=clinic),
            **{name: data[name] for name in EDITABLE_FIELDS if name in data},
        )
        patient.phone_digits = phone_digits(patient.phone)
        patient.full_clean()
        patient.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=patient,
            patient=patient,
            clinic=clinic,
            summary="Registered patient",
        )
    return patient


def patient_update(*, actor: User, patient: Patient, data: dict) -> Patient:
    """Change a patient's details; the audit entry lists each changed field, old and new."""
    with transaction.atomic():
        before = copy.copy(patient)
        for name in EDITABLE_FIELDS:
            if name in data:
                setattr(patient, name, data[name])
        patient.phone_digits = phone_digits(patient.phone)
        changes = field_changes(before, patient, EDITABLE_FIELDS)
        if not changes:
            return patient
        patient.full_clean()
        patient.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=patient,
            patient=patient,
            clinic=patient.clinic,
            summary="Updated patient details: " + ", ".join(sorted(changes)),
            changes=changes,
        )
    return patient


def patient_chart_open(*, actor: User, patient_id: int, ip_address: str | None = None) -> Patient:
    """The "open a chart" action: the patient through the access helper (404 for anyone
    else), and the opening audited, in one transaction."""
    with transaction.atomic():
        patient = patient_get_for_user(actor, patient_id)
        patient_chart_opened(actor=actor, patient=patient, ip_address=ip_address)
    return patient


def patient_chart_opened(*, actor: User, patient: Patient, ip_address: str | None = None) -> None:
    """Record that ``actor`` opened ``patient``'s chart."""
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=patient,
        patient=patient,
        clinic=patient.clinic,
        summary="Opened chart",
        ip_address=ip_address,
    )
