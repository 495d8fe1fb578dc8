"""Golden questions as data: load them, run them through the service, and score the verdicts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError, field_validator

from bot.answer.models import Answer
from bot.errors import KnowledgeBaseError
from bot.rules.model import Verdict

GOLDEN_FILE = "golden.yaml"


class GoldenCase(BaseModel):
    id: str
    question: str
    expect: list[Verdict]
    as_of: date | None = None
    cites: list[str] = []
    tags: list[str] = []

    @field_validator("expect", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


@dataclass
class CaseResult:
    case: GoldenCase
    verdict: Verdict
    cited: list[str]

    @property
    def exact(self) -> bool:
        return self.verdict in self.case.expect and all(c in self.cited for c in self.case.cites)

    @property
    def false_permit(self) -> bool:
        return self.verdict is Verdict.PERMITTED and Verdict.PERMITTED not in self.case.expect


@dataclass
class EvalReport:
    results: list[CaseResult] = field(default_factory=list)

    @property
    def exact_rate(self) -> float:
        return sum(r.exact for r in self.results) / len(self.results) if self.results else 0.0

    @property
    def false_permits(self) -> list[CaseResult]:
        return [r for r in self.results if r.false_permit]

    def by_expected(self) -> dict[str, tuple[int, int]]:
        """Per expected verdict: (cases, exact)."""
        total: Counter[str] = Counter()
        exact: Counter[str] = Counter()
        for r in self.results:
            key = "|".join(v.value for v in r.case.expect)
            total[key] += 1
            exact[key] += r.exact
        return {k: (total[k], exact[k]) for k in sorted(total)}


def load_golden(path: Path) -> list[GoldenCase]:
    """Golden cases from a YAML file (a knowledge base's golden.yaml, or any file of the same shape)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KnowledgeBaseError(f"{path}: cannot read golden questions ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(raw, list):
        raise KnowledgeBaseError(f"{path}: golden questions must be a YAML list")
    cases = []
    for i, item in enumerate(raw, start=1):
        try:
            cases.append(GoldenCase.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise KnowledgeBaseError(f"{path}: case {i}: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    return cases


def run_eval(cases: list[GoldenCase], ask: Callable[[str, date | None], Answer]) -> EvalReport:
    report = EvalReport()
    for case in cases:
        answer = ask(case.question, case.as_of)
        report.results.append(CaseResult(case, answer.verdict, [c.clause_id for c in answer.citations]))
    return report
