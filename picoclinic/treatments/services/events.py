"""Adverse events at any time: reported after the session (a follow-up call, the patient, a
review), resolved later, acknowledged by a doctor when serious; the doctors of the clinic are
told of a serious event by e-mail, once, after the recording commits.

Events seen during a session are recorded by ``services.record.adverse_event_record`` (under
the session's lock, part of its signed record); both paths share ``event_recorded``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.accounts.roles import Capability
from picoclinic.accounts.selectors import staff_emails
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.notifications.messages import deliver_to_staff
from picoclinic.notifications.once import send_once
from picoclinic.treatments import errors, signals
from picoclinic.treatments.adverse import is_serious
from picoclinic.treatments.models import AdverseEvent, AdverseEventSource, TreatmentSession
from picoclinic.treatments.permissions import can_at

LATER_SOURCES = (
    AdverseEventSource.FOLLOW_UP,
    AdverseEventSource.PATIENT_REPORT,
    AdverseEventSource.REVIEW,
)
EVENT_SESSION_ELSEWHERE = "Choose one of this patient's sessions."
EVENT_SESSION_NOT_DONE = "Link it to a session that was signed (the treatment took place)."
ONSET_BEFORE_SESSION = "The onset cannot be before the session it followed."
RESOLVED_ALREADY = "This event is already resolved."
RESOLVED_IN_FUTURE = "The resolution date cannot be in the future."
RESOLVED_BEFORE_ONSET = "The resolution date cannot be before the onset."
ACK_NOT_NEEDED = "Only a serious event waits for a doctor's acknowledgement."
ACK_DONE = "A doctor has already acknowledged this event."
ACK_NOTE_REQUIRED = "Write what you decided (kept in the record)."
TASK_ELSEWHERE = "That follow-up task is not this patient's."
NOTIFIED = "notified"
ALREADY_NOTIFIED = "already notified"
NOT_SERIOUS = "not serious"
NO_EVENT = "no such event"
EMAIL_SUBJECT = "Serious adverse event at {clinic}: please review"


def _audit(actor: User, event: AdverseEvent, action: AuditAction, summary: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=event,
        patient=event.patient,
        clinic=event.clinic,
        summary=summary,
    )


def event_recorded(actor: User, event: AdverseEvent) -> None:
    """What follows every new event, inside its transaction: the audit entry, and for a
    serious one the doctors' e-mail queued for after commit."""
    serious = " (serious: a doctor is notified)" if event.serious else ""
    summary = f"Adverse event recorded: grade {event.grade}, {event.source}{serious}"
    _audit(actor, event, AuditAction.CREATE, summary)
    if event.serious:
        from picoclinic.treatments.tasks import notify_doctors_of_event

        event_id = event.pk
        transaction.on_commit(lambda: notify_doctors_of_event.enqueue(event_id))


def _check_links(patient, values: dict[str, Any], now: datetime) -> None:
    session: TreatmentSession | None = values.get("session")
    entry = values.get("settings_entry")
    if values["onset_at"] > now:
        raise errors.FieldRefused(errors.ONSET_IN_FUTURE, field="onset_at")
    if session is None:
        if entry is not None:
            raise errors.FieldRefused(errors.ENTRY_RESPONSE_MISMATCH, field="settings_entry")
        return
    if session.patient_id != patient.pk:
        raise errors.FieldRefused(EVENT_SESSION_ELSEWHERE, field="session")
    if session.status != "signed":
        raise errors.FieldRefused(EVENT_SESSION_NOT_DONE, field="session")
    if entry is not None and entry.session_id != session.pk:
        raise errors.FieldRefused(errors.ENTRY_RESPONSE_MISMATCH, field="settings_entry")
    onset_day = timezone.localdate(values["onset_at"], session.clinic.zone)
    if onset_day < session.treated_on:
        raise errors.FieldRefused(ONSET_BEFORE_SESSION, field="onset_at")


