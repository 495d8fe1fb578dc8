"""Group similar questions by topic: greedy centroid clustering over unit vectors, deterministic and cheap."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

SIMILAR = 0.55  # cosine at which a question joins a group (MiniLM: paraphrases score 0.6-0.9, unrelated < 0.3)
_WORD = re.compile(r"[^\W_]{3,}")


@dataclass
class Group:
    members: list[int] = field(default_factory=list)  # indexes into the questions clustered, most asked first
    centroid: np.ndarray | None = None
    weight: int = 0  # how many answers the group stands for (a question asked twice counts twice)


def cluster(vectors: np.ndarray, weights: Sequence[int], similar: float = SIMILAR) -> list[Group]:
    """Each vector joins the closest group whose centroid it is at least `similar` to, else starts one.

    Vectors are visited in order (the caller sorts by how often a question was asked, so the commonest
    wording leads its group); groups come back largest first, ties by first member.
    """
    unit = _normalised(vectors)
    groups: list[Group] = []
    sums: list[np.ndarray] = []
    for i, vector in enumerate(unit):
        best, score = -1, similar
        for g, total in enumerate(sums):
            centroid = total / (np.linalg.norm(total) or 1.0)
            s = float(centroid @ vector)
            if s >= score:
                best, score = g, s
        if best < 0:
            groups.append(Group())
            sums.append(np.zeros_like(vector))
            best = len(groups) - 1
        group = groups[best]
        group.members.append(i)
        group.weight += int(weights[i])
        sums[best] = sums[best] + vector * weights[i]
    for group, total in zip(groups, sums, strict=True):
        group.centroid = total / (np.linalg.norm(total) or 1.0)
    return sorted(groups, key=lambda g: (-g.weight, g.members[0]))


def hashed_words(texts: Sequence[str], dims: int = 512) -> np.ndarray:
    """A bag of words hashed into `dims` buckets: the fallback when no embedding model can be loaded."""
    out = np.zeros((len(texts), dims), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in _WORD.findall(text.lower()):
            out[row, zlib.crc32(word.encode()) % dims] += 1.0
    return out


def _normalised(vectors: np.ndarray) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim != 2:
        return np.zeros((0, 1), dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)
