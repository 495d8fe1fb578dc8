"""ContractNLI evidence retrieval with the product's retrieval: BM25, dense, late interaction and their fusion.

    python benchmarks/contractnli.py DATA.json --out PREDS.jsonl [--limit N] [--cache DIR] [--no-late]
        [--context previous|none] [--fusion NAME=VALUE ...] [--bm25 k1=VALUE b=VALUE]

Each document's spans are indexed as clauses (BM25 over the span text; the dense passage is the span
after its preceding span, as context; late interaction over the span's own token vectors, with token
rarity counted over the document's spans) and all of them are ranked for each of the 17 hypotheses
with `hybrid_rank`. Predictions are written in the format of ../shared/bench/contractnli/score.py; the
label is a constant prior (Entailment, the most frequent label of the dev split), since evidence
ranking is what this benchmark measures (the fused score of the best span was tried as a
NotMentioned detector and carried no signal: accuracy stayed at the prior's 0.50 on dev). Evidence metrics for
BM25 alone, dense alone, late interaction alone and the fused ranking are printed from the same run,
computed exactly as the scorer does. Embeddings and token vectors are cached on disk by text hash, so
reruns only rank. `--no-late` ranks as the product does with a model that gives no token vectors.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bot.retrieval.embeddings import DEFAULT_LOCAL_MODEL, LOCAL_MODELS, Embedder, TokenEmbedder, token_embedder
from bot.retrieval.fusion import DEFAULT_PARAMS, FusionParams, hybrid_rank
from bot.retrieval.late import LateInteraction, TokenVectors
from bot.retrieval.lexical import BM25, K1, B
from bot.retrieval.tokens import FORMAT as TOKEN_FORMAT
from bot.retrieval.tokens import TokenStore

DEFAULT_CACHE = Path(os.environ.get("POLICYBOT_BENCH_CACHE", Path.home() / ".cache" / "policybot-bench"))
KS = (1, 3, 5, 10)
PRIOR_LABEL = "Entailment"


class EmbeddingCache:
    """Embeddings of texts kept on disk by sha256 of the text, one file per model and kind."""

    def __init__(self, embedder: Embedder, root: Path = DEFAULT_CACHE) -> None:
        self.embedder = embedder
        self.root = root / embedder.name.replace(":", "_").replace("/", "_")
        self.root.mkdir(parents=True, exist_ok=True)
        self._stores: dict[str, dict[str, np.ndarray]] = {}
        self.computed = 0

    def _file(self, kind: str) -> Path:
        return self.root / f"{kind}.npz"

    def _store(self, kind: str) -> dict[str, np.ndarray]:
        if kind not in self._stores:
            store: dict[str, np.ndarray] = {}
            if self._file(kind).exists():
                with np.load(self._file(kind)) as saved:
                    store = {str(key): vec for key, vec in zip(saved["keys"], saved["vecs"], strict=True)}
            self._stores[kind] = store
        return self._stores[kind]

    def _save(self, kind: str) -> None:
        store = self._stores[kind]
        tmp = self.root / f".{kind}.{os.getpid()}.tmp.npz"
        np.savez(tmp, keys=np.array(list(store)), vecs=np.stack(list(store.values())))
        os.replace(tmp, self._file(kind))

    def embed(self, texts: Sequence[str], kind: str, progress: str = "") -> np.ndarray:
        """Vectors for `texts` (kind "passage" or "query"), computing and saving only the missing ones."""
        store = self._store(kind)
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        text_of = dict(zip(keys, texts, strict=True))
        missing = [key for key in dict.fromkeys(keys) if key not in store]
        step = 256
        for start in range(0, len(missing), step):
            chunk = missing[start : start + step]
            if kind == "query":
                vectors = np.stack([self.embedder.embed_query(text_of[key]) for key in chunk])
            else:
                vectors = self.embedder.embed_passages([text_of[key] for key in chunk])
            store.update(zip(chunk, vectors, strict=True))
            self.computed += len(chunk)
            self._save(kind)
            if progress:
                print(f"  {progress}: embedded {start + len(chunk)}/{len(missing)}", file=sys.stderr, flush=True)
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([store[key] for key in keys])


class JointCache:
    """Several models' cached embeddings side by side, scaled so a dot product is the mean of their cosines."""

    def __init__(self, caches: Sequence[EmbeddingCache]) -> None:
        self.caches = list(caches)

    @property
    def computed(self) -> int:
        return sum(c.computed for c in self.caches)

    def embed(self, texts: Sequence[str], kind: str, progress: str = "") -> np.ndarray:
        parts = [c.embed(texts, kind, progress) for c in self.caches]
        return np.hstack(parts) / np.float32(len(parts) ** 0.5)


