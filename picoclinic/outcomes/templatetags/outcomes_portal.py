"""The patient's own results in the portal: progress in plain words, the estimate labelled as
one, their photographs (while photography consent is in force), the course summary PDF, and
their next maintenance recall. A fixed number of queries, whatever the size of the record.

Only ever the logged-in patient's own record: the portal passes ``request.patient``, and a
page that passed another patient still gets the logged-in patient's (as the aftercare section
does). Every photo and PDF link goes through the access-checked views.
"""

from __future__ import annotations

from django import template

from picoclinic.consent.selectors import photo_consent
from picoclinic.outcomes.progress import progress_for_patient
from picoclinic.outcomes.score_models import Recall, RecallStatus
from picoclinic.outcomes.selectors import photo_groups, photos_of_patient
from picoclinic.outcomes.summary import concern_photo_pair, summarised_plans

register = template.Library()

WAITING = (RecallStatus.OPEN, RecallStatus.CONTACTED)


@register.inclusion_tag("outcomes/_portal_section.html", takes_context=True)
def outcomes_portal_section(context, patient):
    request = context.get("request")
    own = getattr(request, "patient", None)
    if own is not None and own.pk != patient.pk:
        patient = own
    items = progress_for_patient(patient=patient)
    shared = photo_consent(patient=patient) is not None
    groups = photo_groups(photos_of_patient(patient=patient)) if shared else []
    rows = [(p, concern_photo_pair(groups, p.item.concern_id)) for p in items]
    recall = (
        Recall.objects.filter(patient=patient, status__in=WAITING)
        .select_related("clinic")
        .order_by("due_on", "id")
        .first()
    )
    return {
        "patient": patient,
        "rows": rows,
        "plans": summarised_plans(items),
        "photos_shared": shared,
        "recall": recall,
        "request": request,
    }
