"""A calendar app polls a feed every hour or so; a few refreshes more are normal, hundreds are not. Each token
(known or not) may be fetched ``FETCHES_PER_HOUR`` times in a clock hour, counted in Django's cache; past that
the feed answers 429 until the hour turns. With the default per-process cache each worker counts on its own,
which is enough to keep one runaway client from costing more than a few queries a minute."""

from __future__ import annotations

import time

from django.core.cache import cache

FETCHES_PER_HOUR = 60


def fetch_allowed(key: str) -> bool:
    """Count one fetch for `key` (a token's digest); False once the hour's allowance is spent."""
    bucket = f"feeds:fetches:{key}:{int(time.time() // 3600)}"
    cache.add(bucket, 0, timeout=3600)
    try:
        count = cache.incr(bucket)
    except ValueError:  # evicted between add and incr
        cache.set(bucket, 1, timeout=3600)
        count = 1
    return count <= FETCHES_PER_HOUR
