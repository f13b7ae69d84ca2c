"""Send every appointment reminder that is due and not sent: the periodic safety net behind
the reminder tasks (run it every few minutes from cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from picoclinic.scheduling.reminders import SENT, reminder_send, reminders_due


class Command(BaseCommand):
    help = "Send appointment reminders that are due and were not sent (safe to run any time)."

    def handle(self, *args, **options):
        sent = sum(reminder_send(appointment_id=pk) == SENT for pk in reminders_due())
        self.stdout.write(f"{sent} reminder(s) sent.")
