"""A per-user limit on questions: so many in a sliding window, then a polite pause."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable


class RateLimiter:
    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit  # 0: no limit
        self.window_s = window_s
        self._clock = clock
        self._asked: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def try_acquire(self, user: str) -> float:
        """0 when the user may ask now (and counts the question); otherwise seconds until they may."""
        if self.limit <= 0:
            return 0.0
        now = self._clock()
        with self._lock:
            asked = self._asked[user]
            while asked and now - asked[0] >= self.window_s:
                asked.popleft()
            if len(asked) >= self.limit:
                return max(0.001, self.window_s - (now - asked[0]))
            asked.append(now)
            if len(self._asked) > 10_000:  # forget users who have not asked lately
                for name in [u for u, q in self._asked.items() if not q or now - q[-1] >= self.window_s]:
                    del self._asked[name]
            return 0.0
