"""Every page that shows a patient's data leaves an audit entry ("who opened what").

``OpenedAuditMiddleware`` records, for each successful GET of a patient-scoped URL (one with a
``patient_id``; the view has already passed the access helper, or it would have answered
404), that the signed-in user opened that page of that patient, unless the view recorded its
own, more precise, opening (``audit_record`` with ``AuditAction.VIEW`` notes it here). So a
patient page added later is audited without anyone remembering to. Images are left out: the
page showing them is audited, and the full-size photo views audit themselves.

Work lists that show many patients (``LIST_PAGES``: Today, the calendars, the worklists) are
recorded as opened at the clinic, without linking every patient on them. Pages without a
``patient_id`` that show particular patients (search, an online request) call
``audit_opened`` themselves with the ids shown. ``tests/audit/test_opened.py`` walks the URL
configuration and finds any page showing a patient without an entry.
"""

from __future__ import annotations

from contextvars import ContextVar

LIST_PAGES = frozenset(
    {
        "home:today",
        "scheduling:day",
        "scheduling:week",
        "worklist:list",
        "worklist:adverse_events",
        "recalls:index",
        "reviews:queue",
    }
)

# What the audit trail calls a page: the thing it shows, in words, never the route's name
# ("Opened plan PDF", not "Opened plans:pdf"). A route not listed reads "<area>: <page>".
AREAS = {
    "aftercare": "aftercare",
    "consent": "consent",
    "consultations": "consultation",
    "patients": "patient",
    "photos": "photographs",
    "plans": "plan",
    "scheduling": "appointments",
    "side_effects": "side-effect report",
    "treatments": "treatment session",
}
PAGES = {
    "home:today": "Today",
    "scheduling:day": "day calendar",
    "scheduling:week": "week calendar",
    "worklist:list": "follow-up worklist",
    "worklist:adverse_events": "adverse-event worklist",
    "recalls:index": "recalls",
    "reviews:queue": "plan review queue",
    "patients:chart": "chart",
    "patients:edit": "patient details form",
    "aftercare:sheet": "aftercare sheet",
    "aftercare:pdf": "aftercare sheet PDF",
    "consent:take": "consent form",
    "consent:pdf": "consent PDF",
    "consultations:workspace": "consultation",
    "consultations:screening": "screening",
    "photos:index": "photographs",
    "photos:detail": "photograph",
    "photos:progress": "progress photographs",
    "photos:scores": "outcome scores",
    "photos:summary": "course summary",
    "plans:detail": "plan",
    "plans:pdf": "plan PDF",
    "plans:instructions": "plan instructions",
    "scheduling:patient": "patient's appointments",
    "scheduling:series": "course appointments",
    "scheduling:ics": "calendar file of an appointment",
    "side_effects:detail": "side-effect report",
    "treatments:detail": "treatment session",
    "treatments:history": "treatment history",
    "treatments:list": "treatment sessions",
    "treatments:event_detail": "adverse event",
}


def page_label(view_name: str) -> str:
    """The page in words, for the audit trail's summary."""
    if view_name in PAGES:
        return PAGES[view_name]
    area, _, page = view_name.rpartition(":")
    words = page.replace("_", " ")
    return f"{AREAS[area]}: {words}" if area in AREAS else f"{area.replace('_', ' ')}: {words}"


_opened: ContextVar[set[int] | None] = ContextVar("picoclinic_opened_patients", default=None)


def note_opened(patient_id: int) -> None:
    """This request has recorded its opening of ``patient_id``'s data."""
    opened = _opened.get()
    if opened is not None:
        opened.add(patient_id)


def audit_opened(
    request, *, summary: str, patient=None, patient_id=None, obj=None, changes=None
) -> None:
    """Record that the signed-in user opened a page (of ``patient``, if one) in the clinic
    they are working at. ``summary`` and ``changes`` carry no names: ids and counts only."""
    from picoclinic.audit.models import AuditAction
    from picoclinic.audit.services import audit_record
    from picoclinic.web.http import client_ip

    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        summary=summary,
        obj=obj,
        patient=patient,
        patient_id=patient_id,
        clinic=getattr(request, "clinic", None),
        changes=changes,
        ip_address=client_ip(request),
    )


def audit_searched(request, patients) -> None:
    """Record a patient search by the patients it showed (ids, never the words searched)."""
    ids = [patient.pk for patient in patients]
    audit_opened(request, summary=f"Searched patients: {len(ids)} found", changes={"patients": ids})


class OpenedAuditMiddleware:
    """After ``ClinicContextMiddleware`` (it reads ``request.clinic``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _opened.set(set())
        try:
            response = self.get_response(request)
            self._audit(request, response)
        finally:
            _opened.reset(token)
        return response

    def _audit(self, request, response) -> None:
        match = request.resolver_match
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or match is None:
            return
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        patient_id = match.kwargs.get("patient_id")
        if isinstance(patient_id, str):  # a route without the int converter (the API's)
            patient_id = int(patient_id) if patient_id.isdigit() else None
        if patient_id is None:
            if match.view_name in LIST_PAGES:
                audit_opened(request, summary=f"Opened {page_label(match.view_name)}")
            return
        if response.get("Content-Type", "").startswith("image/") or patient_id in _opened.get():
            return
        audit_opened(
            request, summary=f"Opened {page_label(match.view_name)}", patient_id=patient_id
        )
