"""Writes of the portal: a patient's side-effect report, and what staff make of it. Each in one
transaction with its audit entry (no free text in the summary)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.models import Membership, User
from picoclinic.accounts.roles import Capability, role_can
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.portal.models import ReportStatus, SideEffectReport
from picoclinic.web.refusals import Refused

NOT_A_CLINICIAN = "Only a practitioner or doctor of this clinic can close a report."
ALREADY_HANDLED = "This report was already handled."
NOTE_REQUIRED = "Say why no adverse event is recorded, for the record."
NOT_A_CLINICIAN_ACK = _("Only a practitioner or doctor of this clinic can acknowledge a report.")
ALREADY_ACKNOWLEDGED = _("{name} already acknowledged this report.")


class ReportRefused(Refused):
    """A side-effect report action the rules do not allow; ``message`` is for the user."""


def side_effect_report(*, user, patient, values: dict) -> SideEffectReport:
    """The patient ``patient`` (logged in as ``user``) tells the clinic of a side effect.

    Invariants: audited without the patient's words; after commit the clinic's practitioners
    and doctors are alerted and the escalation is queued for the clinic's time
    (``alerts.report_alerts_schedule``)."""
    from picoclinic.portal.alerts import report_alerts_schedule

    with transaction.atomic():
        report = SideEffectReport.objects.create(
            patient=patient,
            clinic=patient.clinic,
            kind=values["kind"],
            started_on=values["started_on"],
            description=values["description"].strip(),
            session=values.get("session"),
        )
        audit_record(
            actor=user,
            action=AuditAction.CREATE,
            obj=report,
            patient=patient,
            clinic=patient.clinic,
            summary=f"Side-effect report {report.pk} sent from the portal",
        )
        report_alerts_schedule(report)
    return report


def report_lock_new(report: SideEffectReport) -> SideEffectReport:
    locked = SideEffectReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != ReportStatus.NEW:
        raise ReportRefused(ALREADY_HANDLED)
    return locked


def _clinician(actor: User, report: SideEffectReport) -> bool:
    membership = Membership.objects.filter(user=actor, clinic=report.clinic, is_active=True).first()
    return membership is not None and role_can(membership.role, Capability.CONSULT)


def _handled(report: SideEffectReport, actor: User, status: ReportStatus, what: str) -> None:
    report.status = status
    report.handled_by = actor
    report.handled_at = timezone.now()
    if report.acknowledged_at is None:  # taking it up is acknowledging it
        report.acknowledged_by, report.acknowledged_at = actor, report.handled_at
    report.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=report,
        patient=report.patient,
        clinic=report.clinic,
        summary=f"Side-effect report {report.pk} {what}",
    )


def report_recorded(*, actor: User, report: SideEffectReport, event) -> None:
    """Staff recorded ``report`` as the adverse event ``event`` (in the event's transaction)."""
    locked = report_lock_new(report)
    locked.adverse_event = event
    _handled(locked, actor, ReportStatus.RECORDED, f"recorded as adverse event {event.pk}")


def report_close(*, actor: User, report: SideEffectReport, note: str) -> SideEffectReport:
    """A clinician closes ``report`` without an adverse event, with a required note."""
    note = note.strip()
    if not note:
        raise ReportRefused(NOTE_REQUIRED)
    with transaction.atomic():
        locked = report_lock_new(report)
        if not _clinician(actor, locked):
            raise ReportRefused(NOT_A_CLINICIAN)
        locked.handled_note = note
        _handled(locked, actor, ReportStatus.CLOSED, "closed without an adverse event")
    return locked


def report_acknowledge(
    *, actor: User, report: SideEffectReport, now: datetime | None = None
) -> SideEffectReport:
    """A named clinician of the report's clinic says they have it in hand: the escalation stops.

    Invariants: a practitioner or doctor of that clinic; a report not yet handled; once (a
    second acknowledgement names the first); audited in the same transaction."""
    with transaction.atomic():
        locked = report_lock_new(report)
        if not _clinician(actor, locked):
            raise ReportRefused(str(NOT_A_CLINICIAN_ACK))
        if locked.acknowledged_by_id is not None:
            name = locked.acknowledged_by.full_name or locked.acknowledged_by.email
            raise ReportRefused(str(ALREADY_ACKNOWLEDGED).format(name=name))
        locked.acknowledged_by, locked.acknowledged_at = actor, now or timezone.now()
        locked.save(update_fields=["acknowledged_by", "acknowledged_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            patient=locked.patient,
            clinic=locked.clinic,
            summary=f"Side-effect report {locked.pk} acknowledged",
        )
    return locked
