"""Late interaction: the MaxSim score (pure), the token store (atomic, incremental), the index filling it,
and the retriever ranking with it; MiniLM's token vectors themselves."""

from __future__ import annotations

import hashlib
import logging
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from bot.policy.knowledge import load_knowledge_base
from bot.retrieval.fusion import FusionParams, hybrid_rank
from bot.retrieval.index import ClauseIndex, open_client, token_store
from bot.retrieval.late import LateInteraction, TokenVectors, document_frequencies, maxsim, query_weights
from bot.retrieval.lexical import BM25
from bot.retrieval.retriever import HybridRetriever
from bot.retrieval.tokens import TokenStore
from tests.conftest import KNOWLEDGE

STOP = 1  # the fake tokenizer's id for "the"


def _unit(seed: str, dims: int = 16) -> np.ndarray:
    v = np.random.default_rng(int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16)).normal(size=dims)
    return v / np.linalg.norm(v)


def _tokens(text: str) -> TokenVectors:
    """One token per word; a word's vector is fixed by the word, so equal words match exactly."""
    words = text.lower().split()
    ids = np.array([STOP if w == "the" else 2 + int(hashlib.sha256(w.encode()).hexdigest()[:6], 16) for w in words])
    vectors = np.array([_unit(w) for w in words]).reshape(len(words), 16)
    return TokenVectors(ids.astype(np.int32), vectors.astype(np.float16))


class TokenFake:
    """A deterministic embedder with token vectors that counts the texts it runs."""

    name = "fake:tokens-16"

    def __init__(self) -> None:
        self.runs = 0

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.runs += len(texts)
        return np.array([_unit(t) for t in texts], dtype=np.float32)

    def embed_passages_with_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list[TokenVectors]]:
        return self.embed_passages(texts), [_tokens(t) for t in texts]

    def embed_query(self, text: str) -> np.ndarray:
        return _unit(text).astype(np.float32)

    def embed_query_with_tokens(self, text: str) -> tuple[np.ndarray, TokenVectors]:
        return self.embed_query(text), _tokens(text)

    def plain_token_ids(self) -> frozenset[int]:
        return frozenset({STOP})


# --- the score


def test_a_passage_holding_the_questions_rare_words_scores_highest() -> None:
    passages = ["the weapons of the army", "the cafeteria menu", "weapons and explosives are prohibited"]
    tokens = [_tokens(p) for p in passages]
    df = document_frequencies(t.ids for t in tokens)
    query = _tokens("the explosives")
    weights = query_weights(query.ids, df, len(passages), frozenset({STOP}))
    assert weights.tolist() == [0.0, 1.0]  # "the" carries no weight
    scores = maxsim(query.vectors, weights, [t.vectors for t in tokens])
    assert int(np.argmax(scores)) == 2
    assert scores[2] == pytest.approx(1.0, abs=1e-3)  # the word itself is there


def test_query_weights_follow_rarity_and_fall_back_to_equal_shares() -> None:
    df = {10: 1, 11: 9}
    weights = query_weights(np.array([10, 11]), df, 10, frozenset())
    assert weights.sum() == pytest.approx(1.0) and weights[0] > weights[1]
    only_plain = query_weights(np.array([STOP, STOP]), df, 10, frozenset({STOP}))
    assert only_plain.tolist() == [0.5, 0.5]
    assert query_weights(np.array([], dtype=np.int32), df, 10, frozenset()).tolist() == []
    assert document_frequencies([np.array([10, 10, 11]), np.array([10])]) == {10: 2, 11: 1}


def test_an_empty_passage_or_question_scores_zero() -> None:
    query = _tokens("weapons")
    empty = np.zeros((0, 16), dtype=np.float16)
    assert maxsim(query.vectors, np.array([1.0]), [empty]).tolist() == [0.0]
    assert maxsim(empty, np.array([]), [query.vectors]).tolist() == [0.0]


