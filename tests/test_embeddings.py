"""Choosing the embedding provider and model, and joining two models' vectors."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from bot.config import Settings
from bot.errors import ConfigError
from bot.retrieval.embeddings import (
    DEFAULT_LOCAL_MODEL,
    JointEmbedder,
    LocalE5Embedder,
    LocalMiniLMEmbedder,
    OpenAIEmbedder,
    make_embedder,
)


@pytest.mark.parametrize(
    ("setting", "kind"),
    [
        ("local", LocalMiniLMEmbedder),
        ("local:minilm", LocalMiniLMEmbedder),
        (" LOCAL:E5 ", LocalE5Embedder),
        ("local:e5+minilm", JointEmbedder),
    ],
)
def test_local_models_are_chosen_by_name(setting: str, kind: type) -> None:
    assert isinstance(make_embedder(Settings(embedding_provider=setting)), kind)
    assert DEFAULT_LOCAL_MODEL == "minilm"


@pytest.mark.parametrize("setting", ["local:bert-large", "cohere", ""])
def test_an_unknown_provider_or_model_names_the_choices(setting: str) -> None:
    with pytest.raises(ConfigError, match="POLICYBOT_EMBEDDINGS") as err:
        make_embedder(Settings(embedding_provider=setting))
    assert "local:e5" in str(err.value)


def test_openai_embeddings_need_a_key() -> None:
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        make_embedder(Settings(embedding_provider="openai", openai_api_key=None))
    chosen = make_embedder(Settings(embedding_provider="openai", openai_api_key="sk-test"))
    assert isinstance(chosen, OpenAIEmbedder) and chosen.name == "openai:text-embedding-3-small"


class Fixed:
    """Unit vectors looked up by text."""

    def __init__(self, name: str, table: dict[str, list[float]]) -> None:
        self.name = name
        self._table = {k: np.asarray(v, dtype=np.float32) / np.linalg.norm(v) for k, v in table.items()}

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.vstack([self._table[t] for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._table[text]


def test_a_joint_cosine_is_the_mean_of_the_models_cosines() -> None:
    a = Fixed("a", {"q": [1, 0], "p": [0.6, 0.8]})
    b = Fixed("b", {"q": [0, 1, 0], "p": [0, 1, 0]})
    joint = JointEmbedder(a, b)
    assert joint.name == "a+b"
    q, p = joint.embed_query("q"), joint.embed_passages(["p"])[0]
    assert np.isclose(np.linalg.norm(q), 1.0) and np.isclose(np.linalg.norm(p), 1.0)
    assert np.isclose(q @ p, (0.6 + 1.0) / 2)
