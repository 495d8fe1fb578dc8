"""Load proof: N questions from U concurrent users, each answered and recorded in the audit store.

    python benchmarks/audit_load.py [--questions 1000] [--users 50] [--backend all|sqlite|postgresql]

Each user is a thread calling the service's `ask` (extractive mode, the shipped knowledge base) and
then `AuditStore.record_answer`, as a surface does. Afterwards the store must hold exactly one row
per question asked (same user, same question, no id twice), or the script exits 1. Prints throughput
and p50/p95/p99 latency of answer + record, and of the record alone, for SQLite (a fresh file) and
PostgreSQL (a fresh schema, dropped afterwards; skipped when 127.0.0.1:5432 does not answer).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pg_schema import PG_BASE, drop_schema, fresh_schema  # noqa: E402  (beside this script)

from bot.answer.service import PolicyService  # noqa: E402
from bot.audit.store import AuditStore  # noqa: E402
from bot.evals import GOLDEN_FILE, load_golden  # noqa: E402
from bot.policy.knowledge import load_knowledge_base  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def spread(values: list[float]) -> str:
    return ", ".join(f"p{p} {percentile(values, p):.1f} ms" for p in (50, 95, 99))


def run(store: AuditStore, service: PolicyService, questions: list[tuple[str, date | None]], users: int) -> bool:
    per_user: list[list[tuple[str, date | None]]] = [questions[u::users] for u in range(users)]
    barrier = threading.Barrier(users + 1)
    total: list[float] = []
    record: list[float] = []
    ids: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()

    def user(u: int) -> None:
        mine_total, mine_record, mine_ids = [], [], []
        barrier.wait()
        for text, as_of in per_user[u]:
            try:
                start = time.perf_counter()
                answer = service.ask(text, as_of)
                answered = time.perf_counter()
                mine_ids.append(
                    store.record_answer(
                        answer,
                        user=f"U{u:03d}",
                        channel="C-load",
                        surface="load",
                        latency_ms=(answered - start) * 1000,
                    )
                )
                done = time.perf_counter()
            except Exception as exc:  # counted and reported: a lost record fails the run
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                continue
            mine_total.append((done - start) * 1000)
            mine_record.append((done - answered) * 1000)
        with lock:
            total.extend(mine_total)
            record.extend(mine_record)
            ids.extend(mine_ids)

    threads = [threading.Thread(target=user, args=(u,)) for u in range(users)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started

    expected = Counter((f"U{u:03d}", service_text(service, text)) for u in range(users) for text, _ in per_user[u])
    rows = [json.loads(line) for line in store.export()]
    found = Counter((r["user_id"], r["question"]) for r in rows)
    ok = not errors and len(rows) == len(questions) and len(set(ids)) == len(ids) == len(questions)
    ok = ok and found == expected
    print(
        f"  {len(questions)} questions from {users} users in {wall:.2f} s: {len(questions) / wall:.0f} answers/s; "
        f"{len(rows)} audit rows, {len(set(ids))} distinct ids, {len(errors)} errors, "
        f"{store.retries} retries -> {'OK: none lost or duplicated' if ok else 'FAILED'}"
    )
    print(f"  answer + record: {spread(total)}")
    print(f"  record alone:    {spread(record)}")
    for error in errors[:5]:
        print(f"  error: {error}")
    return ok


def service_text(service: PolicyService, text: str) -> str:
    from bot.answer.question import normalise_question

    return normalise_question(text).text


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--backend", choices=["all", "sqlite", "postgresql"], default="all")
    args = parser.parse_args()

    kb = load_knowledge_base(ROOT / "knowledge")
    service = PolicyService(kb)
    golden = load_golden(kb.root / GOLDEN_FILE)
    questions = [(golden[i % len(golden)].question, golden[i % len(golden)].as_of) for i in range(args.questions)]
    for text, as_of in questions[:20]:
        service.ask(text, as_of)  # warm caches
    print(f"{os.cpu_count()} CPUs; extractive answers over {len(kb.clauses)} clauses; {len(golden)} golden questions")

    ok = True
    if args.backend in ("all", "sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            store = AuditStore(f"sqlite:///{Path(tmp) / 'audit.db'}")
            store.migrate()
            print("sqlite (WAL, synchronous=FULL, a fresh file):")
            ok &= run(store, service, questions, args.users)
            store.close()
    if args.backend in ("all", "postgresql") and (made := fresh_schema("policybot_load")) is not None:
        url, name = made
        try:
            store = AuditStore(url)
            store.migrate()
            print(f"postgresql ({PG_BASE.split('@')[-1]}, a fresh schema):")
            ok &= run(store, service, questions, args.users)
            store.close()
        finally:
            drop_schema(name)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
