"""Hybrid ranking (fusion.py): the fusion math, filters, ties and edge cases, on tiny in-memory indexes."""

from __future__ import annotations

import numpy as np
import pytest

from bot.retrieval.fusion import DEFAULT_PARAMS, FusionParams, dense_share, hybrid_rank
from bot.retrieval.lexical import BM25

# A fixed even mix, whatever share of the query's words the index holds.
PLAIN = FusionParams(dense_weight=0.5, dense_weight_unmatched=0.5, neighbour_weight=0.0, length_weight=0.0)

TEXTS = [
    "Employees may use the assistant to draft marketing copy.",  # 0
    "The assistant must not be used to design weapons or explosives.",  # 1
    "Facial recognition by police requires a court order.",  # 2
    "Customer data stays in the European Union.",  # 3
    "Report incidents to the security team within 24 hours.",  # 4
]


def test_empty_index_or_no_results_asked() -> None:
    assert hybrid_rank("anything", BM25([]), {}, 5) == []
    assert hybrid_rank("weapons", BM25(TEXTS), {1: 0.9}, 0) == []


def test_no_signal_gives_nothing() -> None:
    # No word in common and no dense candidates: nothing to rank, rather than an arbitrary order.
    assert hybrid_rank("zebra", BM25(TEXTS), {}, 3) == []


def test_lexical_only_when_dense_is_empty() -> None:
    ranked = hybrid_rank("weapons and explosives", BM25(TEXTS), {}, 3, PLAIN)
    assert [i for i, _ in ranked] == [1]


def test_dense_only_when_no_words_match() -> None:
    dense = {2: 0.91, 0: 0.80, 4: 0.85}
    ranked = hybrid_rank("zebra", BM25(TEXTS), dense, 3, PLAIN)
    assert [i for i, _ in ranked] == [2, 4, 0]


def test_fusion_is_the_weighted_sum_of_z_scores() -> None:
    bm25 = BM25(TEXTS)
    query = "assistant weapons"
    dense = {0: 0.70, 1: 0.80, 2: 0.60, 3: 0.65, 4: 0.75}
    ranked = dict(hybrid_rank(query, bm25, dense, 5, PLAIN))
    lex = bm25.scores(query)
    den = np.array([dense[i] for i in range(5)])
    expected = 0.5 * (lex - lex.mean()) / lex.std() + 0.5 * (den - den.mean()) / den.std()
    assert set(ranked) == set(range(5))
    for i in range(5):
        assert ranked[i] == pytest.approx(expected[i])


def test_lexical_and_dense_disagree_and_the_weight_decides() -> None:
    # Lexical prefers 0 (it shares two words), dense prefers 2 (a paraphrase the model recognises).
    texts = ["drone camera footage storage", "drone policy overview", "aerial video is kept for thirty days"]
    bm25 = BM25(texts)
    query = "how long is drone footage stored"
    dense = {0: 0.78, 1: 0.74, 2: 0.90}
    lexical_heavy = FusionParams(dense_weight=0.1, dense_weight_unmatched=0.1, neighbour_weight=0.0, length_weight=0.0)
    dense_heavy = FusionParams(dense_weight=0.9, dense_weight_unmatched=0.9, neighbour_weight=0.0, length_weight=0.0)
    assert hybrid_rank(query, bm25, dense, 1, lexical_heavy)[0][0] == 0
    assert hybrid_rank(query, bm25, dense, 1, dense_heavy)[0][0] == 2
    assert [i for i, _ in hybrid_rank(query, bm25, dense, 3, lexical_heavy)] == [0, 1, 2]
    assert [i for i, _ in hybrid_rank(query, bm25, dense, 3, dense_heavy)] == [2, 0, 1]
    # An even mix puts the paraphrase, strongly preferred by one signal, above the weak "drone" mention.
    assert [i for i, _ in hybrid_rank(query, bm25, dense, 3, PLAIN)][-1] == 1


def test_the_dense_share_grows_as_fewer_query_words_occur() -> None:
    params = FusionParams(dense_weight=0.5, dense_weight_unmatched=0.9)
    assert dense_share(params, 1.0) == pytest.approx(0.5)
    assert dense_share(params, 0.0) == pytest.approx(0.9)
    assert dense_share(params, 0.5) == pytest.approx(0.7)


