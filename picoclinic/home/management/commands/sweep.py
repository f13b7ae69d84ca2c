"""Run the safety nets behind the queued tasks: every ``send_due_*`` command, and the audit
trail's sealing into its hash chain, once or on a timer. ``picoclinic serve`` runs it every few
minutes beside the task worker, so reminders, recalls and aftercare whose task was lost still go
out without cron; each sweep is idempotent (what was sent is marked in the sending
transaction)."""

from __future__ import annotations

import logging
import time

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from picoclinic.env import env_int

logger = logging.getLogger(__name__)

PREFIX = "send_due_"
# Beside the sends: link the audit entries written since the last sweep into the hash chain.
ALSO = ["audit_seal"]
SWEEP_SECONDS = env_int("SWEEP_SECONDS", 300, minimum=30)


def sweep_commands() -> list[str]:
    """The installed safety-net commands, in a stable order."""
    names = get_commands()
    return sorted(name for name in names if name.startswith(PREFIX)) + [
        name for name in ALSO if name in names
    ]


class Command(BaseCommand):
    help = "Send what is due and was not sent (reminders, recalls, aftercare): once or every N s."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            help="Repeat every this many seconds (0: run once and stop).",
        )

    def handle(self, *args, every: int, **options):
        while True:
            self._sweep_once()
            if every <= 0:
                return
            time.sleep(every)

    def _sweep_once(self) -> None:
        for name in sweep_commands():
            try:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
            except Exception as error:  # one failing sweep must not stop the others
                # The exception's type only: its message could carry patient data.
                logger.error("sweep %s failed: %s", name, type(error).__name__)
