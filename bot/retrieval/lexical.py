"""BM25 over clause text and section titles: the lexical half of retrieval, pure and in memory."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.rules.extract.text import fold

_TOKEN = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    (
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "may",
        "me",
        "might",
        "must",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "shall",
        "should",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "under",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    )
)


def _stem(word: str) -> str:
    """A light suffix stripper: enough to meet "recognise"/"recognition", "cameras"/"camera"."""
    for suffix in (
        "ations",
        "ation",
        "ising",
        "izing",
        "ings",
        "ing",
        "ised",
        "ized",
        "ises",
        "izes",
        "ise",
        "ize",
        "ies",
        "es",
        "ed",
        "ly",
        "s",
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def tokenize(text: str) -> list[str]:
    return [_stem(t) for t in _TOKEN.findall(fold(text)) if t not in STOPWORDS]


@dataclass(frozen=True)
class Hit:
    index: int  # position of the document in the indexed sequence
    score: float


class BM25:
    def __init__(self, texts: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self._docs = [Counter(tokenize(t)) for t in texts]
        self._lengths = [sum(d.values()) for d in self._docs]
        self._avg = (sum(self._lengths) / len(self._lengths)) if self._lengths else 0.0
        df: Counter[str] = Counter()
        for doc in self._docs:
            df.update(doc.keys())
        n = len(self._docs)
        self._idf = {term: math.log(1 + (n - f + 0.5) / (f + 0.5)) for term, f in df.items()}
        self._postings: dict[str, list[int]] = {}
        for i, doc in enumerate(self._docs):
            for term in doc:
                self._postings.setdefault(term, []).append(i)

    def __len__(self) -> int:
        return len(self._docs)

    def search(self, query: str, k: int = 10, allow: Callable[[int], bool] | None = None) -> list[Hit]:
        scores: dict[int, float] = {}
        for term in set(tokenize(query)):
            idf = self._idf.get(term)
            if idf is None:
                continue
            for i in self._postings[term]:
                if allow is not None and not allow(i):
                    continue
                tf = self._docs[i][term]
                norm = self.k1 * (1 - self.b + self.b * self._lengths[i] / (self._avg or 1))
                scores[i] = scores.get(i, 0.0) + idf * tf * (self.k1 + 1) / (tf + norm)
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]
        return [Hit(i, s) for i, s in best]


def clause_search_text(section: Iterable[str], text: str) -> str:
    """What the index sees of a clause: its section path gives short clauses their context."""
    return " ".join([*section, text])
