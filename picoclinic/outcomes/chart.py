"""What outcomes shows on the patient chart (photographs, progress) and in the portal (the
patient's own results), each in a fixed number of queries whatever the size of the record."""

from __future__ import annotations

from django.utils import timezone

from picoclinic.consent.selectors import photo_consent
from picoclinic.consultations.access import may_consult
from picoclinic.outcomes.progress import progress_for_patient
from picoclinic.outcomes.score_models import Recall, RecallStatus
from picoclinic.outcomes.selectors import photo_consent_state, photo_groups, photos_of_patient
from picoclinic.outcomes.summary import concern_photo_pair, summarised_plans
from picoclinic.patients.signals import ChartSection

# Tiles on the chart; the photos page has them all.
MAX_TILES = 8
WAITING = (RecallStatus.OPEN, RecallStatus.CONTACTED)


def photos_chart_section(*, patient, request) -> ChartSection:
    """The latest photo of each area and view (the photos, and the consent)."""
    groups = photo_groups(photos_of_patient(patient=patient))
    # Latest day first; within a day, in area and view order (a stable sort keeps it).
    groups.sort(key=lambda g: timezone.localdate(g.latest.taken_at), reverse=True)
    context = {
        "patient": patient,
        "groups": groups[:MAX_TILES],
        "more": len(groups) > MAX_TILES,
        "total": len(groups),
        "consent": photo_consent_state(patient=patient),
        "can_upload": may_consult(request, patient),
    }
    return ChartSection(70, "outcomes/_chart_section.html", context)


def progress_chart_section(*, patient, request) -> ChartSection:
    """Per concern, the remaining-sessions estimate and the concern-specific score chart
    (three queries, whatever the number of concerns)."""
    items = progress_for_patient(patient=patient)
    context = {"patient": patient, "items": items, "plans": summarised_plans(items)}
    return ChartSection(80, "outcomes/_progress_section.html", context)


def outcomes_portal_section(*, patient) -> ChartSection:
    """The patient's own results: progress in plain words, the estimate labelled as one,
    their photographs (while photography consent is in force), the course summary PDF, and
    their next maintenance recall. Only the logged-in patient's (the portal passes
    ``request.patient``); every photo and PDF link goes through the access-checked views."""
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
    context = {
        "patient": patient,
        "rows": rows,
        "plans": summarised_plans(items),
        "photos_shared": shared,
        "recall": recall,
    }
    return ChartSection(30, "outcomes/_portal_section.html", context)
