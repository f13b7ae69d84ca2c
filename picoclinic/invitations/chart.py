"""The chart's portal panel: the patient's login and invitation, with what staff can do."""

from __future__ import annotations

from django.utils import timezone

from picoclinic.invitations.portal_logins import patient_portal_state
from picoclinic.patients.signals import ChartSection


def portal_login_chart_section(*, patient, request) -> ChartSection:
    context = {"patient": patient, **patient_portal_state(patient, timezone.now())}
    return ChartSection(5, "invitations/_chart_section.html", context)
