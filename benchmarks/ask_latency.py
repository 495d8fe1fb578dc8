"""Warm in-process `ask` latency (extractive, as `ask --no-llm`) over the golden questions, and cold CLI wall
times beside those of an earlier version, measured in the same run.

Warm: one untimed pass over ten questions, one timed first pass over them all (the vocabulary's expressions
compiled as questions first need them, as in a new process), then `--rounds` timed passes with every expression
compiled, as a server has them (it compiles them all at start).

python benchmarks/ask_latency.py [--rounds 5] [--bare] [--questions GOLDEN.yaml] [--cold 10]
    [--baseline-ref REF | --baseline-ref '']

Cold: a new process per command, `python -c 'from bot.cli import main; main()' ...` with PYTHONPATH at this
checkout, and at a git worktree of REF (default: the merge-base with main) made in a temporary folder; the two
alternate run by run, so a busy machine slows both alike. Each version gets its own data folder (index, audit
store), built by one untimed run first, which also writes both versions' bytecode. Measured: `ask` on a
question the rules decide (no retrieval needed), `ask` on one they leave for review (retrieval needed), and
`policybot --help`.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's bot package, whatever is installed

from bot.answer.service import PolicyService  # noqa: E402
from bot.evals import GOLDEN_FILE, GoldenCase, load_golden  # noqa: E402
from bot.policy.knowledge import load_knowledge_base  # noqa: E402

COLD_COMMANDS = {
    "ask, decided by the rules": ["ask", "Can the NYPD use facial recognition on CCTV?", "--json"],
    "ask, needs retrieval": [
        "ask",
        "Can we classify written product reviews as positive or negative with the language model?",
        "--json",
    ],
    "--help": ["--help"],
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def warm(rounds: int, product: bool = True, questions: Path | None = None) -> None:
    """The golden questions answered in one process. `product`: as `policybot ask --no-llm` answers them
    (hybrid retrieval, the semantic match on the local model); else the rules with BM25 alone."""
    if product:
        from bot.wiring import build_deps

        deps = build_deps(ROOT / "knowledge", use_llm=False)
        kb = deps.kb
        service = PolicyService(kb, retriever=deps.retriever, semantic=deps.semantic)
    else:
        kb = load_knowledge_base(ROOT / "knowledge")
        service = PolicyService(kb)
    cases = load_golden(questions or kb.root / GOLDEN_FILE)  # another version's file: the same questions for both
    for case in cases[:10]:
        service.ask(case.question, case.as_of)  # warm caches
    # A first pass as a new process meets them: each of the vocabulary's expressions compiled when a question
    # first needs it. Then as a server answers, having compiled them all at start (bot/slack/serve.py).
    first = timed(service, cases)
    print(f"first pass (expressions compiled on first use) over {len(first)} questions: {summary(first)}")
    kb.vocabulary.compile_all()
    times = [ms for _ in range(rounds) for ms in timed(service, cases)]
    what = "semantic match and hybrid retrieval" if product else "BM25 alone, no semantic match"
    print(f"warm ask ({what}) over {len(times)} questions: {summary(times)}")


def timed(service: PolicyService, cases: list[GoldenCase]) -> list[float]:
    """Milliseconds each question took to answer, in order."""
    times = []
    for case in cases:
        start = time.perf_counter()
        service.ask(case.question, case.as_of)
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> str:
    return (
        f"p50 {percentile(times, 50):.2f} ms, p95 {percentile(times, 95):.2f} ms, "
        f"p99 {percentile(times, 99):.2f} ms, max {max(times):.2f} ms"
    )


def merge_base() -> str:
    return subprocess.run(
        ["git", "merge-base", "HEAD", "main"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def cold_run(root: Path, data: Path, args: list[str]) -> tuple[float, float]:
    """Wall and CPU time of one command in a new process, the bot package taken from `root`."""
    env = {**os.environ, "PYTHONPATH": str(root), "POLICYBOT_DATA_DIR": str(data)}
    # Bytecode is written by the untimed first run and read after, as an installed package's would be; a
    # shell that sets PYTHONDONTWRITEBYTECODE would otherwise time compiling every module, each run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", "OPENAI_BASE_URL"):
        env.pop(name, None)  # extractive answers: the figure is the start-up, not an LLM
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cold(runs: int, baseline_ref: str) -> None:
    with tempfile.TemporaryDirectory(prefix="ask-latency-") as tmp:
        versions = {"this checkout": ROOT}
        if baseline_ref:
            base = Path(tmp) / "baseline"
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(base), baseline_ref],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            versions = {f"baseline {baseline_ref[:10]}": base, **versions}
        try:
            data = {name: Path(tmp) / f"data-{i}" for i, name in enumerate(versions)}
            for name, root in versions.items():
                for args in COLD_COMMANDS.values():
                    cold_run(root, data[name], args)  # builds the index and the audit store: not timed
            walls: dict[tuple[str, str], list[float]] = {}
            cpus: dict[tuple[str, str], list[float]] = {}
            for _ in range(runs):
                for what, args in COLD_COMMANDS.items():
                    for name, root in versions.items():
                        wall, cpu = cold_run(root, data[name], args)
                        walls.setdefault((what, name), []).append(wall)
                        cpus.setdefault((what, name), []).append(cpu)
            print(f"cold, over {runs} runs each: wall median / p95 (CPU median)")
            for what in COLD_COMMANDS:
                figures = "; ".join(
                    f"{name} {statistics.median(walls[what, name]):.2f} / {percentile(walls[what, name], 95):.2f} s "
                    f"({statistics.median(cpus[what, name]):.2f} s)"
                    for name in versions
                )
                print(f"  {what}: {figures}")
        finally:
            if baseline_ref:
                subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5, help="warm rounds over the golden questions (0 to skip)")
    parser.add_argument("--cold", type=int, default=10, help="cold runs of each command per version (0 to skip)")
    parser.add_argument(
        "--bare", action="store_true", help="warm runs with BM25 alone and no semantic match (the rules' own cost)"
    )
    parser.add_argument(
        "--baseline-ref", default=None, help="git ref to compare with (default: merge-base with main; '' for none)"
    )
    parser.add_argument(
        "--questions", type=Path, default=None, help="golden file for the warm runs (default: this checkout's)"
    )
    args = parser.parse_args()
    if args.rounds:
        warm(args.rounds, product=not args.bare, questions=args.questions)
    if args.cold:
        cold(args.cold, merge_base() if args.baseline_ref is None else args.baseline_ref)


if __name__ == "__main__":
    main()
