"""The photos section of the patient chart: the latest photo of each area and view (a fixed
number of queries: the photos, and the consent)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from picoclinic.consultations.access import may_consult
from picoclinic.outcomes.selectors import photo_consent_state, photo_groups, photos_of_patient

register = template.Library()

# Tiles on the chart; the photos page has them all.
MAX_TILES = 8


@register.inclusion_tag("outcomes/_chart_section.html", takes_context=True)
def photos_section(context, patient):
    request = context["request"]
    groups = photo_groups(photos_of_patient(patient=patient))
    # Latest day first; within a day, in area and view order (a stable sort keeps it).
    groups.sort(key=lambda g: timezone.localdate(g.latest.taken_at), reverse=True)
    return {
        "patient": patient,
        "groups": groups[:MAX_TILES],
        "more": len(groups) > MAX_TILES,
        "total": len(groups),
        "consent": photo_consent_state(patient=patient),
        "can_upload": may_consult(request, patient),
        "request": request,
    }
