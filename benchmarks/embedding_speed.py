"""The local embedding models side by side: question latency and passage throughput, one run.

    python benchmarks/embedding_speed.py [--models minilm e5] [--passages 256]

Questions are the golden questions of the sample knowledge base; passages are clauses of the sample
knowledge base (and of ../shared/corpus/policies when present), the kind of text ingest embeds.
Each model is loaded and warmed up first, so load time is reported apart.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bot.evals import GOLDEN_FILE, load_golden
from bot.policy.knowledge import load_knowledge_base
from bot.retrieval.embeddings import DEFAULT_LOCAL_MODEL, LOCAL_MODELS
from bot.retrieval.lexical import clause_search_text

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "policies"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def passages(limit: int) -> list[str]:
    folders = [ROOT / "knowledge"] + ([CORPUS] if CORPUS.is_dir() else [])
    texts = [
        clause_search_text(c.section, c.text)
        for folder in folders
        for c in load_knowledge_base(folder, with_rules=False).clauses.values()
    ]
    return texts[:: max(1, len(texts) // limit)][:limit]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", nargs="*", default=[DEFAULT_LOCAL_MODEL, "e5"], choices=sorted(LOCAL_MODELS))
    parser.add_argument("--passages", type=int, default=256)
    args = parser.parse_args()
    questions = [c.question for c in load_golden(ROOT / "knowledge" / GOLDEN_FILE)]
    texts = passages(args.passages)
    print(f"{len(questions)} questions, {len(texts)} passages (mean {sum(map(len, texts)) / len(texts):.0f} chars)")
    for name in args.models:
        start = time.perf_counter()
        model = LOCAL_MODELS[name](None)
        model.embed_query("warm-up")
        loaded = time.perf_counter() - start
        times = []
        for q in questions:
            t = time.perf_counter()
            model.embed_query(q)
            times.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        model.embed_passages(texts)
        rate = len(texts) / (time.perf_counter() - t)
        print(
            f"{name:>10} ({model.name}): load {loaded:.2f} s; question p50 {percentile(times, 50):.1f} ms, "
            f"p95 {percentile(times, 95):.1f} ms; passages {rate:.1f}/s"
        )


if __name__ == "__main__":
    main()
