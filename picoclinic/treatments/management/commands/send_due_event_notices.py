"""Tell the doctors of serious adverse events whose notification task never ran: the safety
net behind the task queued when the event was recorded (``picoclinic sweep`` runs it)."""

from django.core.management.base import BaseCommand

from picoclinic.treatments.services.events import (
    NOTIFIED,
    adverse_event_notify,
    events_unnotified,
)


class Command(BaseCommand):
    help = "Notify doctors of serious adverse events not notified yet (safe to run any time)."

    def handle(self, *args, **options):
        sent = sum(adverse_event_notify(event_id=pk) == NOTIFIED for pk in events_unnotified())
        self.stdout.write(f"{sent} serious adverse event notice(s) sent.")