def adverse_event_report(
    *,
    actor: User,
    patient,
    clinic,
    values: dict[str, Any],
    task=None,
    now: datetime | None = None,
) -> AdverseEvent:
    """Record an adverse event after (or between) sessions.

    Invariants: a clinician or front-desk member at the clinic (anyone who takes the call);
    the source is a later one (a follow-up call when it comes from a task, which must be the
    patient's); the linked session is the patient's and was signed, the linked setting is of
    that session; the onset is neither in the future nor before that session's day;
    seriousness is decided now (``adverse.is_serious``); audited; a serious event notifies
    the clinic's doctors after commit.
    """
    now = now or timezone.now()
    if not can_at(actor, clinic, Capability.VIEW_PATIENTS):
        raise errors.TreatmentError(errors.NOT_A_CLINICIAN)
    if task is not None and task.patient_id != patient.pk:
        raise errors.TreatmentError(TASK_ELSEWHERE)
    source = AdverseEventSource.FOLLOW_UP if task is not None else values["source"]
    if source not in LATER_SOURCES:
        raise errors.FieldRefused(errors.FORM_SOURCE, field="source")
    _check_links(patient, values, now)
    with transaction.atomic():
        session = values.get("session")
        event = AdverseEvent.objects.create(
            patient=patient,
            clinic=session.clinic if session else clinic,
            session=session,
            settings_entry=values.get("settings_entry"),
            follow_up_task=task,
            source=source,
            kind=values["kind"],
            grade=values["grade"],
            serious=is_serious(kind=values["kind"], grade=values["grade"]),
            onset_at=values["onset_at"],
            description=values["description"],
            recorded_by=actor,
            recorded_at=now,
        )
        event_recorded(actor, event)
    return event


def event_lock(event: AdverseEvent) -> AdverseEvent:
    locked = (
        AdverseEvent.objects.select_for_update(of=("self",))
        .select_related("clinic", "patient")
        .get(pk=event.pk)
    )
    return locked


def adverse_event_resolve(
    *,
    actor: User,
    event: AdverseEvent,
    resolved_on: date,
    note: str = "",
    now: datetime | None = None,
) -> AdverseEvent:
    """Record that an event resolved, on which day, with a note. Invariants: a clinician at
    the event's clinic; once; the day is neither in the future nor before the onset (clinic
    calendar). Writes only the resolution fields, which a signed record allows."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = event_lock(event)
        if not can_at(actor, locked.clinic, Capability.CONSULT):
            raise errors.TreatmentError(errors.NOT_A_CLINICIAN)
        if locked.resolved:
            raise errors.TreatmentError(RESOLVED_ALREADY)
        zone = locked.clinic.zone
        if resolved_on > timezone.localdate(now, zone):
            raise errors.FieldRefused(RESOLVED_IN_FUTURE, field="resolved_on")
        if resolved_on < timezone.localdate(locked.onset_at, zone):
            raise errors.FieldRefused(RESOLVED_BEFORE_ONSET, field="resolved_on")
        locked.resolved, locked.resolved_on = True, resolved_on
        locked.resolution_note, locked.resolved_by, locked.resolved_at = note.strip(), actor, now
        locked.save(
            update_fields=[
                "resolved",
                "resolved_on",
                "resolution_note",
                "resolved_by",
                "resolved_at",
            ]
        )
        _audit(actor, locked, AuditAction.UPDATE, "Adverse event resolved")
    return locked


def adverse_event_acknowledge(
    *, actor: User, event: AdverseEvent, note: str, now: datetime | None = None
) -> AdverseEvent:
    """A doctor acknowledges a serious event, with what they decided. Invariants: a doctor at
    the event's clinic; a serious event; once; the note is required."""
    now = now or timezone.now()
    note = note.strip()
    with transaction.atomic():
        locked = event_lock(event)
        if not can_at(actor, locked.clinic, Capability.REVIEW_PLANS):
            raise errors.TreatmentError(errors.DOCTOR_ONLY_EVENT)
        if not locked.serious:
            raise errors.TreatmentError(ACK_NOT_NEEDED)
        if locked.acknowledged_at is not None:
            raise errors.TreatmentError(ACK_DONE)
        if not note:
            raise errors.FieldRefused(ACK_NOTE_REQUIRED, field="note")
        locked.acknowledged_by, locked.acknowledged_at = actor, now
        locked.acknowledgement_note = note
        locked.save(update_fields=["acknowledged_by", "acknowledged_at", "acknowledgement_note"])
        _audit(actor, locked, AuditAction.UPDATE, "Serious adverse event acknowledged by a doctor")
    return locked


