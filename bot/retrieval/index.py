"""The chromadb index of a knowledge base: a cache of its clauses' embeddings, rebuilt incrementally.

Each sync writes a complete new collection (copying the vectors of unchanged clauses, embedding
only new or changed ones) and only then points the knowledge base's pointer collection at it, so
a failed or interrupted sync leaves the previous index answering. The embedder's name is recorded
with the index: a different provider or model re-embeds everything rather than mixing vectors.

With an embedder that gives token vectors (MiniLM), the same pass over the clauses also fills the
token store (tokens.py) that late interaction ranks with; it is brought up to date after the
collection is switched, reusing the tokens of unchanged clauses in the same way.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from bot.errors import KnowledgeBaseError
from bot.policy.knowledge import KnowledgeBase
from bot.policy.models import Clause
from bot.retrieval.embeddings import Embedder, token_embedder
from bot.retrieval.late import TokenVectors
from bot.retrieval.lexical import clause_search_text
from bot.retrieval.tokens import FORMAT as TOKEN_FORMAT
from bot.retrieval.tokens import TokenStore, missing, up_to_date

log = logging.getLogger(__name__)

BATCH = 256
STALE_GENERATION_S = 600  # unreferenced generations older than this are leftovers of crashed syncs
POINTER_TTL_S = 30.0  # how long a reader trusts the pointer it read (another replica may have synced since)
WHOLE_RANKING_UP_TO = 500  # clauses: a collection this small is read whole per question vector (_whole_ranking)
RANKINGS_KEPT = 8  # whole rankings kept, for the last question vectors


@dataclass(frozen=True)
class SyncReport:
    clauses: int
    embedded: int  # clauses that went through the model (for their vectors, their token vectors or both)
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


def token_store(folder: Path, kb: KnowledgeBase, embedder: Embedder) -> TokenStore:
    """Where a knowledge base's token vectors live under `folder`: one subfolder per knowledge base and model."""
    model = "".join(c if c.isalnum() or c in "-." else "_" for c in embedder.name)
    return TokenStore(folder / f"{kb_key(kb)}-{model}-t{TOKEN_FORMAT}")


def clause_hash(embedder_name: str, text: str) -> str:
    return hashlib.sha256(f"{embedder_name}\n{text}".encode()).hexdigest()[:24]


