"""Background tasks of the portal (django-tasks: the database queue, or RQ)."""

from __future__ import annotations

from django_tasks import task

from picoclinic.portal.alerts import report_alert, report_escalate


@task()
def alert_staff_of_report(report_id: int) -> str:
    """Tell the clinic's practitioners and doctors of a side-effect report, once."""
    return report_alert(report_id=report_id)


@task()
def escalate_report(report_id: int) -> str:
    """Tell the doctors and admins of a report nobody acknowledged in time, once."""
    return report_escalate(report_id=report_id)
