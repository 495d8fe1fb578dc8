"""Build the dependencies once, at the edge: settings → knowledge base → retriever, LLM, clock → service.

Every client is a parameter of what uses it (docs/architecture.md, "The seams"); this is the one place that
decides which real components to plug in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.answer.service import PolicyService
from bot.config import Settings, load_settings
from bot.policy.knowledge import KnowledgeBase, load_knowledge_base
from bot.retrieval.lazy import LazyEmbedder, LazyRetriever
from bot.seams import Answerer, AuditSink, Retriever

if TYPE_CHECKING:
    from bot.rules.semantic import SemanticMatcher
    from bot.slack.deps import SlackDeps

log = logging.getLogger(__name__)


@dataclass
class Deps:
    settings: Settings
    kb: KnowledgeBase
    retriever: Retriever
    llm: Answerer | None  # None: extractive answers
    today: Callable[[], date] = date.today
    audit: AuditSink | None = None  # the audit store, or None when auditing is off
    semantic: SemanticMatcher | None = None  # the question matched to the vocabulary's values (local model)


def build_deps(
    kb_dir: Path | None = None, *, use_llm: bool = True, settings: Settings | None = None, lazy: bool = False
) -> Deps:
    """The core dependencies; lazy: retrieval is built on the first search (a one-shot command that the rules
    may answer alone), not now (a server, whose first question should not wait for it)."""
    settings = settings or load_settings()
    kb = load_knowledge_base(kb_dir or settings.kb_dir, cache_dir=settings.data_dir / "cache")
    return Deps(
        settings=settings,
        kb=kb,
        retriever=LazyRetriever(lambda: _retriever(settings, kb)) if lazy else _retriever(settings, kb),
        llm=_llm(settings, kb) if use_llm else None,
        audit=_audit(settings),
        semantic=semantic_matcher(settings, kb),
    )


def build_service(kb_dir: Path | None = None, *, use_llm: bool = True) -> PolicyService:
    """The CLI's service: retrieval waits until an answer needs it."""
    deps = build_deps(kb_dir, use_llm=use_llm, lazy=True)
    if deps.audit is not None:  # every answer the CLI gives is recorded (bot/audit/recording.py)
        from bot.audit.recording import AuditedService, cli_user

        return AuditedService(
            deps.kb,
            audit=deps.audit,
            user=cli_user(),
            today=deps.today,
            retriever=deps.retriever,
            llm=deps.llm,
            semantic=deps.semantic,
        )
    return PolicyService(deps.kb, today=deps.today, retriever=deps.retriever, llm=deps.llm, semantic=deps.semantic)


def build_slack_deps(
    kb_dir: Path | None = None, *, use_llm: bool = True, settings: Settings | None = None
) -> SlackDeps:
    """The Slack app's dependencies: the core ones plus feedback, rate limits and the answering threads.

    With the audit store (the default) every answer is recorded there, feedback links to it, and
    events are claimed in its database, so replicas sharing it never both answer one event.
    """
    from bot.audit.recording import model_of
    from bot.slack.dedupe import SeenEvents, SharedSeenEvents, TTLSeenEvents
    from bot.slack.deps import SlackDeps
    from bot.slack.feedback import AuditFeedbackStore, FeedbackStore, SqliteFeedbackStore
    from bot.slack.priority import AckFirst
    from bot.slack.ratelimit import RateLimiter
    from bot.slack.workers import Workers

    deps = build_deps(kb_dir, use_llm=use_llm, settings=settings)
    s = deps.settings
    feedback: FeedbackStore
    seen: SeenEvents
    if deps.audit is not None:
        feedback, seen = AuditFeedbackStore(deps.audit), SharedSeenEvents(deps.audit)
    else:  # POLICYBOT_AUDIT=0: one process, feedback in a file of its own
        feedback, seen = SqliteFeedbackStore(s.data_dir / "slack-feedback.sqlite3"), TTLSeenEvents()
    return SlackDeps(
        settings=s,
        kb=deps.kb,
        service=PolicyService(
            deps.kb, today=deps.today, retriever=deps.retriever, llm=deps.llm, semantic=deps.semantic
        ),
        retriever=deps.retriever,
        feedback=feedback,
        context_reader=PolicyService(deps.kb, today=deps.today, retriever=deps.retriever),
        limiter=RateLimiter(s.slack_rate_limit, s.slack_rate_window_s),
        workers=Workers(s.slack_workers, gate=AckFirst()),
        today=deps.today,
        seen=seen,
        audit=deps.audit,
        model=model_of(deps.llm),
    )


