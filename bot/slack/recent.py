"""Answers given lately, by reference, so "Share in channel" posts exactly what the person saw."""

from __future__ import annotations

import threading
from collections import OrderedDict

from bot.answer.models import Answer


class RecentAnswers:
    def __init__(self, max_answers: int = 2000) -> None:
        self._max = max_answers
        self._answers: OrderedDict[str, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, ref: str, answer: Answer) -> None:
        with self._lock:
            self._answers[ref] = answer
            self._answers.move_to_end(ref)
            while len(self._answers) > self._max:
                self._answers.popitem(last=False)

    def get(self, ref: str) -> Answer | None:
        with self._lock:
            return self._answers.get(ref)
