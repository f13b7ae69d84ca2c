"""The consent section of the patient chart (a fixed number of queries)."""

from django import template

from picoclinic.consent.models import ConsentRecord

register = template.Library()


@register.inclusion_tag("consent/_chart_section.html", takes_context=True)
def consent_section(context, patient):
    records = list(ConsentRecord.objects.filter(patient=patient).select_related("text")[:20])
    return {"patient": patient, "records": records, "request": context["request"]}
