"""The portal's "My appointments" section (one query):
``{% load scheduling_portal %}{% appointments_portal_section patient %}``."""

from django import template
from django.utils import timezone

from picoclinic.scheduling.selectors import appointments_upcoming

register = template.Library()

PORTAL_UPCOMING = 10


@register.inclusion_tag("scheduling/_portal_section.html", takes_context=True)
def appointments_portal_section(context, patient):
    request = context.get("request")
    own = getattr(request, "patient", None)
    if own is not None and own.pk != patient.pk:
        patient = own  # a portal page shows the logged-in patient's own appointments only
    upcoming = appointments_upcoming(patient=patient, now=timezone.now(), limit=PORTAL_UPCOMING)
    return {"patient": patient, "upcoming": upcoming}
