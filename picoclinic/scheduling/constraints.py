"""The database rule under every booking: no two active bookings of one resource overlap.

One constraint class, two databases:

- PostgreSQL gets a real exclusion constraint, ``EXCLUDE USING gist (tstzrange(start, end,
  '[)') WITH &&, resource_id WITH =) WHERE (active)`` (needs ``btree_gist`` for the ``=`` on an
  integer inside a GiST index: ``BtreeGist()`` first in the migration).
- SQLite has no exclusion constraints, so the same constraint renders as ``BEFORE INSERT`` and
  ``BEFORE UPDATE`` triggers that ``RAISE(ABORT)`` on an overlapping active row of the same
  resource. Writers are serialised there (``BEGIN IMMEDIATE``), so a trigger's check cannot
  race another writer.

Why the triggers live in the constraint class and not in a ``RunSQL``: SQLite alters a table by
rebuilding it (``_remake_table``: create ``new__table``, copy, drop the old one, rename), and
dropping the old table drops its triggers. A ``RunSQL`` trigger would silently vanish the first
time a later migration adds a column to the bookings table. Django re-renders every constraint
in ``Meta.constraints`` when it rebuilds a table, so rendering the triggers from the constraint
keeps the guarantee through every future migration.

Half-open ranges ``[start, end)``: 10:00-11:00 and 11:00-12:00 do not overlap.
"""

from __future__ import annotations

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.contrib.postgres.operations import BtreeGistExtension
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.db.backends.ddl_references import Statement, Table
from django.db.models import BaseConstraint, Func, Q

# The text the SQLite trigger aborts with; services recognise it (and the constraint's name on
# PostgreSQL) to tell a lost race from any other integrity error.
OVERLAP_MESSAGE = "overlapping active booking of the same resource"
TOO_LONG_MESSAGE = "booking longer than the longest allowed"


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class BtreeGist(BtreeGistExtension):
    """``CREATE EXTENSION btree_gist`` on PostgreSQL; nothing at all on other databases.

    Django's operation already skips other databases going forwards, but going backwards it
    queries ``pg_extension`` unconditionally, which fails on SQLite.
    """

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        super().database_backwards(app_label, schema_editor, from_state, to_state)


class NoOverlapConstraint(ExclusionConstraint):
    """Rows with the same ``key`` whose ``active`` is true may not overlap in [start, end).

    ``max_span_minutes`` (SQLite): no active row may be longer, which lets the trigger look
    only at rows starting at most that long before the new one, an index range scan on
    (key, start) instead of a scan of the resource's whole history on every insert. The two go
    together: without the length rule, the bounded search could miss a long overlapping row.
    PostgreSQL's GiST index needs neither.
    """

    def __init__(
        self,
        *,
        name: str,
        start: str,
        end: str,
        key: str,
        active: str,
        max_span_minutes: int,
        violation_error_message: str | None = None,
        violation_error_code: str | None = None,
    ):
        self.start, self.end, self.key, self.active = start, end, key, active
        self.max_span_minutes = max_span_minutes
        super().__init__(
            name=name,
            expressions=[
                (TsTzRange(start, end, RangeBoundary()), RangeOperators.OVERLAPS),
                (key, RangeOperators.EQUAL),
            ],
            condition=Q(**{active: True}),
            violation_error_message=violation_error_message,
            violation_error_code=violation_error_code,
        )

    # --- DDL -----------------------------------------------------------------------------

    def constraint_sql(self, model, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            return super().constraint_sql(model, schema_editor)
        if vendor == "sqlite":
            # Triggers cannot sit inside CREATE TABLE: run them once the table exists (and,
            # during a table rebuild, once it has been renamed back: Django renames table
            # references in deferred statements).
            schema_editor.deferred_sql.extend(self._sqlite_triggers(model, schema_editor))
            return None
        raise NotImplementedError(f"No overlap rule for {vendor}: add one before using it")

    def create_sql(self, model, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor)
        # Only reached on SQLite when Django defers constraint creation (a table with
        # parametrised defaults): one statement to return, the other deferred.
        insert, update = self._sqlite_triggers(model, schema_editor)
        schema_editor.deferred_sql.append(update)
        return insert

    def remove_sql(self, model, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            return super().remove_sql(model, schema_editor)
        # SQLite removes a constraint by rebuilding the table, which drops the old triggers.
        return Statement("DROP TRIGGER IF EXISTS %(name)s", name=self._trigger_name("ins"))

    def _trigger_name(self, suffix: str) -> str:
        return f"{self.name}_{suffix}"

    def _sqlite_triggers(self, model, schema_editor) -> list[Statement]:
        quote = schema_editor.quote_name
        start, end, key, active = (
            quote(model._meta.get_field(name).column)
            for name in (self.start, self.end, self.key, self.active)
        )
        pk = quote(model._meta.pk.column)
        span = int(self.max_span_minutes)
        # Django stores datetimes on SQLite as 'YYYY-MM-DD HH:MM:SS[.ffffff]' (UTC), the format
        # datetime() returns, so they compare as text. One minute of slack for the fraction.
        too_long = (
            f"SELECT RAISE(ABORT, '{TOO_LONG_MESSAGE}') "
            f"WHERE NEW.{end} > datetime(NEW.{start}, '+{span + 1} minutes');"
        )
        # Identifiers only, each quoted by the backend: nothing here comes from a user.
        overlap = (
            f"SELECT RAISE(ABORT, '{OVERLAP_MESSAGE}') WHERE EXISTS ("  # noqa: S608
            f"SELECT 1 FROM %(table)s AS other WHERE other.{key} = NEW.{key} "
            f"AND other.{start} >= datetime(NEW.{start}, '-{span + 1} minutes') "
            f"AND other.{start} < NEW.{end} AND NEW.{start} < other.{end} "
            f"AND other.{active}%(not_self)s);"
        )
        statements = []
        for suffix, event, not_self in (
            ("ins", "INSERT", ""),
            ("upd", "UPDATE", f" AND other.{pk} <> NEW.{pk}"),
        ):
            statements.append(
                Statement(
                    f"CREATE TRIGGER %(name)s BEFORE {event} ON %(table)s "
                    f"FOR EACH ROW WHEN NEW.{active} BEGIN {too_long} {overlap} END",
                    name=quote(self._trigger_name(suffix)),
                    table=Table(model._meta.db_table, quote),
                    not_self=not_self,
                )
            )
        return statements

    # --- Model validation (full_clean), the same rule in the ORM on every database -----------

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        if exclude and {self.start, self.end, self.key, self.active} & set(exclude):
            return
        if not getattr(instance, self.active):
            return
        key_attname = model._meta.get_field(self.key).attname
        clashes = model._default_manager.using(using).filter(
            **{
                key_attname: getattr(instance, key_attname),
                self.active: True,
                f"{self.start}__lt": getattr(instance, self.end),
                f"{self.end}__gt": getattr(instance, self.start),
            }
        )
        if not instance._state.adding and instance.pk is not None:
            clashes = clashes.exclude(pk=instance.pk)
        if clashes.exists():
            raise ValidationError(
                self.get_violation_error_message(), code=self.violation_error_code
            )

    def __eq__(self, other):
        same_span = getattr(other, "max_span_minutes", None) == self.max_span_minutes
        return super().__eq__(other) and same_span

    __hash__ = ExclusionConstraint.__hash__

    def deconstruct(self):
        path, args, kwargs = BaseConstraint.deconstruct(self)
        kwargs |= {
            "start": self.start,
            "end": self.end,
            "key": self.key,
            "active": self.active,
            "max_span_minutes": self.max_span_minutes,
        }
        return path, args, kwargs
