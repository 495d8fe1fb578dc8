"""The audit store on SQLite and PostgreSQL: migrations, records, events, concurrency, locks, retention, export."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.audit import store as store_module
from bot.audit.migrations import LATEST, MIGRATIONS
from bot.audit.schema import metadata
from bot.audit.store import AuditStore, database_url
from bot.errors import AuditError
from bot.rules.model import Verdict
from tests.audit_helpers import an_answer, pg_reachable, pg_schema
from tests.conftest import ROOT

PG = pg_reachable()
needs_pg = pytest.mark.skipif(not PG, reason="PostgreSQL is not reachable on 127.0.0.1:5432")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_pg)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'audit.db'}"
    else:
        with pg_schema() as pg_url:
            yield pg_url


@pytest.fixture
def open_store() -> Iterator[Callable[..., AuditStore]]:
    """AuditStore(...), closed at the end of the test (an unclosed connection is a warning, hence an error)."""
    opened: list[AuditStore] = []

    def make(url: str, **options: Any) -> AuditStore:
        opened.append(AuditStore(url, **options))
        return opened[-1]

    yield make
    for s in opened:
        s.close()


@pytest.fixture
def store(url: str, open_store: Callable[..., AuditStore]) -> AuditStore:
    return open_store(url)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


# ---- schema


def test_migrations_from_empty_apply_in_order_once_and_match_the_schema(
    url: str, open_store: Callable[..., AuditStore]
) -> None:
    store = open_store(url)
    assert store.schema_version() == 0
    assert store.migrate() == [number for number, _ in MIGRATIONS]
    assert store.migrate() == []
    assert open_store(url).migrate() == []  # another process finds the work done
    assert store.schema_version() == LATEST
    engine = sa.create_engine(database_url(url))
    inspector = sa.inspect(engine)
    for table in metadata.sorted_tables:
        assert [c["name"] for c in inspector.get_columns(table.name)] == [c.name for c in table.columns], table.name
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT version, name FROM schema_migrations ORDER BY version").all()
    assert [tuple(r) for r in rows] == [(n, f.__name__) for n, f in MIGRATIONS]
    engine.dispose()
    store.close()


def test_two_stores_migrating_an_empty_database_at_once(url: str, open_store: Callable[..., AuditStore]) -> None:
    stores = [open_store(url) for _ in range(4)]
    barrier = threading.Barrier(len(stores))
    results: list[list[int]] = []

    def start(s: AuditStore) -> None:
        barrier.wait()
        results.append(s.migrate())

    threads = [threading.Thread(target=start, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(len, results)) == [0, 0, 0, len(MIGRATIONS)]  # exactly one did the work
    for s in stores:
        s.close()


def test_a_database_from_a_newer_version_is_refused_clearly(
    store: AuditStore, open_store: Callable[..., AuditStore]
) -> None:
    store.migrate()
    engine = sa.create_engine(database_url(store.url))
    with engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', :t)"),
            {"t": datetime.now(UTC)},
        )
    engine.dispose()
    with pytest.raises(AuditError, match="schema version 99, newer"):
        open_store(store.url).migrate()


# ---- records


def test_an_answer_is_recorded_with_everything_that_explains_it(store: AuditStore) -> None:
    from tests.conftest import make_service

    answer = make_service().ask("Can the Chicago Police Department use facial recognition on CCTV footage?")
    answer_id = store.record_answer(answer, user="U1", channel="C1", surface="slack", latency_ms=12.5, model="m")
    [record] = [json.loads(line) for line in store.export()]
    assert record["id"] == answer_id
    assert record["question"] == answer.question
    assert (record["user_id"], record["channel_id"], record["surface"]) == ("U1", "C1", "slack")
    assert record["verdict"] == "prohibited" == record["decision"]["verdict"]
    assert record["rule_ids"] == [r.id for r in answer.decision.rules] and record["rule_ids"]
    assert record["clause_ids"] == [c.clause_id for c in answer.citations]
    assert record["citations"][0]["quote"] == answer.citations[0].quote
    assert record["facts"] == answer.facts and record["policy_versions"] == answer.policy_versions
    assert (record["mode"], record["model"], record["latency_ms"]) == ("extractive", "m", 12.5)
    assert record["answer"] == answer.answer and record["warnings"] == answer.warnings
    assert record["as_of"] == answer.as_of.isoformat() and record["feedback"] == []
    assert datetime.fromisoformat(record["created_at"]).tzinfo is not None


def test_llm_fields_overrides_and_tokens_are_kept(store: AuditStore) -> None:
    store.record_answer(an_answer(1, overrides=2), model="gpt-4o-mini")
    [record] = [json.loads(line) for line in store.export()]
    assert record["override_count"] == 2 and len(record["overrides"]) == 2
    assert (record["prompt_tokens"], record["completion_tokens"], record["total_tokens"]) == (10, 5, 15)
    assert record["usage"]["calls"] == 1 and record["mode"] == "llm"


def test_pii_is_redacted_when_asked(tmp_path: Path, open_store: Callable[..., AuditStore]) -> None:
    answer = an_answer(1).model_copy(update={"question": "I am jo@acme.com, +44 20 7946 0958; as of 2024-05-01?"})
    plain = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    redacting = open_store(f"sqlite:///{tmp_path / 'b.db'}", redact=True)
    plain.record_answer(answer)
    redacting.record_answer(answer)
    assert json.loads(next(plain.export()))["question"] == answer.question
    assert json.loads(next(redacting.export()))["question"] == "I am [email], [phone]; as of 2024-05-01?"


def test_feedback_links_to_its_answer_and_an_unknown_answer_is_a_clear_error(store: AuditStore) -> None:
    first = store.record_answer(an_answer(1))
    second = store.record_answer(an_answer(2))
    store.record_feedback(first, "U1", "up")
    store.record_feedback(first, "U2", "down", "quoted the wrong clause")
    store.record_feedback(second, "U1", "down")
    with pytest.raises(AuditError, match="no answer 999"):
        store.record_feedback(999, "U1", "up")
    with pytest.raises(AuditError, match="1 to 32"):
        store.record_feedback(first, "U1", "")
    records = {json.loads(line)["id"]: json.loads(line) for line in store.export()}
    assert [(f["user_id"], f["value"], f["reason"]) for f in records[first]["feedback"]] == [
        ("U1", "up", None),
        ("U2", "down", "quoted the wrong clause"),
    ]
    assert store.stats().feedback == {"down": 2, "up": 1}


# ---- events


def test_an_event_is_claimed_once_even_by_many_threads(store: AuditStore) -> None:
    assert store.claim_event("Ev1") is True
    assert store.claim_event("Ev1") is False
    barrier = threading.Barrier(12)
    wins: list[bool] = []

    def claim() -> None:
        barrier.wait()
        wins.append(store.claim_event("Ev2"))

    threads = [threading.Thread(target=claim) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wins.count(True) == 1 and len(wins) == 12
    with pytest.raises(AuditError):
        store.claim_event("")


def test_two_replicas_sharing_a_database_claim_each_event_once(url: str, open_store: Callable[..., AuditStore]) -> None:
    a, b = open_store(url), open_store(url)
    wins = {"a": 0, "b": 0}

    def run(name: str, s: AuditStore) -> None:
        for i in range(60):
            wins[name] += s.claim_event(f"Ev{i}")

    threads = [threading.Thread(target=run, args=(n, s)) for n, s in (("a", a), ("b", b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wins["a"] + wins["b"] == 60
    assert a.stats().events_claimed == 60


# ---- concurrency and faults


def test_concurrent_writer_threads_lose_nothing(store: AuditStore) -> None:
    per_thread, threads_n = 40, 8
    ids: list[int] = []
    lock = threading.Lock()

    def write(t: int) -> None:
        for i in range(per_thread):
            answer_id = store.record_answer(an_answer(t * 1000 + i), user=f"U{t}")
            with lock:
                ids.append(answer_id)

    threads = [threading.Thread(target=write, args=(t,)) for t in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(ids) == len(set(ids)) == per_thread * threads_n
    questions = sorted(json.loads(line)["question"] for line in store.export())
    assert questions == sorted(f"question {t * 1000 + i}" for t in range(threads_n) for i in range(per_thread))


def test_two_processes_starting_on_an_empty_database_lose_and_duplicate_nothing(
    url: str, tmp_path: Path, open_store: Callable[..., AuditStore]
) -> None:
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.audit_helpers", url, "60", "40", str(go)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    time.sleep(0.3)  # both are importing; then they migrate and write at the same moment
    go.touch()
    results = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
        results.append(json.loads(stdout))
    ids = [i for r in results for i in r["ids"]]
    assert len(ids) == len(set(ids)) == 120
    claimed = [e for r in results for e in r["claimed"]]
    assert sorted(claimed) == sorted(f"Ev{i}" for i in range(40))  # every event once, by one process
    store = open_store(url)
    assert store.count_answers() == 120
    assert store.schema_version() == LATEST


class LostAcknowledgement(AuditStore):
    """Each write commits, then reports a transient failure once: as when a connection drops after COMMIT."""

    failed = False

    def _write(self, work: Callable[[sa.Connection], Any]) -> Any:
        result = super()._write(work)
        if self._migrated and not self.failed:
            self.failed = True
            raise sa.exc.OperationalError("COMMIT", {}, sqlite3.OperationalError("database is locked"))
        return result


def test_a_retry_after_a_lost_acknowledgement_neither_duplicates_nor_loses(url: str) -> None:
    store = LostAcknowledgement(url, sleep=lambda s: None)
    store.migrate()
    answer_id = store.record_answer(an_answer(1))
    assert store.retries == 1 and store.count_answers() == 1
    assert [json.loads(line)["id"] for line in store.export()] == [answer_id]
    store.failed = False
    assert store.claim_event("Ev1") is True  # the retry sees its own claim, not someone else's
    assert store.claim_event("Ev1") is False and store.stats().events_claimed == 1
    store.close()


def _hold_sqlite_lock(path: Path, seconds: float, locked: threading.Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    locked.set()
    time.sleep(seconds)
    conn.execute("COMMIT")
    conn.close()


def test_a_locked_sqlite_database_is_waited_out_and_the_record_kept(
    tmp_path: Path, open_store: Callable[..., AuditStore]
) -> None:
    path = tmp_path / "audit.db"
    store = open_store(f"sqlite:///{path}", busy_timeout_ms=30)
    store.migrate()
    locked = threading.Event()
    holder = threading.Thread(target=_hold_sqlite_lock, args=(path, 0.4, locked))
    holder.start()
    locked.wait()
    started = time.monotonic()
    answer_id = store.record_answer(an_answer(1))
    holder.join()
    assert time.monotonic() - started >= 0.3  # it waited for the lock rather than failing
    assert store.retries >= 1  # the busy timeout ran out at least once and the write was retried
    assert [json.loads(line)["id"] for line in store.export()] == [answer_id]


def test_a_lock_that_outlasts_the_retries_is_a_clear_error(
    tmp_path: Path, open_store: Callable[..., AuditStore]
) -> None:
    path = tmp_path / "audit.db"
    store = open_store(f"sqlite:///{path}", busy_timeout_ms=10, attempts=3, sleep=lambda s: None)
    store.migrate()
    locked = threading.Event()
    holder = threading.Thread(target=_hold_sqlite_lock, args=(path, 0.3, locked))
    holder.start()
    locked.wait()
    with pytest.raises(AuditError, match=r"could not record an answer .* after 3 attempts: database is locked"):
        store.record_answer(an_answer(1))
    holder.join()
    assert store.count_answers() == 0


def test_an_unusable_database_is_a_clear_error(tmp_path: Path, open_store: Callable[..., AuditStore]) -> None:
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(AuditError, match=r"could not migrate the schema in the audit store .*dir\.db"):
        open_store(f"sqlite:///{tmp_path / 'dir.db'}").record_answer(an_answer(1))
    with pytest.raises(AuditError, match="POLICYBOT_DATABASE_URL"):
        open_store("not a url")


# ---- export, stats, retention


def test_export_pages_filters_by_day_and_speaks_csv(
    url: str, monkeypatch: pytest.MonkeyPatch, open_store: Callable[..., AuditStore]
) -> None:
    monkeypatch.setattr(store_module, "PAGE", 3)
    clock = Clock(datetime(2025, 1, 1, 23, 0, tzinfo=UTC))
    store = open_store(url, clock=clock)
    for day in range(7):
        clock.now = datetime(2025, 1, 1 + day, 23, 30, tzinfo=UTC)
        store.record_answer(an_answer(day))
    assert len(list(store.export())) == 7
    since = [json.loads(line)["question"] for line in store.export(date(2025, 1, 3))]
    assert since == [f"question {d}" for d in range(2, 7)]
    rows = list(csv.DictReader(io.StringIO("".join(store.export(date(2025, 1, 6), "csv")))))
    assert [r["question"] for r in rows] == ["question 5", "question 6"]
    assert json.loads(rows[0]["decision"])["verdict"] == "prohibited" and rows[0]["channel_id"] == ""
    with pytest.raises(AuditError, match="csv or jsonl"):
        list(store.export(None, "xml"))  # type: ignore[arg-type]
    store.close()


def test_stats_count_each_persons_latest_vote_on_an_answer_once(store: AuditStore) -> None:
    first, second = store.record_answer(an_answer(1)), store.record_answer(an_answer(2))
    store.record_feedback(first, "U1", "down")
    store.record_feedback(first, "U1", "down", "it cited the 2023 code")  # the reason, typed after the 👎
    store.record_feedback(first, "U2", "up")
    store.record_feedback(first, "U2", "down")  # changed their mind
    store.record_feedback(second, "U1", "up")
    store.record_feedback(second, None, "up")  # no user known: each such row counts
    store.record_feedback(second, None, "up")
    assert store.stats().feedback == {"down": 2, "up": 3}
    exported = {json.loads(line)["id"]: json.loads(line) for line in store.export()}
    assert len(exported[first]["feedback"]) == 4  # the export keeps every row as given


def test_stats_count_verdicts_overrides_feedback_and_find_the_slowest(store: AuditStore) -> None:
    assert store.stats().answers == 0
    for i, (verdict, ms) in enumerate(
        [
            (Verdict.PROHIBITED, 10.0),
            (Verdict.PERMITTED, 250.0),
            (Verdict.PROHIBITED, 30.0),
            (Verdict.OUT_OF_SCOPE, 5.0),
        ]
    ):
        store.record_answer(an_answer(i, verdict, overrides=1 if i == 2 else 0), latency_ms=ms, surface="cli")
    store.record_feedback(1, "U", "up")
    store.claim_event("E1")
    stats = store.stats(slowest=2)
    assert stats.answers == 4
    assert stats.by_verdict == {"out_of_scope": 1, "permitted": 1, "prohibited": 2}
    assert stats.by_mode == {"extractive": 3, "llm": 1}
    assert (stats.with_overrides, stats.overrides, stats.total_tokens) == (1, 1, 15)
    assert [s["latency_ms"] for s in stats.slowest] == [250.0, 30.0]
    assert stats.latency_ms == {"p50": 30.0, "p95": 250.0, "max": 250.0}
    assert stats.feedback == {"up": 1} and stats.events_claimed == 1
    assert json.dumps(stats.to_json_dict())


def test_retention_deletes_old_answers_with_their_feedback_and_old_event_claims(
    url: str, open_store: Callable[..., AuditStore]
) -> None:
    now = datetime(2025, 6, 1, tzinfo=UTC)
    clock = Clock(now - timedelta(days=400))
    store = open_store(url, clock=clock)
    old = store.record_answer(an_answer(1))
    store.record_feedback(old, "U", "down")
    store.claim_event("old-event")
    clock.now = now - timedelta(days=10)
    store.claim_event("recent-event")
    kept = store.record_answer(an_answer(2))
    store.record_feedback(kept, "U", "up")
    clock.now = now
    dry = store.apply_retention(365, dry_run=True)
    assert (dry.answers, dry.feedback, dry.events) == (1, 1, 2)
    assert store.count_answers() == 2
    report = store.apply_retention(365)
    assert (report.answers, report.feedback, report.events) == (1, 1, 2)  # events are kept a week at most
    assert [json.loads(line)["id"] for line in store.export()] == [kept]
    assert store.stats().feedback == {"up": 1}
    assert store.apply_retention(365).answers == 0
    with pytest.raises(AuditError, match="at least 1 day"):
        store.apply_retention(0)
    store.close()


def test_migration_6_relabels_stored_what_changed_answers_and_records_possible_prohibitions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Answers about the policy were stored as out_of_scope before `informational`: the only ones citing clauses."""
    import sqlalchemy as sa

    from bot.audit.migrations import MIGRATIONS
    from bot.audit.schema import answers

    url = f"sqlite:///{tmp_path / 'audit.sqlite3'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # a store at schema version 5 with two out-of-scope rows
        conn.execute(
            sa.text("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TIMESTAMP)")
        )
        for number, step in MIGRATIONS[:5]:
            step(conn)
            conn.execute(
                sa.text("INSERT INTO schema_migrations VALUES (:n, :s, CURRENT_TIMESTAMP)"),
                {"n": number, "s": step.__name__},
            )
        for question, clause_ids in (
            ("What changed in May 2024?", '["coc-2024/3.1"]'),
            ("What is the capital of France?", "[]"),
        ):
            conn.execute(
                sa.text(
                    "INSERT INTO answers (uid, created_at, question, surface, facts, decision, rule_ids, clause_ids,"
                    " citations, verdict, answer, warnings, overrides, override_count, mode, prompt_tokens,"
                    " completion_tokens, total_tokens, policy_versions, latency_ms) VALUES (:uid, CURRENT_TIMESTAMP,"
                    " :q, 'cli', '{}', '{}', '[]', :c, '[]', 'out_of_scope', '', '[]', '[]', 0, 'extractive', 0, 0, 0,"
                    " '[]', 1.0)"
                ),
                {"uid": question[:8], "q": question, "c": clause_ids},
            )
        conn.execute(
            sa.text(
                "INSERT INTO answer_search (answer_id, created_at, verdict, channel_id, user_id, question)"
                " SELECT id, created_at, verdict, channel_id, user_id, question FROM answers"
            )
        )
    engine.dispose()
    store = AuditStore(url)
    assert store.migrate() == [6, 7]
    with sa.create_engine(url).connect() as conn:
        rows = dict(conn.execute(sa.select(answers.c.question, answers.c.verdict)).all())
        search = set(conn.execute(sa.text("SELECT verdict FROM answer_search")).scalars())
    assert rows == {"What changed in May 2024?": "informational", "What is the capital of France?": "out_of_scope"}
    assert search == {"informational", "out_of_scope"}
    store.close()