class TokenCache:
    """Token vectors for late interaction, kept by text hash in the product's TokenStore under the cache
    folder (one store per benchmark, `tag`, since a store holds exactly the passages of its last sync)."""

    def __init__(self, embedder: TokenEmbedder, root: Path, tag: str) -> None:
        self.embedder = embedder
        model = embedder.name.replace(":", "_").replace("/", "_")
        self.store = TokenStore(root / model / f"tokens-{tag}-t{TOKEN_FORMAT}")
        self.plain = embedder.plain_token_ids()

    def passages(self, texts: Sequence[str], progress: str = "") -> list[TokenVectors]:
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        unique = list(dict.fromkeys(keys))
        text_of = dict(zip(keys, texts, strict=True))

        def compute(todo: list[int]) -> list[TokenVectors]:
            out: list[TokenVectors] = []
            for start in range(0, len(todo), 256):
                chunk = [text_of[unique[n]] for n in todo[start : start + 256]]
                out += self.embedder.embed_passages_with_tokens(chunk)[1]
                if progress:
                    print(f"  {progress}: tokens of {start + len(chunk)}/{len(todo)}", file=sys.stderr, flush=True)
            return out

        table = self.store.sync(unique, compute)
        found = [table.get(k) for k in keys]
        return [t for t in found if t is not None]

    def query(self, text: str) -> TokenVectors:
        return self.embedder.embed_query_with_tokens(text)[1]


def token_cache(cache: EmbeddingCache | JointCache, root: Path, tag: str, late: bool) -> TokenCache | None:
    """Token vectors for late interaction with `--embedder`, when it gives them (MiniLM) and --no-late is not set."""
    embedder = token_embedder(cache.embedder) if late and isinstance(cache, EmbeddingCache) else None
    return TokenCache(embedder, root, tag) if embedder is not None else None


def embedding_cache(models: str, root: Path) -> EmbeddingCache | JointCache:
    """The cache for `--embedder`: one of the product's local models, or several joined with '+'.

    A joined model is cached per part, so e5+minilm reuses what e5 and minilm runs embedded.
    """
    names = models.split("+")
    unknown = [n for n in names if n not in LOCAL_MODELS]
    if unknown:
        raise SystemExit(f"--embedder {models}: unknown model {unknown[0]!r}; choose from {', '.join(LOCAL_MODELS)}")
    caches = [EmbeddingCache(LOCAL_MODELS[n](None), root) for n in names]
    return caches[0] if len(caches) == 1 else JointCache(caches)


def ranking_from_scores(scores: np.ndarray) -> list[int]:
    """All positions, best score first, ties by position."""
    return [int(i) for i in np.lexsort((np.arange(len(scores)), -scores))]


def evidence_metrics(pairs: Sequence[tuple[set[int], list[int]]], ks: Sequence[int] = KS) -> dict[str, float]:
    """recall@k, hit@k, MAP and P@R80 over (gold spans, ranking) pairs, exactly as score.py computes them."""
    rec: dict[int, list[float]] = {k: [] for k in ks}
    hit: dict[int, list[float]] = {k: [] for k in ks}
    aps: list[float] = []
    pr80: list[float] = []
    for gold, ranking in pairs:
        for k in ks:
            top = set(ranking[:k])
            rec[k].append(len(gold & top) / len(gold))
            hit[k].append(1.0 if gold & top else 0.0)
        found, ap, p_at = 0, 0.0, 0.0
        for i, span in enumerate(ranking, 1):
            if span in gold:
                found += 1
                ap += found / i
                if found / len(gold) >= 0.8 and p_at == 0.0:
                    p_at = found / i
        aps.append(ap / len(gold))
        pr80.append(p_at)
    m = len(aps)
    out: dict[str, float] = {}
    for k in ks:
        out[f"recall@{k}"] = sum(rec[k]) / m if m else 0.0
        out[f"hit@{k}"] = sum(hit[k]) / m if m else 0.0
    out["MAP"] = sum(aps) / m if m else 0.0
    out["P@R80"] = sum(pr80) / m if m else 0.0
    return out


