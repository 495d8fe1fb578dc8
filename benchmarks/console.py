"""Console page times over a large audit store: p50/p95 of each page, on SQLite and on PostgreSQL.

python benchmarks/console.py [--rows 100000] [--rounds 20] [--no-pg]

The store is filled with rows made from a few real answers of the shipped knowledge base (varied in
wording, day, channel, user, latency, overrides and feedback) and the console is served over HTTP as
in production; each page is fetched with the admin token after two warm-up fetches (the first loads the
embedding model). PostgreSQL (127.0.0.1:5432, or $POLICYBOT_TEST_DATABASE_URL) gets a schema of its own,
dropped afterwards; it is skipped when unreachable.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("POLICYBOT_DATA_DIR", tempfile.mkdtemp(prefix="policybot-console-bench-"))

from pg_schema import drop_schema, fresh_schema  # noqa: E402  (beside this script)

from bot.answer.models import Override  # noqa: E402
from bot.answer.service import PolicyService  # noqa: E402
from bot.audit import daily  # noqa: E402
from bot.audit.schema import answers, feedback  # noqa: E402
from bot.audit.store import AuditStore  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.console.server import ConsoleHTTPServer, build_console  # noqa: E402
from bot.policy.knowledge import load_knowledge_base  # noqa: E402

TOKEN = "benchmark-token"
QUESTIONS = [
    "Can the Chicago Police Department use the service for facial recognition on CCTV footage?",
    "Can a police department in Georgia use the model to summarize witness interviews?",
    "Can police use facial recognition?",
    "We want to predict which wind turbines will fail next month from sensor data. Any policy issue?",
    "Can we generate marketing images of our new sneakers with the image model?",
    "What is the capital of France?",
    "Can we infer employees' emotions from webcam video during meetings?",
    "Can we clone our CEO's voice for the all-hands video? She's fine with it.",
]
LEADS = ["", "Quick one: ", "Hi team, ", "Asking for sales: ", "Customer asks: "]
TAILS = ["", " Thanks!", " (urgent)", " for a pilot", " in the EU", " in Canada"]
PAGES = [
    "/admin/",
    "/admin/?days=365",
    "/admin/silent",
    "/admin/silent?days=365",
    "/admin/feedback",
    "/admin/overrides",
    "/admin/search",
    "/admin/search?q=turbines&days=365",
    "/admin/search?verdict=prohibited&channel=C3&days=365",
    "/admin/answers/{id}",
    "/admin/policies",
    "/admin/export.csv?days=30&page=1",
]


def fill(store: AuditStore, rows: int, seed: int = 1) -> int:
    """Insert `rows` answers (and ~10% feedback) in large batches; returns the id of an answer to show."""
    kb = load_knowledge_base(ROOT / "knowledge")
    service = PolicyService(kb)
    real = [service.ask(q) for q in QUESTIONS]
    templates = [store._answer_row(a, None, None, "slack", 0.0, None) for a in real]  # the store's own row shape
    rng = random.Random(seed)
    now = datetime.now(UTC)
    store.migrate()
    batch: list[dict] = []
    votes: list[dict] = []
    next_id = 1
    # Recorded as they happen: ids grow with time, and more answers are recent than old.
    moments = sorted(now - timedelta(days=rng.random() ** 1.5 * 365) for _ in range(rows))
    with store._engine.begin() as conn:  # one bulk load; the console only reads
        for i in range(rows):
            k = rng.randrange(len(real))
            row = dict(templates[k])
            row["uid"] = uuid.uuid4().hex
            row["created_at"] = moments[i]
            row["question"] = rng.choice(LEADS) + QUESTIONS[k] + rng.choice(TAILS)
            row["channel_id"] = f"C{rng.randrange(40)}" if rng.random() < 0.8 else None
            row["user_id"] = f"U{rng.randrange(500)}"
            row["latency_ms"] = round(rng.lognormvariate(5.0, 0.6), 3)
            if rng.random() < 0.1:
                override = Override(kind="verdict", llm="permitted", used=row["verdict"], reason="rules")
                row.update(mode="llm", overrides=[override.model_dump()], override_count=1)
            batch.append(row)
            vote = rng.random()
            if vote < 0.05:
                at = row["created_at"] + timedelta(minutes=2)
                votes.append({"answer_id": next_id, "user_id": row["user_id"], "value": "down", "created_at": at})
                votes.append(
                    {
                        "answer_id": next_id,
                        "user_id": row["user_id"],
                        "value": "down",
                        "reason": "wrong clause",
                        "created_at": at,
                    }
                )
            elif vote < 0.12:
                votes.append(
                    {"answer_id": next_id, "user_id": row["user_id"], "value": "up", "created_at": row["created_at"]}
                )
            next_id += 1
            if len(batch) == 5000:
                conn.execute(sa.insert(answers), batch)
                batch.clear()
        if batch:
            conn.execute(sa.insert(answers), batch)
        conn.exec_driver_sql(  # the narrow copy record_answer keeps (migration 5 backfills it the same way)
            "INSERT INTO answer_search (answer_id, created_at, verdict, channel_id, user_id, question)"
            " SELECT id, created_at, verdict, channel_id, user_id, question FROM answers"
        )
        daily.rebuild(conn)  # the per-day totals record_answer keeps (migration 7 backfills them the same way)
        for vote in votes:
            vote.setdefault("reason", None)
        for start in range(0, len(votes), 5000):
            conn.execute(sa.insert(feedback), votes[start : start + 5000])
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("ANALYZE")
    if store.dialect == "postgresql":  # what autovacuum does soon after a load: statistics and the visibility map
        with store._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in ("answers", "feedback", "answer_search", "answer_days", "channel_days", "latency_days"):
                conn.exec_driver_sql(f"VACUUM ANALYZE {table}")
    return rows // 2


def measure(store: AuditStore, rounds: int, answer_id: int) -> dict[str, tuple[float, float]]:
    kb = load_knowledge_base(ROOT / "knowledge")
    app = build_console(Settings(admin_token=TOKEN), store, kb)
    server = ConsoleHTTPServer(app, "127.0.0.1", 0)
    server.start_in_thread()
    out = {}
    try:
        for page in PAGES:
            path = page.format(id=answer_id)
            times = []
            for round_ in range(rounds + 2):
                started = time.perf_counter()
                status = _get(server.port, path)
                elapsed = (time.perf_counter() - started) * 1000
                if status != 200:
                    raise SystemExit(f"{path} answered {status}")
                if round_ >= 2:  # two warm-ups: the first silent page loads the embedding model
                    times.append(elapsed)
            out[path] = (statistics.median(times), percentile(times, 95))
    finally:
        server.shutdown()
        server.server_close()
    return out


def _get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Authorization": f"Bearer {TOKEN}"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(name: str, rows: int, figures: dict[str, tuple[float, float]], budget: float) -> bool:
    print(f"\n{name}: {rows:,} audit rows")
    print(f"{'page':58} {'p50 ms':>8} {'p95 ms':>8}")
    for path, (p50, p95) in figures.items():
        flag = "" if p95 <= budget else "  over budget"
        print(f"{path:58} {p50:8.1f} {p95:8.1f}{flag}")
    worst = max(p95 for _, p95 in figures.values())
    print(f"worst p95: {worst:.1f} ms (budget {budget:.0f} ms)")
    return worst <= budget


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--budget", type=float, default=300.0, help="p95 ms each page must stay under")
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        store = AuditStore(f"sqlite:///{tmp}/audit.db")
        started = time.perf_counter()
        answer_id = fill(store, args.rows)
        print(f"SQLite filled in {time.perf_counter() - started:.1f} s")
        ok &= report("SQLite", args.rows, measure(store, args.rounds, answer_id), args.budget)
        store.close()
    found = None if args.no_pg else fresh_schema("policybot_bench")
    if found is not None:
        url, schema = found
        store = AuditStore(url)
        try:
            started = time.perf_counter()
            answer_id = fill(store, args.rows)
            print(f"PostgreSQL filled in {time.perf_counter() - started:.1f} s")
            ok &= report("PostgreSQL", args.rows, measure(store, args.rounds, answer_id), args.budget)
        finally:
            store.close()
            drop_schema(schema)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
