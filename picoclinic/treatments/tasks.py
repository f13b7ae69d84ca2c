"""Background tasks of the treatments app (django-tasks: the database queue, or RQ)."""

from __future__ import annotations

from django_tasks import task

from picoclinic.treatments.services.events import adverse_event_notify


@task()
def notify_doctors_of_event(event_id: int) -> str:
    """Tell the clinic's doctors of a serious adverse event, once (``adverse_event_notify``)."""
    return adverse_event_notify(event_id=event_id)
