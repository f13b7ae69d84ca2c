"""The patients app's answers to events published below it."""

from __future__ import annotations

from django.dispatch import receiver

from picoclinic.accounts.models import User
from picoclinic.accounts.signals import clinic_of_login, handover_audit
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from picoclinic.patients.selectors import patient_for_login


@receiver(clinic_of_login)
def _patient_clinic(sender, user, **kwargs):
    """A patient's pages are in the clinic they are registered at."""
    patient = patient_for_login(user)
    return patient.clinic if patient is not None else None


@receiver(handover_audit)
def _handover_audited(sender, actor: User, action, summary, patient_id, clinic_id, obj=None, **kw):
    """Hand-over mode's entries (entering, leaving, PINs), linked to the patient and clinic."""
    audit_record(
        actor=actor,
        action=AuditAction(action),
        summary=summary,
        obj=obj,
        patient=Patient(pk=patient_id) if patient_id else None,
        clinic=Clinic(pk=clinic_id) if clinic_id else None,
    )
