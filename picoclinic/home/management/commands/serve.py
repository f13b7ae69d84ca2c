"""Serve picoclinic: gunicorn for the web, the database task worker and the sweeper (the
safety nets behind the tasks), stopped together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from picoclinic.env import env_int
from picoclinic.home.management.commands.sweep import SWEEP_SECONDS

ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Serve the web app and run the background-task worker until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=env_int("PORT", 8000, minimum=1))
        parser.add_argument("--workers", type=int, default=env_int("WEB_WORKERS", 2, minimum=1))
        parser.add_argument("--threads", type=int, default=env_int("WEB_THREADS", 4, minimum=1))
        parser.add_argument("--no-worker", action="store_true", help="Run no task worker here.")

    def handle(self, *args, host, port, workers, threads, no_worker, **options):
        processes = [self._web(host, port, workers, threads)]
        if not no_worker and settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
            processes.append(self._worker())
        if not no_worker:
            processes.append(self._sweeper())
        self.stdout.write(f"picoclinic is serving on http://{host}:{port}/  (Ctrl-C stops it)")
        # A service manager or `kill` stops us with SIGTERM: stop the children as Ctrl-C does,
        # or gunicorn lives on holding the port and the next start cannot bind it.
        signal.signal(signal.SIGTERM, _interrupt)
        self._wait(processes)

    def _web(self, host: str, port: int, workers: int, threads: int) -> subprocess.Popen:
        command = [sys.executable, "-m", "gunicorn", "picoclinic.wsgi:application"]
        command += ["--bind", f"{host}:{port}", "--workers", str(workers)]
        command += ["--threads", str(threads)]
        # The path without the query string: a search for a patient's name must not reach the log.
        command += ["--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT]
        # Tokens in paths (feeds, private links, password resets) are redacted.
        command += ["--logger-class", "picoclinic.web.accesslog.RedactingLogger"]
        command += ["--graceful-timeout", "5"]
        return subprocess.Popen(command)  # noqa: S603 - our own interpreter and arguments

    def _worker(self) -> subprocess.Popen:
        command = [sys.executable, "-m", "picoclinic", "db_worker", "--no-reload"]
        return subprocess.Popen(command)  # noqa: S603

    def _sweeper(self) -> subprocess.Popen:
        command = [sys.executable, "-m", "picoclinic", "sweep", "--every", str(SWEEP_SECONDS)]
        return subprocess.Popen(command)  # noqa: S603

    def _wait(self, processes: list[subprocess.Popen]) -> None:
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
