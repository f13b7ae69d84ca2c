"""The invitation link's token: random, URL-safe, stored only as its SHA-256."""

from __future__ import annotations

import hashlib
import secrets


def token_new() -> str:
    # 43 URL-safe characters; with at least one digit, so the access log's redaction of
    # token-like path segments (web/accesslog.py) always recognises it.
    while True:
        token = secrets.token_urlsafe(32)
        if any(c.isdigit() for c in token):
            return token


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
