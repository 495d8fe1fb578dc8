"""The seams: what each part is handed, as Protocols, so mypy checks the real classes and the fakes alike.

Every client is a parameter (docs/architecture.md, "The seams"); these are their types. A test fake
satisfies the same Protocol as the real class it stands in for (tests/test_seams.py checks them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from bot.answer.conversation import Conversation, Turn
    from bot.answer.llm_client import Deadline, UsageMeter
    from bot.answer.llm_schema import AnswerDraft, FactsDraft
    from bot.answer.models import Answer
    from bot.answer.tokens import TokenCounter
    from bot.policy.knowledge import KnowledgeBase
    from bot.policy.models import Clause
    from bot.retrieval.retriever import ScoredClause
    from bot.rules.facts import Facts
    from bot.rules.model import Decision


@runtime_checkable
class Retriever(Protocol):
    """Ranked clauses for a query, among the documents in force on `on` (all when None)."""

    def search(
        self,
        query: str,
        k: int = 5,
        on: date | None = None,
        *,
        document_ids: set[str] | None = None,
        neighbours: int = 0,
    ) -> list[ScoredClause]: ...


@runtime_checkable
class Answerer(Protocol):
    """The LLM half of an answer: a budget, the facts it reads, and its draft (bot/answer/llm_answerer.py)."""

    counter: TokenCounter

    def start(self) -> tuple[Deadline, UsageMeter]: ...

    def read_facts(
        self, question: str, history: Sequence[Turn], deadline: Deadline, meter: UsageMeter
    ) -> FactsDraft: ...

    def draft(
        self,
        question: str,
        decision: Decision,
        clauses: Sequence[Clause],
        keep_clauses: int,
        history: Sequence[Turn],
        as_of: date,
        deadline: Deadline,
        meter: UsageMeter,
    ) -> tuple[AnswerDraft, list[str]]: ...

    def close(self) -> None: ...


@runtime_checkable
class Asker(Protocol):
    """What every surface calls: a question in, an Answer out (bot/answer/service.py)."""

    def ask(self, raw_question: str, as_of: date | None = None, conversation: Conversation | None = None) -> Answer: ...


@runtime_checkable
class Service(Asker, Protocol):
    """An Asker that also answers facts read elsewhere (deal vetting) over its knowledge base."""

    kb: KnowledgeBase

    def answer_facts(self, text: str, facts: Facts, on: date | None = None, *, in_scope: bool = True) -> Answer: ...


@runtime_checkable
class AnswerRecorder(Protocol):
    """Where an answer is recorded with who asked, where and how fast (bot/audit/recording.py uses it)."""

    def record_answer(
        self,
        answer: Answer,
        *,
        user: str | None = None,
        channel: str | None = None,
        surface: str = "cli",
        latency_ms: float = 0.0,
        model: str | None = None,
    ) -> int: ...


@runtime_checkable
class AuditSink(AnswerRecorder, Protocol):
    """The audit store as the Slack app uses it: answers, feedback and claimed events (bot/audit/store.py)."""

    def record_feedback(self, answer_id: int, user: str | None, value: str, reason: str | None = None) -> int: ...

    def claim_event(self, event_id: str, *, ttl_s: float | None = None) -> bool: ...

    def ping(self) -> bool: ...
