"""Issuing aftercare, sending it once, and the follow-up tasks of the front desk's work list.

The sheet is issued in the transaction that signs the session; it is sent by a background task
queued when that transaction commits (never from inside it, never for a rolled-back signature).
The task claims the sheet under a row lock before handing the message over, so it goes out at
most once whoever runs it and however often.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.aftercare import rules
from picoclinic.aftercare.content import (
    ClinicalInputError,
    case_for,
    plan_for,
    sheet_content,
    sheet_text,
    sms_text,
)
from picoclinic.aftercare.models import AftercareSheet, FollowUpTask, TaskStatus
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.notifications.once import send_once
from picoclinic.notifications.sms import sms_sender
from picoclinic.scheduling.selectors import appointments_upcoming
from picoclinic.treatments.errors import TreatmentError

logger = logging.getLogger(__name__)

AFTERCARE_PROBLEM = "The aftercare could not be generated: {message}"
TASK_ALREADY_DONE = "This task is already done."
SENT = "sent"
ALREADY_SENT = "already sent"
NO_SHEET = "no such sheet"
NO_CONTACT = "no contact details"
EMAIL_SUBJECT = "Your aftercare from {clinic}"
# The queued task normally sends within seconds; the sweep leaves it this long first.
SWEEP_GRACE = timedelta(minutes=10)


class AftercareError(TreatmentError):
    """A refusal of the aftercare app (a session's signing shows it like its own)."""


def _next_appointment(session, now: datetime):
    upcoming = appointments_upcoming(patient=session.patient, now=now, limit=3)
    return next((a for a in upcoming if a.pk != session.appointment_id), None)


def aftercare_issue(*, actor: User, session, now: datetime | None = None) -> AftercareSheet:
    """Issue the core's aftercare for a signed session (idempotent: one sheet per session).

    Invariants: dates count from the session's clinic-calendar day; the next booked
    appointment, if any, and the clinic's contact are part of the sheet; sending is queued for
    after the surrounding transaction commits. Call inside that transaction.
    """
    now = now or timezone.now()
    existing = AftercareSheet.objects.filter(session=session).first()
    if existing is not None:
        return existing
    case = case_for(session)
    try:
        plan = plan_for(case)
    except ClinicalInputError as error:
        raise AftercareError(AFTERCARE_PROBLEM.format(message=error.message)) from None
    following = _next_appointment(session, now)
    next_at = following.starts_at if following else None
    sheet = AftercareSheet.objects.create(
        session=session,
        patient=session.patient,
        clinic=session.clinic,
        treated_on=case.treated_on,
        indication=case.indication,
        body_site=case.body_site,
        fitzpatrick=case.fitzpatrick,
        fractional=case.fractional,
        periocular=case.periocular,
        tattoo_ink_cosmetic=case.tattoo_ink_cosmetic,
        content=sheet_content(plan, case=case, clinic=session.clinic, next_at=next_at),
        text=sheet_text(plan, clinic=session.clinic, next_at=next_at),
        next_appointment_at=next_at,
        issued_by=actor,
        issued_at=now,
    )
    _audit(actor, sheet, AuditAction.CREATE, "Aftercare issued")
    aftercare_schedule_send(sheet)
    return sheet


def aftercare_schedule_send(sheet: AftercareSheet) -> None:
    """Queue the sending task once the current transaction commits (not at all on rollback)."""
    from picoclinic.aftercare.tasks import send_aftercare

    sheet_id = sheet.pk
    transaction.on_commit(lambda: send_aftercare.enqueue(sheet_id))


def _audit(actor: User, sheet: AftercareSheet, action: AuditAction, summary: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=sheet,
        patient=sheet.patient,
        clinic=sheet.clinic,
        summary=summary,
    )


def aftercare_send(*, sheet_id: int, now: datetime | None = None) -> str:
    """Send one sheet to its patient if not sent yet; returns the outcome (words, no patient
    data). Invariant: at most once per sheet, the claim committed before delivery starts."""

    def why_not(sheet):
        if sheet.delivery_claimed_at is not None:
            return ALREADY_SENT
        if not (sheet.patient.email or sheet.patient.phone):
            return NO_CONTACT
        return None

    def addresses(sheet):
        sheet.emailed_to, sheet.texted_to = sheet.patient.email, sheet.patient.phone
        return ["emailed_to", "texted_to"]

    return send_once(
        AftercareSheet.objects.select_related("patient", "clinic"),
        sheet_id,
        sent_field="delivery_claimed_at",
        now=now or timezone.now(),
        why_not=why_not,
        summary="Aftercare sent to the patient",
        deliver=lambda sheet: lambda: _deliver(sheet),
        sent=SENT,
        missing=NO_SHEET,
        also_saved=addresses,
    )


def aftercare_unsent(*, now: datetime | None = None) -> list[int]:
    """Sheets issued more than ``SWEEP_GRACE`` ago and never claimed for sending, to a patient
    with an e-mail or phone (any clinic, oldest first; one query)."""
    now = now or timezone.now()
    return list(
        AftercareSheet.objects.filter(
            delivery_claimed_at__isnull=True, issued_at__lte=now - SWEEP_GRACE
        )
        .exclude(patient__email="", patient__phone="")
        .order_by("issued_at", "id")
        .values_list("pk", flat=True)
    )


def _deliver(sheet: AftercareSheet) -> None:
    try:
        if sheet.emailed_to:
            _email(sheet)
        if sheet.texted_to:
            body = sheet.text if not sheet.emailed_to else _short_sms(sheet)
            sms_sender().send(to=sheet.texted_to, body=body)
    except Exception:
        # Recorded as sent (never twice beats maybe twice); say which one failed, not to whom.
        logger.exception("Aftercare delivery failed for sheet %s", sheet.pk)


def _email(sheet: AftercareSheet) -> None:
    from picoclinic.aftercare.pdf import sheet_pdf

    message = EmailMessage(
        subject=EMAIL_SUBJECT.format(clinic=sheet.clinic.name),
        body=sheet.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[sheet.emailed_to],
    )
    message.attach(
        f"aftercare-{sheet.treated_on:%Y-%m-%d}.pdf", sheet_pdf(sheet), "application/pdf"
    )
    message.send()


def _short_sms(sheet: AftercareSheet) -> str:
    return sms_text(plan_for(case_from_sheet(sheet)), clinic=sheet.clinic)


def case_from_sheet(sheet: AftercareSheet):
    from picoclinic.aftercare.content import Case

    return Case(
        indication=sheet.indication,
        body_site=sheet.body_site,
        fitzpatrick=sheet.fitzpatrick,
        treated_on=sheet.treated_on,
        fractional=sheet.fractional,
        periocular=sheet.periocular,
        tattoo_ink_cosmetic=sheet.tattoo_ink_cosmetic,
    )


# --- Follow-up tasks ------------------------------------------------------------------------


def followups_create(*, session) -> list[FollowUpTask]:
    """Create the follow-up tasks of a signed session by the rules (one per session and kind;
    calling again adds nothing). Call inside the signing transaction."""
    from picoclinic.aftercare.facts import session_facts

    facts = session_facts(session)
    existing = set(FollowUpTask.objects.filter(session=session).values_list("kind", flat=True))
    made = [
        FollowUpTask(
            clinic=session.clinic,
            patient=session.patient,
            session=session,
            kind=task.kind,
            due_on=task.due_on,
            reason=task.reason,
        )
        for task in rules.followups_for(facts)
        if task.kind not in existing
    ]
    FollowUpTask.objects.bulk_create(made)
    if made:
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            obj=session,
            patient=session.patient,
            clinic=session.clinic,
            summary=f"{len(made)} follow-up task(s) created",
        )
    return made


def task_done(*, actor: User, task: FollowUpTask, note: str = "", now: datetime | None = None):
    """Mark a task done with an optional note. Invariant: done once, by a named user."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            FollowUpTask.objects.select_for_update(of=("self",))
            .select_related("patient", "clinic")
            .get(pk=task.pk)
        )
        if locked.status == TaskStatus.DONE:
            raise AftercareError(TASK_ALREADY_DONE)
        locked.status = TaskStatus.DONE
        locked.done_by, locked.done_at, locked.done_note = actor, now, note.strip()
        locked.save(update_fields=["status", "done_by", "done_at", "done_note"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            patient=locked.patient,
            clinic=locked.clinic,
            summary=f"Follow-up task done: {locked.kind}",
        )
    return locked


def aftercare_pdf_downloaded(*, actor: User, sheet: AftercareSheet) -> None:
    """Record that ``actor`` downloaded the aftercare sheet's PDF."""
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=sheet,
        patient=sheet.patient,
        clinic=sheet.clinic,
        summary="Aftercare PDF downloaded",
    )
