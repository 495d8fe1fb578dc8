"""Shared by the audit tests: answers to record, a worker process, and a throwaway PostgreSQL schema."""

from __future__ import annotations

import json
import os
import socket
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from bot.answer.models import Answer, Citation, Override, Usage
from bot.rules.model import Decision, Verdict

PG_BASE = os.environ.get("POLICYBOT_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def an_answer(n: int = 0, verdict: Verdict = Verdict.PROHIBITED, *, overrides: int = 0) -> Answer:
    """A small but complete Answer (cheap to build in a worker process: no knowledge base)."""
    return Answer(
        verdict=verdict,
        answer=f"answer {n}",
        citations=[Citation(clause_id="coc-2024/3.1", document_id="coc-2024", version="2024", quote="No police.")],
        decision=Decision(verdict=verdict),
        facts={"actor_type": "police_department"},
        as_of=date(2024, 6, 1),
        policy_versions=["coc-2024 (2024)"],
        question=f"question {n}",
        overrides=[Override(kind="verdict", llm="permitted", used=verdict.value, reason="rules")] * overrides,
        usage=Usage(prompt_tokens=10, completion_tokens=5, total_tokens=15, calls=1) if overrides else None,
        mode="llm" if overrides else "extractive",
    )


def pg_reachable(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            pass
    except OSError:
        return False
    try:
        import sqlalchemy as sa

        engine = sa.create_engine(PG_BASE)
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        engine.dispose()
    except Exception:
        return False
    return True


@contextmanager
def pg_schema() -> Iterator[str]:
    """A URL whose tables live in a fresh schema, dropped afterwards."""
    import sqlalchemy as sa

    name = f"policybot_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_BASE, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    separator = "&" if "?" in PG_BASE else "?"
    try:
        yield f"{PG_BASE}{separator}options=-csearch_path%3D{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
        admin.dispose()


def worker(url: str, answers: int, events: int, go_file: str) -> None:
    """One process of the two-process test: wait for the signal, then record and claim as fast as it can."""
    from bot.audit.store import AuditStore

    store = AuditStore(url)
    deadline = time.monotonic() + 30
    while not Path(go_file).exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    ids = [store.record_answer(an_answer(i), user=f"U{os.getpid()}", surface="test") for i in range(answers)]
    claimed = [f"Ev{i}" for i in range(events) if store.claim_event(f"Ev{i}")]
    store.close()
    sys.stdout.write(json.dumps({"ids": ids, "claimed": claimed}) + "\n")


if __name__ == "__main__":
    worker(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
