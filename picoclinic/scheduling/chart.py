"""What scheduling shows on the patient chart and in the portal (one query each)."""

from __future__ import annotations

from django.utils import timezone

from picoclinic.patients.signals import ChartSection
from picoclinic.scheduling.selectors import appointments_upcoming

PORTAL_UPCOMING = 10


def appointments_chart_section(*, patient, request) -> ChartSection:
    upcoming = appointments_upcoming(patient=patient, now=timezone.now())
    return ChartSection(
        10, "scheduling/_chart_section.html", {"patient": patient, "upcoming": upcoming}
    )


def appointments_portal_section(*, patient) -> ChartSection:
    """The portal's "My appointments": the logged-in patient's own only (the portal passes
    ``request.patient``)."""
    upcoming = appointments_upcoming(patient=patient, now=timezone.now(), limit=PORTAL_UPCOMING)
    return ChartSection(
        10, "scheduling/_portal_section.html", {"patient": patient, "upcoming": upcoming}
    )
