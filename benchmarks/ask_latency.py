"""Warm in-process `ask` latency (extractive mode) over the golden questions, and cold CLI wall time.

python benchmarks/ask_latency.py [--rounds 5] [--cold 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bot.answer.service import PolicyService
from bot.evals import GOLDEN_FILE, load_golden
from bot.policy.knowledge import load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold", type=int, default=3, help="cold `policybot ask` runs (0 to skip)")
    args = parser.parse_args()
    kb = load_knowledge_base(ROOT / "knowledge")
    service = PolicyService(kb)
    cases = load_golden(kb.root / GOLDEN_FILE)
    for case in cases[:10]:
        service.ask(case.question, case.as_of)  # warm caches
    times = []
    for _ in range(args.rounds):
        for case in cases:
            start = time.perf_counter()
            service.ask(case.question, case.as_of)
            times.append((time.perf_counter() - start) * 1000)
    print(
        f"warm ask over {len(times)} questions: p50 {percentile(times, 50):.2f} ms, "
        f"p95 {percentile(times, 95):.2f} ms, p99 {percentile(times, 99):.2f} ms, max {max(times):.2f} ms"
    )
    exe = shutil.which("policybot")
    if args.cold and exe:
        walls = []
        for _ in range(args.cold):
            start = time.perf_counter()
            subprocess.run(
                [exe, "ask", "Can the NYPD use facial recognition?", "--json"],
                check=True,
                capture_output=True,
            )
            walls.append(time.perf_counter() - start)
        print(
            f"cold `policybot ask` wall time over {args.cold} runs: median {statistics.median(walls):.2f} s, "
            f"min {min(walls):.2f} s"
        )
    elif args.cold:
        print("cold run skipped: `policybot` is not on PATH", file=sys.stderr)


if __name__ == "__main__":
    main()
