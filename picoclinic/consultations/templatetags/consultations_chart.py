"""The consultations section of the patient chart (one query, whatever the history)."""

from django import template

from picoclinic.consultations.access import may_consult
from picoclinic.consultations.models import Consultation, ConsultationStatus

register = template.Library()

SHOWN = 10


@register.inclusion_tag("consultations/_chart_section.html", takes_context=True)
def consultations_section(context, patient):
    request = context["request"]
    consultations = list(
        Consultation.objects.filter(patient=patient).select_related("practitioner", "clinic")[
            :SHOWN
        ]
    )
    open_draft = next((c for c in consultations if c.status == ConsultationStatus.DRAFT), None)
    return {
        "patient": patient,
        "consultations": consultations,
        "open_draft": open_draft,
        "can_consult": may_consult(request, patient),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
