"""A retriever built on its first search: most answers are decided by the rules and never search.

Opening the chromadb client, loading the embedding model and the token vectors take seconds; a
prohibition cites the clauses its rules name, straight from the knowledge base, without them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
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
