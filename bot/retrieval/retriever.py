"""Ranked clauses for a query, limited to the document versions in force on a date.

LexicalRetriever is BM25 alone (no index, no model: what `ask` uses when nothing else is there).
HybridRetriever adds the dense half from the chromadb index, and late interaction (late.py) when the
embedder gives token vectors, and fuses them (fusion.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from bot.policy.knowledge import KnowledgeBase
from bot.policy.models import Clause
from bot.retrieval.late import LateInteraction
from bot.retrieval.lexical import BM25, clause_search_text, name_terms, without_shared_names

if TYPE_CHECKING:
    from bot.retrieval.embeddings import Embedder, TokenEmbedder
    from bot.retrieval.index import ClauseIndex

log = logging.getLogger(__name__)

DENSE_CANDIDATES = 50  # nearest clauses fetched from the vector store before fusion (at least 10 per result)


@dataclass(frozen=True)
class ScoredClause:
    clause: Clause
    score: float
    context: tuple[Clause, ...] = field(default=())  # neighbouring clauses of the same document, when asked for


class _ClauseList:
    """Clauses in document order, with the lookups both retrievers need."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.clauses = [c for doc in kb.documents.values() for c in doc.clauses]
        self.position = {c.id: i for i, c in enumerate(self.clauses)}
        # Grouped by document, so a clause only borrows context from its own document's neighbours.
        self.bm25 = BM25(
            [clause_search_text(c.section, c.text) for c in self.clauses], groups=[c.document_id for c in self.clauses]
        )
        self._name_terms = {d.id: name_terms(d.id, d.meta.title) for d in kb.documents.values()}

    def focus(self, query: str, docs: set[str] | None) -> str:
        """The query without the words that name every document searched ("can we use Llama 3 to …" asked of
        Llama 3's acceptable use policy): they are in most of its clauses, so they pull the introduction up
        instead of the clause that answers. On plain-words questions about real policies this took the top 5
        from 0.753 to 0.847 (benchmarks/README.md)."""
        names = [self._name_terms[d] for d in (self._name_terms if docs is None else docs) if d in self._name_terms]
        return without_shared_names(query, names)

    def allowed_documents(self, on: date | None, document_ids: set[str] | None) -> set[str] | None:
        if on is None and document_ids is None:
            return None
        docs = set(self.kb.documents) if document_ids is None else set(document_ids)
        if on is not None:
            docs &= {d.id for d in self.kb.documents_in_force(on)}
        return docs

    def allow(self, docs: set[str] | None) -> Callable[[int], bool] | None:
        """A filter over clause positions keeping those documents, or None when every clause may be returned."""
        if docs is None:
            return None
        clauses = self.clauses
        return lambda i: clauses[i].document_id in docs

    def with_context(self, index: int, score: float, neighbours: int) -> ScoredClause:
        clause = self.clauses[index]
        around = [
            self.clauses[j]
            for j in range(index - neighbours, index + neighbours + 1)
            if j != index and 0 <= j < len(self.clauses) and self.clauses[j].document_id == clause.document_id
        ]
        return ScoredClause(clause, score, tuple(around))


class LexicalRetriever:
    """The fallback retriever: BM25 over every clause of the knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._list = _ClauseList(kb)

    def search(
        self,
        query: str,
        k: int = 5,
        on: date | None = None,
        *,
        document_ids: set[str] | None = None,
        neighbours: int = 0,
    ) -> list[ScoredClause]:
        docs = self._list.allowed_documents(on, document_ids)
        hits = self._list.bm25.search(self._list.focus(query, docs), k, self._list.allow(docs))
        return [self._list.with_context(h.index, h.score, neighbours) for h in hits]


def _late_interaction(clauses: list[Clause], index: ClauseIndex, embedder: Embedder) -> _Late | None:
    """Late interaction over the clauses in document order; None when the embedder gives no token vectors,
    or some clause has none (the index then needs a sync)."""
    from bot.retrieval.embeddings import token_embedder

    with_tokens = token_embedder(embedder)
    stored = index.clause_tokens() if with_tokens is not None else None
    if with_tokens is None or stored is None:
        return None
    missing = sum(1 for c in clauses if c.id not in stored)
    if missing:
        log.warning("%d clauses have no token vectors: ranking without late interaction until a sync", missing)
        return None
    return _Late(with_tokens, LateInteraction([stored[c.id] for c in clauses], with_tokens.plain_token_ids()))


@dataclass(frozen=True)
class _Late:
    embedder: TokenEmbedder
    passages: LateInteraction


class HybridRetriever:
    """Dense (chromadb), late interaction and lexical (BM25) rankings fused: the product's retrieval."""

    def __init__(self, kb: KnowledgeBase, index: ClauseIndex, embedder: Embedder) -> None:
        self._list = _ClauseList(kb)
        self._index = index
        self._embedder = embedder
        self._late = _late_interaction(self._list.clauses, index, embedder)

    def search(
        self,
        query: str,
        k: int = 5,
        on: date | None = None,
        *,
        document_ids: set[str] | None = None,
        neighbours: int = 0,
    ) -> list[ScoredClause]:
        from bot.retrieval.fusion import hybrid_rank

        docs = self._list.allowed_documents(on, document_ids)
        query = self._list.focus(query, docs)
        late = None
        try:
            if self._late is not None:
                vector, query_tokens = self._late.embedder.embed_query_with_tokens(query)
                late = self._late.passages.scorer(query_tokens)
            else:
                vector = self._embedder.embed_query(query)
            within = sorted(docs) if docs is not None else None
            nearest = self._index.query(vector, max(DENSE_CANDIDATES, 10 * k), within)
        except Exception as exc:  # the vector store went away mid-request: BM25 and late interaction (local) answer
            log.warning("dense retrieval failed, answering without it: %s", exc)
            nearest = {}
        dense = {self._list.position[cid]: score for cid, score in nearest.items() if cid in self._list.position}
        ranked = hybrid_rank(query, self._list.bm25, dense, k, allow=self._list.allow(docs), late=late)
        return [self._list.with_context(i, score, neighbours) for i, score in ranked]
