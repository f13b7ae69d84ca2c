"""One rate limiter for every limit the site keeps (the booking page per address, password
reset per address and per account, failed sign-ins per address).

A sliding-window counter (the approximation Cloudflare describes): hits are counted in fixed
windows of the limit's period, and the estimate for "the last period" is this window's count
plus the previous window's count weighted by how much of it still lies inside the last period.
It never lets through more than the limit in any period-long stretch by more than a rounding,
and keeps two cache keys per client instead of one per hit.

The counters live in the shared cache (files under ``var/cache`` on one host, Redis across
several), so all of the server's processes count together. Each counter's expiry is set from
its window, not from the cache's default: ``BaseCache.incr`` (used by the file cache) rewrites
the key with the default timeout (5 minutes), which had turned "10 an hour" into "10 every 5
minutes". Redis increments atomically; on the file cache two processes incrementing at the
very same moment can count one hit instead of two, which bounds the error by the number of
server processes.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    """At most ``count`` hits per ``seconds`` for one key of ``scope``."""

    scope: str
    count: int
    seconds: int


def _key(limit: Limit, key: str, window: int) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # no address or e-mail in the cache
    return f"ratelimit:{limit.scope}:{window}:{digest}"


def _estimate(limit: Limit, key: str, now: float, current: int) -> float:
    window = math.floor(now / limit.seconds)
    previous = cache.get(_key(limit, key, window - 1)) or 0
    elapsed = (now - window * limit.seconds) / limit.seconds
    return previous * (1 - elapsed) + current


def _increment(cache_key: str, timeout: int) -> int:
    if cache.add(cache_key, 1, timeout):
        return 1
    try:
        value = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout)
        return 1
    cache.touch(cache_key, timeout)  # the increment may have reset the expiry to the default
    return value


def limit_hit(limit: Limit, key: str) -> bool:
    """Count one hit of ``key``; True when it goes over the limit (refuse it)."""
    now = time.time()
    window = math.floor(now / limit.seconds)
    # Kept to the end of the next window, where it is the "previous" one.
    timeout = math.ceil((window + 2) * limit.seconds - now)
    current = _increment(_key(limit, key, window), timeout)
    return _estimate(limit, key, now, current) > limit.count


def limit_reached(limit: Limit, key: str) -> bool:
    """Without counting: has ``key`` used up its limit (the next hit would be refused)?"""
    now = time.time()
    window = math.floor(now / limit.seconds)
    current = cache.get(_key(limit, key, window)) or 0
    return _estimate(limit, key, now, current) >= limit.count
