"""The scheduling app's answers to events published below it."""

from __future__ import annotations

from django.dispatch import receiver

from picoclinic.invitations.signals import clinical_membership_saved
from picoclinic.patients.signals import chart_sections
from picoclinic.scheduling.chart import appointments_chart_section
from picoclinic.scheduling.practitioners import practitioner_from_membership


@receiver(chart_sections)
def _chart_section(sender, patient, request, **kwargs):
    return appointments_chart_section(patient=patient, request=request)


@receiver(clinical_membership_saved)
def _clinical_membership(sender, user, clinic, indications, actor, **kwargs):
    """A practitioner or doctor at ``clinic`` is bookable there: one record per person."""
    practitioner_from_membership(actor=actor, user=user, clinic=clinic, indications=indications)
