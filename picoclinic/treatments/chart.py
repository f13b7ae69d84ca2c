"""What treatments shows on the patient chart and the sessions page (three queries)."""

from __future__ import annotations

from django.utils import timezone

from picoclinic.accounts.roles import Capability, role_can
from picoclinic.patients.signals import ChartSection
from picoclinic.treatments.selectors import (
    CHART_SESSIONS,
    appointments_to_start,
    events_for_patient,
    sessions_for_chart,
)


def sessions_chart_section(*, patient, request, limit: int = CHART_SESSIONS) -> ChartSection:
    """Today's treatment appointments to start, the latest sessions, and the adverse events,
    open first (three queries)."""
    membership = getattr(request, "membership", None)
    events = events_for_patient(patient=patient)
    context = {
        "events": events,
        "open_events": sum(not e.resolved for e in events),
        "patient": patient,
        "full_list": limit > CHART_SESSIONS,
        "sessions": sessions_for_chart(patient=patient, limit=limit),
        "to_start": appointments_to_start(patient=patient, today=timezone.localdate()),
        # Check-in is the front desk's as much as the practitioner's.
        "can_start": bool(membership and role_can(membership.role, Capability.EDIT_PATIENTS)),
    }
    return ChartSection(20, "treatments/_chart_section.html", context)
