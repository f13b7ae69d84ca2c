"""``picoclinic backup FILE``: the database and the photographs in one archive (home/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from picoclinic.env import env_str
from picoclinic.home.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the media into one archive, optionally encrypted with age."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", help="Where to write the archive, e.g. backup-2026-12-07.tar"
        )
        parser.add_argument(
            "--recipient",
            default=env_str("PICOCLINIC_BACKUP_RECIPIENT") or "",
            help="Encrypt to this age public key (age1...; default PICOCLINIC_BACKUP_RECIPIENT).",
        )

    def handle(self, *args, archive: str, recipient: str, **options):
        try:
            manifest = backup(Path(archive), recipient=recipient)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = sum(f["size"] for f in manifest["files"].values())
        sealed = "encrypted" if recipient else "NOT encrypted: keep it somewhere safe"
        self.stdout.write(
            f"Backed up {len(manifest['files'])} files ({size / 1e6:.1f} MB, {manifest['vendor']}) "
            f"to {archive}, {sealed}."
        )