# ---- per-day totals (migration 7)


def _daily_tables(url: str) -> dict[str, set[tuple[Any, ...]]]:
    from bot.audit.schema import answer_days, channel_days, latency_days

    engine = sa.create_engine(database_url(url))
    with engine.connect() as conn:
        found = {
            table.name: {
                tuple(round(v, 6) if isinstance(v, float) else v for v in row) for row in conn.execute(sa.select(table))
            }
            for table in (answer_days, channel_days, latency_days)
        }
    engine.dispose()
    return found


def _expected_daily(rows: list[dict[str, Any]]) -> dict[str, set[tuple[Any, ...]]]:
    """The per-day totals computed here, from the answers themselves."""
    from bot.audit.daily import latency_bucket

    verdicts: dict[tuple[Any, ...], list[int]] = {}
    channels: dict[tuple[Any, ...], int] = {}
    latency: dict[tuple[Any, ...], list[float]] = {}
    for r in rows:
        day = r["created_at"].astimezone(UTC).date() if r["created_at"].tzinfo else r["created_at"].date()
        v = verdicts.setdefault((day, r["verdict"]), [0, 0, 0])
        v[0] += 1
        v[1] += r["llm_fallback"] is not None
        v[2] += r["override_count"] > 0
        if r["channel_id"] is not None:
            channels[(day, r["channel_id"])] = channels.get((day, r["channel_id"]), 0) + 1
        h = latency.setdefault((day, latency_bucket(r["latency_ms"])), [0, 0.0])
        h[0] += 1
        h[1] += r["latency_ms"]
    return {
        "answer_days": {(*k, *v) for k, v in verdicts.items()},
        "channel_days": {(*k, n) for k, n in channels.items()},
        "latency_days": {(*k, int(v[0]), round(v[1], 6)) for k, v in latency.items()},
    }


