"""What consultations shows on the patient chart (one query, whatever the history)."""

from __future__ import annotations

from picoclinic.consultations.access import may_consult
from picoclinic.consultations.models import Consultation, ConsultationStatus
from picoclinic.patients.signals import ChartSection

SHOWN = 10


def consultations_chart_section(*, patient, request) -> ChartSection:
    consultations = list(
        Consultation.objects.filter(patient=patient).select_related("practitioner", "clinic")[
            :SHOWN
        ]
    )
    open_draft = next((c for c in consultations if c.status == ConsultationStatus.DRAFT), None)
    context = {
        "patient": patient,
        "consultations": consultations,
        "open_draft": open_draft,
        "can_consult": may_consult(request, patient),
    }
    return ChartSection(40, "consultations/_chart_section.html", context)
