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
    out = np.zeros(len(passages))
    lengths = np.array([len(p) for p in passages], dtype=np.int64)
    if not len(query) or not lengths.sum():
        return out
    # One product for all passages, then each passage's best match per question token.
    stacked = np.concatenate([p for p in passages if len(p)]).astype(np.float32, copy=False)
    similarities = query.astype(np.float32) @ stacked.T
    filled = lengths > 0
    starts = np.concatenate([[0], np.cumsum(lengths[filled])[:-1]])
    best = np.maximum.reduceat(similarities, starts, axis=1)
    out[filled] = weights @ best
    return out


class LateInteraction:
    """Late interaction over a fixed list of passages: their token vectors, and how rare each token is."""

    def __init__(self, tokens: Sequence[TokenVectors], plain: frozenset[int], memory_bytes: int = 256 << 20) -> None:
        self._df = document_frequencies(t.ids for t in tokens)
        self._plain = plain
        # Stored as float16; converting the candidates' rows costs more than the product itself, so
        # passages that fit in `memory_bytes` as float32 are converted once (the sample knowledge base
        # takes a few MB); larger sets are read from their memory map and converted per query.
        convert = sum(t.vectors.size for t in tokens) * 4 <= memory_bytes
        self._vectors = [t.vectors.astype(np.float32) if convert else t.vectors for t in tokens]

    def __len__(self) -> int:
        return len(self._vectors)

    def scorer(self, query: TokenVectors) -> Callable[[np.ndarray], np.ndarray]:
        """Scores of passages by position, for `hybrid_rank(..., late=...)`."""
        weights = query_weights(query.ids, self._df, len(self._vectors), self._plain)
        return lambda positions: maxsim(query.vectors, weights, [self._vectors[i] for i in positions])
