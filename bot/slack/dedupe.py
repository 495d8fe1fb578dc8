"""Has this event been seen? One event gets one answer, however often Slack delivers it.

In-process for now; a production deployment with several processes swaps in a shared store
(a database table with a unique key) behind the same one-method interface.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol


class SeenEvents(Protocol):
    def first_time(self, key: str) -> bool:
        """True exactly once per key (within the store's memory); marks the key as seen."""
        ...


class TTLSeenEvents:
    """Keys remembered for `ttl_s` seconds (Slack retries within minutes), at most `max_keys` of them."""

    def __init__(
        self, ttl_s: float = 3600.0, max_keys: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = ttl_s
        self._max = max_keys
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        now = self._clock()
        with self._lock:
            self._expire(now)
            if key in self._seen:
                return False
            self._seen[key] = now
            while len(self._seen) > self._max:
                self._seen.popitem(last=False)
            return True

    def _expire(self, now: float) -> None:
        while self._seen:
            key, at = next(iter(self._seen.items()))
            if now - at < self._ttl:
                return
            del self._seen[key]
