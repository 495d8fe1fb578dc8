"""The golden questions (and the blind held-out sets) as a test: thresholds, not exact counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evals import GOLDEN_FILE, load_golden, run_eval
from bot.rules.model import Verdict
from tests.conftest import KNOWLEDGE, make_service

DATA = Path(__file__).parent / "data"
QUESTION_SETS = [KNOWLEDGE / GOLDEN_FILE, *sorted(DATA.glob("*questions*.yaml"))]


@pytest.mark.parametrize("path", QUESTION_SETS, ids=[p.name for p in QUESTION_SETS])
def test_no_false_permits_and_high_exact_rate(path: Path) -> None:
    report = run_eval(load_golden(path), make_service().ask)
    assert [r.case.id for r in report.false_permits] == []
    assert report.exact_rate >= 0.95, [r.case.id for r in report.results if not r.exact]


def test_the_golden_set_is_big_and_varied() -> None:
    cases = load_golden(KNOWLEDGE / GOLDEN_FILE)
    assert len(cases) >= 400
    expected = {v.value for case in cases for v in case.expect}
    assert expected == {v.value for v in Verdict}
    languages = {tag for case in cases for tag in case.tags if tag.startswith("lang-")}
    assert len(languages) >= 5, languages
    assert sum(1 for case in cases if case.as_of) >= 10
