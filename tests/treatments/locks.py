"""The database's record locks lifted for a block, as someone with DDL rights could.
(Transactional tests lift them at teardown: ``tests/conftest.py``.)"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection


@contextmanager
def locks_lifted():
    """The database's record locks dropped for the block (someone with DDL rights bypassing
    them), restored after."""
    from picoclinic.treatments.models.db_lock import record_locks

    vendor, quote = connection.vendor, connection.ops.quote_name
    locks = record_locks()
    with connection.cursor() as cursor:
        for model, lock in locks:
            for sql in lock.drop_statements(model, vendor, quote):
                cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for model, lock in locks:
                for statement in lock.create_statements(model, vendor, quote):
                    cursor.execute(str(statement))
