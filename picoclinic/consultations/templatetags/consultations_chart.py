"""The consultations section of the patient chart (a fixed number of queries)."""

from django import template

from picoclinic.consultations.models import Consultation

register = template.Library()


@register.inclusion_tag("consultations/_chart_section.html", takes_context=True)
def consultations_section(context, patient):
    consultations = list(
        Consultation.objects.filter(patient=patient).select_related("practitioner")[:10]
    )
    return {"patient": patient, "consultations": consultations, "request": context["request"]}