def _answers_of(url: str) -> list[dict[str, Any]]:
    from bot.audit.schema import answers

    engine = sa.create_engine(database_url(url))
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.select(answers).order_by(answers.c.id))]
    engine.dispose()
    return rows


def test_daily_totals_follow_each_answer_retention_and_a_rebuild(
    url: str, open_store: Callable[..., AuditStore]
) -> None:
    from bot.audit import daily

    start = datetime(2025, 3, 1, 22, 0, tzinfo=UTC)
    clock = Clock(start)
    store = open_store(url, clock=clock)
    for i in range(40):  # two to three answers an hour, across days, verdicts, channels and latencies
        clock.now = start + timedelta(minutes=25 * i)
        verdict = [Verdict.PROHIBITED, Verdict.PERMITTED, Verdict.NEEDS_REVIEW][i % 3]
        store.record_answer(
            an_answer(i, verdict, overrides=i % 4 == 0),
            channel=None if i % 5 == 0 else f"C{i % 3}",
            latency_ms=[0.0, 0.4, 1.0, 2.0, 256.0, 257.5, 1000.0, 3.3][i % 8] + i / 1000,
        )
    assert _daily_tables(url) == _expected_daily(_answers_of(url))
    store._write(lambda conn: daily.rebuild(conn))  # the bulk path gives the same rows
    assert _daily_tables(url) == _expected_daily(_answers_of(url))
    clock.now = start + timedelta(days=10, hours=6)  # the cutoff falls in the middle of a day
    report = store.apply_retention(10)
    kept = _answers_of(url)
    assert report.answers == 40 - len(kept) and 0 < len(kept) < 40
    assert _daily_tables(url) == _expected_daily(kept)


