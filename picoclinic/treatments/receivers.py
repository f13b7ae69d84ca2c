"""The treatments app's answers to events published below it."""

from __future__ import annotations

from django.dispatch import receiver

from picoclinic.accounts.models import User
from picoclinic.consent.signals import consent_signed
from picoclinic.patients.signals import chart_sections
from picoclinic.treatments.chart import sessions_chart_section
from picoclinic.treatments.services import checklists_recheck_for_plan


@receiver(consent_signed)
def _recheck_open_checklists(sender, actor: User, plan, **kwargs):
    """A consent signed at the chair shows on the checklist it was taken for."""
    checklists_recheck_for_plan(actor=actor, plan=plan)


@receiver(chart_sections)
def _chart_section(sender, patient, request, **kwargs):
    return sessions_chart_section(patient=patient, request=request)
