"""The consultations app's answers to events published below it."""

from __future__ import annotations

from django.dispatch import receiver

from picoclinic.consultations.chart import consultations_chart_section
from picoclinic.patients.signals import chart_sections


@receiver(chart_sections)
def _chart_section(sender, patient, request, **kwargs):
    return consultations_chart_section(patient=patient, request=request)
