"""PolicyQA segment retrieval with the product's retrieval: BM25, dense, late interaction and their fusion.

    python benchmarks/policyqa.py DATA.json --out PREDS.jsonl [--limit N] [--cache DIR] [--no-late]
        [--dense segment|segment+sentences] [--fusion NAME=VALUE ...] [--bm25 k1=VALUE b=VALUE]

Each policy's segments (its `paragraphs`) are indexed as clauses and ranked for every question asked
of that policy with `hybrid_rank`; predictions are written in the format of
../shared/bench/policyqa/score.py (segment ids are positions in the policy's paragraphs). Recall@k
and MRR for BM25 alone, dense alone, late interaction alone (token rarity counted over the policy's
segments) and the fused ranking are printed from the same run, computed as the scorer does. `--limit
N` keeps the first N policies. Embeddings and token vectors are cached on disk by text hash.

`--dense segment+sentences` also embeds each sentence of a segment and takes as the segment's dense
similarity the mean of the whole segment's and its best sentence's (long passages, one vector each,
blur the sentence that answers); the default is one vector per segment, as the product stores.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

# The embedding cache and metric helpers are shared with contractnli.py, beside this script on sys.path.
from contractnli import (
    EmbeddingCache,
    JointCache,
    TokenCache,
    add_retrieval_options,
    bm25_options,
    embedding_cache,
    fusion_params,
    print_table,
    ranking_from_scores,
    token_cache,
)

from bot.retrieval.fusion import DEFAULT_PARAMS, FusionParams, hybrid_rank
from bot.retrieval.late import LateInteraction
from bot.retrieval.lexical import BM25, K1, B

KS = (1, 3, 5, 10)
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z(])")


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()] or [text]


def queries_of(policy: dict) -> dict[str, set[int]]:
    """Each question asked of the policy, with the positions of the segments that answer it."""
    gold: dict[str, set[int]] = {}
    for position, paragraph in enumerate(policy["paragraphs"]):
        for qa in paragraph["qas"]:
            gold.setdefault(qa["question"], set()).add(position)
    return gold


def segment_metrics(pairs: Sequence[tuple[set[int], list[int]]], ks: Sequence[int] = KS) -> dict[str, float]:
    """recall@k, hit@k, MRR and MAP over (gold segments, ranking) pairs, as score.py computes them."""
    rec = dict.fromkeys(ks, 0.0)
    hit = dict.fromkeys(ks, 0.0)
    rr = ap_sum = 0.0
    for gold, ranking in pairs:
        for k in ks:
            top = set(ranking[:k])
            rec[k] += len(gold & top) / len(gold)
            hit[k] += 1.0 if gold & top else 0.0
        first = next((i for i, s in enumerate(ranking, 1) if s in gold), None)
        rr += 1.0 / first if first else 0.0
        found, ap = 0, 0.0
        for i, s in enumerate(ranking, 1):
            if s in gold:
                found += 1
                ap += found / i
        ap_sum += ap / len(gold)
    n = len(pairs) or 1
    out = {f"recall@{k}": rec[k] / n for k in ks} | {f"hit@{k}": hit[k] / n for k in ks}
    return out | {"MRR": rr / n, "MAP": ap_sum / n}


def run(
    data: dict,
    cache: EmbeddingCache | JointCache,
    params: FusionParams = DEFAULT_PARAMS,
    dense: str = "segment",
    lexical_options: Mapping[str, float] | None = None,
    tokens: TokenCache | None = None,
) -> tuple[list[dict], dict[str, dict[str, float]], dict[str, float]]:
    """Predictions (one per policy and question) and the metrics of each ranking."""
    policies = data["data"]
    start = time.perf_counter()
    segments = [[p["context"] for p in policy["paragraphs"]] for policy in policies]
    golds = [queries_of(policy) for policy in policies]
    questions = sorted({q for gold in golds for q in gold})
    query_vectors = dict(zip(questions, cache.embed(questions, "query", progress="questions"), strict=True))
    matrix = cache.embed([s for segs in segments for s in segs], "passage", progress="segments")
    segment_tokens = tokens.passages([s for segs in segments for s in segs], "segments") if tokens else []
    question_tokens = {q: tokens.query(q) for q in questions} if tokens else {}
    parts: list[list[np.ndarray]] = []  # per policy, per segment: its sentences' vectors
    if dense == "segment+sentences":
        split = [[sentences(s) for s in segs] for segs in segments]
        flat = cache.embed([t for per in split for sents in per for t in sents], "passage", progress="sentences")
        at = 0
        for per_segment in split:
            parts.append([])
            for sents in per_segment:
                parts[-1].append(flat[at : at + len(sents)])
                at += len(sents)
    embed_seconds = time.perf_counter() - start
    print(
        f"{len(policies)} policies, {len(matrix)} segments, {len(questions)} distinct questions; embeddings "
        f"ready in {embed_seconds:.1f} s ({cache.computed} computed, the rest from the cache)"
    )

    preds: list[dict] = []
    rows = ["bm25", "dense", *(["late"] if tokens else []), "fused"]
    evaluated: dict[str, list[tuple[set[int], list[int]]]] = {row: [] for row in rows}
    rank_seconds = 0.0
    offset = 0
    for number, (policy, segs, gold) in enumerate(zip(policies, segments, golds, strict=True)):
        vectors = matrix[offset : offset + len(segs)]
        late_here = LateInteraction(segment_tokens[offset : offset + len(segs)], tokens.plain) if tokens else None
        offset += len(segs)
        t0 = time.perf_counter()
        bm25 = BM25(segs, k1=(lexical_options or {}).get("k1", K1), b=(lexical_options or {}).get("b", B))
        for question, answer_segments in gold.items():
            similarities = vectors @ query_vectors[question]
            if parts:
                best = np.array([float((p @ query_vectors[question]).max()) for p in parts[number]])
                similarities = (similarities + best) / 2
            late = late_here.scorer(question_tokens[question]) if late_here else None
            dense_scores = dict(enumerate(similarities.tolist()))
            fused = [i for i, _ in hybrid_rank(question, bm25, dense_scores, len(segs), params, late=late)]
            preds.append({"policy": policy["title"], "question": question, "ranked_segment_ids": fused})
            evaluated["bm25"].append((answer_segments, ranking_from_scores(bm25.scores(question))))
            evaluated["dense"].append((answer_segments, ranking_from_scores(similarities)))
            if late is not None:
                evaluated["late"].append((answer_segments, ranking_from_scores(late(np.arange(len(segs))))))
            evaluated["fused"].append((answer_segments, fused))
        rank_seconds += time.perf_counter() - t0
    metrics = {name: segment_metrics(pairs) for name, pairs in evaluated.items()}
    return preds, metrics, {"embed_s": embed_seconds, "rank_s": rank_seconds, "queries": len(preds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="a PolicyQA split file (SQuAD v1.1 format)")
    parser.add_argument("--out", type=Path, required=True, help="predictions JSONL for score.py")
    parser.add_argument("--limit", type=int, default=None, help="only the first N policies")
    parser.add_argument(
        "--dense",
        choices=["segment", "segment+sentences"],
        default="segment",
        help="a segment's dense similarity: its own vector's, or also its best sentence's",
    )
    add_retrieval_options(parser)
    args = parser.parse_args()

    params = fusion_params(args.fusion)
    lexical = bm25_options(args.bm25)
    data = json.loads(args.data.read_text(encoding="utf-8"))
    if args.limit is not None:
        data["data"] = data["data"][: args.limit]
    cache = embedding_cache(args.embedder, args.cache)
    tokens = token_cache(cache, args.cache, "policyqa", args.late)
    print(
        f"dense model: {args.embedder}; late interaction: {'yes' if tokens else 'no'}; fusion: {params}; "
        f"dense similarity per {args.dense}; BM25 {lexical or 'defaults'}"
    )
    preds, metrics, timing = run(data, cache, params, args.dense, lexical, tokens)
    with args.out.open("w", encoding="utf-8") as out:
        for p in preds:
            out.write(json.dumps(p) + "\n")
    queries = int(timing["queries"])
    print(
        f"ranked {queries} (policy, question) queries in {timing['rank_s']:.2f} s "
        f"({1000 * timing['rank_s'] / max(queries, 1):.2f} ms a query for all the rankings)"
    )
    print_table(
        f"segment retrieval over {queries} (policy, question) queries:",
        metrics,
        [f"recall@{k}" for k in (1, 5, 10)] + ["MRR"],
    )
    print(f"predictions: {args.out}")


if __name__ == "__main__":
    main()
