"""Real concurrent attempts: threads that start together at a barrier, each on its own
database connection, committing for real. Used on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection

OK = "ok"


def race(calls: list[Callable[[], object]], *, refusals: tuple[type[Exception], ...]) -> list[str]:
    """Run ``calls`` at once; each result is ``OK``, a refusal's ``message``, or, for any other
    exception, its ``repr`` (so an unexpected error such as a deadlock shows in the assert)."""
    barrier = threading.Barrier(len(calls))
    results: list[str] = []
    lock = threading.Lock()

    def attempt(call):
        try:
            barrier.wait(timeout=30)
            call()
            outcome = OK
        except refusals as refused:
            outcome = refused.message
        except Exception as exc:
            outcome = repr(exc)
        finally:
            connection.close()  # each thread had its own connection
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == len(calls), "a thread hung"
    return results
