"""Has this event been seen? One event gets one answer, however often Slack delivers it.

With an audit store, replicas share the answer: the first to claim an event id in the database
(a table with a unique key) answers it, the others drop it. When the database cannot be reached the
check falls back to this process's memory: a missed answer is worse than a rare double one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)


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


class SharedSeenEvents:
    """Seen by any replica: audit.claim_event(key) in the shared database, with `local` as the fallback.

    The local cache is consulted first, so an event this process has already taken costs no round trip.
    """

    def __init__(self, audit: Any, local: SeenEvents | None = None, ttl_s: float = 3600.0) -> None:
        self.audit = audit
        self.local = local or TTLSeenEvents(ttl_s)
        self.ttl_s = ttl_s  # as long as the local memory: Slack retries within minutes
        self.fallbacks = 0  # claims decided locally because the database failed

    def first_time(self, key: str) -> bool:
        if not self.local.first_time(key):
            return False
        try:
            return bool(self.audit.claim_event(key, ttl_s=self.ttl_s))
        except Exception as exc:  # the store already retried; answering beats staying silent
            self.fallbacks += 1
            log.warning("event de-duplication fell back to this process (audit store unavailable): %s", exc)
            return True