@pytest.mark.parametrize("memory_bytes", [256 << 20, 0])  # stacked in memory; or read passage by passage
def test_late_interaction_scores_any_positions_as_maxsim_does_to_the_bit(memory_bytes: int) -> None:
    texts = ["weapons of the army", "", "the cafeteria menu", "explosives are prohibited", "army menu", "the"]
    tokens = [_tokens(t) if t else TokenVectors(np.zeros(0, np.int32), np.zeros((0, 16), np.float16)) for t in texts]
    late = LateInteraction(tokens, frozenset({STOP}), memory_bytes=memory_bytes)
    query = _tokens("the army explosives menu")
    weights = query_weights(query.ids, document_frequencies(t.ids for t in tokens), len(texts), frozenset({STOP}))
    score = late.scorer(query)
    for positions in ([0, 1, 2, 3, 4, 5], [2, 3, 4], [0, 2, 3, 5], [4, 3, 0], [1], []):
        expected = maxsim(query.vectors, weights, [tokens[i].vectors for i in positions])
        for _ in range(2):  # the second time from the scores kept
            assert score(np.array(positions, dtype=np.int64)).tobytes() == expected.tobytes()


def test_late_interaction_leads_the_fused_ranking() -> None:
    texts = ["drone footage retention", "drone policy overview", "aerial video is kept for thirty days"]
    bm25 = BM25(texts)
    dense = {0: 0.80, 1: 0.75, 2: 0.70}
    late_scores = np.array([0.2, 0.1, 0.9])
    asked: list[list[int]] = []

    def late(pool: np.ndarray) -> np.ndarray:
        asked.append(pool.tolist())
        return late_scores[pool]

    params = FusionParams(neighbour_weight=0.0, length_weight=0.0)
    assert hybrid_rank("how long is drone footage kept", bm25, dense, 1, params)[0][0] == 0
    assert hybrid_rank("how long is drone footage kept", bm25, dense, 1, params, late=late)[0][0] == 2
    assert asked == [[0, 1, 2]]  # asked once, about the candidates


# --- the token store


def test_the_store_computes_only_missing_clauses_and_rewrites_only_on_change(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "tokens")
    assert store.load() is None
    computed: list[int] = []

    def compute(todo: list[int]) -> list[TokenVectors]:
        computed.extend(todo)
        return [_tokens(f"clause {n} text") for n in todo]

    table = store.sync(["a", "b", "c"], compute)
    assert computed == [0, 1, 2] and len(table) == 3
    generation = (tmp_path / "tokens" / "current").read_text()
    store.sync(["a", "b", "c"], compute)
    assert computed == [0, 1, 2] and (tmp_path / "tokens" / "current").read_text() == generation
    changed = store.sync(["a", "x"], compute)  # b and c gone, x new
    assert computed == [0, 1, 2, 1] and "b" not in changed and "x" in changed
    kept = changed.get("a")
    assert kept is not None and np.array_equal(kept.ids, _tokens("clause 0 text").ids)
    assert len(list((tmp_path / "tokens").glob("*.json"))) == 1  # older generations are removed


def test_a_failed_sync_leaves_the_previous_tokens_answering(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "tokens")
    store.sync(["a"], lambda todo: [_tokens("alpha") for _ in todo])

    def broken(todo: list[int]) -> list[TokenVectors]:
        raise RuntimeError("the model fell over")

    with pytest.raises(RuntimeError):
        store.sync(["a", "b"], broken)
    table = store.load()
    assert table is not None and "a" in table and "b" not in table


def test_damaged_token_files_are_computed_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = TokenStore(tmp_path / "tokens")
    store.sync(["a"], lambda todo: [_tokens("alpha") for _ in todo])
    for path in (tmp_path / "tokens").glob("*.json"):
        path.write_text("{not json")
    with caplog.at_level(logging.WARNING):
        assert store.load() is None
    assert "unreadable" in caplog.text
    recomputed: list[int] = []
    store.sync(["a"], lambda todo: recomputed.extend(todo) or [_tokens("alpha") for _ in todo])
    assert recomputed == [0]


# --- the index and the retriever


def _index(tmp_path: Path, embedder: object) -> tuple[ClauseIndex, object]:
    kb_dir = tmp_path / "kb"
    if not kb_dir.exists():
        shutil.copytree(KNOWLEDGE, kb_dir)
    kb = load_knowledge_base(kb_dir)
    return ClauseIndex(
        open_client(tmp_path / "chroma"), kb, embedder, token_store(tmp_path / "tokens", kb, embedder)
    ), kb  # type: ignore[arg-type]


