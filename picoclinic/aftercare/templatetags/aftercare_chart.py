"""The aftercare section of the patient chart and of the patient's portal (one query each).

The portal section lists only the sheets of the patient it is given; the portal page passes
the logged-in patient (``request.patient``), and each link goes through the access helper.
"""

from __future__ import annotations

from django import template

from picoclinic.aftercare.selectors import sheets_for_patient

register = template.Library()


@register.inclusion_tag("aftercare/_chart_section.html", takes_context=True)
def aftercare_section(context, patient):
    return {
        "patient": patient,
        "sheets": sheets_for_patient(patient=patient),
        "request": context["request"],
    }


@register.inclusion_tag("aftercare/_portal_section.html", takes_context=True)
def aftercare_portal_section(context, patient):
    request = context.get("request")
    own = getattr(request, "patient", None)
    if own is not None and own.pk != patient.pk:
        patient = own  # a portal page shows the logged-in patient's own aftercare only
    return {"patient": patient, "sheets": sheets_for_patient(patient=patient), "request": request}
