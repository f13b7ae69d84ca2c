"""`make bench` keeps working: a small chain built in a subprocess (its own SQLite database
under a fresh var dir), one JSON line per measurement with the agreed keys, then the HTTP load
through a real `picoclinic serve` driven by wrk."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_the_bench_builds_a_chain_and_prints_one_json_line_per_measurement(tmp_path):
    drop = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env |= {"PICOCLINIC_VAR_DIR": str(tmp_path), "BENCH_APPOINTMENTS": "400"}
    command = [sys.executable, "-m", "picoclinic", "bench_scheduling", "--repeat", "3"]
    command += ["--http-seconds", "6"]  # long enough for a loaded machine to answer
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    http = [row for row in rows if row["name"].startswith("http_")]
    rows = [row for row in rows if not row["name"].startswith("http_")]
    names = {row["name"] for row in rows}
    assert {"day_calendar", "week_calendar", "availability_day", "series_proposal_10"} <= names
    assert {row["name"] for row in http} == {
        "http_floor_login",
        "http_day_calendar",
        "http_week_calendar",
        "http_booking_page",
    }
    for row in http:
        assert row["clients"] == 32
        assert row["requests_per_s"] > 0, http
        assert row["errors"] == 0, row  # every answer a 200: signed in, no server error
        assert 0 < row["p50_ms"] <= row["p95_ms"]
    assert next(r for r in http if r["name"] == "http_floor_login")["ratio_to_floor"] == 1
    for row in rows:
        assert set(row) == {"name", "backend", "appointments", "p50_ms", "p95_ms", "queries"}
        assert row["backend"] == "sqlite"
        assert row["appointments"] >= 400
        assert 0 < row["p50_ms"] <= row["p95_ms"]
        assert row["queries"] > 0
    assert (tmp_path / "bench-400.sqlite3").exists()
