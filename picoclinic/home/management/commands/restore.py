"""``picoclinic restore FILE``: a backup brought back into an empty installation
(home/backup.py), then the audit trail's chain verified."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from picoclinic.home.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup archive into this installation, whose database must hold no clinic."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--identity", help="The age identity file that decrypts an encrypted archive."
        )

    def handle(self, *args, archive: str, identity: str | None, **options):
        try:
            restored = restore(Path(archive), identity=Path(identity) if identity else None)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the {restored.vendor} database and {restored.files} media files."
        )
        call_command("audit_verify", stdout=self.stdout, stderr=self.stderr)
