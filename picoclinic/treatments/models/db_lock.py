"""Sign-and-lock in the database: triggers that refuse changing a signed session record, for
any writer (raw SQL, another program, a careless migration), on SQLite and PostgreSQL.

One constraint class renders the triggers, declared in each locked model's
``Meta.constraints`` (as ``scheduling.constraints`` does for bookings). Why not a ``RunSQL``:
SQLite alters a table by rebuilding it, which drops its triggers; Django re-renders every
constraint of the rebuilt table, so triggers rendered from a constraint survive every later
migration, and they list the columns the table has then.

What is locked is decided on the row itself (``OLD``), never by looking up another table: a
SQLite trigger naming another table breaks Django's rebuild of that table ("error in trigger
...: no such table" when the rebuilt table is renamed back). So the session row locks on its
``status``, and each part of the record carries ``sealed``, set by the signing transaction.

- UPDATE of a locked row is refused unless only its ``writable`` columns change (the doctor's
  co-signature on a session; the resolution and acknowledgement of an adverse event).
- DELETE of a locked row is refused.
- ``locked_when=None`` locks every row: append-only (addenda).

A data migration that must rewrite locked rows has to drop and re-create these triggers
explicitly (see ``unlock_for_tests`` for the statements); that is deliberate.
"""

from __future__ import annotations

import re

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.backends.ddl_references import Statement, Table
from django.db.models import BaseConstraint

MESSAGE = "signed session records cannot be changed"
_WORD = re.compile(r"^[a-z_]+$")


