"""Rule evaluation throughput: decisions per second over varied facts on the shipped rule book.

python benchmarks/rules_eval.py [--n 200000]
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from datetime import date
from pathlib import Path

from bot.policy.knowledge import load_knowledge_base
from bot.rules.evaluate import evaluate
from bot.rules.facts import ActorType, CameraType, Capability, Facts, Setting

ROOT = Path(__file__).resolve().parents[1]


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    args = parser.parse_args()
    kb = load_knowledge_base(ROOT / "knowledge")
    on = date(2024, 6, 1)
    facts = sample_facts(random.Random(7), 1000)
    in_force = {cid: kb.in_force(cid, on) for cid in kb.clauses}
    start = time.perf_counter()
    for f in itertools.islice(itertools.cycle(facts), args.n):
        evaluate(kb.rules, f, on, in_force.__getitem__)
    elapsed = time.perf_counter() - start
    print(f"{args.n:,} decisions in {elapsed:.2f} s: {args.n / elapsed:,.0f} decisions/s ({len(kb.rules)} rules)")


if __name__ == "__main__":
    main()
