"""Database triggers that make the audit table append-only underneath the application.

Kept here (not only in the migration) so test teardown can lift them for a moment: a
transactional test empties every table at its end, audit rows included.
"""

from __future__ import annotations

from django.db import connection

TABLE = "audit_auditevent"
MESSAGE = "audit events are append-only"

_SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_no_update;",
    "DROP TRIGGER IF EXISTS audit_no_delete;",
]

_POSTGRES_CREATE = [
    "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$;",
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE};",
    f"CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only();",
]
_POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE};",
    "DROP FUNCTION IF EXISTS audit_append_only();",
]

CREATE = {"sqlite": _SQLITE_CREATE, "postgresql": _POSTGRES_CREATE}
DROP = {"sqlite": _SQLITE_DROP, "postgresql": _POSTGRES_DROP}


def _run(statements: dict[str, list[str]], schema_editor) -> None:
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def create_triggers(apps, schema_editor) -> None:
    _run(CREATE, schema_editor)


def drop_triggers(apps, schema_editor) -> None:
    _run(DROP, schema_editor)


def purge_for_tests() -> None:
    """Empty the audit table in a test database (triggers lifted and restored)."""
    with connection.cursor() as cursor:
        for sql in DROP.get(connection.vendor, []):
            cursor.execute(sql)
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 - constant table name
        for sql in CREATE.get(connection.vendor, []):
            cursor.execute(sql)
