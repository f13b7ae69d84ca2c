"""The treatment-plans section of the patient chart (a fixed number of queries)."""

from django import template

from picoclinic.plans.models import TreatmentPlan

register = template.Library()


@register.inclusion_tag("plans/_chart_section.html", takes_context=True)
def plans_section(context, patient):
    plans = list(TreatmentPlan.objects.filter(patient=patient)[:10])
    return {"patient": patient, "plans": plans, "request": context["request"]}
