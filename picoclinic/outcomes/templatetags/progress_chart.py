"""The progress section of the patient chart: per concern, the remaining-sessions estimate and
the concern-specific score chart (three queries, whatever the number of concerns)."""

from __future__ import annotations

from django import template

from picoclinic.outcomes.progress import progress_for_patient
from picoclinic.outcomes.summary import summarised_plans

register = template.Library()


@register.inclusion_tag("outcomes/_progress_section.html")
def progress_section(patient):
    items = progress_for_patient(patient=patient)
    return {"patient": patient, "items": items, "plans": summarised_plans(items)}
