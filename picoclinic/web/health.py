"""The health check a TLS proxy, a load balancer or a monitor polls: is this process serving,
and can it reach its database and cache? No login, no session, nothing about any patient."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _cache_ok() -> bool:
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:  # any backend's failure means "unavailable"
        return False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with ``{"status": "ok"}`` when the database and the cache answer, else 503 naming
    which one does not (a monitor pages someone; the proxy takes the host out of rotation)."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    body = {name: "ok" if ok else "unavailable" for name, ok in checks.items()}
    healthy = all(checks.values())
    body["status"] = "ok" if healthy else "unavailable"
    return JsonResponse(body, status=200 if healthy else 503)


class HealthCheckMiddleware:
    """Answers ``/healthz`` before anything else looks at the request. The proxy's and a local
    monitor's probes reach the server as ``127.0.0.1:8000``, a host that ALLOWED_HOSTS rightly
    refuses, over plain HTTP that production would redirect: both must not turn a healthy
    server into an "unhealthy" one. Nothing it answers depends on the host or the user."""

    path = "/healthz"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == self.path:
            return healthz(request)
        return self.get_response(request)
