"""The chromadb index of a knowledge base: a cache of its clauses' embeddings, rebuilt incrementally.

Each sync writes a complete new collection (copying the vectors of unchanged clauses, embedding
only new or changed ones) and only then points the knowledge base's pointer collection at it, so
a failed or interrupted sync leaves the previous index answering. The embedder's name is recorded
with the index: a different provider or model re-embeds everything rather than mixing vectors.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.errors import KnowledgeBaseError
from bot.policy.knowledge import KnowledgeBase
from bot.policy.models import Clause
from bot.retrieval.embeddings import Embedder
from bot.retrieval.lexical import clause_search_text

log = logging.getLogger(__name__)

BATCH = 256
STALE_GENERATION_S = 600  # unreferenced generations older than this are leftovers of crashed syncs
POINTER_TTL_S = 30.0  # how long a reader trusts the pointer it read (another replica may have synced since)


@dataclass(frozen=True)
class SyncReport:
    clauses: int
    embedded: int  # clauses whose vectors had to be computed
    reused: int  # clauses whose vectors were copied from the previous generation
    changed: bool  # False when the index was already up to date


def open_client(index_dir: Path, host: str | None = None, port: int = 8000) -> Any:
    """A Chroma server when a host is configured, else an embedded store under the data folder."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if host:
            return chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
        index_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(index_dir), settings=chroma_settings)
    except Exception as exc:  # chromadb raises many types for a store it cannot reach or open
        where = f"Chroma server {host}:{port}" if host else f"index folder {index_dir}"
        raise KnowledgeBaseError(f"cannot open the {where}: {exc}") from exc


def kb_key(kb: KnowledgeBase) -> str:
    return hashlib.sha1(str(kb.root.resolve()).encode()).hexdigest()[:12]


def clause_hash(embedder_name: str, text: str) -> str:
    return hashlib.sha256(f"{embedder_name}\n{text}".encode()).hexdigest()[:24]


