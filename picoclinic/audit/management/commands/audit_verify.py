"""Check the audit trail's hash chain: entries changed, removed, inserted or reordered outside
the application. Exits with status 1 when anything does not hold. Prints ids only."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from picoclinic.audit.chain import seal, verify


def _expected(value: str) -> tuple[int, str]:
    event_id, _, digest = value.partition(":")
    if not event_id.isdigit() or len(digest) != 64:
        raise CommandError("--expect takes the exported head as ID:HASH (see --head).")
    return int(event_id), digest.lower()


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; --head prints the head to keep elsewhere."

    def add_arguments(self, parser):
        parser.add_argument(
            "--head", action="store_true", help="Print the chain's head as JSON and stop."
        )
        parser.add_argument(
            "--expect",
            metavar="ID:HASH",
            help="A head exported earlier: the chain must still contain it unchanged.",
        )

    def handle(self, *args, head: bool, expect: str | None, **options):
        expected = _expected(expect) if expect else None
        seal()
        report = verify(expect=expected)
        if head:
            self.stdout.write(json.dumps({"event_id": report.head_id, "hash": report.head_hash}))
            return
        for finding in report.findings:
            self.stderr.write(str(finding))
        summary = (
            f"{report.chained} entries chained, {report.unsealed} newer ones not yet chained; "
            f"head {report.head_id}:{report.head_hash}"
        )
        if not report.intact:
            raise CommandError(f"The audit trail does not verify ({summary}).")
        self.stdout.write(f"The audit trail verifies: {summary}.")
