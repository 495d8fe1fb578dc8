"""A retriever built on its first search: most answers are decided by the rules and never search.

Opening the chromadb client, loading the embedding model and the token vectors take seconds; a
prohibition cites the clauses its rules name, straight from the knowledge base, without them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any


class LazyRetriever:
    """Stands in for a retriever: calls `build` once, on the first search, and hands searches to what it built."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build: Callable[[], Any] | None = build
        self._built: Any = None
        self._lock = threading.Lock()

    @property
    def built(self) -> bool:
        return self._build is None

    def retriever(self) -> Any:
        """The real retriever, built now if it was not yet (once, however many threads ask)."""
        if self._build is not None:
            with self._lock:
                if self._build is not None:
                    self._built = self._build()
                    self._build = None
        return self._built

    def search(self, query: str, k: int = 5, on: Any = None, **options: Any) -> Any:
        return self.retriever().search(query, k, on, **options)


class LazyEmbedder:
    """An embedder built on first use: the semantic match needs the model only when the rules alone do
    not settle an answer, so a prohibition answered by the rules never loads it (nor numpy)."""

    def __init__(self, name: str, build: Callable[[], Any]) -> None:
        self.name = name
        self._build = build
        self._embedder: Any | None = None
        self._lock = threading.Lock()

    def _real(self) -> Any:
        with self._lock:
            if self._embedder is None:
                self._embedder = self._build()
            return self._embedder

    def embed_passages(self, texts: Sequence[str]) -> Any:
        return self._real().embed_passages(texts)

    def embed_query(self, text: str) -> Any:
        return self._real().embed_query(text)
