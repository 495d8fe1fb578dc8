"""BM25 (lexical.py): tokenising and stemming, scores against the textbook formula, search and filters."""

from __future__ import annotations

import math

import pytest

from bot.retrieval.lexical import (
    BM25,
    Hit,
    clause_search_text,
    proper_name_terms,
    tokenize,
    top_matches,
    without_words,
)


def test_tokenize_drops_stopwords_and_folds_case_and_accents() -> None:
    assert tokenize("The Café IS open") == ["cafe", "open"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("recognise", "recognition"),
        ("cameras", "camera"),
        ("disclosed", "disclosure"),
        ("confidential", "confidentiality"),
        ("independently", "independent"),
    ],
)
def test_stemming_meets_word_forms(a: str, b: str) -> None:
    assert tokenize(a) == tokenize(b)


def test_scores_follow_the_bm25_formula() -> None:
    texts = ["apple banana", "apple apple cherry", "durian"]
    k1, b = 1.2, 0.75
    bm25 = BM25(texts, k1=k1, b=b)
    lengths = [2, 3, 1]
    avg = sum(lengths) / 3
    idf = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))
    expected = [idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * n / avg)) for tf, n in zip((1, 2), lengths, strict=False)]
    scores = bm25.scores("apple")
    assert scores[0] == pytest.approx(expected[0])
    assert scores[1] == pytest.approx(expected[1])
    assert scores[2] == 0.0


def test_a_repeated_query_word_counts_once() -> None:
    bm25 = BM25(["apple banana", "cherry"])
    assert bm25.scores("apple apple")[0] == pytest.approx(bm25.scores("apple")[0])


def test_weighted_terms_scale_the_score() -> None:
    bm25 = BM25(["apple banana", "cherry"])
    assert bm25.scores({"apple": 2.0})[0] == pytest.approx(2 * bm25.scores("apple")[0])


def test_search_ranks_filters_and_breaks_ties_by_position() -> None:
    bm25 = BM25(["weapons policy", "no match", "weapons policy", "weapons"])
    assert [h.index for h in bm25.search("weapons policy", 3)] == [0, 2, 3]
    assert [h.index for h in bm25.search("weapons policy", 3, allow=lambda i: i != 0)] == [2, 3]
    assert bm25.search("weapons", 0) == []
    assert bm25.search("zebra", 5) == []
    assert all(isinstance(h, Hit) and h.score > 0 for h in bm25.search("weapons", 5))


def test_empty_index() -> None:
    bm25 = BM25([])
    assert len(bm25) == 0
    assert bm25.search("anything") == []
    assert len(bm25.scores("anything")) == 0


def test_top_matches_keeps_ties_exact_beyond_k() -> None:
    import numpy as np

    scores = np.array([1.0, 3.0, 3.0, 0.0, 3.0, 2.0])
    assert top_matches(scores, 2) == [(1, 3.0), (2, 3.0)]
    assert top_matches(scores, 10) == [(1, 3.0), (2, 3.0), (4, 3.0), (5, 2.0), (0, 1.0)]
    assert top_matches(scores, 2, allow=lambda i: i % 2 == 0) == [(2, 3.0), (4, 3.0)]


def test_neighbours_stay_within_a_group() -> None:
    bm25 = BM25(["a1", "a2", "b1", "b2"], groups=["a", "a", "b", "b"])
    assert bm25.neighbours(0) == [1]
    assert bm25.neighbours(1) == [0]
    assert bm25.neighbours(2) == [3]
    with pytest.raises(ValueError, match="groups"):
        BM25(["x"], groups=["a", "b"])


def test_clause_search_text_puts_the_section_path_first() -> None:
    assert clause_search_text(["3 Prohibited uses", "3.2 Weapons"], "No weapons.") == (
        "3 Prohibited uses 3.2 Weapons No weapons."
    )


def test_without_words_drops_named_words_but_keeps_stopwords_and_never_empties_the_query() -> None:
    names = frozenset(tokenize("meta-llama-3 acceptable use policy"))
    assert without_words("Can I use Llama 3 to build guns?", names) == "Can I to build guns?"
    assert without_words("llama 3 policy?", names) == "llama 3 policy?"  # nothing but names: keep it all
    assert without_words("Llama-3's weapons clause", names) == "Llama-3's weapons clause"  # "s" is not a name
    assert without_words("weapons", frozenset()) == "weapons"


def test_matched_share_counts_distinct_query_terms_found_in_the_texts() -> None:
    bm25 = BM25(["Facial recognition by police.", "Weapons design is prohibited."])
    assert bm25.matched_share("police facial recognition") == 1.0
    assert bm25.matched_share("police police drones") == pytest.approx(1 / 2)  # each term once
    assert bm25.matched_share("zebra") == 0.0
    assert bm25.matched_share("the of and") == 0.0  # only stopwords: no terms at all


def test_proper_names_are_the_words_a_text_only_writes_with_a_capital_inside_a_sentence() -> None:
    policy = [
        "Utilize Claude to assign scores to people.",
        "Do not use the Face API for face recognition.",
        "Claude may not be resold.",
    ]
    # "Claude" opens a sentence once and is written with a capital elsewhere; "face" is also a plain word;
    # "Utilize", "Do" and "Claude" (second clause's opening) open sentences and count for nothing by that alone.
    assert proper_name_terms(policy) == frozenset(tokenize("Claude API"))
    assert proper_name_terms(["Can we have Claude write unit tests in Go?"]) == frozenset(tokenize("Claude Go"))
