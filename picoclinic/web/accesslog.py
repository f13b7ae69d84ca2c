"""Gunicorn's access log without secrets: ``picoclinic serve`` logs the path only (no query
string, no referrer), and with this logger class any path segment that looks like a token
(a calendar feed's key, a booking request's private link, a password-reset link) is replaced
by ``[redacted]``. Whoever reads the log must not be able to open those links."""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

# Tokens are long runs of URL-safe characters with a digit in them; no fixed segment of our
# URLs is one (tests/test_private_logs.py checks the URL configuration).
TOKEN_SEGMENT = re.compile(r"(?=[A-Za-z0-9_\-:=]*[0-9])[A-Za-z0-9_\-:=]{20,}")
REDACTED = "[redacted]"


def redact_path(path: str) -> str:
    return "/".join(TOKEN_SEGMENT.sub(REDACTED, part) for part in path.split("/"))


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact_path(atoms.get("U") or "")
        method, protocol = environ.get("REQUEST_METHOD", "-"), environ.get("SERVER_PROTOCOL", "-")
        atoms["r"] = f"{method} {atoms['U']} {protocol}"  # the request line without its query
        atoms["q"] = atoms["f"] = "-"
        # Request headers and environ variables ("{...}i", "{...}e") repeat the raw URI and
        # the referrer: not offered to the log format at all.
        return {key: value for key, value in atoms.items() if not key.startswith("{")}


class RedactTokensFilter:
    """For Django's request logger: "Bad Request: /invite/<token>/" names the path of every
    4xx and 5xx answer; a token-like segment in it (an invitation that is still open, when
    its password form had a mistake) is replaced as in the access log."""

    def filter(self, record) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_path(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True
