"""Typed, loud readers for configuration from the environment (after healthchecks' envbool/envint).

A bad value stops the process at start-up with a message naming the variable, rather than
running with a silently wrong setting.
"""

from __future__ import annotations

import math
import os
import zlib
from collections import Counter
from enum import StrEnum


class ConfigError(RuntimeError):
    pass


class Mode(StrEnum):
    LOCAL = "local"
    PRODUCTION = "production"


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name} must be one of 1/0/true/false/yes/no/on/off, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_mode() -> Mode:
    raw = os.environ.get("PICOCLINIC_MODE", Mode.LOCAL.value).strip().lower()
    try:
        return Mode(raw)
    except ValueError:
        allowed = ", ".join(m.value for m in Mode)
        raise ConfigError(f"PICOCLINIC_MODE must be one of {allowed}, not {raw!r}") from None


def secret_key_is_strong(key: str) -> bool:
    """At least 50 characters that look random: about 128 bits or more by the frequency of its
    characters, a text that does not shrink by half when compressed (a repeated pattern does),
    and not Django's ``django-insecure-`` placeholder. ``secrets.token_urlsafe(50)`` and
    ``openssl rand -hex 32`` pass."""
    if len(key) < 50 or key.startswith("django-insecure-"):
        return False
    counts = Counter(key)
    bits = -sum(n * math.log2(n / len(key)) for n in counts.values())
    return bits >= 128 and len(zlib.compress(key.encode(), 9)) >= len(key) / 2


def hosts_without_wildcard(hosts: list[str]) -> list[str]:
    """``ALLOWED_HOSTS`` for production: named hosts only (``*`` answers any Host header, so
    password-reset links could be made to point at another site)."""
    if any(host.strip() == "*" for host in hosts):
        raise ConfigError("ALLOWED_HOSTS must name the site's hosts in production, not '*'")
    return hosts


def sqlite_files_private(name: str) -> None:
    """Create the SQLite database file owner-only if it is missing, and make it and its
    journal files owner-only if they exist (SQLite gives new -wal/-shm files the database's
    permissions)."""
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    fd = os.open(name, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)
    for path in (name, f"{name}-wal", f"{name}-shm", f"{name}-journal"):
        if os.path.exists(path):
            os.chmod(path, 0o600)


SMS_SENDERS = {
    "console": "picoclinic.notifications.sms.ConsoleSmsSender",
    "twilio": "picoclinic.notifications.sms.TwilioSmsSender",
    "outbox": "picoclinic.notifications.sms.OutboxSmsSender",
}


def env_sms_sender(name: str = "PICOCLINIC_SMS_SENDER") -> str:
    """The SMS sender class: a short name (console, twilio) or a dotted path to a class."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return SMS_SENDERS["console"]
    if raw.lower() in SMS_SENDERS:
        return SMS_SENDERS[raw.lower()]
    parts = raw.split(".")
    if len(parts) < 2 or not all(part.isidentifier() for part in parts):
        allowed = ", ".join(SMS_SENDERS)
        raise ConfigError(
            f"{name} must be one of {allowed} or a dotted path to a sender class, not {raw!r}"
        )
    return raw


def env_required(name: str, why: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ConfigError(f"{name} must be set {why}")
    return value
