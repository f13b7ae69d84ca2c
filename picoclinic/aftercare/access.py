"""Who may see which aftercare sheet and which follow-up task.

A sheet is reached through its patient (``patient_get_for_user``): staff of the patient's
clinics, and the patient themselves (their portal). A task is reached by staff of its clinic who
may reach its patient. Anything else is the same 404 as an id that does not exist.
"""

from __future__ import annotations

from picoclinic.accounts.roles import Capability
from picoclinic.accounts.selectors import clinics_for_user
from picoclinic.aftercare.models import AftercareSheet, FollowUpTask
from picoclinic.patients.access import patient_get_for_user, patients_for_user
from picoclinic.web.lookup import get_or_404


def sheet_get_for_user(user, patient_id: int, sheet_id: int) -> AftercareSheet:
    """The patient's aftercare sheet if ``user`` may reach the patient, else 404."""
    patient = patient_get_for_user(user, patient_id)
    sheet = get_or_404(
        AftercareSheet.objects.select_related("clinic"),
        "No such aftercare",
        pk=sheet_id,
        patient=patient,
    )
    sheet.patient = patient
    return sheet


def task_get_for_user(user, task_id: int) -> FollowUpTask:
    """A follow-up task of a clinic where ``user`` works, for a patient they may reach."""
    clinics = clinics_for_user(user, Capability.VIEW_PATIENTS)
    return get_or_404(
        FollowUpTask.objects.select_related("patient", "clinic"),
        "No such task",
        pk=task_id,
        clinic__in=clinics,
        patient__in=patients_for_user(user),
    )
