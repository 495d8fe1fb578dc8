"""Retrievers: the words that name the documents searched do not steer the ranking."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from bot.policy.knowledge import KnowledgeBase, load_knowledge_base
from bot.retrieval.index import ClauseIndex, open_client
from bot.retrieval.retriever import HybridRetriever, LexicalRetriever

POLICY = """---
id: zephyr-9-acceptable-use-policy
title: Zephyr 9 Acceptable Use Policy
---
# Zephyr 9 Acceptable Use Policy

We want everyone to use Zephyr 9 safely. You agree you will not use Zephyr 9 in the ways below.

## Prohibited uses

Do not use Zephyr 9 to create malicious code, ransomware or computer viruses.

Do not use Zephyr 9 to plan violence against people.
"""

OTHER = """---
id: orbit-terms
title: Orbit Service Terms
---
# Orbit Service Terms

Orbit customers may not resell Zephyr 9 outputs.
"""


class RecordingEmbedder:
    """Remembers the queries it embedded; vectors that carry no meaning, so BM25 decides."""

    name = "fake:recording"

    def __init__(self) -> None:
        self.queries: list[str] = []

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(texts), 1))

    def embed_query(self, text: str) -> np.ndarray:
        self.queries.append(text)
        return np.array([1.0, 0.0], dtype=np.float32)


def kb_of(tmp_path: Path, *docs: str) -> KnowledgeBase:
    folder = tmp_path / "kb"
    folder.mkdir()
    for i, text in enumerate(docs):
        (folder / f"doc{i}.md").write_text(text)
    return load_knowledge_base(folder, with_rules=False)


def test_the_product_name_does_not_pull_up_the_introduction(tmp_path: Path) -> None:
    kb = kb_of(tmp_path, POLICY)
    question = "Can we use Zephyr 9 to write ransomware?"
    top = LexicalRetriever(kb).search(question, 1)[0]
    assert "ransomware" in top.clause.text

    embedder = RecordingEmbedder()
    index = ClauseIndex(open_client(tmp_path / "index"), kb, embedder)
    index.sync()
    hybrid = HybridRetriever(kb, index, embedder).search(question, 1)[0]
    assert "ransomware" in hybrid.clause.text
    assert embedder.queries == ["Can we to write ransomware?"]  # the name words go, the stopwords stay


@pytest.mark.parametrize(
    ("scope", "kept"),
    [
        (None, True),  # two documents: "Zephyr" tells them apart, so it stays
        ({"zephyr-9-acceptable-use-policy"}, False),  # only the policy is searched: it names it
    ],
)
def test_only_words_naming_every_document_searched_are_dropped(
    tmp_path: Path, scope: set[str] | None, kept: bool
) -> None:
    kb = kb_of(tmp_path, POLICY, OTHER)
    embedder = RecordingEmbedder()
    index = ClauseIndex(open_client(tmp_path / "index"), kb, embedder)
    index.sync()
    HybridRetriever(kb, index, embedder).search("Zephyr ransomware", 3, document_ids=scope)
    assert ("Zephyr" in embedder.queries[0]) is kept


def test_a_question_of_nothing_but_names_is_searched_whole(tmp_path: Path) -> None:
    kb = kb_of(tmp_path, POLICY)
    assert LexicalRetriever(kb).search("Zephyr 9 acceptable use policy", 1)