def doctors_of(clinic) -> list[str]:
    """E-mail addresses of the clinic's active doctors (one query)."""
    return staff_emails(clinic=clinic, capabilities={Capability.REVIEW_PLANS})


def adverse_event_notify(*, event_id: int, now: datetime | None = None) -> str:
    """Tell the clinic's doctors of a serious event, once: the claim is committed under the
    event's row lock before the e-mail goes (never twice beats maybe twice). The e-mail names
    the patient by number and links to the event; no clinical detail leaves the system."""

    def why_not(event):
        if not event.serious:
            return NOT_SERIOUS
        return ALREADY_NOTIFIED if event.doctor_notified_at is not None else None

    def deliver(event):
        message, recipients = _doctor_message(event), doctors_of(event.clinic)
        return lambda: deliver_to_staff(
            message, recipients, what="adverse event notice", pk=event.pk
        )

    return send_once(
        AdverseEvent.objects.select_related("clinic", "patient"),
        event_id,
        sent_field="doctor_notified_at",
        now=now or timezone.now(),
        why_not=why_not,
        summary="Doctors notified of a serious adverse event",
        deliver=deliver,
        sent=NOTIFIED,
        missing=NO_EVENT,
    )


def events_unnotified(*, now: datetime | None = None) -> list[int]:
    """Serious events recorded more than five minutes ago whose doctors were never told (the
    queued task normally runs within seconds); oldest first, one query."""
    now = now or timezone.now()
    return list(
        AdverseEvent.objects.filter(
            serious=True,
            doctor_notified_at__isnull=True,
            recorded_at__lte=now - timedelta(minutes=5),
        )
        .order_by("recorded_at", "id")
        .values_list("pk", flat=True)
    )


def _doctor_message(event: AdverseEvent) -> tuple[str, str]:
    path = reverse(
        "treatments:event_detail", kwargs={"patient_id": event.patient_id, "event_id": event.pk}
    )
    base = settings.PICOCLINIC_BASE_URL.rstrip("/")
    body = (
        f"A serious adverse event (grade {event.grade}: {event.get_kind_display().lower()}) "
        f"was recorded for patient {event.patient.patient_number} at {event.clinic.name}. "
        f"It waits for a doctor's acknowledgement, and it blocks the patient's next treatment "
        f"until a doctor passes it.\n\nOpen it in picoclinic: {base}{path}\n"
    )
    return EMAIL_SUBJECT.format(clinic=event.clinic.name), body


def adverse_event_record_after(
    *, actor: User, patient, values: dict[str, Any], task=None, report=None
) -> AdverseEvent:
    """The "record an adverse event after the session" action: ``adverse_event_report``, and
    when it comes from a patient's portal ``report``, that report marked recorded, in one
    transaction (the portal hears ``adverse_event_recorded_from_report``; a refusal there
    keeps nothing)."""
    with transaction.atomic():
        event = adverse_event_report(
            actor=actor, patient=patient, clinic=patient.clinic, values=values, task=task
        )
        if report is not None:
            signals.adverse_event_recorded_from_report.send(
                sender=AdverseEvent, actor=actor, report=report, event=event
            )
    return event