def print_table(title: str, rows: dict[str, dict[str, float]], columns: Sequence[str]) -> None:
    print(title)
    print(f"  {'ranking':<10}" + "".join(f"{c:>11}" for c in columns))
    for name, values in rows.items():
        print(f"  {name:<10}" + "".join(f"{values[c]:>11.4f}" for c in columns))


def span_texts(doc: dict) -> list[str]:
    return [doc["text"][a:b].strip() for a, b in doc["spans"]]


def with_previous(texts: Sequence[str]) -> list[str]:
    """Each passage after the one before it: a list item keeps its lead-in, a split sentence its start."""
    return [f"{texts[i - 1]} {t}" if i else t for i, t in enumerate(texts)]


def add_retrieval_options(parser: argparse.ArgumentParser) -> None:
    """The options both benchmark scripts share: the embedding cache, the model and the ranking's parameters."""
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache folder")
    parser.add_argument("--fusion", nargs="*", default=[], metavar="NAME=VALUE", help="override FusionParams")
    parser.add_argument("--bm25", nargs="*", default=[], metavar="NAME=VALUE", help="override BM25 k1 and b")
    parser.add_argument(
        "--embedder",
        default=DEFAULT_LOCAL_MODEL,
        help=f"local model: {', '.join(LOCAL_MODELS)} (the product's default)",
    )
    parser.add_argument(
        "--no-late", dest="late", action="store_false", help="rank without late interaction (token vectors)"
    )


def fusion_params(overrides: Sequence[str]) -> FusionParams:
    """DEFAULT_PARAMS with NAME=VALUE overrides from the command line (e.g. neighbour_weight=0)."""
    fields = {f.name: f.type for f in dataclasses.fields(FusionParams)}
    changes: dict[str, Any] = {}
    for item in overrides:
        name, _, value = item.partition("=")
        if name not in fields:
            raise SystemExit(f"--fusion {item}: unknown parameter; choose from {', '.join(fields)}")
        changes[name] = int(value) if fields[name] in (int, "int") else float(value)
    return dataclasses.replace(DEFAULT_PARAMS, **changes)


def bm25_options(overrides: Sequence[str]) -> dict[str, float]:
    """k1=VALUE / b=VALUE overrides of the BM25 defaults (lexical.K1, lexical.B)."""
    options = {}
    for item in overrides:
        name, _, value = item.partition("=")
        if name not in ("k1", "b"):
            raise SystemExit(f"--bm25 {item}: use k1=VALUE or b=VALUE")
        options[name] = float(value)
    return options


