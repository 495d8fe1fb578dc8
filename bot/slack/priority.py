"""Acknowledgements before answers: Slack needs its 200 within 3 s, a person can wait a moment longer.

Answers share one interpreter (and its lock) with the request threads; fifty questions arriving at
once would otherwise have their preparation compete with their own acknowledgements. The HTTP
server marks each request it is acknowledging; a worker starts a job only once no request has been
in flight for a short quiet spell, or after `max_wait_s` at most, so answers are delayed, never starved.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class AckFirst:
    def __init__(
        self, quiet_s: float = 0.02, max_wait_s: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.quiet_s = quiet_s
        self.max_wait_s = max_wait_s
        self._clock = clock
        self._busy = 0
        self._last = float("-inf")  # when the latest acknowledgement went out
        self._changed = threading.Condition()

    @contextmanager
    def acknowledging(self) -> Iterator[None]:
        with self._changed:
            self._busy += 1
        try:
            yield
        finally:
            with self._changed:
                self._busy -= 1
                self._last = self._clock()
                self._changed.notify_all()

    def wait_turn(self) -> None:
        """Return once acknowledgements have been quiet for `quiet_s`, or after `max_wait_s`."""
        deadline = self._clock() + self.max_wait_s
        with self._changed:
            while True:
                now = self._clock()
                if now >= deadline:
                    return
                if self._busy == 0:
                    quiet_for = now - self._last
                    if quiet_for >= self.quiet_s:
                        return
                    self._changed.wait(min(self.quiet_s - quiet_for, deadline - now))
                else:
                    self._changed.wait(deadline - now)
