"""A patient's side-effect report is an alert that reaches a person.

- At once: the clinic's practitioners and doctors are e-mailed, once, after the report
  commits (``notifications.once.send_once``: claimed under the row's lock, delivered after commit).
- Unacknowledged after the clinic's set time (``SideEffectAlertPolicy``, default 60 minutes):
  the clinic's doctors and admins are e-mailed, once.

Both go from tasks queued on commit (the escalation with ``run_after``); the
``send_due_side_effect_alerts`` sweep sends whatever a lost task left behind. The e-mails carry
the patient's number, whether the report is urgent and a link: no name, no patient's words.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from picoclinic.accounts.roles import Capability
from picoclinic.accounts.selectors import staff_emails
from picoclinic.notifications.messages import deliver_to_staff
from picoclinic.notifications.once import send_once
from picoclinic.portal.models import ReportStatus, SideEffectAlertPolicy, SideEffectReport

ALERTED = "alerted"
ALREADY_ALERTED = "already alerted"
ESCALATED = "escalated"
ALREADY_ESCALATED = "already escalated"
HANDLED = "acknowledged or handled"
NOT_DUE = "not due"
NO_REPORT = "no such report"
# The queued alert normally goes within seconds; the sweep leaves it this long first.
SWEEP_GRACE = timedelta(minutes=5)

ALERT_TO = {Capability.CONSULT}  # practitioners and doctors
ESCALATE_TO = {Capability.REVIEW_PLANS, Capability.CONFIGURE_CLINIC}  # doctors and admins


def policy_for(clinic) -> SideEffectAlertPolicy:
    """The clinic's alert policy, or the defaults (not saved) when it has none."""
    policy = SideEffectAlertPolicy.objects.filter(clinic=clinic).first()
    return policy or SideEffectAlertPolicy(clinic=clinic)


def escalation_due_at(report: SideEffectReport, policy: SideEffectAlertPolicy) -> datetime:
    return report.reported_at + policy.escalate_after


def report_alerts_schedule(report: SideEffectReport) -> None:
    """Queue the alert now and the escalation at its time, once the current transaction
    commits (nothing on rollback). Call inside the transaction that saves the report."""
    from picoclinic.portal.tasks import alert_staff_of_report, escalate_report

    report_id, due = report.pk, escalation_due_at(report, policy_for(report.clinic))
    transaction.on_commit(lambda: alert_staff_of_report.enqueue(report_id))
    # A backend that cannot wait (the immediate one) runs it now: "not due", and the sweep
    # escalates in time.
    later = (
        escalate_report.using(run_after=due)
        if escalate_report.get_backend().supports_defer
        else escalate_report
    )
    transaction.on_commit(lambda: later.enqueue(report_id))


def _deliver(
    capabilities: set[Capability], *, escalation: bool
) -> Callable[[SideEffectReport], Callable[[], None]]:
    """``send_once``'s ``deliver``: the alert (or escalation) e-mail to the clinic's staff with
    ``capabilities``, built under the lock and sent after commit."""

    def deliver(report: SideEffectReport) -> Callable[[], None]:
        message = _message(report, escalation=escalation)
        recipients = staff_emails(clinic=report.clinic, capabilities=capabilities)
        return lambda: deliver_to_staff(message, recipients, what="side-effect alert", pk=report.pk)

    return deliver


def _rows():
    return SideEffectReport.objects.select_related("clinic", "patient")


def _waiting(report: SideEffectReport) -> bool:
    return report.status == ReportStatus.NEW and report.acknowledged_at is None


def report_alert(*, report_id: int, now: datetime | None = None) -> str:
    """Tell the clinic's practitioners and doctors of a new report, once. Invariant: the claim
    commits before the e-mail goes (never twice beats maybe twice); nothing for a report a
    clinician already took up."""

    def why_not(report):
        if report.staff_alerted_at is not None:
            return ALREADY_ALERTED
        return None if _waiting(report) else HANDLED

    return send_once(
        _rows(),
        report_id,
        sent_field="staff_alerted_at",
        now=now or timezone.now(),
        why_not=why_not,
        summary=f"Practitioners and doctors alerted of side-effect report {report_id}",
        deliver=_deliver(ALERT_TO, escalation=False),
        sent=ALERTED,
        missing=NO_REPORT,
    )


