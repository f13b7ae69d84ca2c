"""The consent app's answers to events and questions published below it."""

from __future__ import annotations

from django.dispatch import receiver

from picoclinic.consent.chart import consent_chart_section
from picoclinic.consent.selectors import valid_treatment_consent
from picoclinic.patients.signals import chart_sections
from picoclinic.plans import signals as plan_signals


@receiver(plan_signals.treatment_consent_in_force)
def _consent_in_force(sender, plan, **kwargs):
    return valid_treatment_consent(plan=plan)


@receiver(chart_sections)
def _chart_section(sender, patient, request, **kwargs):
    return consent_chart_section(patient=patient, request=request)
