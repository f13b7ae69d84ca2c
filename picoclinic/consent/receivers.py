"""The consent app's answers to events and questions published below it."""

from __future__ import annotations

from django.dispatch import receiver

from picoclinic.consent.selectors import valid_treatment_consent
from picoclinic.plans import signals as plan_signals


@receiver(plan_signals.treatment_consent_in_force)
def _consent_in_force(sender, plan, **kwargs):
    return valid_treatment_consent(plan=plan)
