"""The numpy all-MiniLM-L6-v2 encoder: right numbers, padding that changes nothing, clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.errors import ConfigError
from bot.retrieval.embeddings import LocalMiniLMEmbedder
from bot.retrieval.minilm import MAX_TOKENS, MiniLM, bundled_model_dir

# Reference vectors from the transformers implementation of the same files (BertModel in torch, mean
# pooling over the attention mask, unit length), computed once outside the project: the first eight
# dimensions of each sentence's embedding.
REFERENCE = {
    "A man is eating food.": [0.03324, 0.00441, -0.00628, 0.04838, -0.1387, -0.03362, 0.10113, -0.05438],
    "Can a police department in Texas use the service for facial recognition?": [
        -0.07922,
        0.03449,
        -0.02115,
        -0.0673,
        -0.01647,
        0.0262,
        -0.06348,
        -0.05419,
    ],
}


@pytest.fixture(scope="module")
def model() -> MiniLM:
    return MiniLM()


def test_matches_the_reference_implementation(model: MiniLM) -> None:
    vectors = model.encode(list(REFERENCE))
    for vector, expected in zip(vectors, REFERENCE.values(), strict=True):
        assert np.allclose(vector[:8], expected, atol=2e-4)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_similar_sentences_are_closer_than_unrelated_ones(model: MiniLM) -> None:
    eat, bread, baby = model.encode(["A man is eating food.", "A man is eating bread.", "The girl carries a baby."])
    assert eat @ bread > 0.6 > 0.2 > eat @ baby


def test_padding_in_a_batch_changes_nothing(model: MiniLM) -> None:
    short = "Weapons are not allowed."
    alone = model.encode([short])[0]
    beside_a_long_one = model.encode([short, "A much longer sentence that forces padding " * 10])[0]
    assert np.allclose(alone, beside_a_long_one, atol=1e-5)


def test_long_passages_are_truncated_not_refused(model: MiniLM) -> None:
    long = "confidential information " * (2 * MAX_TOKENS)
    vector = model.encode([long])[0]
    assert vector.shape == (384,) and np.isfinite(vector).all()
    assert model.encode([]).shape == (0, 384)


def test_the_embedder_keeps_input_order_while_batching_by_length() -> None:
    embedder = LocalMiniLMEmbedder()
    texts = ["a long sentence about police body cameras and live face matching", "ok", "emotion recognition at work"]
    together = embedder.embed_passages(texts)
    for text, vector in zip(texts, together, strict=True):
        assert np.allclose(vector, embedder.embed_query(text), atol=1e-5)


def test_a_tampered_model_file_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(bundled_model_dir(), copy)
    weights = copy / "model.safetensors"
    raw = bytearray(weights.read_bytes())
    raw[-1] ^= 0xFF
    weights.write_bytes(bytes(raw))
    with pytest.raises(ConfigError, match="sha256"):
        MiniLM(copy)


def test_the_built_model_is_cached_and_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    first = MiniLM(cache_dir=tmp_path)
    cached = list(tmp_path.glob("minilm-*.onnx"))
    assert len(cached) == 1 and not list(tmp_path.glob("*.tmp"))
    built_at = cached[0].stat().st_mtime_ns
    again = MiniLM(cache_dir=tmp_path)  # loads the cached file
    assert cached[0].stat().st_mtime_ns == built_at
    sentence = ["Weapons are not allowed."]
    assert np.allclose(first.encode(sentence), again.encode(sentence), atol=1e-6)

    cached[0].write_bytes(cached[0].read_bytes()[:1000])  # truncated, as by a full disk
    repaired = MiniLM(cache_dir=tmp_path)
    assert np.allclose(repaired.encode(sentence), first.encode(sentence), atol=1e-6)
    assert cached[0].stat().st_size > 1000
