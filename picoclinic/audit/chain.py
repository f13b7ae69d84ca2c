"""The audit trail's hash chain: evidence of entries changed, removed, inserted or reordered
outside the application.

Each entry gets a link (``AuditLink``): the SHA-256 of the previous link's hash and the entry's
canonical form, in id order, starting from sixty-four zeros. Whoever changes an entry's words,
actor, patient, time or id directly in the database breaks its link; whoever removes an entry
leaves its link without an entry; an entry slipped in below the chain's head has no link.
Someone with the database's keys could recompute every link after a change: the chain's head
(the last link), exported and kept elsewhere (``audit_verify --head``), is what catches that.

Writing an entry never waits for the chain: the booking and signing transactions stay as they
were (no lock shared by every audited write). ``seal`` links the entries older than ``GRACE``,
in id order, stopping at the first younger one, so an entry whose transaction is still open
when its neighbours commit is not skipped. The sweeper seals every few minutes
(``picoclinic sweep``), and ``audit_verify`` seals before it checks. An entry written inside a
transaction that stays open longer than ``GRACE`` (nothing in the application does) would be
reported as inserted below the head.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from picoclinic.audit.models import AuditEvent, AuditLink

GENESIS = "0" * 64
GRACE = timedelta(minutes=5)
BATCH = 2000
_LOCK_KEY = 0x5EA1  # one sealer at a time on PostgreSQL (SQLite writes are serial anyway)


def canonical(event: AuditEvent) -> bytes:
    """Every stored field of the entry, in a fixed order and form."""
    at = event.at.astimezone(UTC).isoformat(timespec="microseconds")
    fields = [
        event.pk,
        at,
        event.actor_id,
        event.actor_label,
        event.action,
        event.clinic_id,
        event.patient_id,
        event.object_type,
        event.object_id,
        event.summary,
        event.changes,
        event.ip_address,
    ]
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def link_hash(previous: str, event: AuditEvent) -> str:
    return hashlib.sha256(previous.encode() + b"\n" + canonical(event)).hexdigest()


def head(*, using: str = "default") -> AuditLink | None:
    return AuditLink.objects.using(using).order_by("-event_id").first()


def seal(*, now: datetime | None = None, grace: timedelta = GRACE) -> int:
    """Link the entries older than ``grace`` not yet linked; returns how many were linked."""
    cutoff = (now or timezone.now()) - grace
    sealed = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
            last = head()
            previous, after = (last.hash, last.event_id) if last else (GENESIS, 0)
            links = []
            for event in AuditEvent.objects.filter(pk__gt=after).order_by("pk")[:BATCH]:
                if event.at >= cutoff:
                    break
                previous = link_hash(previous, event)
                links.append(AuditLink(event_id=event.pk, hash=previous))
            AuditLink.objects.bulk_create(links)
        sealed += len(links)
        if len(links) < BATCH:
            return sealed


@dataclass(frozen=True)
class Finding:
    kind: str  # "changed", "removed", "inserted", "head"
    event_id: int

    def __str__(self) -> str:
        what = {
            "changed": "was changed (its content no longer matches its link)",
            "removed": "was removed (its link remains)",
            "inserted": "was inserted below the chain's head (it has no link)",
            "head": "is not the chain's link for the exported head",
        }[self.kind]
        return f"Entry #{self.event_id} {what}"


@dataclass
class Report:
    chained: int = 0
    unsealed: int = 0
    head_id: int | None = None
    head_hash: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.findings


def _merged(events, links):
    """(id, entry or None, link hash or None) in id order over both tables."""
    event, link = next(events, None), next(links, None)
    while event is not None or link is not None:
        if event is not None and (link is None or event.pk < link[0]):
            yield event.pk, event, None
            event = next(events, None)
        elif link is not None and (event is None or link[0] < event.pk):
            yield link[0], None, link[1]
            link = next(links, None)
        elif event is not None and link is not None:  # the same id in both
            yield event.pk, event, link[1]
            event, link = next(events, None), next(links, None)


def verify(*, expect: tuple[int, str] | None = None, using: str = "default") -> Report:
    """Walk every entry and link in id order; report what does not hold. Ids only: the
    report carries no patient data. ``using``: another database (a restored backup)."""
    report = Report()
    last = head(using=using)
    if last is not None:
        report.head_id, report.head_hash = last.event_id, last.hash
    events = AuditEvent.objects.using(using).order_by("pk").iterator(chunk_size=BATCH)
    links = AuditLink.objects.using(using).order_by("event_id").values_list("event_id", "hash")
    previous = GENESIS
    for event_id, event, stored in _merged(events, links.iterator(chunk_size=BATCH)):
        if stored is None:
            if report.head_id is not None and event_id < report.head_id:
                report.findings.append(Finding("inserted", event_id))
            else:
                report.unsealed += 1
            continue
        if event is None:
            report.findings.append(Finding("removed", event_id))
        elif link_hash(previous, event) != stored:
            report.findings.append(Finding("changed", event_id))
        else:
            report.chained += 1
        previous = stored  # the next link is checked against what is stored
    if expect is not None:
        expected_id, expected_hash = expect
        stored = AuditLink.objects.using(using).filter(event_id=expected_id)
        stored = stored.values_list("hash", flat=True)
        if list(stored) != [expected_hash]:
            report.findings.append(Finding("head", expected_id))
    return report
