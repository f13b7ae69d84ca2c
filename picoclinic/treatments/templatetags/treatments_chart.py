"""The treatment-sessions section of the patient chart (two queries)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import timezone

from picoclinic.accounts.roles import Capability, role_can
from picoclinic.consultations import vocab
from picoclinic.treatments.selectors import (
    CHART_SESSIONS,
    appointments_to_start,
    events_for_patient,
    sessions_for_chart,
)

register = template.Library()


@register.inclusion_tag("treatments/_chart_section.html", takes_context=True)
def sessions_section(context, patient, limit: int = CHART_SESSIONS):
    """Today's treatment appointments to start, the latest sessions, and the adverse events,
    open first (three queries)."""
    request = context["request"]
    membership = getattr(request, "membership", None)
    events = events_for_patient(patient=patient)
    return {
        "events": events,
        "open_events": sum(not e.resolved for e in events),
        "patient": patient,
        "full_list": limit > CHART_SESSIONS,
        "sessions": sessions_for_chart(patient=patient, limit=limit),
        "to_start": appointments_to_start(patient=patient, today=timezone.localdate()),
        # Check-in is the front desk's as much as the practitioner's.
        "can_start": bool(membership and role_can(membership.role, Capability.EDIT_PATIENTS)),
        "request": request,
    }


@register.filter
def indication_label(value: str) -> str:
    return vocab.label(vocab.INDICATIONS, value)


@register.filter
def num(value) -> str:
    """A stored decimal as typed: 0.700 -> 0.7, 10.0 -> 10 (never 1E+1)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)
