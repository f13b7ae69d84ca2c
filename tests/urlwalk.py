"""The project's URL patterns, walked from the URL configuration (not listed by hand)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class NamedRoute:
    name: str  # "namespace:name"
    kwargs: frozenset[str]


def _converters(pattern) -> set[str]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters is not None:
        return set(converters)
    return set(pattern.pattern.regex.groupindex)


def walk(patterns=None, namespace: str = "", inherited: frozenset[str] = frozenset()):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        kwargs = inherited | _converters(entry)
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin has its own permission model, tested separately
            if entry.namespace == "api-v1":
                continue  # token-authenticated: walked by tests/api/test_access.py
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner, frozenset(kwargs))
        elif isinstance(entry, URLPattern) and entry.name:
            yield NamedRoute(f"{namespace}{entry.name}", frozenset(kwargs))


def patient_scoped_routes() -> Iterator[NamedRoute]:
    return (route for route in walk() if "patient_id" in route.kwargs)
