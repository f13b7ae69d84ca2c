"""The database itself refuses to change a signed session record (raw SQL, any writer), on
SQLite and PostgreSQL; what is legitimately written after signing still works: the doctor's
co-signature, addenda, an adverse event's resolution and acknowledgement."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from picoclinic.treatments.models import (
    Addendum,
    AdverseEvent,
    ChecklistItem,
    ImmediateResponse,
    SessionScreening,
    SessionStatus,
    SettingsEntry,
    TreatmentPolicy,
    TreatmentSession,
)
from picoclinic.treatments.models.db_lock import RecordLock
from picoclinic.treatments.services.record import adverse_event_record
from picoclinic.treatments.services.sign import addendum_add, session_cosign, session_sign
from tests.treatments import helpers as h

PARTS = (SessionScreening, ChecklistItem, SettingsEntry, ImmediateResponse)


def _raw(sql: str, params=()) -> None:
    # A savepoint, so the refused statement leaves the test's transaction usable (PostgreSQL).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, list(params))


def _refused(sql: str, params=()) -> bool:
    try:
        _raw(sql, params)
    except DatabaseError as error:
        return "signed session records cannot be changed" in str(error)
    return False


def _other_value(field, current):
    """A value of the column's type that differs from ``current``."""
    kind = field.get_internal_type()
    if kind == "BooleanField":
        return not current
    if kind in {"CharField", "TextField"}:
        return "x" if current != "x" else "y"
    if kind == "JSONField":
        return '{"changed": true}'
    if kind == "DateTimeField":
        return (current or timezone.now()) + timedelta(hours=1)
    if kind == "DateField":
        return (current or date(2026, 1, 1)) + timedelta(days=1)
    if kind == "DecimalField":
        return (current or Decimal(0)) + 1
    return (current or 0) + 7  # integers and foreign keys (the trigger runs before FK checks)


def _every_locked_column_refused(obj) -> list[str]:
    """Columns of ``obj``'s row a raw UPDATE could change (expected: none but the writable)."""
    model = type(obj)
    lock = next(c for c in model._meta.constraints if isinstance(c, RecordLock))
    writable = {model._meta.get_field(name).column for name in lock.writable}
    table = connection.ops.quote_name(model._meta.db_table)
    changed = []
    for field in model._meta.local_concrete_fields:
        if field.column in writable:
            continue
        value = field.get_db_prep_value(
            _other_value(field, getattr(obj, field.attname)), connection
        )
        column = connection.ops.quote_name(field.column)
        sql = f"UPDATE {table} SET {column} = %s WHERE id = %s"
        if not _refused(sql, [value, obj.pk]):
            changed.append(field.column)
    return changed


@pytest.fixture
def signed(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    TreatmentPolicy.objects.create(clinic=world.clinic_a, cosign_all_sessions=True)
    session = h.treated(world, h.started(world))
    adverse_event_record(
        actor=world.practitioner,
        session=session,
        values={
            "kind": "prolonged_erythema",
            "grade": 1,
            "onset_at": timezone.now() - timedelta(minutes=5),
            "description": "Erythema beyond the treated area.",
            "settings_entry": None,
        },
    )
    return session_sign(actor=world.practitioner, session=session)


def test_every_column_of_a_signed_session_and_its_parts_is_refused(signed):
    assert _every_locked_column_refused(TreatmentSession.objects.get(pk=signed.pk)) == []
    for model in PARTS:
        for part in model.objects.filter(session=signed):
            assert part.sealed
            assert _every_locked_column_refused(part) == [], model.__name__
    event = AdverseEvent.objects.get(session=signed)
    assert _every_locked_column_refused(event) == []


def test_rows_of_a_signed_session_cannot_be_deleted(signed):
    for table in (
        "treatments_checklistitem",
        "treatments_sessionscreening",
        "treatments_settingsentry",
        "treatments_immediateresponse",
        "treatments_adverseevent",
    ):
        assert _refused(f"DELETE FROM {table} WHERE session_id = %s", [signed.pk]), table
    assert _refused("DELETE FROM treatments_treatmentsession WHERE id = %s", [signed.pk])
    assert _refused(
        "UPDATE treatments_treatmentsession SET status = 'open' WHERE id = %s", [signed.pk]
    )
    assert TreatmentSession.objects.get(pk=signed.pk).status == SessionStatus.SIGNED


def test_an_open_session_is_freely_written(world):
    session = h.treated(world, h.started(world))
    _raw(
        "UPDATE treatments_immediateresponse SET pain_score = 5 WHERE session_id = %s", [session.pk]
    )
    _raw("DELETE FROM treatments_settingsentry WHERE session_id = %s", [session.pk])
    assert ImmediateResponse.objects.get(session=session).pain_score == 5


def test_co_signature_addenda_and_resolution_still_work(world, signed):
    # The doctor co-signs (three writable columns of the signed row).
    cosigned = session_cosign(actor=world.doctor, session=signed)
    assert TreatmentSession.objects.get(pk=signed.pk).cosigned_by == world.doctor
    # An addendum is a new row; once written it is append-only in the database too.
    addendum = addendum_add(actor=world.practitioner, session=cosigned, text="Cooling: 10 min.")
    assert _refused("UPDATE treatments_addendum SET text = 'x' WHERE id = %s", [addendum.pk])
    assert _refused("DELETE FROM treatments_addendum WHERE id = %s", [addendum.pk])
    assert Addendum.objects.get(pk=addendum.pk).text == "Cooling: 10 min."
    # The event seen in the session is resolved later, even in raw SQL; its kind never changes.
    event = AdverseEvent.objects.get(session=signed)
    _raw(
        "UPDATE treatments_adverseevent SET resolved = %s, resolution_note = 'settled' "
        "WHERE id = %s",
        [True, event.pk],
    )
    assert AdverseEvent.objects.get(pk=event.pk).resolved
    assert _refused("UPDATE treatments_adverseevent SET grade = 3 WHERE id = %s", [event.pk])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables to alter them")
def test_the_locks_survive_a_rebuild_of_the_table(transactional_db, world, signed):
    """A later migration that rebuilds a table (SQLite's way of altering one) keeps the lock:
    the triggers are rendered from the models' constraints again, and no trigger names
    another table (which would break the rebuild of that table)."""
    with connection.schema_editor() as editor:
        editor._remake_table(TreatmentSession)
        editor._remake_table(ChecklistItem)
    assert _refused("UPDATE treatments_treatmentsession SET areas = 'x' WHERE id = %s", [signed.pk])
    assert _refused("DELETE FROM treatments_checklistitem WHERE session_id = %s", [signed.pk])


def test_the_migration_can_be_reversed_and_applied_again(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate([("treatments", "0001_initial")])
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("treatments"))
    assert "sealed" in {f.name for f in ChecklistItem._meta.get_fields()}
