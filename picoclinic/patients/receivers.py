"""The patients app's answers to events published below it."""

from __future__ import annotations

from django.dispatch import receiver

from picoclinic.accounts.signals import clinic_of_login
from picoclinic.patients.selectors import patient_for_login


@receiver(clinic_of_login)
def _patient_clinic(sender, user, **kwargs):
    """A patient's pages are in the clinic they are registered at."""
    patient = patient_for_login(user)
    return patient.clinic if patient is not None else None