def test_one_pass_over_the_clauses_fills_vectors_and_tokens(tmp_path: Path) -> None:
    fake = TokenFake()
    index, kb = _index(tmp_path, fake)
    report = index.sync()
    assert report.changed and report.embedded == len(kb.clauses) == fake.runs  # type: ignore[attr-defined]
    tokens = index.clause_tokens()
    assert tokens is not None and set(tokens) == set(kb.clauses)  # type: ignore[attr-defined]
    assert index.sync().embedded == 0 and fake.runs == len(kb.clauses)  # type: ignore[attr-defined]


def test_lost_token_vectors_are_computed_without_touching_the_vector_index(tmp_path: Path) -> None:
    fake = TokenFake()
    index, kb = _index(tmp_path, fake)
    index.sync()
    collection = index.active()
    shutil.rmtree(tmp_path / "tokens")  # e.g. a new replica: the vectors are on the Chroma server, not the tokens
    again, _ = _index(tmp_path, fake)
    report = again.sync()
    assert not report.changed and report.embedded == report.reused == len(kb.clauses)  # type: ignore[attr-defined]
    assert again.active().name == collection.name  # the vector generation was kept
    assert set(again.clause_tokens() or {}) == set(kb.clauses)  # type: ignore[attr-defined]


def test_the_retriever_uses_late_interaction_only_when_every_clause_has_tokens(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = TokenFake()
    index, kb = _index(tmp_path, fake)
    assert HybridRetriever(kb, index, fake)._late is None  # type: ignore[arg-type]  # never synced
    index.sync()
    retriever = HybridRetriever(kb, index, fake)  # type: ignore[arg-type]
    assert retriever._late is not None
    assert retriever.search("police facial recognition", 3)
    # A knowledge base with a clause the store does not know (changed since the last sync): no late interaction.
    path = next((tmp_path / "kb").glob("code-of-conduct-2024.md"))
    path.write_text(path.read_text().replace("must not be used", "shall not be used", 1))
    changed = load_knowledge_base(tmp_path / "kb")
    stale = ClauseIndex(
        open_client(tmp_path / "chroma"), changed, fake, token_store(tmp_path / "tokens", changed, fake)
    )  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING):
        assert HybridRetriever(changed, stale, fake)._late is None  # type: ignore[arg-type]
    assert "no token vectors" in caplog.text


def test_minilm_token_vectors_leave_out_cls_and_sep_and_have_unit_length() -> None:
    from bot.retrieval.embeddings import LOCAL_MODELS, token_embedder

    minilm = token_embedder(LOCAL_MODELS["minilm"](None))
    assert minilm is not None and token_embedder(LOCAL_MODELS["e5"](None)) is None
    pooled, tokens = minilm.embed_passages_with_tokens(["Weapons are prohibited.", "No."])
    assert np.allclose(pooled, minilm.embed_passages(["Weapons are prohibited.", "No."]), atol=1e-6)
    first, only_plain = tokens
    plain = minilm.plain_token_ids()
    assert {1012, 2024} <= plain  # ".", "are"
    # [CLS], [SEP], "are" and "." are left out: "weapons", "prohibited" stay.
    assert len(first.ids) == len(first.vectors) == 2 and not set(first.ids.tolist()) & (plain | {101, 102})
    assert np.allclose(np.linalg.norm(first.vectors.astype(np.float32), axis=1), 1.0, atol=1e-2)
    assert len(only_plain.ids) == 2  # "No." has nothing else, so its words are kept
    _, query = minilm.embed_query_with_tokens("Are weapons prohibited?")
    assert len(query.ids) == 2


@pytest.mark.parametrize("setting, expected", [("true", True), ("false", False), ("", True)])
def test_late_interaction_can_be_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str, expected: bool
) -> None:
    from bot.config import load_settings
    from bot.wiring import build_index

    monkeypatch.setenv("POLICYBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("POLICYBOT_LATE_INTERACTION", setting)
    kb = load_knowledge_base(KNOWLEDGE)
    fake = TokenFake()
    index = build_index(load_settings(), kb, fake)
    index.sync()
    assert (index.clause_tokens() is not None) is expected
    assert (HybridRetriever(kb, index, fake)._late is not None) is expected  # type: ignore[arg-type]
    assert (tmp_path / "data" / "tokens").exists() is expected
