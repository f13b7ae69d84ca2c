"""What previsit shows on the patient chart, for staff: the questionnaires before the visit,
their state and the screening's flags (one query)."""

from __future__ import annotations

from picoclinic.patients.signals import ChartSection
from picoclinic.previsit.models import Questionnaire

SHOWN = 3


def questionnaires_chart_section(*, patient, request) -> ChartSection:
    questionnaires = list(
        Questionnaire.objects.filter(appointment__patient=patient).select_related("appointment")[
            :SHOWN
        ]
    )
    return ChartSection(39, "previsit/_chart_section.html", {"questionnaires": questionnaires})
