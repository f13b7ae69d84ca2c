"""The request a portal page receives behind ``patient_login_required``, for annotations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from picoclinic.accounts.requests import AuthenticatedHttpRequest

if TYPE_CHECKING:
    from picoclinic.patients.models import Patient


class PatientHttpRequest(AuthenticatedHttpRequest):
    """Signed in as a patient: ``patient`` is their record (set by the decorator)."""

    patient: Patient
