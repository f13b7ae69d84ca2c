"""Send every recall reminder that is due and not sent: the periodic safety net behind the
recall tasks (run it daily from cron or a systemd timer; safe to run any time)."""

from django.core.management.base import BaseCommand

from picoclinic.outcomes.recalls import SENT, recall_remind, recalls_due


class Command(BaseCommand):
    help = "Send maintenance recall reminders that are due and were not sent."

    def handle(self, *args, **options):
        sent = sum(recall_remind(recall_id=pk) == SENT for pk in recalls_due())
        self.stdout.write(f"{sent} recall reminder(s) sent.")
