"""The plans app's answers to events published below it."""

from __future__ import annotations

from django.dispatch import receiver

from picoclinic.patients.signals import chart_sections
from picoclinic.plans.chart import plans_chart_section


@receiver(chart_sections)
def _chart_section(sender, patient, request, **kwargs):
    return plans_chart_section(patient=patient, request=request)