class ClauseIndex:
    """The dense half of retrieval for one knowledge base."""

    def __init__(self, client: Any, kb: KnowledgeBase, embedder: Embedder, tokens: TokenStore | None = None) -> None:
        self._client = client
        self._kb = kb
        self._embedder = embedder
        self._tokens = tokens if token_embedder(embedder) is not None else None
        self._key = kb_key(kb)
        self._pointer_name = f"pb-{self._key}"
        self._cached: tuple[Any, int, float] | None = None  # (collection, count, when read) for queries
        self._rankings: dict[tuple[str, bytes], list[tuple[str, float, str]] | None] = {}  # see _whole_ranking
        self._lock = threading.Lock()

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
        collection, count = self._for_queries()
        try:
            return self._nearest_in(collection, count, vector, n, document_ids)
        except Exception:
            # Another replica may have synced and dropped the generation we cached: follow the pointer once.
            self._cached = None
            if self._pointed_name() in (None, collection.name):
                raise
            collection, count = self._for_queries()
            return self._nearest_in(collection, count, vector, n, document_ids)

    def _nearest_in(
        self, collection: Any, count: int, vector: np.ndarray, n: int, document_ids: Sequence[str] | None
    ) -> dict[str, float]:
        whole = self._whole_ranking(collection, count, vector) if count <= WHOLE_RANKING_UP_TO else None
        if whole is not None:  # filtered here, as the store would: the n nearest within the documents
            within = set(document_ids) if document_ids is not None else None
            return dict(islice(((cid, s) for cid, s, doc in whole if within is None or doc in within), n))
        where = {"document_id": {"$in": list(document_ids)}} if document_ids is not None else None
        result = _nearest(collection, count, vector, n, where)
        return {cid: 1.0 - float(d) for cid, d in zip(result["ids"][0], result["distances"][0], strict=True)}

    def _whole_ranking(self, collection: Any, count: int, vector: np.ndarray) -> list[tuple[str, float, str]] | None:
        """Every clause of a small collection, nearest first, as (clause id, cosine, document id): one query, with
        no metadata filter, kept for the last few question vectors. A question's searches (the prohibiting
        clauses weighed, then those cited) then share one round trip, and none pays for the filter, which cost
        more than reading the hundred clauses of the sample knowledge base whole. Kept as long as the pointer read
        is trusted (POINTER_TTL_S), as the generation itself is. None when the store returns fewer than all the
        clauses or one the knowledge base does not know (a sync under way): the store filters then."""
        key = (collection.name, vector.tobytes())
        with self._lock:
            if key in self._rankings:
                return self._rankings[key]
        result = _nearest(collection, count, vector, count, None)
        ids, distances = result["ids"][0], result["distances"][0]
        clauses = self._kb.clauses
        ranking = (
            [(cid, 1.0 - float(d), clauses[cid].document_id) for cid, d in zip(ids, distances, strict=True)]
            if len(ids) == count and all(cid in clauses for cid in ids)
            else None
        )
        with self._lock:
            if len(self._rankings) >= RANKINGS_KEPT:
                self._rankings.pop(next(iter(self._rankings)))
            self._rankings[key] = ranking
        return ranking

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
            with self._lock:
                self._rankings.clear()  # read from the generation the pointer named: trusted as long as it is
        return self._cached[0], self._cached[1]

    def clause_tokens(self) -> dict[str, TokenVectors] | None:
        """Clause id → its token vectors, for late interaction; None without a token store or before a sync
        has filled it (a clause whose tokens are missing is left out)."""
        table = self._tokens.load() if self._tokens is not None else None
        if table is None:
            return None
        out = {}
        for clause, digest in zip(*self._clauses_and_hashes(), strict=True):
            if (tokens := table.get(digest)) is not None:
                out[clause.id] = tokens
        return out

    # --- writing

    def sync(self, progress: Callable[[int, int], None] | None = None) -> SyncReport:
        """Bring the index in line with the knowledge base; atomic: the old index answers until the end."""
        clauses, hashes = self._clauses_and_hashes()
        texts = [clause_search_text(c.section, c.text) for c in clauses]
        old = self.active()
        old_hashes = _hashes(old) if old is not None else {}
        vectors_current = old is not None and old_hashes == dict(zip((c.id for c in clauses), hashes, strict=True))
        table = self._tokens.load() if self._tokens is not None else None
        tokens_todo = [] if self._tokens is None else missing(table, hashes)
        if vectors_current and (self._tokens is None or up_to_date(table, hashes)):
            return SyncReport(len(clauses), embedded=0, reused=len(clauses), changed=False)

        reused: dict[str, np.ndarray] = {}
        vectors_todo: list[int] = []
        if not vectors_current:
            unchanged = [c.id for c, h in zip(clauses, hashes, strict=True) if old_hashes.get(c.id) == h]
            reused = _reusable_vectors(old, unchanged)
            vectors_todo = [i for i, c in enumerate(clauses) if c.id not in reused]
        vectors, tokens = self._embed(texts, vectors_todo, tokens_todo, progress)
        if not vectors_current:
            self._write_collection(old, clauses, hashes, reused, vectors)
        if self._tokens is not None:
            self._tokens.update(table, hashes, tokens)
        return SyncReport(
            len(clauses),
            embedded=len(set(vectors_todo) | set(tokens_todo)),
            reused=len(clauses) if vectors_current else len(reused),
            changed=not vectors_current,
        )

    def _clauses_and_hashes(self) -> tuple[list[Clause], list[str]]:
        clauses = list(self._kb.clauses.values())
        return clauses, [clause_hash(self._embedder.name, clause_search_text(c.section, c.text)) for c in clauses]

    def _write_collection(
        self,
        old: Any | None,
        clauses: list[Clause],
        hashes: list[str],
        reused: dict[str, np.ndarray],
        fresh: dict[int, np.ndarray],
    ) -> None:
        name = f"pb-{self._key}-{int(time.time())}-{uuid.uuid4().hex[:6]}"
        new = self._client.create_collection(
            name, metadata={"hnsw:space": "cosine", "embedder": self._embedder.name}, embedding_function=None
        )
        try:
            for start in range(0, len(clauses), BATCH):
                chunk = range(start, min(start + BATCH, len(clauses)))
                new.add(
                    ids=[clauses[i].id for i in chunk],
                    embeddings=[
                        (reused[clauses[i].id] if clauses[i].id in reused else fresh[i]).tolist() for i in chunk
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

    def _embed(
        self,
        texts: list[str],
        vectors_todo: list[int],
        tokens_todo: list[int],
        progress: Callable[[int, int], None] | None,
    ) -> tuple[dict[int, np.ndarray], dict[int, TokenVectors]]:
        """One pass of the model over the clauses that need their vectors, their tokens or both."""
        todo = sorted(set(vectors_todo) | set(tokens_todo))
        with_tokens = token_embedder(self._embedder) if tokens_todo else None
        vectors: dict[int, np.ndarray] = {}
        tokens: dict[int, TokenVectors] = {}
        for start in range(0, len(todo), 64):
            chunk = todo[start : start + 64]
            batch = [texts[i] for i in chunk]
            if with_tokens is not None:
                pooled, parts = with_tokens.embed_passages_with_tokens(batch)
                tokens.update(zip(chunk, parts, strict=True))
            else:
                pooled = self._embedder.embed_passages(batch)
            vectors.update(zip(chunk, pooled, strict=True))
            if progress is not None:
                progress(min(start + 64, len(todo)), len(todo))
        return vectors, tokens

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
