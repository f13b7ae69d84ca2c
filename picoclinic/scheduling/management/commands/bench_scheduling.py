"""`make bench`: build (or reuse) a chain with many appointments in a database of its own and
print one JSON object per measurement: day calendar, week calendar, availability for a day, a
10-session series proposal; then the HTTP load benchmark (``bench_http``) through
``picoclinic serve`` on the same database, BENCH_HTTP_SECONDS (default 10) per page.

BENCH_APPOINTMENTS sets the size (default 1,000,000). The bench database is never the
working one: ``var/bench-<size>.sqlite3`` on SQLite, ``<name>_bench_<size>`` on PostgreSQL,
kept between runs (``--rebuild`` starts afresh).
"""

import json
import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from picoclinic.clinics.models import Organisation
from picoclinic.env import env_int
from picoclinic.scheduling.bench import (
    ORG_SLUG,
    bench_build,
    bench_measurements,
    bench_ready,
    progress,
)

REPEAT = 200


class Command(BaseCommand):
    help = "Benchmark scheduling on a large chain (JSON lines on standard output)."

    def add_arguments(self, parser):
        parser.add_argument("--appointments", type=int, help="Overrides BENCH_APPOINTMENTS.")
        # A p95 needs enough runs to mean anything: of 30 it is the second-slowest run.
        parser.add_argument(
            "--repeat", type=int, default=REPEAT, help="Timed runs per measurement."
        )
        parser.add_argument("--rebuild", action="store_true", help="Build the data afresh.")
        parser.add_argument(
            "--http-seconds",
            type=int,
            default=env_int("BENCH_HTTP_SECONDS", 10, minimum=0),
            help="Seconds of HTTP load per page through `picoclinic serve` (0: none).",
        )

    def handle(
        self, *args, appointments=None, repeat=REPEAT, rebuild=False, http_seconds=10, **options
    ):
        count = appointments or env_int("BENCH_APPOINTMENTS", 1_000_000, minimum=100)
        name = _bench_name(count)
        _use_bench_database(name, keep=not rebuild)
        if not bench_ready(count):
            if Organisation.objects.filter(slug=ORG_SLUG).exists():  # an interrupted build
                _use_bench_database(name, keep=False)
            progress(f"building {count} appointments on {connection.vendor} (once per size)")
            bench_build(count)
        # Planner statistics, as a database in service has them after bulk loading.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for row in bench_measurements(repeat=repeat):
            self.stdout.write(json.dumps(row))
        if http_seconds:
            self._http(count, name, http_seconds)

    def _http(self, count: int, name: str, seconds: int) -> None:
        from picoclinic.accounts.models import User
        from picoclinic.scheduling.bench import bench_pages
        from picoclinic.scheduling.bench_http import PASSWORD, bench_http

        desk = User.objects.get(email="desk0@bench.example")
        desk.set_password(PASSWORD)
        desk.save(update_fields=["password"])
        pages = bench_pages()
        connection.close()  # the server's processes open their own
        rows = bench_http(
            database_url=_database_url(name),
            desk_email=desk.email,
            pages=pages,
            seconds=seconds,
            count=count,
        )
        for row in rows:
            self.stdout.write(json.dumps(row))


def _bench_name(count: int) -> str:
    if connection.vendor == "sqlite":
        return str(settings.VAR_DIR / f"bench-{count}.sqlite3")
    return f"{connection.settings_dict['NAME']}_bench_{count}"


def _database_url(name: str) -> str:
    """DATABASE_URL for the server processes: the bench database instead of the working one."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


def _use_bench_database(name: str, *, keep: bool) -> None:
    # Django's test-database machinery creates (or keeps) it and migrates it; this process
    # then uses it instead of the working database.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=keep)
