from __future__ import annotations


def client_ip(request) -> str | None:
    """The client's address as the server saw it (a proxy's header is not trusted here)."""
    return request.META.get("REMOTE_ADDR") or None


def safe_next(request, fallback: str) -> str:
    """The ``next`` path the form or link asked to return to, if it is a path on this site;
    otherwise ``fallback`` (another host, a scheme, or a bare word never leaves the site)."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") else fallback