class ClauseIndex:
    """The dense half of retrieval for one knowledge base."""

    def __init__(self, client: Any, kb: KnowledgeBase, embedder: Embedder) -> None:
        self._client = client
        self._kb = kb
        self._embedder = embedder
        self._key = kb_key(kb)
        self._pointer_name = f"pb-{self._key}"
        self._cached: tuple[Any, int, float] | None = None  # (collection, count, when read) for queries

    # --- reading

    def active(self) -> Any | None:
        """The collection currently answering, or None when the knowledge base was never indexed."""
        pointer = self._pointer()
        meta = (pointer.metadata or {}) if pointer is not None else {}
        name = meta.get("active")
        if not name or meta.get("embedder") != self._embedder.name:
            return None
        try:
            return self._client.get_collection(name)
        except Exception:  # the pointer names a collection that is gone: treat as never indexed
            return None

    def query(self, vector: np.ndarray, n: int, document_ids: Sequence[str] | None = None) -> dict[str, float]:
        """Clause id → cosine similarity for the n nearest clauses (optionally within some documents)."""
        if document_ids is not None and not document_ids:
            return {}
        where = {"document_id": {"$in": list(document_ids)}} if document_ids is not None else None
        collection, count = self._for_queries()
        try:
            result = _nearest(collection, count, vector, n, where)
        except Exception:
            # Another replica may have synced and dropped the generation we cached: follow the pointer once.
            self._cached = None
            if self._pointed_name() in (None, collection.name):
                raise
            collection, count = self._for_queries()
            result = _nearest(collection, count, vector, n, where)
        return {cid: 1.0 - float(d) for cid, d in zip(result["ids"][0], result["distances"][0], strict=True)}

    def _for_queries(self) -> tuple[Any, int]:
        """The active collection and its size, re-read from the pointer at most every POINTER_TTL_S."""
        now = time.monotonic()
        if self._cached is None or now - self._cached[2] > POINTER_TTL_S:
            collection = self.active()
            if collection is None:
                raise KnowledgeBaseError(
                    f"the knowledge base {self._kb.root} is not indexed yet: run `policybot ingest`"
                )
            self._cached = (collection, collection.count(), now)
        return self._cached[0], self._cached[1]

    # --- writing

    def sync(self, progress: Callable[[int, int], None] | None = None) -> SyncReport:
        """Bring the index in line with the knowledge base; atomic: the old index answers until the end."""
        clauses = list(self._kb.clauses.values())
        texts = [clause_search_text(c.section, c.text) for c in clauses]
        hashes = [clause_hash(self._embedder.name, t) for t in texts]
        old = self.active()
        old_hashes = _hashes(old) if old is not None else {}
        if old is not None and old_hashes == dict(zip((c.id for c in clauses), hashes, strict=True)):
            return SyncReport(len(clauses), embedded=0, reused=len(clauses), changed=False)

        name = f"pb-{self._key}-{int(time.time())}-{uuid.uuid4().hex[:6]}"
        new = self._client.create_collection(
            name, metadata={"hnsw:space": "cosine", "embedder": self._embedder.name}, embedding_function=None
        )
        try:
            reused = _reusable_vectors(
                old, [c.id for c, h in zip(clauses, hashes, strict=True) if old_hashes.get(c.id) == h]
            )
            todo = [i for i, c in enumerate(clauses) if c.id not in reused]
            vectors = self._embed([texts[i] for i in todo], progress)
            by_index = dict(zip(todo, vectors, strict=True))
            for start in range(0, len(clauses), BATCH):
                chunk = range(start, min(start + BATCH, len(clauses)))
                new.add(
                    ids=[clauses[i].id for i in chunk],
                    embeddings=[
                        (reused[clauses[i].id] if clauses[i].id in reused else by_index[i]).tolist() for i in chunk
                    ],
                    metadatas=[_metadata(self._kb, clauses[i], hashes[i], i) for i in chunk],
                )
            self._point_at(new.name)
            self._cached = None
        except BaseException:
            _drop(self._client, new.name)  # the half-built generation never answered; the old one still does
            raise
        if old is not None:
            _drop(self._client, old.name)
        self._drop_leftovers(keep=new.name)
        return SyncReport(len(clauses), embedded=len(todo), reused=len(reused), changed=True)

    def _embed(self, texts: list[str], progress: Callable[[int, int], None] | None) -> list[np.ndarray]:
        out: list[np.ndarray] = []
        for start in range(0, len(texts), 64):
            out.extend(self._embedder.embed_passages(texts[start : start + 64]))
            if progress is not None:
                progress(min(start + 64, len(texts)), len(texts))
        return out

    def _pointer(self) -> Any | None:
        try:
            return self._client.get_collection(self._pointer_name)
        except Exception:
            return None

    def _pointed_name(self) -> str | None:
        pointer = self._pointer()
        return (pointer.metadata or {}).get("active") if pointer is not None else None

    def _point_at(self, name: str) -> None:
        metadata = {"active": name, "embedder": self._embedder.name, "kb": str(self._kb.root.resolve())}
        # get-or-create: replicas starting together against one Chroma server may both create the pointer.
        pointer = self._client.get_or_create_collection(self._pointer_name, metadata=metadata, embedding_function=None)
        pointer.modify(metadata=metadata)

    def _drop_leftovers(self, keep: str) -> None:
        now = time.time()
        for collection in self._client.list_collections():
            name = collection.name if hasattr(collection, "name") else str(collection)
            parts = name.split("-")
            ours = name.startswith(f"pb-{self._key}-") and name != keep and len(parts) >= 4 and parts[2].isdigit()
            if ours and now - int(parts[2]) > STALE_GENERATION_S:
                _drop(self._client, name)


def _nearest(collection: Any, count: int, vector: np.ndarray, n: int, where: dict[str, Any] | None) -> Any:
    if count == 0:
        return {"ids": [[]], "distances": [[]]}
    return collection.query(
        query_embeddings=[vector.tolist()], n_results=min(n, count), where=where, include=["distances"]
    )


def _hashes(collection: Any) -> dict[str, str]:
    got = collection.get(include=["metadatas"])
    return {cid: (meta or {}).get("hash", "") for cid, meta in zip(got["ids"], got["metadatas"], strict=True)}


def _reusable_vectors(collection: Any | None, ids: list[str]) -> dict[str, np.ndarray]:
    if collection is None or not ids:
        return {}
    out: dict[str, np.ndarray] = {}
    for start in range(0, len(ids), BATCH):
        got = collection.get(ids=ids[start : start + BATCH], include=["embeddings"])
        out.update({cid: np.asarray(v, dtype=np.float32) for cid, v in zip(got["ids"], got["embeddings"], strict=True)})
    return out


def _metadata(kb: KnowledgeBase, clause: Clause, digest: str, position: int) -> dict[str, Any]:
    return {
        "document_id": clause.document_id,
        "version": clause.version,
        "hash": digest,
        "position": position,
        "start": clause.start,
        "end": clause.end,
    }


def _drop(client: Any, name: str) -> None:
    try:
        client.delete_collection(name)
    except Exception as exc:  # best effort: a leftover is cleaned up by a later sync
        log.warning("could not delete index collection %s: %s", name, exc)
