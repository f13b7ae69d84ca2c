"""The upcoming-appointments section of the patient chart (one query)."""

from django import template
from django.utils import timezone

from picoclinic.scheduling.selectors import appointments_upcoming

register = template.Library()


@register.inclusion_tag("scheduling/_chart_section.html", takes_context=True)
def appointments_section(context, patient):
    return {
        "patient": patient,
        "upcoming": appointments_upcoming(patient=patient, now=timezone.now()),
        "request": context["request"],
    }
