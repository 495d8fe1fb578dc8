"""Calibrate the semantic match's thresholds on question sets we wrote (never on a blind set).

    python benchmarks/semantic_thresholds.py [CASES.yaml ...] [--strong 0.62] [--weak 0.50] [--block 0.40 0.45 0.50]

For each combination of thresholds (bot/rules/semantic.py: STRONG reads a value as a fact, WEAK on a
harmful value names the clauses that may apply, BLOCK on a harmful value keeps a use from `permitted`),
every question is answered with the shipped knowledge base, the product's
local model and the cues, and the table shows exact verdicts and false permits. The question vectors
are computed once and reused across the grid, so the whole sweep costs one pass of the model.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DEFAULT = [HERE.parent / "knowledge" / "golden.yaml"]


class Memo:
    """The local model, with each text embedded once for the whole sweep."""

    def __init__(self, inner: object) -> None:
        self._inner = inner
        self.name = getattr(inner, "name", "model")
        self._seen: dict[str, np.ndarray] = {}

    def embed_query(self, text: str) -> np.ndarray:
        if text not in self._seen:
            self._seen[text] = self._inner.embed_query(text)  # type: ignore[attr-defined]
        return self._seen[text]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._inner.embed_passages(texts)  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", type=Path, nargs="*", default=DEFAULT)
    parser.add_argument("--strong", type=float, nargs="+", default=[0.62])
    parser.add_argument("--weak", type=float, nargs="+", default=[0.50])
    parser.add_argument("--block", type=float, nargs="+", default=[0.40, 0.43, 0.46, 0.50])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("POLICYBOT_DATA_DIR", tmp)
        sweep(args.cases, args.strong, args.weak, args.block)


def sweep(paths: list[Path], strongs: list[float], weaks: list[float], blocks: list[float]) -> None:
    from bot.answer.service import PolicyService
    from bot.config import load_settings
    from bot.evals import load_golden, run_eval
    from bot.policy.knowledge import load_knowledge_base
    from bot.retrieval.embeddings import LocalMiniLMEmbedder
    from bot.rules.semantic import SemanticMatcher, Thresholds

    kb = load_knowledge_base(HERE.parent / "knowledge")
    cases = [case for path in paths for case in load_golden(path)]
    model = Memo(LocalMiniLMEmbedder(load_settings().data_dir / "models"))
    print(f"{len(cases)} questions from {', '.join(p.name for p in paths)}")
    print(f"{'strong':>7} {'weak':>6} {'block':>6} {'exact':>7} {'false permits':>14} {'permitted kept':>15}")
    permitted = [c for c in cases if c.expect == [c.expect[0]] and c.expect[0].value == "permitted"]
    for strong, weak, block in ((s, w, b) for s in strongs for w in weaks for b in blocks):
        matcher = SemanticMatcher(kb.vocabulary, model, None, Thresholds(strong=strong, weak=weak, block=block))
        service = PolicyService(kb, semantic=matcher)
        report = run_eval(cases, service.ask)
        kept = sum(1 for r in report.results if r.case in permitted and r.exact)
        print(
            f"{strong:>7.2f} {weak:>6.2f} {block:>6.2f} {report.exact_rate:>7.1%} {len(report.false_permits):>14}"
            f" {kept:>9}/{len(permitted)}"
        )


if __name__ == "__main__":
    main()
