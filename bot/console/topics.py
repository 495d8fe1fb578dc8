"""The silent page's groups: the latest undecided questions, embedded (cached), clustered and explained."""

from __future__ import annotations

import logging
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bot.console.clusters import cluster, hashed_words

log = logging.getLogger(__name__)

EXAMPLES = 5
CLOSEST = 3
CACHE_SIZE = 5_000  # question vectors kept in memory


@dataclass
class Topic:
    count: int  # answers in the sample that fall in this group
    examples: list[dict[str, Any]] = field(default_factory=list)  # id, question, verdict, asked (times)
    verdicts: dict[str, int] = field(default_factory=dict)
    clauses: list[str] = field(default_factory=list)  # the closest clause ids
    draft_command: str = ""


class QuestionVectors:
    """Question → unit vector with the product's embedding model, cached; hashed words if the model fails."""

    def __init__(self, embed: Callable[[list[str]], np.ndarray] | None) -> None:
        self._embed = embed
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.kind = "embeddings" if embed is not None else "words"

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            fresh = self._compute(missing)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    self._cache[text] = vector
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        with self._lock:
            found = [self._cache.get(t) for t in texts]
        kept = [v for v in found if v is not None]
        if len(kept) < len(found):  # evicted meanwhile by another request: compute them plainly
            return self._compute(list(texts))
        return np.vstack(kept) if kept else np.zeros((0, 1), dtype=np.float32)

    def _compute(self, texts: list[str]) -> np.ndarray:
        if self._embed is not None and self.kind == "embeddings":
            try:
                return np.asarray(self._embed(texts), dtype=np.float32)
            except Exception as exc:  # the model could not load: group by words instead, and say so
                log.warning("console: question embeddings unavailable, grouping by words: %s", exc)
                self.kind = "words"
        return hashed_words(texts)


def topics(
    rows: list[dict[str, Any]],
    vectors: QuestionVectors,
    closest: Callable[[str], list[str]] | None,
    kb_arg: str,
) -> list[Topic]:
    """Group the sample's questions by topic, most asked first; each group with examples and nearby clauses."""
    asked = Counter(row["question"] for row in rows)
    first_row: dict[str, dict[str, Any]] = {}
    for row in rows:
        first_row.setdefault(row["question"], row)
    questions = sorted(asked, key=lambda q: -asked[q])  # stable: ties keep the newest first
    if not questions:
        return []
    groups = cluster(vectors.vectors(questions), [asked[q] for q in questions])
    out = []
    for number, group in enumerate(groups, start=1):
        members = [questions[i] for i in group.members]
        verdicts: Counter[str] = Counter()
        cited: Counter[str] = Counter()
        for q in members:
            verdicts[first_row[q]["verdict"]] += asked[q]
            for clause_id in first_row[q].get("clause_ids") or []:
                cited[clause_id] += asked[q]
            for clause_id in first_row[q].get("possible_prohibitions") or []:
                cited[clause_id] += asked[q]
        clauses = _closest(members[0], closest) or [c for c, _ in cited.most_common(CLOSEST)]
        out.append(
            Topic(
                count=group.weight,
                examples=[{**_example(first_row[q]), "asked": asked[q]} for q in members[:EXAMPLES]],
                verdicts=dict(verdicts.most_common()),
                clauses=clauses,
                draft_command=draft_command(number, clauses, kb_arg),
            )
        )
    return out


def draft_command(number: int, clauses: list[str], kb_arg: str) -> str:
    """The command a policy owner runs to draft rules for what this group asks about."""
    kb = f" --kb {kb_arg}" if kb_arg else ""
    about = f"  # for {', '.join(clauses)}" if clauses else ""
    return f"policybot rules draft{kb} --out rules-draft-topic-{number}.yaml{about}"


def _closest(question: str, closest: Callable[[str], list[str]] | None) -> list[str]:
    if closest is None:
        return []
    try:
        return closest(question)[:CLOSEST]
    except Exception as exc:  # the cited clauses stand in
        log.info("console: closest clauses unavailable: %s", exc)
        return []


def _example(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "question": row["question"], "verdict": row["verdict"]}