def test_migration_7_backfills_the_daily_totals(url: str, open_store: Callable[..., AuditStore]) -> None:
    from bot.audit.schema import answer_search, answers, schema_migrations

    clock = Clock(datetime(2025, 3, 1, 23, 30, tzinfo=UTC))
    with pg_schema() if url.startswith("postgresql") else _sqlite_next_to(url) as old_url:
        source = open_store(url, clock=clock)
        for i in range(12):
            clock.now += timedelta(minutes=20)
            source.record_answer(an_answer(i), channel=f"C{i % 2}", latency_ms=10.0 * i)
        rows = _answers_of(url)
        engine = sa.create_engine(database_url(old_url))
        with engine.begin() as conn:  # a store at schema version 6 holding the same answers
            schema_migrations.create(conn)
            for number, step in MIGRATIONS[:6]:
                step(conn)
                conn.execute(
                    sa.insert(schema_migrations).values(version=number, name=step.__name__, applied_at=clock.now)
                )
            conn.execute(sa.insert(answers), rows)
            conn.execute(
                sa.insert(answer_search).from_select(
                    ["answer_id", "created_at", "verdict", "channel_id", "user_id", "question"],
                    sa.select(
                        answers.c.id,
                        answers.c.created_at,
                        answers.c.verdict,
                        answers.c.channel_id,
                        answers.c.user_id,
                        answers.c.question,
                    ),
                )
            )
        engine.dispose()
        assert open_store(old_url).migrate() == [7]
        assert _daily_tables(old_url) == _expected_daily(rows) == _daily_tables(url)