def build_index(settings: Settings, kb: KnowledgeBase, embedder: Any | None = None) -> Any:
    """The knowledge base's chromadb index (embedded under the data folder, or on a Chroma server)."""
    from bot.retrieval.embeddings import make_embedder
    from bot.retrieval.index import ClauseIndex, open_client, token_store

    client = open_client(settings.index_dir, settings.chroma_host, settings.chroma_port)
    embedder = embedder or make_embedder(settings)
    tokens = token_store(settings.data_dir / "tokens", kb, embedder) if settings.late_interaction else None
    return ClauseIndex(client, kb, embedder, tokens)


def hybrid_retriever(
    settings: Settings, kb: KnowledgeBase, progress: Callable[[int, int], None] | None = None
) -> Retriever:
    """The fused dense + lexical retriever, its index brought up to date first (incrementally)."""
    from bot.retrieval.embeddings import make_embedder
    from bot.retrieval.retriever import HybridRetriever

    embedder = make_embedder(settings)
    index = build_index(settings, kb, embedder)
    index.sync(progress)
    return HybridRetriever(kb, index, embedder)


def semantic_matcher(settings: Settings, kb: KnowledgeBase) -> SemanticMatcher:
    """The vocabulary's values matched with the bundled local model (offline, deterministic), whatever
    model retrieval uses; the model loads on the first question that needs it."""
    from bot.rules.semantic import SemanticMatcher

    def build() -> Any:
        from bot.retrieval.embeddings import shared_minilm

        return shared_minilm(settings.data_dir / "models")

    embedder = LazyEmbedder("local:all-MiniLM-L6-v2", build)
    return SemanticMatcher(kb.vocabulary, embedder, settings.data_dir / "vocabulary")


def _retriever(settings: Settings, kb: KnowledgeBase) -> Retriever:
    """Hybrid retrieval when the index can be used; BM25 alone (degraded, logged) when it cannot."""
    from bot.retrieval.retriever import LexicalRetriever

    try:
        return hybrid_retriever(settings, kb)
    except Exception as exc:  # an unreachable Chroma server must not stop answers: the rules still decide
        log.warning("dense retrieval unavailable, using lexical retrieval only: %s", exc)
        return LexicalRetriever(kb)


def _llm(settings: Settings, kb: KnowledgeBase) -> Answerer | None:
    """The LLM answerer when OPENAI_API_KEY or AZURE_OPENAI_* is set; None answers extractively."""
    from bot.answer.llm_client import ChatLLM, build_openai_client

    built = build_openai_client(settings)
    if built is None:
        return None
    from bot.answer.llm_answerer import LLMAnswerer  # only with an LLM: an extractive run does not pay for it
    from bot.answer.prompts import PromptBook

    client, model = built
    chat = ChatLLM(client, model, timeout_s=settings.llm_timeout_s, max_retries=settings.llm_max_retries)
    return LLMAnswerer(
        chat,
        PromptBook.load(settings.prompts_dir),
        max_prompt_tokens=settings.llm_max_prompt_tokens,
        total_budget_s=settings.llm_total_budget_s,
        vocabulary=kb.vocabulary,
        profile=kb.profile,
    )


def _audit(settings: Settings) -> AuditSink | None:
    """The audit store (SQLite under the data folder, or POLICYBOT_DATABASE_URL); it connects on first use."""
    from bot.audit.store import open_audit_store

    return open_audit_store(settings)
