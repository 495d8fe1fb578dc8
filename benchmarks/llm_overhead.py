"""What the LLM path costs besides the LLM, and how soon the fallback arrives when the LLM never answers.

python benchmarks/llm_overhead.py [--rounds 3] [--timeout 0.5] [--budget 1.5]

1. Overhead: every golden question through PolicyService.ask in LLM mode against the local fake
   OpenAI server (tests/fakes), which answers at once. Overhead = the wall time of ask() minus the
   time spent inside the two chat-completion calls (Usage.llm_seconds): facts, rules, retrieval,
   prompt rendering and token counting, validation, the guard. Target: p95 <= 30 ms.
   The wall time with the loopback round trips is printed too.
2. Fallback: a server that takes the request and never replies. The extractive answer must arrive
   within the configured total budget (POLICYBOT_LLM_BUDGET) plus a small margin.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.evals import GOLDEN_FILE, load_golden  # noqa: E402
from tests.fakes import models  # noqa: E402
from tests.fakes.llm import llm_service, make_llm  # noqa: E402
from tests.fakes.openai_server import FakeOpenAI  # noqa: E402

TARGET_P95_MS = 30.0
FALLBACK_MARGIN_S = 0.5


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def overhead(rounds: int) -> bool:
    cases = load_golden(ROOT / "knowledge" / GOLDEN_FILE)
    with FakeOpenAI(models.good_model) as server:
        llm = make_llm(server)
        service = llm_service(llm)
        for case in cases[:10]:
            service.ask(case.question, case.as_of)  # warm: tokenizer file, caches, connections
        walls, overheads = [], []
        for _ in range(rounds):
            for case in cases:
                start = time.perf_counter()
                answer = service.ask(case.question, case.as_of)
                wall = (time.perf_counter() - start) * 1000
                assert answer.usage is not None and answer.llm_fallback is None, answer.warnings
                walls.append(wall)
                overheads.append(wall - answer.usage.llm_seconds * 1000)
        llm.close()
    p95 = percentile(overheads, 95)
    print(
        f"overhead around the LLM over {len(overheads)} answers: p50 {percentile(overheads, 50):.2f} ms, "
        f"p95 {p95:.2f} ms, p99 {percentile(overheads, 99):.2f} ms, max {max(overheads):.2f} ms "
        f"(target p95 <= {TARGET_P95_MS:.0f} ms)"
    )
    print(
        f"wall time with two loopback calls to the fake server: p50 {percentile(walls, 50):.2f} ms, "
        f"p95 {percentile(walls, 95):.2f} ms"
    )
    return p95 <= TARGET_P95_MS


def fallback(timeout_s: float, budget_s: float) -> bool:
    question = "Can a police department in Texas use the service for facial recognition?"
    with FakeOpenAI(models.silent_model) as server:
        llm = make_llm(server, timeout_s=timeout_s, budget_s=budget_s, retries=5)
        service = llm_service(llm)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            answer = service.ask(question)
            times.append(time.perf_counter() - start)
            assert answer.llm_fallback and answer.verdict.value == "prohibited"
        llm.close()
    worst = max(times)
    print(
        f"never-answering LLM (timeout {timeout_s} s, budget {budget_s} s, 5 retries): extractive answer after "
        f"{', '.join(f'{t:.2f}' for t in times)} s; bound {budget_s + FALLBACK_MARGIN_S:.2f} s"
    )
    return worst <= budget_s + FALLBACK_MARGIN_S


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=0.5, help="per-request timeout for the fallback run")
    parser.add_argument("--budget", type=float, default=1.5, help="total LLM budget for the fallback run")
    args = parser.parse_args()
    ok = overhead(args.rounds)
    ok = fallback(args.timeout, args.budget) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
