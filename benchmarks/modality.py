"""How well parse-time modality finds the clauses that prohibit: precision and recall of `prohibits`.

    python benchmarks/modality.py [LABELS_DIR] [--corpus DIR] [--min 0.95] [--errors]

LABELS_DIR holds one YAML file per policy, `{document: FILE.md, labels: {clause_id: modality}}`, written
blind by a helper who never saw the classifier (benchmarks/data/modality_labels/: ids and labels only,
no policy text). Each FILE is parsed from the corpus folder with the product's parser, exactly as
`policybot ingest` does, and every labelled clause's modality is compared with its label. Prints
precision and recall of `prohibits` per document and overall, and a confusion matrix over all five
modalities. With --min, exits 1 when overall precision or recall of `prohibits` is below it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.policy.modality import MODALITIES
from bot.policy.parsing import parse_document

HERE = Path(__file__).resolve().parent
DEFAULT_LABELS = HERE / "data" / "modality_labels"
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "policies"
TARGET = "prohibits"


@dataclass
class Scores:
    """Counts of (label, predicted) pairs, from which precision and recall of `prohibits` follow."""

    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)  # labelled ids the parser does not produce

    def add(self, label: str, predicted: str) -> None:
        self.pairs[(label, predicted)] += 1

    def merge(self, other: Scores) -> None:
        self.pairs.update(other.pairs)
        self.missing += other.missing

    @property
    def true_positives(self) -> int:
        return self.pairs[(TARGET, TARGET)]

    def precision(self) -> float:
        predicted = sum(n for (_, p), n in self.pairs.items() if p == TARGET)
        return self.true_positives / predicted if predicted else 1.0

    def recall(self) -> float:
        actual = sum(n for (label, _), n in self.pairs.items() if label == TARGET)
        return self.true_positives / actual if actual else 1.0

    @property
    def total(self) -> int:
        return sum(self.pairs.values())


@dataclass(frozen=True)
class Mistake:
    clause_id: str
    label: str
    predicted: str
    text: str


def score_document(labels_file: Path, corpus: Path) -> tuple[str, Scores, list[Mistake]]:
    """Parse the labelled document and compare each labelled clause's modality with its label."""
    data = yaml.safe_load(labels_file.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not isinstance(data.get("labels"), dict) or "document" not in data:
        raise SystemExit(f"{labels_file}: expected {{document: FILE.md, labels: {{clause_id: modality}}}}")
    parsed = parse_document(corpus / str(data["document"]))
    clauses = {c.id: c for c in parsed.clauses}
    scores, mistakes = Scores(), []
    for raw_id, label in data["labels"].items():
        clause_id = str(raw_id) if "/" in str(raw_id) else f"{parsed.meta.id}/{raw_id}"
        label = str(label).strip().lower()
        if label not in MODALITIES:
            raise SystemExit(f"{labels_file}: {raw_id}: unknown modality {label!r}; use {', '.join(MODALITIES)}")
        clause = clauses.get(clause_id)
        if clause is None:
            scores.missing.append(clause_id)
            continue
        scores.add(label, clause.modality)
        if label != clause.modality and TARGET in (label, clause.modality):
            mistakes.append(Mistake(clause_id, label, clause.modality, clause.text))
    return str(data["document"]), scores, mistakes


def confusion_matrix(scores: Scores) -> str:
    width = max(len(m) for m in MODALITIES) + 2
    lines = ["label \\ predicted".ljust(width + 8) + "".join(m[:9].rjust(10) for m in MODALITIES)]
    for label in MODALITIES:
        cells = "".join(str(scores.pairs[(label, p)]).rjust(10) for p in MODALITIES)
        lines.append(label.ljust(width + 8) + cells)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labels", type=Path, nargs="?", default=DEFAULT_LABELS)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the folder of the policy files")
    parser.add_argument("--min", type=float, help="exit 1 when precision or recall of prohibits is below this")
    parser.add_argument("--errors", action="store_true", help="list the clauses wrongly (not) read as prohibiting")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus}: no such folder (the real policies live in ../shared/corpus/policies)")
    files = sorted(args.labels.glob("*.yaml")) if args.labels.is_dir() else []
    if not files:
        raise SystemExit(f"{args.labels}: no label files (*.yaml)")

    overall, all_mistakes = Scores(), []
    print(f"{'document':60} {'clauses':>8} {'precision':>10} {'recall':>8}")
    for labels_file in files:
        document, scores, mistakes = score_document(labels_file, args.corpus)
        overall.merge(scores)
        all_mistakes += mistakes
        print(f"{document:60} {scores.total:>8} {scores.precision():>10.3f} {scores.recall():>8.3f}")
    print(f"{'overall':60} {overall.total:>8} {overall.precision():>10.3f} {overall.recall():>8.3f}")
    print()
    print(confusion_matrix(overall))
    if overall.missing:
        some = ", ".join(overall.missing[:10])
        print(f"\n{len(overall.missing)} labelled clause ids not produced by the parser: {some}")
    if args.errors:
        for m in all_mistakes:
            print(f"\n{m.clause_id}: labelled {m.label}, read {m.predicted}\n  {m.text[:300]!r}")
    if args.min is not None and min(overall.precision(), overall.recall()) < args.min:
        print(
            f"\nbelow {args.min}: precision {overall.precision():.3f}, recall {overall.recall():.3f}", file=sys.stderr
        )
        raise SystemExit(1)


if __name__ == "__main__":
    main()
