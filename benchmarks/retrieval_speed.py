"""Retrieval speed on 2 cores: warm query latency on the sample knowledge base and at ~10,000 clauses,
ingestion throughput, and cold `policybot search` wall time.

    python benchmarks/retrieval_speed.py [--clauses 10000] [--queries 200]

The large knowledge base is built from the shared corpus (../shared/corpus/policies), each document
copied under new ids until the target number of clauses is reached; it lives in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bot.config import load_settings
from bot.evals import GOLDEN_FILE, load_golden
from bot.policy.knowledge import load_knowledge_base
from bot.wiring import build_index, hybrid_retriever

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "policies"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure_queries(kb_dir: Path, queries: list[str], label: str) -> None:
    settings = load_settings()
    retriever = hybrid_retriever(settings, load_knowledge_base(kb_dir, with_rules=False))
    for q in queries[:5]:
        retriever.search(q, 5)
    times = []
    for q in queries:
        start = time.perf_counter()
        retriever.search(q, 5)
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"{label}: warm query over {len(times)} queries: p50 {percentile(times, 50):.1f} ms, "
        f"p95 {percentile(times, 95):.1f} ms, max {max(times):.1f} ms"
    )


def build_large_kb(target: int, folder: Path) -> int:
    """Copies of the corpus documents under new ids until the folder holds `target` clauses."""
    docs = sorted(CORPUS.glob("*.md"))
    total, copy = 0, 0
    while total < target:
        for doc in docs:
            text = doc.read_text(encoding="utf-8")
            (folder / f"{doc.stem}-copy{copy}.md").write_text(f"---\nid: {doc.stem[:40]}-c{copy}\n---\n{text}")
        copy += 1
        total = len(load_knowledge_base(folder, with_rules=False).clauses)
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clauses", type=int, default=10_000, help="size of the large knowledge base (0: skip it)")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="policybot-bench-")
    os.environ["POLICYBOT_DATA_DIR"] = data
    queries = [c.question for c in load_golden(ROOT / "knowledge" / GOLDEN_FILE)][: args.queries]
    try:
        measure_queries(ROOT / "knowledge", queries, "sample knowledge base")
        exe = shutil.which("policybot")
        if exe:
            start = time.perf_counter()
            subprocess.run([exe, "search", "police facial recognition", "--json"], check=True, capture_output=True)
            print(f"cold `policybot search` (index up to date): {time.perf_counter() - start:.2f} s")
        if CORPUS.is_dir() and args.clauses > 0:
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                n = build_large_kb(args.clauses, folder)
                kb = load_knowledge_base(folder, with_rules=False)
                start = time.perf_counter()
                report = build_index(load_settings(), kb).sync()
                elapsed = time.perf_counter() - start
                print(
                    f"ingestion: {report.embedded} clauses embedded and indexed in {elapsed:.1f} s: "
                    f"{report.embedded / elapsed:.1f} clauses/s"
                )
                tokens = sum(f.stat().st_size for f in (Path(data) / "tokens").rglob("*") if f.is_file())
                size = f"{tokens / 2**20:.0f} MB, {tokens / n / 1024:.1f} KB a clause"
                print(f"token vectors on disk (late interaction, both knowledge bases): {size}")
                measure_queries(folder, queries, f"{n:,} clauses")
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
