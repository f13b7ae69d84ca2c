"""Link the audit entries older than a few minutes into the hash chain (``audit/chain.py``).
The sweeper runs it; run by hand after a bulk load."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand

from picoclinic.audit.chain import GRACE, seal


class Command(BaseCommand):
    help = "Chain the audit entries not yet chained (those older than a few minutes)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Chain every entry, however recent (only when nothing else is writing).",
        )

    def handle(self, *args, now: bool, **options):
        sealed = seal(grace=timedelta(0) if now else GRACE)
        if options["verbosity"] > 1 or sealed:
            self.stdout.write(f"Chained {sealed} audit entr{'y' if sealed == 1 else 'ies'}.")
