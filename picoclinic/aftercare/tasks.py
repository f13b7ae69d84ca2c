"""Background tasks of the aftercare app (django-tasks: the database queue, or RQ)."""

from __future__ import annotations

from django_tasks import task

from picoclinic.aftercare.services import aftercare_send


@task()
def send_aftercare(sheet_id: int) -> str:
    """Send one issued aftercare sheet to its patient, at most once (see ``aftercare_send``)."""
    return aftercare_send(sheet_id=sheet_id)
