"""How tests/patients/test_access.py makes a session and a setting of it for a patient
(``session_id`` and ``entry_id`` in /patients/<patient_id>/sessions/<session_id>/...).

Both kwargs must name objects of the same session, so the patient's first session is reused.
"""

from __future__ import annotations

from picoclinic.treatments.models import SettingsEntry, TreatmentSession
from picoclinic.treatments.services.record import settings_entry_add
from tests.treatments import helpers


def _session(world, patient) -> TreatmentSession:
    existing = TreatmentSession.objects.filter(patient=patient).order_by("id").first()
    if existing is not None:
        return existing
    session = helpers.started(world, patient=patient)
    return helpers.complete_checklist(world, session)


def _entry(world, patient) -> int:
    session = _session(world, patient)
    entry = SettingsEntry.objects.filter(session=session).order_by("id").first()
    if entry is None:
        values = helpers.CLEAN | {"device": helpers.laser(session.clinic)}
        entry = settings_entry_add(actor=world.practitioner, session=session, values=values)
    return entry.pk


def _event(world, patient) -> int:
    from datetime import timedelta

    from django.utils import timezone

    from picoclinic.treatments.models import AdverseEvent
    from picoclinic.treatments.services.events import adverse_event_report

    existing = AdverseEvent.objects.filter(patient=patient).order_by("id").first()
    if existing is not None:
        return existing.pk
    values = {
        "source": "patient_report",
        "kind": "prolonged_erythema",
        "grade": 1,
        "onset_at": timezone.now() - timedelta(hours=1),
        "description": "Still red.",
    }
    return adverse_event_report(
        actor=world.practitioner, patient=patient, clinic=patient.clinic, values=values
    ).pk


OBJECT_FOR_KWARG = {
    "session_id": lambda world, patient: _session(world, patient).pk,
    "entry_id": _entry,
    "event_id": _event,
}
