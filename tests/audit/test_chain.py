"""The audit trail is tamper-evident: a hash chain over the entries (audit/chain.py) shows an
entry changed, removed, inserted or reordered directly in the database, and the exported head
shows a chain recomputed after the fact (issue #18, item 3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from picoclinic.audit.chain import GRACE, seal, verify
from picoclinic.audit.models import AuditAction, AuditEvent, AuditLink
from picoclinic.audit.services import audit_record
from picoclinic.audit.triggers import lifted

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def entries(world) -> list[AuditEvent]:
    made = [
        audit_record(
            actor=world.doctor,
            action=AuditAction.VIEW,
            summary=f"Opened chart {n}",
            patient=world.patient_a,
            clinic=world.clinic_a,
        )
        for n in range(5)
    ]
    assert seal(grace=timedelta(0)) == AuditEvent.objects.count()  # the world's own entries too
    return made


def _kinds(report) -> list[tuple[str, int]]:
    return [(finding.kind, finding.event_id) for finding in report.findings]


def test_an_untouched_trail_verifies_and_later_entries_wait_for_their_seal(world, entries):
    report = verify()
    assert report.intact
    assert report.chained == AuditEvent.objects.count()
    assert report.unsealed == 0
    assert report.head_id == entries[-1].pk
    audit_record(actor=world.doctor, action=AuditAction.VIEW, summary="Opened plan")
    assert seal() == 0  # younger than the grace period: its transaction may still be open
    assert verify().unsealed == 1
    assert seal(now=timezone.now() + GRACE + timedelta(seconds=1)) == 1
    assert verify().intact
    assert verify().chained == AuditEvent.objects.count()


def test_sealing_stops_at_the_first_young_entry_so_none_is_skipped(world, entries):
    young = audit_record(actor=world.doctor, action=AuditAction.VIEW, summary="young")
    older_after = audit_record(actor=world.doctor, action=AuditAction.VIEW, summary="later id")
    lifted(
        f"UPDATE {TABLE} SET at = %s WHERE id = %s", [timezone.now() - GRACE * 2, older_after.pk]
    )
    assert seal() == 0  # the older entry waits behind the young one's id
    assert not AuditLink.objects.filter(event_id__in=[young.pk, older_after.pk]).exists()


def test_an_entry_changed_in_the_database_is_found(entries):
    lifted(f"UPDATE {TABLE} SET summary = 'Nothing to see' WHERE id = %s", [entries[2].pk])
    assert _kinds(verify()) == [("changed", entries[2].pk)]
    with pytest.raises(CommandError, match="does not verify"):
        call_command("audit_verify")


def test_an_entry_removed_in_the_database_is_found(entries):
    lifted(f"DELETE FROM {TABLE} WHERE id = %s", [entries[1].pk])
    assert _kinds(verify()) == [("removed", entries[1].pk)]


def test_entries_swapped_in_the_database_are_found(entries):
    first, second = entries[0], entries[3]
    lifted(f"UPDATE {TABLE} SET summary = %s WHERE id = %s", [second.summary, first.pk])
    lifted(f"UPDATE {TABLE} SET summary = %s WHERE id = %s", [first.summary, second.pk])
    assert _kinds(verify()) == [("changed", first.pk), ("changed", second.pk)]


def _insert(event_id: int, summary: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (id, at, actor_label, action, object_type, object_id, "
            "summary, changes) VALUES (%s, %s, '', 'view', '', '', %s, '{}')",
            [event_id, timezone.now() - GRACE * 2, summary],
        )


def test_an_entry_slipped_in_below_the_head_is_found(entries):
    # Leave a gap in the ids, chain past it, then fill the gap behind the application's back.
    gap = entries[-1].pk + 5
    _insert(gap, "after the gap")
    assert seal() == 1
    _insert(gap - 2, "slipped in")
    assert _kinds(verify()) == [("inserted", gap - 2)]


def test_a_chain_recomputed_after_a_change_is_caught_by_the_exported_head(entries):
    exported = verify()
    expect = (exported.head_id, exported.head_hash)
    # Someone with the database's keys changes an entry and rebuilds every link after it.
    lifted(f"UPDATE {TABLE} SET summary = 'rewritten' WHERE id = %s", [entries[0].pk])
    lifted("DELETE FROM audit_auditlink")
    seal(grace=timedelta(0))
    assert verify().intact  # on its own the chain looks whole again
    assert _kinds(verify(expect=expect)) == [("head", expect[0])]
    with pytest.raises(CommandError, match="does not verify"):
        call_command("audit_verify", expect=f"{expect[0]}:{expect[1]}")


def test_the_command_prints_the_head_and_refuses_a_malformed_one(entries, capsys):
    call_command("audit_verify", head=True)
    printed = capsys.readouterr().out
    assert f'"event_id": {entries[-1].pk}' in printed
    call_command("audit_verify")
    chained = AuditEvent.objects.count()
    assert f"The audit trail verifies: {chained} entries chained" in capsys.readouterr().out
    with pytest.raises(CommandError, match="ID:HASH"):
        call_command("audit_verify", expect="12:short")


def test_links_are_append_only_and_the_tables_cannot_be_emptied(entries):
    with pytest.raises(PermissionError):
        AuditLink.objects.all().delete()
    statements = ["UPDATE audit_auditlink SET hash = 'x'", "DELETE FROM audit_auditlink"]
    if connection.vendor == "postgresql":  # SQLite has no TRUNCATE; its DELETE is refused above
        statements += [f"TRUNCATE {TABLE} CASCADE", "TRUNCATE audit_auditlink"]
    for sql in statements:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # a flush in an earlier test may have set it
                cursor.execute("SET LOCAL picoclinic.audit_purge = 'off'")
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks in the way
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                cursor.execute(sql)
    assert AuditLink.objects.count() == AuditEvent.objects.count()
    assert verify().intact


def test_the_owner_verifies_in_the_admin_and_a_clinic_admin_may_not(
    admin_client, client, world, entries
):
    page = admin_client.get("/admin/audit/auditevent/verify/")
    assert page.status_code == 200
    assert "The audit trail verifies." in page.content.decode()
    assert f"{entries[-1].pk}:" in page.content.decode()
    assert "Verify the chain" in admin_client.get("/admin/audit/auditevent/").content.decode()
    lifted(f"UPDATE {TABLE} SET summary = 'x' WHERE id = %s", [entries[0].pk])
    body = admin_client.get("/admin/audit/auditevent/verify/").content.decode()
    assert "does NOT verify" in body
    assert f"Entry #{entries[0].pk} was changed" in body
    client.force_login(world.clinic_admin)
    assert client.get("/admin/audit/auditevent/verify/").status_code == 403
