from __future__ import annotations


def client_ip(request) -> str | None:
    """The client's address: as the server saw it, or behind our TLS proxy
    (``BEHIND_TLS_PROXY``) the last address in X-Forwarded-For, the one our proxy added (any
    earlier ones come from the client and are not trusted)."""
    from django.conf import settings

    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last[:45]  # the longest textual IPv6 address
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
