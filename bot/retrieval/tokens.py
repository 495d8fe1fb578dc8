"""The clauses' token vectors (late.py), kept on disk beside the index, by clause content hash.

One generation is three files: the vectors of every token, one after the other (float16, read through
a memory map, so a query touches only its candidates' rows), their word-piece ids, and the clause
hashes with where each clause's tokens start. A sync writes a whole new generation, copying the
tokens of unchanged clauses, then points `current` at it; a crash before that leaves the previous
generation answering, as with the vector index. The files are local to this machine: each replica
of a scaled-out deployment keeps its own (the vectors in Chroma are shared).
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from bot.retrieval.late import TokenVectors

log = logging.getLogger(__name__)

POINTER = "current"
FORMAT = 1  # part of the stores' folder names: a change in what tokens are kept starts a new store


class TokenTable:
    """One generation: clause hash → its token ids and vectors (views into the memory map)."""

    def __init__(self, hashes: Sequence[str], offsets: np.ndarray, ids: np.ndarray, vectors: np.ndarray) -> None:
        self._row = {h: n for n, h in enumerate(hashes)}
        self._offsets = offsets
        self._ids = ids
        self._vectors = vectors

    def __contains__(self, digest: str) -> bool:
        return digest in self._row

    def __len__(self) -> int:
        return len(self._row)

    def get(self, digest: str) -> TokenVectors | None:
        row = self._row.get(digest)
        if row is None:
            return None
        start, end = int(self._offsets[row]), int(self._offsets[row + 1])
        return TokenVectors(self._ids[start:end], self._vectors[start:end])


def missing(table: TokenTable | None, hashes: Sequence[str]) -> list[int]:
    """Positions in `hashes` whose tokens the table does not hold."""
    return [n for n, h in enumerate(hashes) if table is None or h not in table]


def up_to_date(table: TokenTable | None, hashes: Sequence[str]) -> bool:
    """The table holds these clauses' tokens and no others (a sync then writes nothing)."""
    return table is not None and len(table) == len(set(hashes)) and not missing(table, hashes)


class TokenStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load(self) -> TokenTable | None:
        """The current generation, or None when there is none (or it cannot be read: it is rebuilt)."""
        for _ in range(2):  # a sync on another process may replace the generation between the reads
            name = self._current()
            if name is None:
                return None
            try:
                return self._read(name)
            except (OSError, ValueError, KeyError) as exc:
                failure = exc
        log.warning("token vectors in %s are unreadable (%s): they will be computed again", self.folder, failure)
        return None

    def sync(self, hashes: Sequence[str], compute: Callable[[list[int]], list[TokenVectors]]) -> TokenTable:
        """A generation holding exactly `hashes`, computing only those the current one lacks (`compute` gets
        their positions in `hashes`)."""
        current = self.load()
        todo = missing(current, hashes)
        return self.update(current, hashes, dict(zip(todo, compute(todo), strict=True)))

    def update(
        self, current: TokenTable | None, hashes: Sequence[str], fresh: Mapping[int, TokenVectors]
    ) -> TokenTable:
        """A generation holding exactly `hashes`: `fresh` tokens by position, the others copied from `current`;
        `current` itself when it already is that."""
        if current is not None and not fresh and up_to_date(current, hashes):
            return current
        parts = [fresh[n] if n in fresh else current.get(h) for n, h in enumerate(hashes)]  # type: ignore[union-attr]
        return self._write(hashes, parts)

    # --- files

    def _current(self) -> str | None:
        try:
            return (self.folder / POINTER).read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def _read(self, name: str) -> TokenTable:
        index = json.loads((self.folder / f"{name}.json").read_text(encoding="utf-8"))
        vectors = np.load(self.folder / f"{name}.vectors.npy", mmap_mode="r")
        ids = np.load(self.folder / f"{name}.ids.npy", mmap_mode="r")
        offsets = np.asarray(index["offsets"], dtype=np.int64)
        if len(offsets) != len(index["hashes"]) + 1 or offsets[-1] != len(vectors) or len(ids) != len(vectors):
            raise ValueError(f"generation {name} is inconsistent")
        return TokenTable(index["hashes"], offsets, ids, vectors)

    def _write(self, hashes: Sequence[str], parts: Sequence[TokenVectors | None]) -> TokenTable:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{int(time.time() * 1000)}-{uuid.uuid4().hex[:6]}"
        lengths = [len(p.ids) if p is not None else 0 for p in parts]
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        dims = next((p.vectors.shape[1] for p in parts if p is not None and len(p.ids)), 1)
        vectors = np.zeros((int(offsets[-1]), dims), dtype=np.float16)
        ids = np.zeros(int(offsets[-1]), dtype=np.int32)
        for n, part in enumerate(parts):
            if part is not None and len(part.ids):
                vectors[offsets[n] : offsets[n + 1]] = part.vectors
                ids[offsets[n] : offsets[n + 1]] = part.ids
        try:
            np.save(self.folder / f"{name}.vectors.npy", vectors)
            np.save(self.folder / f"{name}.ids.npy", ids)
            (self.folder / f"{name}.json").write_text(
                json.dumps({"hashes": list(hashes), "offsets": offsets.tolist()}), encoding="utf-8"
            )
            pointer = self.folder / f".{POINTER}.{os.getpid()}.tmp"
            pointer.write_text(name, encoding="utf-8")
            os.replace(pointer, self.folder / POINTER)  # the switch: the new generation answers from here on
        except BaseException:
            self._remove(name)
            raise
        for stale in {p.name.split(".")[0] for p in self.folder.glob("*.json")} - {name}:
            self._remove(stale)
        return self._read(name)

    def _remove(self, name: str) -> None:
        for suffix in (".vectors.npy", ".ids.npy", ".json"):
            (self.folder / f"{name}{suffix}").unlink(missing_ok=True)
