"""What aftercare shows on the patient chart and in the portal (one query each)."""

from __future__ import annotations

from picoclinic.aftercare.selectors import sheets_for_patient
from picoclinic.patients.signals import ChartSection


def aftercare_chart_section(*, patient, request) -> ChartSection:
    sheets = sheets_for_patient(patient=patient)
    return ChartSection(30, "aftercare/_chart_section.html", {"patient": patient, "sheets": sheets})


def aftercare_portal_section(*, patient) -> ChartSection:
    """The logged-in patient's own sheets (the portal passes ``request.patient``); each link
    goes through the access helper."""
    sheets = sheets_for_patient(patient=patient)
    return ChartSection(
        20, "aftercare/_portal_section.html", {"patient": patient, "sheets": sheets}
    )
