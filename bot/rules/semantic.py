"""Phrasings nobody wrote a cue for: the question matched to each value's description and examples.

The local embedding model turns a value's description and example questions into vectors once (cached
by content under the data folder); a question's score for a value is its best cosine over them. The
service uses two thresholds, calibrated in benchmarks/semantic_thresholds.py on data we wrote:
a strong match reads the value as a fact (only ever stricter: it can add a kind of use, never remove
one), a weaker match on a harmful value blocks a permit and names the clause that may apply.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot.files import keep_newest, write_atomically
from bot.policy.models import Clause
from bot.rules.vocabulary import Vocabulary

if TYPE_CHECKING:  # numpy loads with the model, on the first question that needs it
    import numpy as np

log = logging.getLogger(__name__)

# Calibrated on the golden questions (benchmarks/semantic_thresholds.py; figures in benchmarks/README.md).
STRONG = 0.62  # any value this close is read as a fact of the question
WEAK = 0.50  # a harmful value this close (and nearer than any harmless one) names the clauses that may apply
BLOCK = 0.43  # a harmful value this close, nearer than any harmless one, keeps a use from `permitted`
HARM_LEAD = 0.08  # a harmful value at least WEAK that leads every harmless value by this much is read too
# Below BLOCK, a harmful value that is the question's clear nearest kind of use still keeps it from `permitted`: "which
# pills would definitely work, for my novel" is nearer self-harm than fiction (benchmarks/README.md, twelfth session).
LEADING_FLOOR = 0.38
BLOCK_LEAD = 0.10


@dataclass(frozen=True)
class Thresholds:
    strong: float = STRONG
    weak: float = WEAK
    block: float = BLOCK
    harm_lead: float = HARM_LEAD
    leading_floor: float = LEADING_FLOOR
    block_lead: float = BLOCK_LEAD


_RECENT = 64  # question vectors kept
KEPT_VECTORS = 16  # cached vector files kept per kind: a few knowledge bases' worth; older ones are edits gone by


class QueryEmbedder(Protocol):
    name: str

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


@dataclass(frozen=True)
class ValueMatch:
    fact: str
    value: str
    score: float
    harmful: bool
    clauses: tuple[str, ...]
    readable: bool = True  # may the match alone read the value as a fact


@dataclass(frozen=True)
class ValueVectors:
    """One row per description or example; `owner[i]` is the value (fact, value id) row i speaks for."""

    owners: tuple[tuple[str, str], ...]
    matrix: np.ndarray  # (rows, dim), unit length

    def best(self, query: np.ndarray) -> dict[tuple[str, str], float]:
        import numpy as np

        if not self.owners:
            return {}
        scores = self.matrix @ (query / (np.linalg.norm(query) or 1.0))
        best: dict[tuple[str, str], float] = {}
        for owner, score in zip(self.owners, scores.tolist(), strict=True):
            if score > best.get(owner, -1.0):
                best[owner] = score
        return best


def texts_of(vocab: Vocabulary) -> list[tuple[tuple[str, str], str]]:
    """The sentences each value with examples is known by: its examples, then its description."""
    rows: list[tuple[tuple[str, str], str]] = []
    for fact in vocab.facts.values():
        for value in fact.values.values():
            if not value.examples:
                continue  # a value is matched semantically only when its owner gave examples
            owner = (fact.name, str(value.id))
            rows += [(owner, text) for text in value.examples]
            if value.description:
                rows.append((owner, value.description))
    return rows


class SemanticMatcher:
    """Scores a question against the vocabulary's values; the value vectors are built on first use."""

    def __init__(
        self,
        vocab: Vocabulary,
        embedder: QueryEmbedder,
        cache_dir: Path | None = None,
        thresholds: Thresholds = Thresholds(),
    ) -> None:
        self.thresholds = thresholds
        self._vocab = vocab
        self._embedder = embedder
        self._cache_dir = cache_dir
        self._vectors: ValueVectors | None = None
        self._clause_vectors: dict[tuple[str, str], np.ndarray] = {}  # written whole per key: safe to share
        self._part_vectors: dict[str, np.ndarray] = {}  # parts of clauses, by text: written whole per key too
        self._recent: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def matches(self, question: str, threshold: float = WEAK) -> list[ValueMatch]:
        """Values scoring at least `threshold`, best first."""
        vectors = self._value_vectors()
        scores = vectors.best(self._question_vector(question))
        found = []
        for (fact, value_id), score in scores.items():
            if score < threshold:
                continue
            entry = self._vocab.value(fact, value_id)
            harmful = bool(entry and entry.harmful)
            clauses = entry.clauses if entry else ()
            readable = entry.read_by_meaning if entry else True
            found.append(ValueMatch(fact, value_id, round(score, 4), harmful, clauses, readable))
        return sorted(found, key=lambda m: -m.score)

    def closeness(self, question: str, clauses: Sequence[Clause]) -> dict[str, float]:
        """Cosine of the question with each clause's text (clause vectors kept by id and text)."""

        missing = [c for c in clauses if (c.id, c.text) not in self._clause_vectors]
        if missing:
            # Kept on disk too, by the model and the text, so a new process (a CLI command) need not embed them.
            rows = [((c.id, c.id), c.text) for c in missing]
            vectors = _load_or_embed(rows, self._embedder, self._cache_dir, prefix="clauses")
            for clause, vector in zip(missing, vectors.matrix, strict=True):
                self._clause_vectors[(clause.id, clause.text)] = vector
        query = self._question_vector(question)
        return {c.id: float(self._clause_vectors[(c.id, c.text)] @ query) for c in clauses}

    def text_closeness(self, question: str, texts: Sequence[str]) -> list[float]:
        """Cosine of the question with each text (parts of clauses: their vectors kept by text)."""
        vectors = self._text_vectors(texts)
        query = self._question_vector(question)
        return [float(vectors[t] @ query) for t in texts]

    def value_closeness(
        self, values: Sequence[tuple[str, str]], texts: Sequence[str]
    ) -> dict[tuple[str, str], list[float]]:
        """Per value (fact, value id), per text: the cosine of the value's closest sentence (an example or its
        description) with the text. What a question means, by way of the vocabulary, said in a policy's words."""
        import numpy as np

        vectors = self._text_vectors(texts)
        matrix = np.stack([vectors[t] for t in texts]) if texts else np.zeros((0, 1), np.float32)
        known = self._value_vectors()
        rows: dict[tuple[str, str], list[int]] = {}
        for i, owner in enumerate(known.owners):
            rows.setdefault(owner, []).append(i)
        found: dict[tuple[str, str], list[float]] = {}
        for value in values:
            if value in rows and texts:
                found[value] = (known.matrix[rows[value]] @ matrix.T).max(axis=0).tolist()
        return found

    def nearest(self, sources: Sequence[str], texts: Sequence[str]) -> list[float]:
        """Per text, the cosine of the closest of `sources` (texts too: vectors kept by text, as parts are)."""
        if not sources or not texts:
            return [0.0] * len(texts)
        import numpy as np

        vectors = self._text_vectors([*sources, *texts])
        near = np.stack([vectors[t] for t in sources]) @ np.stack([vectors[t] for t in texts]).T
        return [float(x) for x in near.max(axis=0)]

    def prepare(self, texts: Sequence[str]) -> None:
        """Embed these texts now, in one batch kept on disk under a key of them all: a process that asks about
        the same clauses' parts later loads one file instead of embedding each question's candidates apart."""
        self._text_vectors(texts)

    def _text_vectors(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        missing = sorted({t for t in texts if t not in self._part_vectors})
        if missing:  # kept on disk too, by the model and the texts, as clause vectors are
            vectors = _load_or_embed([((t, t), t) for t in missing], self._embedder, self._cache_dir, prefix="parts")
            for text, vector in zip(missing, vectors.matrix, strict=True):
                self._part_vectors[text] = vector
        return {t: self._part_vectors[t] for t in texts}

    def _question_vector(self, question: str) -> np.ndarray:
        """The question's unit vector; recent ones are kept (each question is scored twice, maybe by two threads)."""
        with self._lock:
            known = self._recent.get(question)
        if known is not None:
            return known
        import numpy as np

        vector = np.asarray(self._embedder.embed_query(question), dtype=np.float32)
        vector = vector / (np.linalg.norm(vector) or 1.0)
        with self._lock:
            if len(self._recent) >= _RECENT:
                self._recent.pop(next(iter(self._recent)))
            self._recent[question] = vector
        return vector

    def _value_vectors(self) -> ValueVectors:
        if self._vectors is None:
            self._vectors = _load_or_embed(texts_of(self._vocab), self._embedder, self._cache_dir)
        return self._vectors


def _load_or_embed(
    rows: list[tuple[tuple[str, str], str]], embedder: QueryEmbedder, cache_dir: Path | None, prefix: str = "values"
) -> ValueVectors:
    import numpy as np

    owners = tuple(owner for owner, _ in rows)
    texts = [text for _, text in rows]
    key = hashlib.sha256(json.dumps([getattr(embedder, "name", "model"), texts]).encode()).hexdigest()[:24]
    path = cache_dir / f"{prefix}-{key}.npy" if cache_dir else None
    if path is not None and path.exists():
        try:
            matrix = np.load(path)
            if matrix.shape[0] == len(texts):
                return ValueVectors(owners, matrix)
        except (OSError, ValueError) as exc:
            log.warning("value vectors at %s unreadable (%s); recomputing", path, exc)
    matrix = np.asarray(embedder.embed_passages(texts), dtype=np.float32) if texts else np.zeros((0, 1), np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = matrix / np.where(norms == 0, 1.0, norms)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            buffer = io.BytesIO()
            np.save(buffer, matrix)
            write_atomically(path, buffer.getvalue())  # a reader never sees half a file
            keep_newest(path, f"{prefix}-*.npy", KEPT_VECTORS)
        except OSError as exc:
            log.warning("could not cache value vectors at %s (%s)", path, exc)
    return ValueVectors(owners, matrix)