def test_a_plain_words_question_leans_on_meaning() -> None:
    # Of "can our bot tell folks which stocks to buy" only "tell" occurs in the clauses, in the wrong one;
    # the model recognises the clause on investment advice. An even mix follows the stray word; the
    # default, seeing one word in five matched, follows the model.
    texts = [
        "Tell users they are talking to an AI system.",
        "Offering investment advice or financial planning.",
        "Generating spam or bulk messages.",
        "Collecting biometric data without consent.",
    ]
    bm25 = BM25(texts)
    query = "can our bot tell folks which stocks to buy"
    assert bm25.matched_share(query) == pytest.approx(1 / 5)
    dense = {0: 0.42, 1: 0.47, 2: 0.30, 3: 0.28}
    unadaptive = FusionParams(dense_weight=0.5, dense_weight_unmatched=0.5, neighbour_weight=0.0, length_weight=0.0)
    adaptive = FusionParams(dense_weight=0.5, dense_weight_unmatched=0.9, neighbour_weight=0.0, length_weight=0.0)
    assert hybrid_rank(query, bm25, dense, 1, unadaptive)[0][0] == 0
    assert hybrid_rank(query, bm25, dense, 1, adaptive)[0][0] == 1
    # When every word occurs, the adaptive mix is the even one: same scores.
    matched = "investment advice"
    assert hybrid_rank(matched, bm25, dense, 4, adaptive) == hybrid_rank(matched, bm25, dense, 4, unadaptive)


def test_allow_filters_both_signals() -> None:
    bm25 = BM25(TEXTS)
    dense = {1: 0.95, 2: 0.90, 0: 0.5}
    ranked = hybrid_rank("weapons assistant", bm25, dense, 5, allow=lambda i: i != 1)
    assert 1 not in [i for i, _ in ranked]
    assert {i for i, _ in ranked} <= {0, 2}
    assert hybrid_rank("weapons", bm25, dense, 5, allow=lambda i: False) == []


def test_ties_are_broken_by_position() -> None:
    texts = ["same words here", "other text", "same words here", "same words here"]
    ranked = hybrid_rank("same words", BM25(texts), {}, 3, PLAIN)
    assert [i for i, _ in ranked] == [0, 2, 3]
    assert ranked[0][1] == ranked[1][1] == ranked[2][1]
    dense = {3: 0.5, 1: 0.5, 2: 0.5}
    assert [i for i, _ in hybrid_rank("zebra", BM25(texts), dense, 3, PLAIN)] == [1, 2, 3]


def test_dense_indices_outside_the_index_are_ignored() -> None:
    ranked = hybrid_rank("zebra", BM25(TEXTS), {-1: 0.99, 7: 0.98, 3: 0.5}, 5, PLAIN)
    assert [i for i, _ in ranked] == [3]


def test_only_the_top_depth_dense_candidates_count() -> None:
    # Passing every passage or just the vector store's nearest gives the same ranking.
    rng = np.random.default_rng(0)
    texts = [f"clause number {i} about topic {i % 7}" for i in range(300)]
    bm25 = BM25(texts)
    sims = rng.uniform(0.6, 0.9, size=300)
    everything = dict(enumerate(sims.tolist()))
    nearest = dict(sorted(everything.items(), key=lambda kv: -kv[1])[: DEFAULT_PARAMS.depth])
    assert hybrid_rank("topic 3", bm25, everything, 5) == hybrid_rank("topic 3", bm25, nearest, 5)


def test_a_passage_borrows_from_its_best_neighbour() -> None:
    # A list's lead-in names the subject; the item below it holds the rest of the answer.
    texts = ["Confidential information does not include information that:", "(a) is already public;", "Fees."]
    bm25 = BM25(texts)
    query = "information that is public"
    dense = {0: 0.80, 1: 0.80, 2: 0.80}
    without = dict(hybrid_rank(query, bm25, dense, 3, PLAIN))
    with_neighbours = dict(
        hybrid_rank(query, bm25, dense, 3, FusionParams(dense_weight=0.5, neighbour_weight=0.5, length_weight=0.0))
    )
    assert with_neighbours[1] - without[1] > with_neighbours[2] - without[2]


def test_neighbours_do_not_cross_groups() -> None:
    texts = ["alpha beta", "gamma", "delta"]
    query = "alpha beta"
    params = FusionParams(dense_weight=0.0, neighbour_weight=1.0, length_weight=0.0)
    joined = dict(hybrid_rank(query, BM25(texts, groups=["a", "a", "b"]), {1: 0.1, 2: 0.1}, 3, params))
    # 1 sits next to the match in the same document; 2 is the first clause of another document.
    assert joined[1] > joined[2]
    split = dict(hybrid_rank(query, BM25(texts, groups=["a", "b", "b"]), {1: 0.1, 2: 0.1}, 3, params))
    assert split[1] == pytest.approx(split[2])


def test_length_prior_prefers_the_fuller_clause_on_a_tie() -> None:
    texts = ["weapons", "weapons development of any kind is prohibited for all customers"]
    bm25 = BM25(texts, b=0.0)
    dense = {0: 0.8, 1: 0.8}
    params = FusionParams(dense_weight=0.5, neighbour_weight=0.0, length_weight=0.1)
    assert hybrid_rank("weapons", bm25, dense, 2, params)[0][0] == 1


def test_k_limits_the_results_and_scores_descend() -> None:
    bm25 = BM25(TEXTS)
    dense = {i: 0.5 + i / 10 for i in range(5)}
    ranked = hybrid_rank("assistant security data", bm25, dense, 3)
    assert len(ranked) == 3
    scores = [s for _, s in ranked]
    assert scores == sorted(scores, reverse=True)
