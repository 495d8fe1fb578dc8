"""The BERT encoder of all-MiniLM-L6-v2 as an ONNX graph, built from its weights with no torch.

Pure: weights in, serialised model out. Inputs are the token ids (batch, length), their positions
(length) and an additive attention bias (batch, 1, 1, length) that is 0 for tokens and -1e9 for
padding; the output is the last hidden state (batch, length, hidden). onnxruntime runs it with
its fused kernels, several times faster than the same products in numpy for a short question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

HEADS = 12
LAYER_NORM_EPS = 1e-12
OPSET = 17  # LayerNormalization
GRAPH_VERSION = 1  # bump when the graph changes, so cached models are rebuilt


@dataclass(frozen=True)
class Layer:
    qkv_w: np.ndarray  # (hidden, 3 * hidden): query, key and value projections side by side
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]  # scale, shift
    up_w: np.ndarray
    up_b: np.ndarray
    down_w: np.ndarray
    down_b: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Weights:
    words: np.ndarray  # (vocabulary, hidden)
    positions: np.ndarray  # (max length, hidden)
    segment: np.ndarray  # (hidden,): every token is in segment 0
    norm: tuple[np.ndarray, np.ndarray]
    layers: Sequence[Layer]


def weights_from_tensors(t: dict[str, np.ndarray]) -> Weights:
    """The encoder's weights from a Hugging Face BertModel state dict (Linear weights are (out, in))."""

    def vec(name: str) -> np.ndarray:
        return np.asarray(t[name], dtype=np.float32)

    def mat(name: str) -> np.ndarray:
        return np.ascontiguousarray(vec(name).T)

    def layer(i: int) -> Layer:
        p = f"encoder.layer.{i}."
        attn = p + "attention.self."
        return Layer(
            qkv_w=np.hstack([mat(f"{attn}{x}.weight") for x in ("query", "key", "value")]),
            qkv_b=np.concatenate([vec(f"{attn}{x}.bias") for x in ("query", "key", "value")]),
            out_w=mat(p + "attention.output.dense.weight"),
            out_b=vec(p + "attention.output.dense.bias"),
            norm1=(vec(p + "attention.output.LayerNorm.weight"), vec(p + "attention.output.LayerNorm.bias")),
            up_w=mat(p + "intermediate.dense.weight"),
            up_b=vec(p + "intermediate.dense.bias"),
            down_w=mat(p + "output.dense.weight"),
            down_b=vec(p + "output.dense.bias"),
            norm2=(vec(p + "output.LayerNorm.weight"), vec(p + "output.LayerNorm.bias")),
        )

    count = 1 + max(int(name.split(".")[2]) for name in t if name.startswith("encoder.layer."))
    return Weights(
        words=vec("embeddings.word_embeddings.weight"),
        positions=vec("embeddings.position_embeddings.weight"),
        segment=vec("embeddings.token_type_embeddings.weight")[0],
        norm=(vec("embeddings.LayerNorm.weight"), vec("embeddings.LayerNorm.bias")),
        layers=[layer(i) for i in range(count)],
    )


class _Builder:
    def __init__(self) -> None:
        self.nodes: list = []
        self.initializers: list = []
        self._count = 0

    def const(self, name: str, value: np.ndarray | float) -> str:
        from onnx import numpy_helper

        array = np.asarray(value, dtype=np.float32) if isinstance(value, float) else np.asarray(value)
        self.initializers.append(numpy_helper.from_array(array, name))
        return name

    def op(self, kind: str, *inputs: str, **attributes: Any) -> str:
        from onnx import helper

        self._count += 1
        out = f"{kind.lower()}{self._count}"
        self.nodes.append(helper.make_node(kind, list(inputs), [out], **attributes))
        return out

    def layer_norm(self, x: str, norm: tuple[np.ndarray, np.ndarray], name: str) -> str:
        scale, shift = self.const(f"{name}.scale", norm[0]), self.const(f"{name}.shift", norm[1])
        return self.op("LayerNormalization", x, scale, shift, axis=-1, epsilon=LAYER_NORM_EPS)

    def linear(self, x: str, w: np.ndarray, b: np.ndarray, name: str) -> str:
        return self.op("Add", self.op("MatMul", x, self.const(f"{name}.w", w)), self.const(f"{name}.b", b))


def build_encoder(weights: Weights) -> bytes:
    """The serialised ONNX model of the encoder."""
    from onnx import TensorProto, helper

    g = _Builder()
    hidden = weights.words.shape[1]
    head = hidden // HEADS
    to_heads = g.const("to_heads", np.array([0, 0, HEADS, head], dtype=np.int64))
    from_heads = g.const("from_heads", np.array([0, 0, hidden], dtype=np.int64))
    thirds = g.const("thirds", np.array([hidden] * 3, dtype=np.int64))
    scale, half, one = g.const("scale", 1.0 / head**0.5), g.const("half", 0.5), g.const("one", 1.0)
    inv_sqrt2 = g.const("inv_sqrt2", 0.7071067811865476)

    tokens = g.op("Gather", g.const("words", weights.words), "ids")
    placed = g.op("Gather", g.const("positions_table", weights.positions), "positions")
    x = g.op("Add", g.op("Add", tokens, placed), g.const("segment", weights.segment))
    x = g.layer_norm(x, weights.norm, "embeddings")
    for i, layer in enumerate(weights.layers):
        name = f"layer{i}"
        qkv = g.linear(x, layer.qkv_w, layer.qkv_b, f"{name}.qkv")
        q, k, v = (f"{name}.{part}" for part in "qkv")
        g.nodes.append(helper.make_node("Split", [qkv, thirds], [q, k, v], axis=-1))
        q = g.op("Transpose", g.op("Reshape", q, to_heads), perm=[0, 2, 1, 3])
        k = g.op("Transpose", g.op("Reshape", k, to_heads), perm=[0, 2, 3, 1])
        v = g.op("Transpose", g.op("Reshape", v, to_heads), perm=[0, 2, 1, 3])
        scores = g.op("Add", g.op("Mul", g.op("MatMul", q, k), scale), "bias")
        attended = g.op("MatMul", g.op("Softmax", scores, axis=-1), v)
        attended = g.op("Reshape", g.op("Transpose", attended, perm=[0, 2, 1, 3]), from_heads)
        x = g.layer_norm(
            g.op("Add", x, g.linear(attended, layer.out_w, layer.out_b, f"{name}.out")), layer.norm1, f"{name}.norm1"
        )
        up = g.linear(x, layer.up_w, layer.up_b, f"{name}.up")
        gelu = g.op(
            "Mul", g.op("Mul", up, half), g.op("Add", one, g.op("Erf", g.op("Mul", up, inv_sqrt2)))
        )  # exact GELU
        x = g.layer_norm(
            g.op("Add", x, g.linear(gelu, layer.down_w, layer.down_b, f"{name}.down")), layer.norm2, f"{name}.norm2"
        )
    g.nodes.append(helper.make_node("Identity", [x], ["hidden"]))

    graph = helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", "length"]),
            helper.make_tensor_value_info("positions", TensorProto.INT64, ["length"]),
            helper.make_tensor_value_info("bias", TensorProto.FLOAT, ["batch", 1, 1, "length"]),
        ],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "length", hidden])],
        g.initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8  # what onnxruntime >= 1.15 reads
    return bytes(model.SerializeToString())