class RecordLock(BaseConstraint):
    """Refuse UPDATE (beyond ``writable``) and DELETE of rows whose ``locked_when`` field holds
    one of ``locked_values`` (a boolean field: ``locked_values=(True,)``)."""

    def __init__(
        self,
        *,
        name: str,
        locked_when: str | None,
        locked_values: tuple = (True,),
        writable: tuple[str, ...] = (),
        violation_error_message: str | None = None,
    ):
        for value in locked_values:
            if value is not True and not _WORD.match(str(value)):
                raise ValueError(f"Unsupported lock value {value!r}")
        self.locked_when = locked_when
        self.locked_values = tuple(locked_values)
        self.writable = tuple(sorted(writable))
        super().__init__(name=name, violation_error_message=violation_error_message)

    # --- Rendering ----------------------------------------------------------------------------

    def _columns(self, model) -> tuple[list[str], list[str]]:
        """(columns compared on UPDATE, writable columns), by column name."""
        writable = {model._meta.get_field(name).column for name in self.writable}
        compared = [f.column for f in model._meta.local_concrete_fields if f.column not in writable]
        return compared, sorted(writable)

    def _condition(self, model, quote, vendor: str) -> str:
        if self.locked_when is None:
            return "TRUE" if vendor == "postgresql" else "1"
        column = f"OLD.{quote(model._meta.get_field(self.locked_when).column)}"
        if self.locked_values == (True,):
            return column
        values = ", ".join(f"'{value}'" for value in self.locked_values)
        return f"{column} IN ({values})"

    def _sqlite(self, model, quote) -> list[Statement]:
        compared, _ = self._columns(model)
        changed = " OR ".join(f"NEW.{quote(c)} IS NOT OLD.{quote(c)}" for c in compared)
        locked = self._condition(model, quote, "sqlite")
        abort = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        table = Table(model._meta.db_table, quote)
        return [
            Statement(
                f"CREATE TRIGGER %(name)s BEFORE UPDATE ON %(table)s FOR EACH ROW "
                f"WHEN ({locked}) AND ({changed}) {abort}",
                name=quote(f"{self.name}_upd"),
                table=table,
            ),
            Statement(
                f"CREATE TRIGGER %(name)s BEFORE DELETE ON %(table)s FOR EACH ROW "
                f"WHEN ({locked}) {abort}",
                name=quote(f"{self.name}_del"),
                table=table,
            ),
        ]

    def _postgres(self, model, quote) -> list[Statement]:
        _, writable = self._columns(model)
        keep_out = "ARRAY[" + ", ".join(f"'{c}'" for c in writable) + "]::text[]"
        locked = self._condition(model, quote, "postgresql")
        raise_ = f"RAISE EXCEPTION '{MESSAGE}'"
        # The row as JSON without the writable columns: any other difference is a change, so a
        # column added later is locked too without re-rendering.
        function = (
            f"CREATE OR REPLACE FUNCTION %(name)s() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF TG_OP = 'DELETE' THEN IF {locked} THEN {raise_}; END IF; RETURN OLD; "
            f"END IF; IF ({locked}) AND (to_jsonb(NEW) - {keep_out}) IS DISTINCT FROM "
            f"(to_jsonb(OLD) - {keep_out}) THEN {raise_}; END IF; RETURN NEW; END $$"
        )
        return [
            Statement(function, name=quote(self.name)),
            Statement(
                "CREATE TRIGGER %(name)s BEFORE UPDATE OR DELETE ON %(table)s "
                "FOR EACH ROW EXECUTE FUNCTION %(name)s()",
                name=quote(self.name),
                table=Table(model._meta.db_table, quote),
            ),
        ]

    def create_statements(self, model, vendor: str, quote) -> list[Statement]:
        if vendor == "sqlite":
            return self._sqlite(model, quote)
        if vendor == "postgresql":
            return self._postgres(model, quote)
        raise NotImplementedError(f"No record lock for {vendor}: add one before using it")

    def drop_statements(self, model, vendor: str, quote) -> list[str]:
        if vendor == "sqlite":
            return [f"DROP TRIGGER IF EXISTS {quote(f'{self.name}_{s}')}" for s in ("upd", "del")]
        table = quote(model._meta.db_table)
        return [
            f"DROP TRIGGER IF EXISTS {quote(self.name)} ON {table}",
            f"DROP FUNCTION IF EXISTS {quote(self.name)}()",
        ]

    # --- DDL ----------------------------------------------------------------------------------

    def constraint_sql(self, model, schema_editor):
        # Triggers cannot sit inside CREATE TABLE: they run once the table exists (after a
        # SQLite rebuild, once it is renamed back: Django renames tables in deferred SQL).
        vendor, quote = schema_editor.connection.vendor, schema_editor.quote_name
        schema_editor.deferred_sql.extend(self.create_statements(model, vendor, quote))
        return None

    def create_sql(self, model, schema_editor):
        vendor, quote = schema_editor.connection.vendor, schema_editor.quote_name
        first, *rest = self.create_statements(model, vendor, quote)
        schema_editor.deferred_sql.extend(rest)
        return first

    def remove_sql(self, model, schema_editor):
        # Only PostgreSQL gets here (SQLite removes a constraint by rebuilding the table).
        vendor, quote = schema_editor.connection.vendor, schema_editor.quote_name
        first, *rest = self.drop_statements(model, vendor, quote)
        schema_editor.deferred_sql.extend(rest)
        return first

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        return None  # the models refuse first, with a clear message (see ``locking``)

    def __eq__(self, other):
        if not isinstance(other, RecordLock):
            return NotImplemented
        return (self.name, self.locked_when, self.locked_values, self.writable) == (
            other.name,
            other.locked_when,
            other.locked_values,
            other.writable,
        )

    __hash__ = BaseConstraint.__hash__

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs |= {"locked_when": self.locked_when}
        if self.locked_values != (True,):
            kwargs["locked_values"] = self.locked_values
        if self.writable:
            kwargs["writable"] = self.writable
        return path, args, kwargs


def record_locks():
    """Every (model, lock) of the session record, the session table last."""
    from django.apps import apps

    found = [
        (model, constraint)
        for model in apps.get_app_config("treatments").get_models()
        for constraint in model._meta.constraints
        if isinstance(constraint, RecordLock)
    ]
    return sorted(found, key=lambda pair: pair[0]._meta.model_name == "treatmentsession")


def unlock_for_tests() -> None:
    """Make the signed records of a test database deletable, so a transactional test's
    teardown can empty its tables: triggers lifted, records unsealed, addenda removed,
    triggers restored. Tests only."""
    from picoclinic.treatments.models import LOCKED_STATUSES, Addendum, TreatmentSession

    vendor, quote = connection.vendor, connection.ops.quote_name
    locks = record_locks()
    with connection.cursor() as cursor:
        for model, lock in locks:
            for sql in lock.drop_statements(model, vendor, quote):
                cursor.execute(sql)
        for model, lock in locks:
            if lock.locked_when == "sealed":
                model._base_manager.filter(sealed=True).update(sealed=False)
        sessions = TreatmentSession._base_manager.filter(status__in=LOCKED_STATUSES)
        sessions.update(status="open")
        Addendum._base_manager.all().delete()
        for model, lock in locks:
            for statement in lock.create_statements(model, vendor, quote):
                cursor.execute(str(statement))
