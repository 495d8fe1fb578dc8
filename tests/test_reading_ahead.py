"""The question's vector is embedded on another thread while the cues read it: once, and the same vector."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from bot.retrieval.lazy import LazyEmbedder
from bot.rules.semantic import SemanticMatcher
from bot.rules.vocabulary import load_vocabulary
from tests.conftest import KNOWLEDGE


class CountingEmbedder:
    """A deterministic embedder that records each query it embeds and the thread that embedded it."""

    name = "fake:counting"

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.queries: list[tuple[str, str]] = []
        self._gate = gate

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        if self._gate is not None:
            self._gate.wait(5)
        self.queries.append((text, threading.current_thread().name))
        return self._vector(text)

    @staticmethod
    def _vector(text: str) -> np.ndarray:
        rng = np.random.default_rng(sum(map(ord, text)))
        return rng.standard_normal(16).astype(np.float32)


def _matcher(embedder: object) -> SemanticMatcher:
    return SemanticMatcher(load_vocabulary(KNOWLEDGE / "vocabulary.yaml"), embedder)  # type: ignore[arg-type]


def test_a_question_read_ahead_is_embedded_once_on_another_thread_and_scores_as_inline() -> None:
    ahead, inline = CountingEmbedder(), CountingEmbedder()
    question = "Can we draft phishing emails with the model?"
    reader = _matcher(ahead)
    reader.start_reading(question)
    reader.start_reading(question)  # asked twice: still one pass
    assert reader.matches(question, 0.0) == _matcher(inline).matches(question, 0.0)
    assert [text for text, _ in ahead.queries] == [question]
    assert ahead.queries[0][1].startswith("question-vector")
    reader.matches(question, 0.0)
    assert len(ahead.queries) == 1  # kept: the second match does not embed again


def test_a_match_waits_for_the_vector_being_embedded_instead_of_embedding_it_twice() -> None:
    gate = threading.Event()
    embedder = CountingEmbedder(gate)
    reader = _matcher(embedder)
    question = "Write ransomware for us"
    reader.start_reading(question)
    threading.Timer(0.05, gate.set).start()  # the reading ahead finishes while the match waits
    assert reader.matches(question, 0.0)
    assert [text for text, _ in embedder.queries] == [question]


def test_reading_ahead_never_loads_a_model_that_is_not_loaded_yet() -> None:
    built: list[bool] = []

    def build() -> CountingEmbedder:
        built.append(True)
        return CountingEmbedder()

    lazy = LazyEmbedder("fake:lazy", build)
    _matcher(lazy).start_reading("Can the NYPD use facial recognition?")  # the rules prohibit it: no model needed
    assert not built and not lazy.loaded
