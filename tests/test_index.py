"""The chromadb index: incremental, atomic, provider-aware; embedded and on a real Chroma server."""

from __future__ import annotations

import hashlib
import shutil
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from bot.policy.knowledge import KnowledgeBase, load_knowledge_base
from bot.retrieval.index import ClauseIndex, _nearest, open_client
from tests.conftest import KNOWLEDGE
from tests.servers import chroma_server as running_chroma


class CountingEmbedder:
    """A deterministic embedder (hash → unit vector) that counts what it embeds."""

    def __init__(self, name: str = "fake:hash-8", fail_after: int | None = None) -> None:
        self.name = name
        self.embedded = 0
        self._fail_after = fail_after

    def _vector(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
        v = np.random.default_rng(seed).normal(size=8).astype(np.float32)
        return v / np.linalg.norm(v)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if self._fail_after is not None and self.embedded + len(texts) > self._fail_after:
            raise RuntimeError("embedding service fell over")
        self.embedded += len(texts)
        return np.vstack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, target)
    return target


def index_for(kb_dir: Path, store: Path, embedder: CountingEmbedder) -> tuple[ClauseIndex, KnowledgeBase]:
    kb = load_knowledge_base(kb_dir)
    return ClauseIndex(open_client(store), kb, embedder), kb


def test_sync_is_incremental(kb_copy: Path, tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    index, kb = index_for(kb_copy, tmp_path / "store", embedder)
    first = index.sync()
    assert first.changed and first.embedded == len(kb.clauses) == embedder.embedded
    assert not index.sync().changed  # nothing changed: nothing embedded
    assert embedder.embedded == len(kb.clauses)

    doc = kb_copy / "face-limited-access.md"
    text = doc.read_text()
    assert "### 1.3" in text
    doc.write_text(text.replace("### 1.3 ", "### 1.3 Reviewing access: "))
    index, kb = index_for(kb_copy, tmp_path / "store", embedder)
    report = index.sync()
    assert report.embedded == 1 and report.reused == len(kb.clauses) - 1
    assert embedder.embedded == len(kb.clauses) + 1


def test_a_failed_sync_leaves_the_previous_index_answering(kb_copy: Path, tmp_path: Path) -> None:
    index, _ = index_for(kb_copy, tmp_path / "store", CountingEmbedder())
    index.sync()
    query = CountingEmbedder().embed_query("police")
    before = index.query(query, 5)

    (kb_copy / "extra.md").write_text(
        "---\nid: extra\n---\n# Extra\n\n" + "\n\n".join(f"Paragraph {i} about something new." for i in range(40))
    )
    broken, _ = index_for(kb_copy, tmp_path / "store", CountingEmbedder(fail_after=10))
    with pytest.raises(RuntimeError):
        broken.sync()
    assert broken.query(query, 5) == before  # the old generation still answers
    client = open_client(tmp_path / "store")
    names = [c.name for c in client.list_collections()]
    assert len([n for n in names if n.count("-") >= 3]) == 1  # the half-built generation is gone


def test_changing_the_embedder_re_embeds_everything(kb_copy: Path, tmp_path: Path) -> None:
    index, kb = index_for(kb_copy, tmp_path / "store", CountingEmbedder("fake:one"))
    index.sync()
    other = CountingEmbedder("fake:two")
    index, kb = index_for(kb_copy, tmp_path / "store", other)
    assert index.active() is None  # vectors of another model are never used
    assert index.sync().embedded == len(kb.clauses) == other.embedded


def test_query_filters_by_document(kb_copy: Path, tmp_path: Path) -> None:
    index, _ = index_for(kb_copy, tmp_path / "store", CountingEmbedder())
    index.sync()
    hits = index.query(CountingEmbedder().embed_query("anything"), 50, ["face-la"])
    assert hits and all(cid.startswith("face-la/") for cid in hits)
    assert index.query(CountingEmbedder().embed_query("anything"), 5, []) == {}


def test_a_small_index_read_whole_answers_as_the_stores_own_filter(kb_copy: Path, tmp_path: Path) -> None:
    index, kb = index_for(kb_copy, tmp_path / "store", CountingEmbedder())
    index.sync()
    collection, count = index.active(), len(kb.clauses)
    for text in ("police", "emotion recognition at work", "anything"):
        query = CountingEmbedder().embed_query(text)
        # (the two codes of conduct share clauses word for word: an equal distance is ordered as the store likes)
        for n, docs in ((5, ["face-la"]), (50, ["coc-2024", "face-la"]), (3, ["coc-2023"]), (200, None)):
            where = {"document_id": {"$in": docs}} if docs is not None else None
            stored = _nearest(collection, count, query, n, where)
            expected = {cid: 1.0 - d for cid, d in zip(stored["ids"][0], stored["distances"][0], strict=True)}
            assert index.query(query, n, docs) == expected


def test_a_reader_follows_the_pointer_when_another_sync_drops_its_generation(kb_copy: Path, tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    reader, _ = index_for(kb_copy, tmp_path / "store", embedder)
    reader.sync()
    query = embedder.embed_query("police")
    assert reader.query(query, 3)  # the reader now holds the first generation for POINTER_TTL_S

    doc = kb_copy / "face-limited-access.md"
    doc.write_text(doc.read_text().replace("### 1.3 ", "### 1.3 Reviewing access: "))
    writer, _ = index_for(kb_copy, tmp_path / "store", embedder)
    assert writer.sync().changed  # a second generation, and the first one dropped
    assert reader.query(query, 3) == writer.query(query, 3)


class BarrierEmbedder(CountingEmbedder):
    """Holds every sync at its first embedding until all of them have read the (empty) index."""

    def __init__(self, barrier: threading.Barrier) -> None:
        super().__init__()
        self._barrier = barrier

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if self.embedded == 0:
            self._barrier.wait(30)
        return super().embed_passages(texts)


def _sync_together(indexes: list[ClauseIndex]) -> list[BaseException]:
    errors: list[BaseException] = []

    def run(index: ClauseIndex) -> None:
        try:
            index.sync()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(index,)) for index in indexes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    with running_chroma(tmp_path / "server") as port:
        yield port


def test_a_chroma_server_holds_the_index(kb_copy: Path, tmp_path: Path, chroma_server: int) -> None:
    kb = load_knowledge_base(kb_copy)
    embedder = CountingEmbedder()
    client = open_client(tmp_path / "unused", host="127.0.0.1", port=chroma_server)
    index = ClauseIndex(client, kb, embedder)
    assert index.sync().embedded == len(kb.clauses)
    # A second replica sees the same index and re-embeds nothing.
    replica = ClauseIndex(open_client(tmp_path / "unused", host="127.0.0.1", port=chroma_server), kb, embedder)
    assert not replica.sync().changed
    hits = replica.query(embedder.embed_query(kb.clauses["coc-2024/3.1"].text), 3)
    assert hits


def test_replicas_starting_together_share_one_index(kb_copy: Path, tmp_path: Path, chroma_server: int) -> None:
    kb = load_knowledge_base(kb_copy)
    barrier = threading.Barrier(2)
    replicas = [
        ClauseIndex(
            open_client(tmp_path / "unused", host="127.0.0.1", port=chroma_server), kb, BarrierEmbedder(barrier)
        )
        for _ in range(2)
    ]
    assert _sync_together(replicas) == []  # neither trips over the other creating the pointer
    query = CountingEmbedder().embed_query(kb.clauses["coc-2024/3.1"].text)
    assert replicas[0].query(query, 3) == replicas[1].query(query, 3) != {}
