"""Record answers at the edge: the service stays pure, and a surface that answers also records.

An audit failure must never cost the user the answer: it is logged as a warning and the answer goes
out (the store has already retried a locked database before giving up).
"""

from __future__ import annotations

import getpass
import logging
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from bot.answer.conversation import Conversation
from bot.answer.models import Answer
from bot.answer.service import PolicyService
from bot.policy.knowledge import KnowledgeBase
from bot.seams import AnswerRecorder

log = logging.getLogger(__name__)


class AuditedService(PolicyService):
    """A PolicyService that records every answer it gives in an audit store (bot.audit.store.AuditStore)."""

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        audit: AnswerRecorder,
        surface: str = "cli",
        user: str | None = None,
        channel: str | None = None,
        clock: Callable[[], float] = time.perf_counter,
        **service_args: Any,
    ) -> None:
        super().__init__(kb, **service_args)
        self.audit = audit
        self.surface = surface
        self.user = user
        self.channel = channel
        self.model = model_of(service_args.get("llm"))
        self.last_answer_id: int | None = None  # the audit id of the latest answer (for feedback)
        self._audit_clock = clock

    def ask(self, raw_question: str, as_of: date | None = None, conversation: Conversation | None = None) -> Answer:
        started = self._audit_clock()
        answer = super().ask(raw_question, as_of, conversation)
        latency_ms = (self._audit_clock() - started) * 1000
        self.last_answer_id = record_safely(
            self.audit,
            answer,
            user=self.user,
            channel=self.channel,
            surface=self.surface,
            latency_ms=latency_ms,
            model=self.model,
        )
        return answer


def record_safely(audit: Any, answer: Answer, **fields: Any) -> int | None:
    """audit.record_answer(answer, **fields); on failure a logged warning and None, never an exception."""
    try:
        return int(audit.record_answer(answer, **fields))
    except Exception as exc:  # the answer is what the user came for; the audit problem goes to the log
        log.warning("warning: this answer was not recorded in the audit store: %s", exc)
        return None


def model_of(llm: Any) -> str | None:
    """The model (or Azure deployment) an LLM answerer talks to; None for extractive answers."""
    model = getattr(getattr(llm, "llm", None), "model", None)
    return model if isinstance(model, str) else None


def cli_user() -> str | None:
    """The login name, as the CLI's user id; None where there is none (a container without a passwd entry)."""
    try:
        return getpass.getuser()
    except Exception:
        return None
