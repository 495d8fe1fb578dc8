"""Rule evaluation throughput: decisions per second over varied facts on the shipped rule book, beside a bare
verdict-only loop over the same rules (no explanations, no Decision), and a check that both give the same verdicts.

python benchmarks/rules_eval.py [--n 200000]
PYTHONPATH=../other-checkout python benchmarks/rules_eval.py   # another version's evaluator, same benchmark
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if "PYTHONPATH" not in os.environ:
    sys.path.insert(0, str(ROOT))  # this checkout's bot package, unless PYTHONPATH names another to measure

from bot.policy.knowledge import load_knowledge_base  # noqa: E402
from bot.rules.evaluate import evaluate  # noqa: E402
from bot.rules.facts import ActorType, CameraType, Capability, Facts, Setting  # noqa: E402
from bot.rules.model import Effect, Rule, Verdict  # noqa: E402

BARE_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda fact, value: fact == value,
    "ne": lambda fact, value: fact != value,
    "in": lambda fact, values: fact in values,
    "not_in": lambda fact, values: fact not in values,
    "has": lambda fact, value: value in fact,
    "has_any": lambda fact, values: bool(fact & set(values)),
    "has_none": lambda fact, values: not fact & set(values),
}


def sample_facts(rng: random.Random, n: int) -> list[Facts]:
    def pick(values: list) -> object:
        return rng.choice([None, *values])

    return [
        Facts(
            actor_type=pick(list(ActorType)),
            country=pick(["US", "CA", "FR", "DE"]),
            capabilities=frozenset(rng.sample(list(Capability), rng.randint(0, 3))),
            camera_type=pick(list(CameraType)),
            setting=pick(list(Setting)),
            real_time=pick([True, False]),
            consent=pick([True, False]),
        )
        for _ in range(n)
    ]


Bare = list[tuple[bool, tuple[tuple[str, Callable[[Any, Any], bool], Any], ...]]]


def bare_rules(rules: Sequence[Rule], on: date) -> Bare:
    """The rules in force on a day as plain tuples (is it a prohibit?, its conditions), the operators looked up once."""
    return [
        (
            rule.effect is Effect.PROHIBIT,
            tuple((c.fact, BARE_OPS[c.op.value], c.value) for c in rule.when),
        )
        for rule in rules
        if rule.in_force(on) and rule.effect is not Effect.REQUIRE
    ]


def bare_verdict(rules: Bare, facts: Facts) -> Verdict:
    """The verdict alone, no explanation: the floor the evaluator is measured against."""
    prohibited = open_prohibit = permitted = False
    for prohibit, conditions in rules:
        truth: bool | None = True
        for name, op, value in conditions:
            fact = facts.get(name)
            if fact is None:
                truth = None
            elif not op(fact, value):
                truth = False
                break
        if truth is False:
            continue
        if prohibit:
            prohibited = prohibited or truth is True
            open_prohibit = open_prohibit or truth is None
        elif truth:
            permitted = True
    if prohibited:
        return Verdict.PROHIBITED
    if open_prohibit:
        return Verdict.NEEDS_CLARIFICATION
    return Verdict.PERMITTED if permitted else Verdict.NEEDS_REVIEW


def rates(n: int, runs: list[Callable[[Facts], object]], facts: list[Facts], rounds: int = 20) -> list[float]:
    """Decisions per second of each run, in alternating rounds so that a busy machine slows them alike."""
    spent = [0.0] * len(runs)
    per_round = max(1, n // rounds)
    for _ in range(rounds):
        for i, run in enumerate(runs):
            start = time.perf_counter()
            for f in itertools.islice(itertools.cycle(facts), per_round):
                run(f)
            spent[i] += time.perf_counter() - start
    return [per_round * rounds / s for s in spent]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    args = parser.parse_args()
    kb = load_knowledge_base(ROOT / "knowledge")
    on = date(2024, 6, 1)
    facts = sample_facts(random.Random(7), 1000)
    in_force = {cid: kb.in_force(cid, on) for cid in kb.clauses}
    rules, bare_book = kb.rules, bare_rules(kb.rules, on)
    same = sum(evaluate(rules, f, on, in_force.__getitem__).verdict is bare_verdict(bare_book, f) for f in facts)
    full, bare = rates(
        args.n, [lambda f: evaluate(rules, f, on, in_force.__getitem__), lambda f: bare_verdict(bare_book, f)], facts
    )
    print(f"evaluate: {full:,.0f} decisions/s ({len(rules)} rules, {args.n:,} decisions)")
    print(f"bare verdict-only loop: {bare:,.0f} decisions/s")
    print(f"evaluate / bare: {full / bare:.2f}; same verdicts on {same} of {len(facts)} facts")


if __name__ == "__main__":
    main()