def run(
    data: dict,
    cache: EmbeddingCache | JointCache,
    params: FusionParams = DEFAULT_PARAMS,
    context: str = "previous",
    log: Callable[[str], None] = print,
    lexical_options: Mapping[str, float] | None = None,
    tokens: TokenCache | None = None,
) -> tuple[list[dict], dict[str, dict[str, float]], dict[str, float]]:
    """Predictions (one per document and hypothesis) and the evidence metrics of each ranking.

    `context` is what the dense passage of a span holds besides the span: "previous" (the span
    before it) or "none".
    """
    hypotheses = {hid: label["hypothesis"] for hid, label in data["labels"].items()}
    start = time.perf_counter()
    query_vectors = dict(zip(hypotheses, cache.embed(list(hypotheses.values()), "query"), strict=True))
    passages = [span_texts(doc) for doc in data["documents"]]
    plain = cache.embed([t for texts in passages for t in texts], "passage", progress="spans")
    matrix = plain
    if context == "previous":
        with_context = [t for texts in passages for t in with_previous(texts)]
        matrix = cache.embed(with_context, "passage", progress="spans after their previous span")
    span_tokens = tokens.passages([t for texts in passages for t in texts], "spans") if tokens else []
    query_tokens = {hid: tokens.query(h) for hid, h in hypotheses.items()} if tokens else {}
    embed_seconds = time.perf_counter() - start
    log(
        f"{len(data['documents'])} documents, {len(plain)} spans; embeddings ready in {embed_seconds:.1f} s "
        f"({cache.computed} computed, the rest from the cache)"
    )

    preds: list[dict] = []
    rows = ["bm25", "dense", *(["dense+ctx"] if context == "previous" else []), *(["late"] if tokens else []), "fused"]
    evaluated: dict[str, list[tuple[set[int], list[int]]]] = {row: [] for row in rows}
    rank_seconds = 0.0
    offset = 0
    for doc, texts in zip(data["documents"], passages, strict=True):
        vectors = matrix[offset : offset + len(texts)]
        plain_vectors = plain[offset : offset + len(texts)]
        late_here = LateInteraction(span_tokens[offset : offset + len(texts)], tokens.plain) if tokens else None
        offset += len(texts)
        t0 = time.perf_counter()
        bm25 = BM25(texts, k1=(lexical_options or {}).get("k1", K1), b=(lexical_options or {}).get("b", B))
        for hid, hypothesis in hypotheses.items():
            similarities = vectors @ query_vectors[hid]
            late = late_here.scorer(query_tokens[hid]) if late_here else None
            dense = dict(enumerate(similarities.tolist()))
            fused = hybrid_rank(hypothesis, bm25, dense, len(texts), params, late=late)
            preds.append(
                {
                    "doc_id": doc["id"],
                    "hypothesis_id": hid,
                    "label": PRIOR_LABEL,
                    "ranked_span_ids": [i for i, _ in fused],
                }
            )
            annotation = doc["annotation_sets"][0]["annotations"].get(hid)
            if annotation and annotation["choice"] != "NotMentioned" and annotation["spans"]:
                gold = set(annotation["spans"])
                evaluated["bm25"].append((gold, ranking_from_scores(bm25.scores(hypothesis))))
                evaluated["dense"].append((gold, ranking_from_scores(plain_vectors @ query_vectors[hid])))
                if "dense+ctx" in evaluated:
                    evaluated["dense+ctx"].append((gold, ranking_from_scores(similarities)))
                if late is not None:
                    evaluated["late"].append((gold, ranking_from_scores(late(np.arange(len(texts))))))
                evaluated["fused"].append((gold, [i for i, _ in fused]))
        rank_seconds += time.perf_counter() - t0
    metrics = {name: evidence_metrics(pairs) for name, pairs in evaluated.items()}
    timing = {
        "embed_s": embed_seconds,
        "rank_s": rank_seconds,
        "pairs": len(preds),
        "evidence_pairs": len(evaluated["fused"]),
    }
    return preds, metrics, timing


def label_accuracy(data: dict, preds: Sequence[dict]) -> float:
    gold = {
        (doc["id"], hid): a["choice"]
        for doc in data["documents"]
        for hid, a in doc["annotation_sets"][0]["annotations"].items()
    }
    right = sum(1 for p in preds if gold.get((p["doc_id"], p["hypothesis_id"])) == p["label"])
    return right / len(gold) if gold else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="a ContractNLI split file (dev.json, test.json)")
    parser.add_argument("--out", type=Path, required=True, help="predictions JSONL for score.py")
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument(
        "--context",
        choices=["previous", "none"],
        default="previous",
        help="what a span's dense passage holds besides the span (default: the previous span)",
    )
    add_retrieval_options(parser)
    args = parser.parse_args()

    params = fusion_params(args.fusion)
    lexical_options = bm25_options(args.bm25)
    cache = embedding_cache(args.embedder, args.cache)
    tokens = token_cache(cache, args.cache, "contractnli", args.late)
    data = json.loads(args.data.read_text(encoding="utf-8"))
    if args.limit is not None:
        data["documents"] = data["documents"][: args.limit]
    print(
        f"dense model: {args.embedder}; late interaction: {'yes' if tokens else 'no'}; fusion: {params}; "
        f"dense passage context: {args.context}; BM25 {lexical_options or 'defaults'}"
    )
    preds, metrics, timing = run(data, cache, params, args.context, lexical_options=lexical_options, tokens=tokens)
    with args.out.open("w", encoding="utf-8") as out:
        for p in preds:
            out.write(json.dumps(p) + "\n")
    pairs = int(timing["pairs"])
    print(
        f"ranked {pairs} (document, hypothesis) pairs in {timing['rank_s']:.2f} s "
        f"({1000 * timing['rank_s'] / max(pairs, 1):.2f} ms a pair for all the rankings)"
    )
    print_table(
        f"evidence retrieval over the {int(timing['evidence_pairs'])} pairs labelled Entailment or Contradiction:",
        metrics,
        [f"recall@{k}" for k in (1, 5, 10)] + ["MAP"],
    )
    print(f"label accuracy (constant prior): {label_accuracy(data, preds):.4f}")
    print(f"predictions: {args.out}")


if __name__ == "__main__":
    main()
