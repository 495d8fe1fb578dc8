"""Bring your own code of conduct: prohibited-use questions over real policies, with no rule book.

    python benchmarks/byo.py [QUESTIONS.yaml] [--corpus DIR] [--show]

Each policy is ingested on its own into a fresh knowledge base (as `policybot ingest FILE --kb DIR`
does; no rules.yaml, no kb.yaml) and every question is asked as `policybot ask --no-llm --kb DIR`
would. A prohibited-use question is *flagged* when it is answered `prohibited` or lists
`possible_prohibitions`, and *right* when a keyword of the prohibiting clause is in the quote of one of
the first two citations. Targets (issue 12): flagged with the right clause >= 90 %, none `permitted`
or `out_of_scope`; harmless questions flagged <= 10 %. The questions (benchmarks/data/byo_questions.yaml)
were written blind, by a helper that saw neither this code nor the rules; they hold short keywords of
the clauses, never their text.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_QUESTIONS = HERE / "data" / "byo_questions.yaml"
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "policies"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", type=Path, nargs="?", default=DEFAULT_QUESTIONS)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--show", action="store_true", help="print every question that falls short")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus}: no such folder (the real policies live in ../shared/corpus/policies)")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("POLICYBOT_DATA_DIR", str(Path(tmp) / "data"))
        report(yaml.safe_load(args.questions.read_text(encoding="utf-8")), args.corpus, Path(tmp), args.show)


def report(questions: list[dict], corpus: Path, workdir: Path, show: bool) -> None:
    from bot.policy.ingest import ingest_files
    from bot.wiring import build_service

    by_policy: dict[str, list[dict]] = defaultdict(list)
    for q in questions:
        by_policy[q["policy"]].append(q)
    totals: dict[str, int] = defaultdict(int)
    print(f"{'policy':58} {'prohibited: right/flagged/n':>28} {'harmless flagged':>17}")
    for policy, items in sorted(by_policy.items()):
        kb_dir = workdir / Path(policy).stem
        ingest_files([corpus / policy], kb_dir)
        service = build_service(kb_dir, use_llm=False)
        row: dict[str, int] = defaultdict(int)
        for q in items:
            answer = service.ask(q["question"])
            flagged = answer.verdict.value == "prohibited" or bool(answer.possible_prohibitions)
            if q["kind"] == "harmless":
                row["harmless"] += 1
                row["harmless_flagged"] += flagged
                if flagged and show:
                    print(
                        f"  FLAGGED harmless: {q['question']} -> {answer.verdict.value} {answer.possible_prohibitions}"
                    )
                continue
            quotes = " ".join(c.quote for c in answer.citations[:2]).lower()
            right = flagged and any(k.lower() in quotes for k in q["expect_keywords"])
            row["prohibited"] += 1
            row["flagged"] += flagged
            row["right"] += right
            row["loose"] += answer.verdict.value in ("permitted", "out_of_scope")
            if show and not right:
                print(f"  MISSED: {q['question']} -> {answer.verdict.value} {answer.possible_prohibitions[:2]}")
        for key, value in row.items():
            totals[key] += value
        print(
            f"{policy:58} {row['right']:>12}/{row['flagged']}/{row['prohibited']:<13}"
            f"{row['harmless_flagged']:>8}/{row['harmless']}"
        )
    n, h = totals["prohibited"] or 1, totals["harmless"] or 1
    print(
        f"\nprohibited uses flagged with the right clause in the first two citations: {totals['right']}/{n} "
        f"({totals['right'] / n:.1%}); flagged at all: {totals['flagged'] / n:.1%}; "
        f"answered permitted or out_of_scope: {totals['loose']}"
    )
    print(f"harmless questions flagged: {totals['harmless_flagged']}/{h} ({totals['harmless_flagged'] / h:.1%})")


if __name__ == "__main__":
    main()
