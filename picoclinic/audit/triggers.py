"""Database triggers that make the audit tables append-only underneath the application.

The entries (``audit_auditevent``, migration 0002) and their hash-chain links
(``audit_auditlink``, migration 0003) refuse UPDATE and DELETE on both databases; on PostgreSQL
TRUNCATE is refused as well (SQLite has no TRUNCATE). Anyone who owns the database can still
drop a trigger: that is what the hash chain and its exported head detect (``audit/chain.py``).

Kept here (not only in the migrations) so test teardown can lift them for a moment: a
transactional test empties every table at its end, audit rows included.
"""

from __future__ import annotations

from django.db import connection

TABLE = "audit_auditevent"
LINKS = "audit_auditlink"
MESSAGE = "audit events are append-only"
# Set for the test database's connection only, by ``purge_for_tests``: the flush after a
# transactional test truncates every table.
PURGE_SETTING = "picoclinic.audit_purge"


def _sqlite_row_triggers(table: str, prefix: str) -> tuple[list[str], list[str]]:
    create = [
        f"CREATE TRIGGER IF NOT EXISTS {prefix}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        f"CREATE TRIGGER IF NOT EXISTS {prefix}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    ]
    drop = [
        f"DROP TRIGGER IF EXISTS {prefix}_no_update;",
        f"DROP TRIGGER IF EXISTS {prefix}_no_delete;",
    ]
    return create, drop


_SQLITE_CREATE, _SQLITE_DROP = _sqlite_row_triggers(TABLE, "audit")

_POSTGRES_CREATE = [
    "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$;",
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE};",
    f"CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only();",
]
_POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE};",
    "DROP FUNCTION IF EXISTS audit_append_only() CASCADE;",
]

# Migration 0003: the links, and TRUNCATE of either table.
_CHAIN_SQLITE_CREATE, _CHAIN_SQLITE_DROP = _sqlite_row_triggers(LINKS, "audit_link")
_CHAIN_POSTGRES_CREATE = [
    f"DROP TRIGGER IF EXISTS audit_link_append_only ON {LINKS};",
    f"CREATE TRIGGER audit_link_append_only BEFORE UPDATE OR DELETE ON {LINKS} "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only();",
    "CREATE OR REPLACE FUNCTION audit_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN IF current_setting('{PURGE_SETTING}', true) = 'on' THEN RETURN NULL; END IF; "
    f"RAISE EXCEPTION '{MESSAGE}'; END $$;",
    f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE};",
    f"CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();",
    f"DROP TRIGGER IF EXISTS audit_link_no_truncate ON {LINKS};",
    f"CREATE TRIGGER audit_link_no_truncate BEFORE TRUNCATE ON {LINKS} "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();",
]
_CHAIN_POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS audit_link_append_only ON {LINKS};",
    f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE};",
    f"DROP TRIGGER IF EXISTS audit_link_no_truncate ON {LINKS};",
    "DROP FUNCTION IF EXISTS audit_no_truncate();",
]

CREATE = {"sqlite": _SQLITE_CREATE, "postgresql": _POSTGRES_CREATE}
DROP = {"sqlite": _SQLITE_DROP, "postgresql": _POSTGRES_DROP}
CHAIN_CREATE = {"sqlite": _CHAIN_SQLITE_CREATE, "postgresql": _CHAIN_POSTGRES_CREATE}
CHAIN_DROP = {"sqlite": _CHAIN_SQLITE_DROP, "postgresql": _CHAIN_POSTGRES_DROP}


def _run(statements: dict[str, list[str]], schema_editor) -> None:
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def create_triggers(apps, schema_editor) -> None:
    _run(CREATE, schema_editor)


def drop_triggers(apps, schema_editor) -> None:
    _run(DROP, schema_editor)


def create_chain_triggers(apps, schema_editor) -> None:
    _run(CHAIN_CREATE, schema_editor)


def drop_chain_triggers(apps, schema_editor) -> None:
    _run(CHAIN_DROP, schema_editor)


def _execute(cursor, *statements: dict[str, list[str]]) -> None:
    for group in statements:
        for sql in group.get(connection.vendor, []):
            cursor.execute(sql)


def lifted(sql: str, params=()) -> None:
    """Run ``sql`` with the triggers lifted, then put them back: for tests that play someone
    with the database's keys changing the trail behind the application's back."""
    with connection.cursor() as cursor:
        _execute(cursor, CHAIN_DROP, DROP)
        try:
            cursor.execute(sql, params)
        finally:
            _execute(cursor, CREATE, CHAIN_CREATE)


def purge_for_tests() -> None:
    """Empty the audit tables in a test database (triggers lifted and restored)."""
    lifted(f"DELETE FROM {LINKS}")  # noqa: S608 - constant table name
    lifted(f"DELETE FROM {TABLE}")  # noqa: S608 - constant table name
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the flush that follows truncates every table
            cursor.execute(f"SET {PURGE_SETTING} = 'on'")
