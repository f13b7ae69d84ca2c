"""Writes to patient records. Each runs in one transaction with its audit entry."""

from __future__ import annotations

import copy
import re
import unicodedata
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record, field_changes
from picoclinic.clinics.models import Clinic
from picoclinic.notifications.sms import phone_e164
from picoclinic.patients.access import patient_get_for_user
from picoclinic.patients.models import Patient
from picoclinic.web.refusals import Refused

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


def name_key(given_name: str, family_name: str) -> str:
    """The names as compared for "same person?": no accents, case or punctuation."""
    text = unicodedata.normalize("NFKD", f"{given_name} {family_name}")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^\w\s]", "", text)
    return " ".join(text.split())


def patient_keys_set(patient: Patient, *, clinic: Clinic) -> None:
    """Fill the derived columns (digits, E.164 phone by ``clinic``'s country, name key)."""
    patient.phone_digits = phone_digits(patient.phone)
    patient.phone_e164 = phone_e164(patient.phone, clinic.country) if patient.phone else ""
    patient.name_key = name_key(patient.given_name, patient.family_name)


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
        patient_keys_set(patient, clinic=clinic)
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
        patient_keys_set(patient, clinic=patient.clinic)
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


# --- Importing patients from a CSV file -----------------------------------------------------

IMPORT_NOT_READY = "Some rows still have problems: correct the file and upload it again."


def patient_import_start(*, actor, clinic: Clinic, file_name: str, raw: bytes):
    """Keep an uploaded CSV file (read, not yet imported) with its columns guessed; the
    uploader's earlier drafts and anyone's over a day old are deleted. Raises ``Refused``."""
    from picoclinic.patients import imports
    from picoclinic.patients.models import PatientImport

    try:
        text = imports.decode(raw)
        header, _rows = imports.read_rows(text)
    except imports.ImportFileError as exc:
        raise Refused(str(exc), field="file") from None
    with transaction.atomic():
        stale = timezone.now() - timedelta(days=1)
        PatientImport.objects.filter(Q(created_by=actor) | Q(created_at__lt=stale)).delete()
        return PatientImport.objects.create(
            clinic=clinic,
            created_by=actor,
            file_name=file_name[:200],
            text=text,
            mapping=imports.guess_mapping(header),
            date_order=imports.date_order_for(clinic.country),
        )


def patient_import_map(*, draft, mapping: dict, date_order: str):
    """Keep the columns and date order the user chose for ``draft``."""
    draft.mapping = mapping
    draft.date_order = date_order
    draft.save(update_fields=["mapping", "date_order"])
    return draft


def patient_import_discard(*, draft) -> None:
    draft.delete()


def patient_import_commit(*, actor, draft, patients, today) -> list[Patient]:
    """Register every row of ``draft`` at its clinic, numbered as usual, or none: the preview
    is read again inside the transaction and any problem refuses the whole file. Each patient
    is audited as registered, the import once; the draft is deleted."""
    from picoclinic.patients.imports import import_preview

    with transaction.atomic():
        preview = import_preview(
            text=draft.text,
            mapping=draft.mapping,
            order=draft.date_order,
            region=draft.clinic.country,
            patients=patients,
            today=today,
        )
        if not preview.ready:
            raise Refused(IMPORT_NOT_READY)
        created = [
            patient_create(actor=actor, clinic=draft.clinic, data=row.data) for row in preview.rows
        ]
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=draft,
            clinic=draft.clinic,
            summary=f"Imported {len(created)} patients from a CSV file",
            changes={"patients": [p.pk for p in created]},
        )
        draft.delete()
    return created
