"""Threads that do the work after Slack has been acknowledged.

Answers (which may wait seconds on an LLM) have their own pool, so a quick job (a progress
reaction, App Home, a clause lookup) never waits behind them. A job's exception is logged here
as a last resort; jobs handle their own errors and tell the user first.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from bot.slack.priority import AckFirst

log = logging.getLogger(__name__)


class Workers:
    def __init__(self, answer_threads: int = 32, quick_threads: int = 4, gate: AckFirst | None = None) -> None:
        self.gate = gate  # when set, jobs wait for acknowledgements in flight (priority.py)
        self._answers = ThreadPoolExecutor(answer_threads, thread_name_prefix="policybot-answer")
        self._quick = ThreadPoolExecutor(quick_threads, thread_name_prefix="policybot-quick")
        self._pending = 0
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self.closed = False

    @property
    def pending(self) -> int:
        """Jobs submitted and not yet finished."""
        with self._lock:
            return self._pending

    def answer(self, job: Callable[[], object]) -> Future[object]:
        return self._submit(self._answers, job)

    def quick(self, job: Callable[[], object]) -> Future[object]:
        return self._submit(self._quick, job)

    def _submit(self, pool: ThreadPoolExecutor, job: Callable[[], object]) -> Future[object]:
        with self._lock:
            self._pending += 1
        try:
            return pool.submit(self._run, job)
        except RuntimeError:  # shut down: nothing will run it
            self._done()
            raise

    def _run(self, job: Callable[[], object]) -> object:
        try:
            if self.gate is not None:
                self.gate.wait_turn()
            return job()
        except Exception:
            log.exception("a background job failed")
            return None
        finally:
            self._done()

    def _done(self) -> None:
        with self._lock:
            self._pending -= 1
            if self._pending == 0:
                self._idle.notify_all()

    def wait_idle(self, timeout_s: float) -> bool:
        """Wait until every submitted job has finished; False if some are still running at the timeout."""
        with self._lock:
            return self._idle.wait_for(lambda: self._pending == 0, timeout_s)

    def shutdown(self, timeout_s: float = 30.0) -> bool:
        """Take no more jobs, let the running ones finish (up to the timeout), and stop the threads."""
        self.closed = True
        finished = self.wait_idle(timeout_s)
        self._answers.shutdown(wait=finished, cancel_futures=not finished)
        self._quick.shutdown(wait=finished, cancel_futures=not finished)
        return finished
