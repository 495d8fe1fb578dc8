"""Hybrid ranking: BM25 and dense similarities fused into one ranking of passages, pure and in memory.

Why this recipe (measured on the ContractNLI and PolicyQA dev splits, benchmarks/README.md):
- each signal is z-normalised over the candidates (the union of both signals' top `depth`) and the two
  are mixed linearly; this beat reciprocal-rank fusion, which throws the score margins away;
- a passage borrows a share of its best neighbour's fused score, because evidence often spans a list's
  lead-in and its item, or a sentence split over two clauses;
- a small prior for longer passages, because one-word headings and list markers are rarely the answer;
- the dense share grows as fewer of the query's words occur in the passages at all: a question in plain
  words ("can our bot tell ppl wich stocks to buy?") shares few words with the clause that answers it,
  and the lexical signal then ranks on the one or two words it did find; when every word occurs (the
  benchmarks' formal hypotheses and questions), the mix is the even one tuned on them;
- with late interaction (late.py: each question token matched to its best passage token), that score
  leads and the other two add to it (`late_dense_weight`, `late_lexical_weight`): it was the strongest
  single signal on ContractNLI and PolicyQA, and this mix beat each of the three alone.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from bot.retrieval.lexical import BM25, top_matches


@dataclass(frozen=True)
class FusionParams:
    dense_weight: float = 0.5  # share of the dense signal when every query word occurs; lexical gets the rest
    dense_weight_unmatched: float = 0.9  # its share when no query word occurs; linear in between
    neighbour_weight: float = 0.2  # share of the best neighbour's fused score a passage borrows
    length_weight: float = 0.1  # prior per log(1 + terms) of the passage
    late_dense_weight: float = 0.3  # with late interaction (weight 1): the sentence vectors' weight
    late_lexical_weight: float = 0.1  # with late interaction: BM25's weight
    depth: int = 50  # candidates taken from each signal: max(depth, 10 * k)


DEFAULT_PARAMS = FusionParams()


def dense_share(params: FusionParams, matched: float) -> float:
    """The dense signal's weight for a query of which a share `matched` (0..1) of the words occur in the index."""
    return params.dense_weight_unmatched + (params.dense_weight - params.dense_weight_unmatched) * matched


def _zscore(values: np.ndarray, over: np.ndarray) -> np.ndarray:
    """Standardise `values` by the mean and spread of the candidates' values `over`."""
    spread = float(over.std()) if len(over) else 0.0
    if spread <= 1e-12:
        return np.zeros_like(values)
    return (values - float(over.mean())) / spread


def hybrid_rank(
    query: str,
    lexical: BM25,
    dense: Mapping[int, float],
    k: int,
    params: FusionParams = DEFAULT_PARAMS,
    allow: Callable[[int], bool] | None = None,
    late: Callable[[np.ndarray], np.ndarray] | None = None,
) -> list[tuple[int, float]]:
    """The k best passages for `query`, best first, as (passage index, fused score); ties by index.

    `dense` maps passage index to the cosine similarity of its embedding to the query's (the vector
    store's nearest candidates, or every passage: only the top `depth` are used either way). `late`,
    when given, scores passages (by index) by late interaction; it is asked only about the candidates
    and their neighbours.
    """
    n = len(lexical)
    if k <= 0 or n == 0:
        return []
    depth = max(params.depth, 10 * k)
    lex_all = lexical.scores(query)

    nearest = heapq.nlargest(depth, ((s, -i) for i, s in dense.items() if 0 <= i < n and (allow is None or allow(i))))
    dense_ids = [-neg for _, neg in nearest]
    lex_ids = [i for i, _ in top_matches(lex_all, depth, allow)]
    candidates = np.asarray(sorted(set(dense_ids) | set(lex_ids)), dtype=np.int64)
    if not len(candidates):
        return []

    # Neighbours join the pool so their scores can be lent (neighbours share a group, so they pass the
    # same document filters); only candidates are ranked.
    joined = lexical.joined_next()
    before = candidates[candidates > 0] - 1
    before = before[joined[before]]
    after = candidates[candidates < n - 1]
    after = after[joined[after]] + 1
    pool = np.union1d(candidates, np.union1d(before, after))
    slot = {int(i): j for j, i in enumerate(pool)}
    is_candidate = np.isin(pool, candidates)

    lex = lex_all[pool]
    z_lex = _zscore(lex, lex[is_candidate])
    if dense_ids:
        dense_values = np.asarray([s for s, _ in nearest], dtype=np.float64)
        floor = float(dense_values.min())
        dns = np.full(len(pool), floor)
        dns[[slot[i] for i in dense_ids]] = dense_values
        z_dense = _zscore(dns, dns[is_candidate])
    else:
        z_dense = np.zeros(len(pool))
    if late is not None:
        scores = late(pool)
        z_late = _zscore(scores, scores[is_candidate])
        fused = z_late + params.late_dense_weight * z_dense + params.late_lexical_weight * z_lex
    else:
        weight = dense_share(params, lexical.matched_share(query))
        fused = weight * z_dense + (1 - weight) * z_lex

    # Best neighbour of each pooled passage (the pool's lowest score where there is none).
    low = float(fused.min())
    prev_ok = np.zeros(len(pool), dtype=bool)
    next_ok = np.zeros(len(pool), dtype=bool)
    prev_ok[1:] = (np.diff(pool) == 1) & joined[pool[:-1]]
    next_ok[:-1] = prev_ok[1:]
    best_neighbour = np.full(len(pool), low)
    best_neighbour[1:] = np.where(prev_ok[1:], fused[:-1], low)
    best_neighbour[:-1] = np.maximum(best_neighbour[:-1], np.where(next_ok[:-1], fused[1:], low))
    final = fused + params.neighbour_weight * best_neighbour

    if params.length_weight:
        final = final + params.length_weight * np.log1p(lexical.lengths()[pool])

    ids, scores = pool[is_candidate], final[is_candidate]
    order = np.lexsort((ids, -scores))[:k]
    return [(int(ids[j]), float(scores[j])) for j in order]