def test_the_latency_bucket_is_the_same_in_python_and_in_the_database(
    url: str, open_store: Callable[..., AuditStore]
) -> None:
    from bot.audit.daily import bucket_sql, latency_bucket

    store = open_store(url)
    store.migrate()
    values = [0.0, 0.5, 0.999, 1.0, 1.5, 2.0, 3.0, 255.999, 256.0, 1000.0, 123456.789]
    values += [2 ** (k / 16) for k in range(0, 320, 7)]
    sql = sa.text(f"SELECT {bucket_sql(store.dialect, 'x')} FROM (SELECT CAST(:v AS DOUBLE PRECISION) AS x) AS t")
    if store.dialect == "sqlite":
        sql = sa.text(f"SELECT {bucket_sql('sqlite', 'x')} FROM (SELECT CAST(:v AS REAL) AS x) AS t")
    found = store.read("buckets", lambda conn: [conn.scalar(sql, {"v": v}) for v in values])
    assert found == [latency_bucket(v) for v in values]
    assert latency_bucket(0.2) == -1 and latency_bucket(1.0) == 0 and latency_bucket(2.0) == 16
    assert 2 ** (latency_bucket(300.0) / 16) <= 300.0 < 2 ** ((latency_bucket(300.0) + 1) / 16)


@contextmanager
def _sqlite_next_to(url: str) -> Iterator[str]:
    yield url.replace("audit.db", "audit-v6.db")


