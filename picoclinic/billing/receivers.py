"""Billing's answers to events and questions published below it."""

from __future__ import annotations

from django.dispatch import receiver

from picoclinic.billing.chart import billing_chart_section, billing_plan_section
from picoclinic.billing.services.packages import session_redeem
from picoclinic.patients.signals import chart_sections
from picoclinic.plans.signals import plan_sections
from picoclinic.treatments import signals as treatment_signals


@receiver(treatment_signals.session_signed)
def _redeem(sender, actor, session, now, **kwargs):
    """A signed session of a plan sold as a package uses one of its sessions, in the signing
    transaction (a failure here rolls the signature back: never signed and not redeemed)."""
    session_redeem(actor=actor, session=session, now=now)


@receiver(chart_sections)
def _chart_section(sender, patient, request, **kwargs):
    return billing_chart_section(patient=patient, request=request)


@receiver(plan_sections)
def _plan_section(sender, plan, user, **kwargs):
    return billing_plan_section(plan=plan, user=user)
