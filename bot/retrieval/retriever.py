"""Ranked clauses for a query, limited to the document versions in force on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.policy.knowledge import KnowledgeBase
from bot.policy.models import Clause
from bot.retrieval.lexical import BM25, clause_search_text


@dataclass(frozen=True)
class ScoredClause:
    clause: Clause
    score: float


class LexicalRetriever:
    """The interim retriever: BM25 over every clause of the knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._clauses = list(kb.clauses.values())
        self._index = BM25([clause_search_text(c.section, c.text) for c in self._clauses])

    def search(self, query: str, k: int = 5, on: date | None = None) -> list[ScoredClause]:
        def in_force(i: int) -> bool:
            return on is None or self._kb.in_force(self._clauses[i].id, on)

        return [ScoredClause(self._clauses[h.index], h.score) for h in self._index.search(query, k, in_force)]
