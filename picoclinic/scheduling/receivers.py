"""The scheduling app's answers to events published below it."""

from __future__ import annotations

from django.dispatch import receiver

from picoclinic.patients.signals import chart_sections
from picoclinic.scheduling.chart import appointments_chart_section


@receiver(chart_sections)
def _chart_section(sender, patient, request, **kwargs):
    return appointments_chart_section(patient=patient, request=request)
