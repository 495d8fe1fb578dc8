"""Late interaction: a passage scored by how well each word of the question finds its match in it.

Every token of the question and of the passage has its own vector (MiniLM's last hidden states,
minilm.py); a question token's score is its best cosine over the passage's tokens, and the passage's
score is the mean over the question's tokens, weighted by how rare each is among the clauses (IDF),
with stopwords and punctuation left out. It is ColBERT's MaxSim, zero-shot, on a model trained for
sentence vectors: a token vector is read in its context, so paraphrases still meet, but each word of
the question keeps its own part of the score instead of being averaged into one vector with the
rest. It was the strongest single signal on ContractNLI and PolicyQA (benchmarks/README.md). Pure:
vectors in, scores out.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TokenVectors:
    ids: np.ndarray  # int32 word-piece ids of the tokens kept (MiniLM leaves out [CLS], [SEP], stopwords, punctuation)
    vectors: np.ndarray  # float16, one unit-length row per id


def document_frequencies(token_ids: Iterable[np.ndarray]) -> Counter[int]:
    """In how many passages each word piece occurs."""
    df: Counter[int] = Counter()
    for ids in token_ids:
        df.update(set(ids.tolist()))
    return df


def query_weights(ids: np.ndarray, df: Mapping[int, int], passages: int, plain: frozenset[int]) -> np.ndarray:
    """Each question token's share of the score: its IDF over the passages, 0 for stopwords and
    punctuation (all tokens equal when nothing else is left); the shares add up to 1."""

    def idf(token: int) -> float:
        n = df.get(token, 0)
        return 0.0 if token in plain else math.log(1 + (passages - n + 0.5) / (n + 0.5))

    weights = np.array([idf(i) for i in ids.tolist()])
    if weights.sum() <= 0:
        weights = np.ones(len(ids))
    return weights / weights.sum() if len(weights) else weights


def maxsim(query: np.ndarray, weights: np.ndarray, passages: Sequence[np.ndarray]) -> np.ndarray:
    """Σ_i weight_i · max_j cos(query token i, passage token j), for each passage (0 for an empty one)."""
    lengths = np.array([len(p) for p in passages], dtype=np.int64)
    if not len(query) or not lengths.sum():
        return np.zeros(len(passages))
    # One product for all passages, then each passage's best match per question token.
    stacked = np.concatenate([p for p in passages if len(p)]).astype(np.float32, copy=False)
    return _weighted_best(query.astype(np.float32) @ stacked.T, lengths, weights)


def _weighted_best(similarities: np.ndarray, lengths: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """maxsim from the question tokens' similarities to the passages' tokens, passage after passage (`lengths`)."""
    out = np.zeros(len(lengths))
    filled = lengths > 0
    starts = np.concatenate([[0], np.cumsum(lengths[filled])[:-1]])
    best = np.maximum.reduceat(similarities, starts, axis=1)
    out[filled] = weights @ best
    return out


RECENT_SCORES = 8  # candidate sets' scores kept, for the questions just asked


class LateInteraction:
    """Late interaction over a fixed list of passages: their token vectors, and how rare each token is."""

    def __init__(self, tokens: Sequence[TokenVectors], plain: frozenset[int], memory_bytes: int = 256 << 20) -> None:
        self._df = document_frequencies(t.ids for t in tokens)
        self._plain = plain
        self._count = len(tokens)
        # Stored as float16; converting the candidates' rows costs more than the product itself, so
        # passages that fit in `memory_bytes` as float32 are converted once (the sample knowledge base
        # takes a few MB), into one matrix, passage after passage: a run of neighbouring candidates is then a
        # slice of it, multiplied where it lies instead of copied out first. Larger sets are read from their
        # memory map and converted per query.
        self._stacked: np.ndarray | None = None
        self._vectors: Sequence[np.ndarray] = [t.vectors for t in tokens]
        self._bounds = np.concatenate([[0], np.cumsum([len(t.vectors) for t in tokens])]).astype(np.int64)
        if tokens and sum(t.vectors.size for t in tokens) * 4 <= memory_bytes:
            self._stacked = np.concatenate([t.vectors for t in tokens]).astype(np.float32)
        self._recent: dict[bytes, np.ndarray] = {}  # the scores of recent questions' candidates (scorer)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._count

    def scorer(self, query: TokenVectors) -> Callable[[np.ndarray], np.ndarray]:
        """Scores of passages by position, for `hybrid_rank(..., late=...)`. A question's searches (the prohibiting
        clauses weighed, then the clauses cited) often score the very same passages: the later ones take the
        scores the first computed (RECENT_SCORES are kept), instead of the same product again."""
        weights = query_weights(query.ids, self._df, self._count, self._plain)
        asked = query.ids.tobytes() + query.vectors.tobytes()

        def score(positions: np.ndarray) -> np.ndarray:
            positions = np.asarray(positions, dtype=np.int64)
            key = asked + positions.tobytes()
            with self._lock:
                known = self._recent.get(key)
            if known is not None:
                return known.copy()
            if self._stacked is None:
                found = maxsim(query.vectors, weights, [self._vectors[i] for i in positions])
            else:
                found = self._maxsim_in_place(query.vectors, weights, positions)
            with self._lock:
                if len(self._recent) >= RECENT_SCORES:
                    self._recent.pop(next(iter(self._recent)))
                self._recent[key] = found.copy()
            return found

        return score

    def _maxsim_in_place(self, query: np.ndarray, weights: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """maxsim over rows of the stacked matrix: a run of consecutive positions is a slice of it, used where it
        lies when the positions make one run (the passages in force, often), else the runs' slices joined. The
        product is the very one maxsim computes (same rows, same shape): its sums round the same, to the bit."""
        assert self._stacked is not None
        bounds = self._bounds
        lengths = bounds[positions + 1] - bounds[positions]
        if not len(query) or not lengths.sum():
            return np.zeros(len(positions))
        runs = np.split(positions, np.flatnonzero(np.diff(positions) != 1) + 1)
        slices = [self._stacked[bounds[run[0]] : bounds[run[-1] + 1]] for run in runs]
        rows = slices[0] if len(slices) == 1 else np.concatenate(slices)
        return _weighted_best(query.astype(np.float32) @ rows.T, lengths, weights)
