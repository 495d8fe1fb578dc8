"""BM25 over clause text and section titles: the lexical half of retrieval, pure and in memory.

Scoring walks inverted postings held as numpy arrays, so a query costs time in proportion to the
postings of its terms, not to the number of clauses (10,000 clauses score in well under a millisecond).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass

import numpy as np

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

_SUFFIXES = (
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
)
STEM_LENGTH = 6  # truncating stems to six letters meets "disclose"/"disclosure", "confidential"/"confidentiality"

# BM25 defaults tuned on the ContractNLI and PolicyQA dev splits (benchmarks/README.md): short clauses
# should not be rewarded for shortness as much as the textbook b=0.75 does.
K1 = 0.9
B = 0.3


def _stem(word: str) -> str:
    """A light suffix stripper, then a cut to STEM_LENGTH: "recognise"/"recognition", "cameras"/"camera"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:STEM_LENGTH]


def tokenize(text: str) -> list[str]:
    return [_stem(t) for t in _TOKEN.findall(fold(text)) if t not in STOPWORDS]


@dataclass(frozen=True)
class Hit:
    index: int  # position of the document in the indexed sequence
    score: float


class BM25:
    """Okapi BM25 with inverted postings; `groups` (e.g. document ids) tells which texts are neighbours."""

    def __init__(
        self,
        texts: Sequence[str],
        k1: float = K1,
        b: float = B,
        groups: Sequence[Hashable] | None = None,
    ) -> None:
        self.k1, self.b = k1, b
        self._n = len(texts)
        bags = [Counter(tokenize(t)) for t in texts]
        lengths = np.array([sum(bag.values()) for bag in bags], dtype=np.float64)
        self._lengths = lengths
        self._lengths.flags.writeable = False
        avg = float(lengths.mean()) if self._n and lengths.sum() else 1.0
        norm = k1 * (1 - b + b * lengths / avg)
        rows: dict[str, list[int]] = {}
        freqs: dict[str, list[int]] = {}
        for i, bag in enumerate(bags):
            for term, tf in bag.items():
                rows.setdefault(term, []).append(i)
                freqs.setdefault(term, []).append(tf)
        n = self._n
        self._idf = {term: math.log(1 + (n - len(ids) + 0.5) / (len(ids) + 0.5)) for term, ids in rows.items()}
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, ids in rows.items():
            idx = np.asarray(ids, dtype=np.int64)
            freq = np.asarray(freqs[term], dtype=np.float64)
            self._postings[term] = (idx, self._idf[term] * freq * (k1 + 1) / (freq + norm[idx]))
        if groups is not None and len(groups) != n:
            raise ValueError(f"BM25: {len(groups)} groups for {n} texts")
        same = [groups[i] == groups[i + 1] for i in range(n - 1)] if groups is not None else [True] * (n - 1)
        self._joined_next = np.asarray(same, dtype=bool)  # text i and i+1 are neighbours
        self._joined_next.flags.writeable = False

    def __len__(self) -> int:
        return self._n

    def lengths(self) -> np.ndarray:
        """Number of indexed terms of every text (read-only)."""
        return self._lengths

    def neighbours(self, index: int) -> list[int]:
        """The texts just before and after `index` in the same group."""
        out = []
        if index > 0 and self._joined_next[index - 1]:
            out.append(index - 1)
        if index < self._n - 1 and self._joined_next[index]:
            out.append(index + 1)
        return out

    def joined_next(self) -> np.ndarray:
        """Boolean array of length n-1: entry i says texts i and i+1 are neighbours (read-only)."""
        return self._joined_next

    def scores(self, query: str | Mapping[str, float]) -> np.ndarray:
        """BM25 of every text: a query string (each distinct term once), or weighted stemmed terms."""
        weights: Mapping[str, float] = dict.fromkeys(tokenize(query), 1.0) if isinstance(query, str) else query
        out = np.zeros(self._n, dtype=np.float64)
        for term, weight in weights.items():
            posting = self._postings.get(term)
            if posting is not None:
                out[posting[0]] += weight * posting[1]
        return out

    def matched_share(self, query: str) -> float:
        """The share of the query's distinct terms that occur in some text (0.0 for a query without terms)."""
        terms = set(tokenize(query))
        return sum(1 for term in terms if term in self._postings) / len(terms) if terms else 0.0

    def search(self, query: str, k: int = 10, allow: Callable[[int], bool] | None = None) -> list[Hit]:
        if k <= 0 or not self._n:
            return []
        return [Hit(i, float(s)) for i, s in top_matches(self.scores(query), k, allow)]


def top_matches(scores: np.ndarray, k: int, allow: Callable[[int], bool] | None = None) -> list[tuple[int, float]]:
    """The k best positive (index, score) pairs, best first, ties by index; `allow` is asked only of contenders."""
    candidates = np.flatnonzero(scores > 0)
    if not len(candidates) or k <= 0:
        return []
    values = scores[candidates]
    if allow is None and len(candidates) > k:
        # Keep everything tied with the k-th best so the index tie-break below stays exact.
        kth = np.partition(values, len(values) - k)[len(values) - k]
        keep = values >= kth
        candidates, values = candidates[keep], values[keep]
    order = np.lexsort((candidates, -values))
    out: list[tuple[int, float]] = []
    for j in order:
        i = int(candidates[j])
        if allow is None or allow(i):
            out.append((i, float(values[j])))
            if len(out) == k:
                break
    return out


def without_words(query: str, terms: Set[str]) -> str:
    """The query without the words whose every term is in `terms` (stopwords stay, for the dense model's
    sake); the query itself if no term would be left."""

    def named(word: str) -> bool:
        found = set(tokenize(word))
        return bool(found) and found <= terms

    kept = [w for w in query.split() if not named(w)]
    return " ".join(kept) if any(tokenize(w) for w in kept) else query


def proper_name_terms(texts: Iterable[str]) -> frozenset[str]:
    """The terms a text only ever writes with a capital, inside a sentence: its names ("Utilize Claude to …",
    "Llama 3"), not its words ("Face API" and "face recognition": `face` is a word too)."""
    capitalised: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        opens = True
        for word in text.split():
            core = word.strip("\"'“”‘’()[]*_`")
            if core[:1].isupper() and not opens:
                capitalised.update(tokenize(core))
            elif core[:1].islower():
                lower.update(tokenize(core))
            opens = word.endswith((".", "!", "?", ":"))
    return frozenset(capitalised - lower)


def name_terms(doc_id: str, title: str) -> frozenset[str]:
    """The terms a document is named by: its id and its title."""
    return frozenset(tokenize(f"{doc_id} {title}"))


def without_shared_names(query: str, names: Sequence[frozenset[str]]) -> str:
    """The query without the words that name every one of the documents (`name_terms` of each): "can we use
    Llama 3 to …" asked of Llama 3's policy is about the use, not about the words in most of its clauses."""
    return without_words(query, frozenset.intersection(*names)) if names else query


def clause_search_text(section: Iterable[str], text: str) -> str:
    """What the index sees of a clause: its section path gives short clauses their context."""
    return " ".join([*section, text])
