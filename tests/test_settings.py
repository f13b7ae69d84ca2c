"""Configuration from the environment, checked in real subprocesses (settings load once)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from picoclinic.env import ConfigError, env_bool, env_int, env_list, env_mode

STRONG_KEY = "t9DdmHtqxLT32qe16hIq1w7L535LEqAsb-cUbYPxS48dZS6o-RnAlfZzL_aBa7xh"


def _env(env: dict[str, str]) -> dict[str, str]:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    drop = {"DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {k: v for k, v in os.environ.items() if k not in drop} | env


def _start(env: dict[str, str], *args: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "picoclinic", *args]
    return subprocess.Popen(command, env=_env(env), stdout=subprocess.PIPE, text=True)


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "picoclinic", *args],
        env=_env(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run(
        {
            "PICOCLINIC_MODE": "production",
            "PICOCLINIC_VAR_DIR": str(tmp_path),
            "ALLOWED_HOSTS": "x.example",
        },
        "check",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production mode" in result.stderr


def test_production_refuses_debug(tmp_path):
    env = {
        "PICOCLINIC_MODE": "production",
        "SECRET_KEY": STRONG_KEY,
        "DEBUG": "1",
        "ALLOWED_HOSTS": "x.example",
        "PICOCLINIC_VAR_DIR": str(tmp_path),
    }
    result = _run(env, "check")
    assert "DEBUG cannot be on in production mode" in result.stderr


def test_production_check_deploy_is_clean(tmp_path):
    env = {
        "PICOCLINIC_MODE": "production",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "clinic.example",
        "PICOCLINIC_VAR_DIR": str(tmp_path),
    }
    result = _run(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_local_mode_generates_and_keeps_its_secret(tmp_path):
    env = {"PICOCLINIC_MODE": "local", "PICOCLINIC_VAR_DIR": str(tmp_path)}
    assert _run(env, "check").returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert _run(env, "check").returncode == 0
    assert (tmp_path / "secret_key").read_text() == key
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_processes_starting_at_once_share_one_secret(tmp_path):
    env = {"PICOCLINIC_MODE": "local", "PICOCLINIC_VAR_DIR": str(tmp_path)}
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    started = [_start(env, "shell", "-c", code) for _ in range(6)]
    # The last line: the shell first says what it imported.
    keys = {process.communicate(timeout=120)[0].strip().splitlines()[-1] for process in started}
    assert len(keys) == 1
    assert keys == {(tmp_path / "secret_key").read_text()}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".secret_key")] == []


def test_the_cache_is_shared_by_the_servers_processes(tmp_path):
    env = {"PICOCLINIC_MODE": "local", "PICOCLINIC_VAR_DIR": str(tmp_path)}
    write = "from django.core.cache import cache; cache.set('limit:1.2.3.4', 7, 60)"
    read = "from django.core.cache import cache; print(cache.get('limit:1.2.3.4'))"
    assert _run(env, "shell", "-c", write).returncode == 0
    assert _run(env, "shell", "-c", read).stdout.strip().splitlines()[-1] == "7"


def test_bad_mode_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("PICOCLINIC_MODE", "staging")
    with pytest.raises(ConfigError, match="PICOCLINIC_MODE must be one of local, production"):
        env_mode()


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("off", False), ("", False)]
)
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", default=not expected) is expected


def test_env_bool_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ConfigError, match="X_FLAG"):
        env_bool("X_FLAG", default=False)


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("X_NUM", "12")
    monkeypatch.setenv("X_LIST", "a.example, b.example,")
    assert env_int("X_NUM", 3) == 12
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    monkeypatch.setenv("X_NUM", "twelve")
    with pytest.raises(ConfigError, match="X_NUM must be a whole number"):
        env_int("X_NUM", 3)
    monkeypatch.setenv("X_NUM", "-1")
    with pytest.raises(ConfigError, match="at least 0"):
        env_int("X_NUM", 3)


def test_database_is_configured_for_its_engine(settings, db):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Writers take the lock up front and wait for it; readers run beside them (WAL).
            assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20000
        else:
            assert connection.vendor == "postgresql"
            assert connection.pg_version >= 150000
            assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def _production(tmp_path, **env) -> dict[str, str]:
    return {
        "PICOCLINIC_MODE": "production",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "clinic.example",
        "PICOCLINIC_VAR_DIR": str(tmp_path),
    } | env


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "k3y-" + "aZ9x" * 16}, "SECRET_KEY"),  # long, but a repeated pattern
        ({"SECRET_KEY": "django-insecure-" + STRONG_KEY}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "clinic.example, *"}, "ALLOWED_HOSTS"),
        ({"EMAIL_PORT": "twenty-five"}, "EMAIL_PORT"),
        ({"DEBUG": "maybe"}, "DEBUG"),
    ],
)
def test_a_bad_production_setting_is_one_line_naming_it(tmp_path, env, named):
    result = _run(_production(tmp_path, **env), "check")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert named in lines[0]


def test_a_strong_hex_key_is_accepted(tmp_path):
    key = "0f3c9a7e51b2d84c6e0a9f1d2b7c5e3a8d4f6b1c9e2a7d5f3b8c0e6a4d1f9b2c"
    assert _run(_production(tmp_path, SECRET_KEY=key), "check").returncode == 0


def test_the_demo_refuses_to_load_in_production(tmp_path):
    result = _run(_production(tmp_path), "demo")
    assert result.returncode != 0
    assert "cannot be loaded in production mode" in result.stderr
    assert "Traceback" not in result.stderr
    assert "pico-demo" not in result.stdout


def test_the_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    old = tmp_path / "picoclinic.sqlite3-wal"
    old.write_bytes(b"")
    old.chmod(0o644)
    env = {"PICOCLINIC_MODE": "local", "PICOCLINIC_VAR_DIR": str(tmp_path)}
    assert _run(env, "migrate", "--verbosity", "0").returncode == 0
    for path in tmp_path.glob("picoclinic.sqlite3*"):
        assert path.stat().st_mode & 0o077 == 0, path
    assert (tmp_path / "picoclinic.sqlite3").stat().st_size > 0
