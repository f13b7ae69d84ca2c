"""Send the aftercare of signed sessions whose sending task never ran (a worker down, a queue
lost): the periodic safety net behind the task queued at signing. Run it every few minutes from
cron or a systemd timer; each sheet still goes out at most once (``aftercare_send``)."""

from django.core.management.base import BaseCommand

from picoclinic.aftercare.services import SENT, aftercare_send, aftercare_unsent


class Command(BaseCommand):
    help = "Send aftercare that was issued and never sent (safe to run any time)."

    def handle(self, *args, **options):
        sent = sum(aftercare_send(sheet_id=pk) == SENT for pk in aftercare_unsent())
        self.stdout.write(f"{sent} aftercare sheet(s) sent.")
