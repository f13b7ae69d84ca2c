"""`make bench` keeps working: a small chain built in a subprocess (its own SQLite database
under a fresh var dir), one JSON line per measurement with the agreed keys."""

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
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    names = {row["name"] for row in rows}
    assert {"day_calendar", "availability_day", "series_proposal_10"} <= names
    for row in rows:
        assert set(row) == {"name", "backend", "appointments", "p50_ms", "p95_ms", "queries"}
        assert row["backend"] == "sqlite"
        assert row["appointments"] >= 400
        assert 0 < row["p50_ms"] <= row["p95_ms"]
        assert row["queries"] > 0
    assert (tmp_path / "bench-400.sqlite3").exists()
