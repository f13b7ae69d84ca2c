"""The invitations app's answers to events published below it."""

from __future__ import annotations

from django.dispatch import receiver

from picoclinic.invitations.chart import portal_login_chart_section
from picoclinic.patients.signals import chart_sections


@receiver(chart_sections)
def _chart_section(sender, patient, request, **kwargs):
    return portal_login_chart_section(patient=patient, request=request)