@needs_pg
def test_migration_7_goes_on_without_the_trigram_index_when_it_cannot_be_made(
    open_store: Callable[..., AuditStore], caplog: pytest.LogCaptureFixture
) -> None:
    from bot.audit.schema import schema_migrations

    with pg_schema() as url:
        engine = sa.create_engine(database_url(url))
        with engine.begin() as conn:  # version 6, and a table squatting on the index's name
            schema_migrations.create(conn)
            for number, step in MIGRATIONS[:6]:
                step(conn)
                conn.execute(
                    sa.insert(schema_migrations).values(
                        version=number, name=step.__name__, applied_at=datetime.now(UTC)
                    )
                )
            conn.exec_driver_sql("CREATE TABLE ix_answer_search_question_trgm (x INTEGER)")
        engine.dispose()
        store = open_store(url)
        with caplog.at_level("WARNING", logger="bot.audit.migrations"):
            assert store.migrate() == [7]
        assert "no trigram index" in caplog.text
        store.record_answer(an_answer(1), channel="C1", latency_ms=12.0)
        assert _daily_tables(url)["channel_days"] == {(datetime.now(UTC).date(), "C1", 1)}


@needs_pg
def test_the_consoles_reads_are_planned_with_their_values_on_postgresql(open_store: Callable[..., AuditStore]) -> None:
    """A generic plan (after five runs of a prepared statement) cannot see a year's range or a rare word."""
    with pg_schema() as url:
        store = open_store(url)
        mode = store.read("read the plan mode", lambda conn: conn.exec_driver_sql("SHOW plan_cache_mode").scalar())
        assert mode == "force_custom_plan"
        store.record_answer(an_answer(1))  # a write afterwards on the pooled connection is unaffected
        assert store.count_answers() == 1
