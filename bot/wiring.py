"""Build the dependencies once, at the edge: settings → knowledge base → retriever, LLM, clock → service.

Every client is a parameter of what uses it (DESIGN.md house style 2); this is the one place that
decides which real components to plug in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.answer.service import PolicyService
from bot.config import Settings, load_settings
from bot.policy.knowledge import KnowledgeBase, load_knowledge_base


@dataclass
class Deps:
    settings: Settings
    kb: KnowledgeBase
    retriever: Any  # a retriever with search(query, k, on) -> list[ScoredClause]
    llm: Any | None  # the LLM answerer, or None for extractive answers
    today: Callable[[], date] = date.today


def build_deps(kb_dir: Path | None = None, *, use_llm: bool = True, settings: Settings | None = None) -> Deps:
    settings = settings or load_settings()
    kb = load_knowledge_base(kb_dir or settings.kb_dir)
    return Deps(settings=settings, kb=kb, retriever=_retriever(settings, kb), llm=_llm(settings) if use_llm else None)


def build_service(kb_dir: Path | None = None, *, use_llm: bool = True) -> PolicyService:
    deps = build_deps(kb_dir, use_llm=use_llm)
    return PolicyService(deps.kb, today=deps.today, retriever=deps.retriever, llm=deps.llm)


def _retriever(settings: Settings, kb: KnowledgeBase) -> Any:
    from bot.retrieval.retriever import LexicalRetriever

    return LexicalRetriever(kb)


def _llm(settings: Settings) -> Any | None:
    """The LLM answerer when one is configured (issue 4 plugs it in here); None answers extractively."""
    return None