def report_escalate(*, report_id: int, now: datetime | None = None) -> str:
    """Tell the clinic's doctors and admins of a report nobody acknowledged within the
    clinic's time, once. Invariants: not before it is due; never for a report acknowledged,
    recorded or closed meanwhile."""
    now = now or timezone.now()

    def why_not(report):
        if report.escalated_at is not None:
            return ALREADY_ESCALATED
        if not _waiting(report):
            return HANDLED
        return NOT_DUE if now < escalation_due_at(report, policy_for(report.clinic)) else None

    return send_once(
        _rows(),
        report_id,
        sent_field="escalated_at",
        now=now,
        why_not=why_not,
        summary=f"Side-effect report {report_id} escalated to doctors and admins",
        deliver=_deliver(ESCALATE_TO, escalation=True),
        sent=ESCALATED,
        missing=NO_REPORT,
    )


def reports_unalerted(*, now: datetime | None = None) -> list[int]:
    """Reports waiting for a clinician whose alert never went (any clinic, oldest first;
    one query)."""
    now = now or timezone.now()
    return list(
        SideEffectReport.objects.filter(
            status=ReportStatus.NEW,
            acknowledged_at__isnull=True,
            staff_alerted_at__isnull=True,
            reported_at__lte=now - SWEEP_GRACE,
        )
        .order_by("reported_at", "id")
        .values_list("pk", flat=True)
    )


def reports_to_escalate(*, now: datetime | None = None) -> list[int]:
    """Reports still waiting for a clinician past their clinic's time and not escalated yet
    (any clinic, oldest first; one query)."""
    now = now or timezone.now()
    waiting = (
        SideEffectReport.objects.filter(
            status=ReportStatus.NEW, acknowledged_at__isnull=True, escalated_at__isnull=True
        )
        .select_related("clinic__side_effect_policy")
        .order_by("reported_at", "id")
    )
    return [report.pk for report in waiting if now >= escalation_due_at(report, _policy(report))]


def _policy(report: SideEffectReport) -> SideEffectAlertPolicy:
    try:
        return report.clinic.side_effect_policy
    except SideEffectAlertPolicy.DoesNotExist:
        return SideEffectAlertPolicy(clinic=report.clinic)


def _message(report: SideEffectReport, *, escalation: bool) -> tuple[str, str]:
    path = reverse(
        "side_effects:detail", kwargs={"patient_id": report.patient_id, "report_id": report.pk}
    )
    link = settings.PICOCLINIC_BASE_URL.rstrip("/") + path
    values = {
        "number": report.patient.patient_number,
        "clinic": report.clinic.name,
        "link": link,
        "minutes": policy_for(report.clinic).escalate_after_minutes,
    }
    urgent = _("Urgent: ") if report.urgent else ""
    if escalation:
        subject = urgent + _("Side-effect report not acknowledged at %(clinic)s") % values
        body = _(
            "A side-effect report from patient %(number)s at %(clinic)s has waited more than "
            "%(minutes)s minutes and no clinician has acknowledged it.\n\n"
            "Please make sure someone takes it up: %(link)s\n"
        )
    else:
        subject = urgent + _("A patient reported a side effect at %(clinic)s") % values
        body = _(
            "Patient %(number)s reported a side effect through the portal at %(clinic)s.\n\n"
            "Please open it, acknowledge it and record or close it: %(link)s\n"
        )
    if report.urgent:
        body += "\n" + _(
            "It is one of the signs the patient was told to phone about now "
            "(an eye problem, infection, blisters or a burn)."
        )
    return subject, body % values
