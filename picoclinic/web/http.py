from __future__ import annotations


def client_ip(request) -> str | None:
    """The client's address as the server saw it (a proxy's header is not trusted here)."""
    return request.META.get("REMOTE_ADDR") or None
