"""Typed, loud readers for configuration from the environment (after healthchecks' envbool/envint).

A bad value stops the process at start-up with a message naming the variable, rather than
running with a silently wrong setting.
"""

from __future__ import annotations

import os
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
