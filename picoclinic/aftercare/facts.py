"""What the follow-up rules need to know about a signed session (read from the treatments app)."""

from __future__ import annotations

from picoclinic.aftercare.rules import SessionFacts
from picoclinic.consultations import vocab

SCREENING_WORDS = {
    "precaution": "screening precaution",
    "doctor_review": "screening: doctor review",
}


def _precautions(session) -> list[str]:
    from picoclinic.treatments.models import CheckState

    found = []
    screening = session.screenings.order_by("-screened_at", "-id").first()
    if screening is not None and screening.overall in SCREENING_WORDS:
        named = [vocab.label(vocab.PRECAUTIONS, p) for p in screening.report.get("precautions", [])]
        found.append(
            SCREENING_WORDS[screening.overall] + (f" ({', '.join(named)})" if named else "")
        )
    if session.checks.filter(state=CheckState.OVERRIDDEN).exists():
        found.append("a doctor passed a blocked checklist item")
    entries = list(session.entries.all())
    if any(entry.override_at for entry in entries):
        found.append("a doctor overrode a blocked setting")
    if any(entry.warnings for entry in entries):
        found.append("a setting the safety check warned about")
    return found


def session_facts(session) -> SessionFacts:
    item = session.plan_item
    return SessionFacts(
        indication=session.indication,
        treated_on=session.treated_on,
        session_number=session.session_number,
        sessions_planned=item.sessions,
        interval_min_days=item.interval_min_days,
        precautions=tuple(_precautions(session)),
        adverse_events=session.adverse_events.count(),
    )
