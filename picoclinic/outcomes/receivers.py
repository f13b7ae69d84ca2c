"""The outcomes app's answers to events and questions published below it."""

from __future__ import annotations

from django.dispatch import receiver

from picoclinic.accounts.models import User
from picoclinic.outcomes.chart import photos_chart_section, progress_chart_section
from picoclinic.outcomes.progress import sessions_done_by_item
from picoclinic.outcomes.recalls import plan_completed_recalls
from picoclinic.patients.signals import chart_sections
from picoclinic.plans import signals as plan_signals


@receiver(plan_signals.plan_completed)
def _recalls_of_completed_course(sender, plan, actor: User, **kwargs):
    plan_completed_recalls(plan=plan, actor=actor)


@receiver(plan_signals.sessions_done_by_item)
def _sessions_done(sender, items, **kwargs):
    return sessions_done_by_item(items)


@receiver(chart_sections)
def _photos_section(sender, patient, request, **kwargs):
    return photos_chart_section(patient=patient, request=request)


@receiver(chart_sections)
def _progress_section(sender, patient, request, **kwargs):
    return progress_chart_section(patient=patient, request=request)
