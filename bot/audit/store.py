"""The audit store: what was answered, to whom and why; feedback on it; the Slack events already taken.

SQLite (WAL, busy timeout) under the data folder by default, PostgreSQL by URL. A write waits out a
locked database (the busy timeout, then retries with backoff) and is idempotent under retry: an
answer carries a uid and an event claim a claimer token, so a retry after an ambiguous failure finds
its own earlier write instead of adding a second one. What cannot be written raises AuditError.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import sqlalchemy as sa
from sqlalchemy import event

from bot.audit import daily
from bot.audit.migrations import LATEST, current_version, migrate
from bot.audit.redact import redact_pii
from bot.audit.schema import answer_search, answers, feedback, processed_events
from bot.errors import AuditError

if TYPE_CHECKING:
    from bot.answer.models import Answer
    from bot.config import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")
ExportFormat = Literal["csv", "jsonl"]

PAGE = 500  # rows per read transaction when exporting or deleting
EVENT_KEEP_DAYS = 7  # Slack retries an event for minutes; a week of claimed event ids is plenty
_LOCKED = ("database is locked", "database is busy", "database table is locked")
_PG_RETRY_STATES = {"40001", "40P01", "55P03", "57P01", "57P02", "57P03"}  # serialization, deadlock, shutdown


def database_url(url: str) -> str:
    """PostgreSQL URLs use psycopg 3 (SQLAlchemy's default driver for them is psycopg2)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def safe_url(url: str) -> str:
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(an invalid database URL)"


@dataclass
class RetentionReport:
    cutoff: datetime
    answers: int = 0
    feedback: int = 0
    events: int = 0
    dry_run: bool = False


@dataclass
class AuditStats:
    answers: int = 0
    first: datetime | None = None
    last: datetime | None = None
    by_verdict: dict[str, int] = field(default_factory=dict)
    by_mode: dict[str, int] = field(default_factory=dict)
    by_surface: dict[str, int] = field(default_factory=dict)
    with_overrides: int = 0
    overrides: int = 0
    llm_fallbacks: int = 0
    total_tokens: int = 0
    feedback: dict[str, int] = field(default_factory=dict)
    latency_ms: dict[str, float] = field(default_factory=dict)  # p50, p95, max
    slowest: list[dict[str, Any]] = field(default_factory=list)
    events_claimed: int = 0
    schema_version: int = 0

    def to_json_dict(self) -> dict[str, Any]:
        return json.loads(json.dumps(asdict(self), default=_json_default))


class AuditStore:
    """One store per process (thread-safe); every method opens and closes its own transaction."""

    def __init__(
        self,
        url: str,
        *,
        redact: bool = False,
        busy_timeout_ms: int = 5_000,
        attempts: int = 6,
        pool_size: int = 10,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = database_url(url)
        self.redact = redact
        self.attempts = max(1, attempts)
        self.retries = 0  # transient failures retried so far
        self._clock = clock
        self._sleep = sleep
        self._engine = _engine(self.url, busy_timeout_ms, pool_size)
        self._migrated = False
        self._lock = threading.Lock()
        # SQLite has one writer at a time: this process's threads queue here, without the busy handler's
        # sleep-and-poll (which lets late arrivals overtake and stretches the tail); other processes still
        # meet the busy timeout. PostgreSQL writes concurrently.
        self._writer: Any = threading.Lock() if self.dialect == "sqlite" else nullcontext()

    @classmethod
    def from_settings(cls, settings: Settings) -> AuditStore:
        return cls(settings.audit_url, redact=settings.redact_pii)

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def __repr__(self) -> str:
        return f"AuditStore({safe_url(self.url)!r})"

    def close(self) -> None:
        self._engine.dispose()

    # ---- schema

    def migrate(self) -> list[int]:
        """Bring the schema up to date (also done on first use); returns the migrations applied."""
        with self._lock:
            applied = self._retrying("migrate the schema", self._migrate_once)
            self._migrated = True
        return applied

    def schema_version(self) -> int:
        return self._retrying("read the schema version", lambda: self._read(current_version))

    def _migrate_once(self) -> list[int]:
        if self._read(current_version) == LATEST:
            return []  # the common case: no write lock taken
        return self._write(migrate)

    def _ready(self) -> None:
        if not self._migrated:
            self.migrate()

    # ---- writes

    def record_answer(
        self,
        answer: Answer,
        *,
        user: str | None = None,
        channel: str | None = None,
        surface: str = "cli",
        latency_ms: float = 0.0,
        model: str | None = None,
    ) -> int:
        """Record one answer as given; returns its id (for feedback)."""
        self._ready()
        row = self._answer_row(answer, user, channel, surface, latency_ms, model)
        attempt = 0

        def write(conn: sa.Connection) -> int:
            nonlocal attempt
            attempt += 1
            if attempt > 1:  # an earlier attempt may have committed before its connection failed
                found = conn.scalar(sa.select(answers.c.id).where(answers.c.uid == row["uid"]))
                if found is not None:
                    return int(found)
            key = conn.execute(sa.insert(answers).values(**row)).inserted_primary_key
            assert key is not None
            conn.execute(
                sa.insert(answer_search).values(
                    answer_id=key[0],
                    **{k: row[k] for k in ("created_at", "verdict", "channel_id", "user_id", "question")},
                )
            )
            daily.record(conn, row)
            return int(key[0])

        return self._retrying("record an answer", lambda: self._write(write))

    def record_feedback(self, answer_id: int, user: str | None, value: str, reason: str | None = None) -> int:
        """Feedback on an answer (e.g. value "up" or "down", with an optional reason); returns its id."""
        if not value or len(value) > 32:
            raise AuditError("a feedback value must be 1 to 32 characters")
        self._ready()
        row = {"answer_id": answer_id, "user_id": user, "value": value, "reason": reason, "created_at": self._now()}

        def write(conn: sa.Connection) -> int:
            if conn.scalar(sa.select(answers.c.id).where(answers.c.id == answer_id)) is None:
                raise AuditError(f"there is no answer {answer_id} in the audit store to give feedback on")
            key = conn.execute(sa.insert(feedback).values(**row)).inserted_primary_key
            assert key is not None
            return int(key[0])

        return self._retrying("record feedback", lambda: self._write(write))

    def claim_event(self, event_id: str, *, ttl_s: float | None = None) -> bool:
        """True for the first caller only, across threads, processes and replicas sharing the database.

        With `ttl_s`, a claim older than that may be taken again (by one caller): the id is delivered anew.
        """
        if not event_id or len(event_id) > 255:
            raise AuditError("an event id must be 1 to 255 characters")
        self._ready()
        token = uuid.uuid4().hex
        now = self._now()
        row = {"event_id": event_id, "claimer": token, "created_at": now}

        def write(conn: sa.Connection) -> bool:
            inserted = conn.execute(_insert_ignoring_duplicates(conn, processed_events, row)).rowcount
            if inserted == 1:
                return True
            if ttl_s is not None:  # one UPDATE wins: the row's new time no longer matches the others' WHERE
                stale = sa.and_(
                    processed_events.c.event_id == event_id,
                    processed_events.c.created_at < now - timedelta(seconds=ttl_s),
                )
                if conn.execute(
                    sa.update(processed_events).where(stale).values(claimer=token, created_at=now)
                ).rowcount:
                    return True
            owner = conn.scalar(sa.select(processed_events.c.claimer).where(processed_events.c.event_id == event_id))
            return owner == token  # our own claim, committed by an attempt whose acknowledgement was lost

        return self._retrying("claim an event", lambda: self._write(write))

    def apply_retention(self, days: int, *, dry_run: bool = False) -> RetentionReport:
        """Delete answers (with their feedback) older than `days`, and event claims older than a week at most."""
        if days < 1:
            raise AuditError("the retention must be at least 1 day")
        self._ready()
        now = self._now()
        report = RetentionReport(cutoff=now - timedelta(days=days), dry_run=dry_run)
        event_cutoff = now - timedelta(days=min(days, EVENT_KEEP_DAYS))
        old_answers = answers.c.created_at < report.cutoff
        old_events = processed_events.c.created_at < event_cutoff
        if dry_run:

            def count(conn: sa.Connection) -> None:
                ids = sa.select(answers.c.id).where(old_answers)
                report.answers = _count(conn, answers, old_answers)
                report.feedback = _count(conn, feedback, feedback.c.answer_id.in_(ids))
                report.events = _count(conn, processed_events, old_events)

            self._retrying("count old records", lambda: self._read(count))
            return report

        def delete_page(conn: sa.Connection) -> int:
            ids = list(conn.scalars(sa.select(answers.c.id).where(old_answers).order_by(answers.c.id).limit(PAGE)))
            if ids:
                first, last = conn.execute(
                    sa.select(sa.func.min(answers.c.created_at), sa.func.max(answers.c.created_at)).where(
                        answers.c.id.in_(ids)
                    )
                ).one()
                report.feedback += conn.execute(sa.delete(feedback).where(feedback.c.answer_id.in_(ids))).rowcount
                conn.execute(sa.delete(answer_search).where(answer_search.c.answer_id.in_(ids)))
                report.answers += conn.execute(sa.delete(answers).where(answers.c.id.in_(ids))).rowcount
                daily.rebuild(conn, _utc(first).date(), _utc(last).date())  # what is left of those days
            return len(ids)

        while self._retrying("delete old answers", lambda: self._write(delete_page)) == PAGE:
            pass  # short transactions: writers are never held up for long
        report.events = self._retrying(
            "delete old event claims",
            lambda: self._write(lambda conn: conn.execute(sa.delete(processed_events).where(old_events)).rowcount),
        )
        return report

    # ---- reads

    def export(self, since: date | datetime | None = None, fmt: ExportFormat = "jsonl") -> Iterator[str]:
        """Answers from `since` on, oldest first, with their feedback: CSV (header first) or JSON lines."""
        if fmt not in ("csv", "jsonl"):
            raise AuditError(f"unknown export format {fmt!r}; use csv or jsonl")
        self._ready()
        start = _start_of(since)
        columns = [c.name for c in answers.c] + ["feedback"]
        if fmt == "csv":
            yield _csv_line(columns)
        last_id = 0
        while True:
            page = self._retrying(
                "export answers", partial(self._read, partial(_export_page, start=start, after=last_id))
            )
            for record in page:
                if fmt == "jsonl":
                    yield json.dumps(record, ensure_ascii=False, default=_json_default) + "\n"
                else:
                    yield _csv_line([_csv_cell(record[name]) for name in columns])
            if len(page) < PAGE:
                return
            last_id = page[-1]["id"]

    def stats(self, since: date | datetime | None = None, slowest: int = 5) -> AuditStats:
        self._ready()
        start = _start_of(since)
        return self._retrying("read statistics", lambda: self._read(lambda conn: _stats(conn, start, slowest)))

    def ping(self) -> bool:
        """Can the database be reached now? One quick try, no retries (for /readyz); never raises."""
        try:
            with self._engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            return True
        except Exception as exc:
            log.info("audit store %s is unreachable: %s", safe_url(self.url), _reason(exc))
            return False

    def read(self, what: str, work: Callable[[sa.Connection], T]) -> T:
        """Run a read-only query function in one transaction, retried like every other read (the console's)."""
        self._ready()
        return self._retrying(what, lambda: self._read(work, custom_plans=True))

    def count_answers(self) -> int:
        self._ready()
        return self._retrying("count answers", lambda: self._read(lambda conn: _count(conn, answers, sa.true())))

    # ---- plumbing

    def _now(self) -> datetime:
        return _utc(self._clock())

    def _answer_row(
        self, answer: Answer, user: str | None, channel: str | None, surface: str, latency_ms: float, model: str | None
    ) -> dict[str, Any]:
        data = answer.to_json_dict()
        usage = answer.usage
        clean = redact_pii if self.redact else _same
        return {
            "uid": uuid.uuid4().hex,
            "created_at": self._now(),
            "question": clean(answer.question),
            "user_id": user,
            "channel_id": channel,
            "surface": surface,
            "as_of": answer.as_of,
            "facts": data["facts"],
            "decision": data["decision"],
            "rule_ids": [rule["id"] for rule in data["decision"]["rules"]],
            "clause_ids": list(dict.fromkeys(c.clause_id for c in answer.citations)),
            "citations": data["citations"],
            "possible_prohibitions": data["possible_prohibitions"],
            "verdict": answer.verdict.value,
            "answer": clean(answer.answer),
            "warnings": data["warnings"],
            "overrides": data["overrides"],
            "override_count": len(answer.overrides),
            "mode": answer.mode,
            "model": model,
            "llm_fallback": answer.llm_fallback,
            "usage": data["usage"],
            "prompt_tokens": usage.prompt_tokens if usage else 0,
            "completion_tokens": usage.completion_tokens if usage else 0,
            "total_tokens": usage.total_tokens if usage else 0,
            "policy_versions": data["policy_versions"],
            "latency_ms": round(float(latency_ms), 3),
        }

    def _write(self, work: Callable[[sa.Connection], T]) -> T:
        with self._writer, self._engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE (see _engine)
            return work(conn)

    def _read(self, work: Callable[[sa.Connection], T], *, custom_plans: bool = False) -> T:
        with self._engine.connect().execution_options(audit_read_only=True) as conn, conn.begin():
            if custom_plans and self.dialect == "postgresql":
                # psycopg prepares a statement run five times, and PostgreSQL then settles on a generic plan,
                # blind to the values: a year's range or a rare word then scans (search: 35 ms became 160).
                conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")
            return work(conn)

    def _retrying(self, what: str, work: Callable[[], T]) -> T:
        """Run `work`, retrying a locked database or a dropped connection with jittered exponential backoff."""
        delay = 0.05
        for attempt in range(1, self.attempts + 1):
            try:
                return work()
            except (sa.exc.DBAPIError, sa.exc.TimeoutError) as exc:
                if not self._transient(exc) or attempt == self.attempts:
                    tries = f" after {attempt} attempts" if attempt > 1 else ""
                    raise AuditError(
                        f"could not {what} in the audit store {safe_url(self.url)}{tries}: {_reason(exc)}"
                    ) from exc
                self.retries += 1
                log.info("audit store: %s failed (%s); retry %d in %.2f s", what, _reason(exc), attempt, delay)
                self._sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 1.0)
        raise AssertionError("unreachable")

    def _transient(self, exc: Exception) -> bool:
        if isinstance(exc, sa.exc.TimeoutError):  # the connection pool was exhausted for a while
            return True
        assert isinstance(exc, sa.exc.DBAPIError)
        if exc.connection_invalidated:
            return True
        if any(marker in str(exc.orig).lower() for marker in _LOCKED):
            return True
        if self.dialect == "postgresql":
            state = getattr(exc.orig, "sqlstate", None) or ""
            return isinstance(exc, sa.exc.OperationalError) or state in _PG_RETRY_STATES or state.startswith("08")
        return False


def open_audit_store(settings: Settings) -> AuditStore | None:
    """The configured store, or None when auditing is switched off (POLICYBOT_AUDIT=0). Connects lazily."""
    return AuditStore.from_settings(settings) if settings.audit_enabled else None


# ---- engine


def _engine(url: str, busy_timeout_ms: int, pool_size: int) -> sa.Engine:
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise AuditError(f"POLICYBOT_DATABASE_URL is not a valid database URL: {exc}") from None
    if parsed.get_backend_name() != "sqlite":
        try:
            return sa.create_engine(parsed, pool_pre_ping=True, pool_size=pool_size, max_overflow=2 * pool_size)
        except (ImportError, sa.exc.ArgumentError) as exc:
            raise AuditError(f"cannot use the audit database {safe_url(url)} (POLICYBOT_DATABASE_URL): {exc}") from None
    in_memory = not parsed.database or parsed.database == ":memory:"
    connect_args = {"timeout": busy_timeout_ms / 1000, "check_same_thread": False}
    if in_memory:  # one shared connection, for trials and tests: the data lives only as long as the store
        engine = sa.create_engine(parsed, connect_args=connect_args, poolclass=sa.pool.StaticPool)
    else:
        Path(str(parsed.database)).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args=connect_args, pool_size=pool_size, max_overflow=2 * pool_size)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below); DDL becomes transactional
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")  # a committed answer survives a power cut, not only a crash
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()
        dbapi_connection.create_function(daily.SQLITE_BUCKET, 1, daily.latency_bucket, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # A write takes the write lock up front, so it waits (busy timeout) instead of failing on upgrade.
        read_only = conn.get_execution_options().get("audit_read_only", False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _insert_ignoring_duplicates(conn: sa.Connection, table: sa.Table, row: dict[str, Any]) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).values(**row).on_conflict_do_nothing()
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).values(**row).on_conflict_do_nothing()


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    return " ".join(str(orig).split())[:300] or type(orig).__name__


# ---- queries


def _count(conn: sa.Connection, table: sa.Table, where: Any) -> int:
    return int(conn.scalar(sa.select(sa.func.count()).select_from(table).where(where)) or 0)


def _export_page(conn: sa.Connection, start: datetime | None, after: int) -> list[dict[str, Any]]:
    query = sa.select(answers).where(answers.c.id > after).order_by(answers.c.id).limit(PAGE)
    if start is not None:
        query = query.where(answers.c.created_at >= start)
    records = [dict(row._mapping) for row in conn.execute(query)]
    if not records:
        return records
    notes: dict[int, list[dict[str, Any]]] = {}
    ids = [r["id"] for r in records]
    for row in conn.execute(sa.select(feedback).where(feedback.c.answer_id.in_(ids)).order_by(feedback.c.id)):
        notes.setdefault(row.answer_id, []).append(
            {"user_id": row.user_id, "value": row.value, "reason": row.reason, "created_at": _aware(row.created_at)}
        )
    for record in records:
        record["created_at"] = _aware(record["created_at"])
        record["feedback"] = notes.get(record["id"], [])
    return records


def _stats(conn: sa.Connection, start: datetime | None, slowest: int) -> AuditStats:
    where = answers.c.created_at >= start if start is not None else sa.true()
    stats = AuditStats(schema_version=current_version(conn))

    def grouped(column: sa.Column[Any]) -> dict[str, int]:
        rows = conn.execute(sa.select(column, sa.func.count()).where(where).group_by(column).order_by(column))
        return {str(key): int(n) for key, n in rows}

    totals = conn.execute(
        sa.select(
            sa.func.count(),
            sa.func.min(answers.c.created_at),
            sa.func.max(answers.c.created_at),
            sa.func.coalesce(sa.func.sum(answers.c.override_count), 0),
            sa.func.coalesce(sa.func.sum(answers.c.total_tokens), 0),
            sa.func.count(answers.c.llm_fallback),
            sa.func.max(answers.c.latency_ms),
        ).where(where)
    ).one()
    stats.answers, first, last, overrides, tokens, stats.llm_fallbacks, longest = totals
    stats.first, stats.last = _aware(first), _aware(last)
    stats.overrides, stats.total_tokens = int(overrides), int(tokens)
    stats.by_verdict = grouped(answers.c.verdict)
    stats.by_mode = grouped(answers.c.mode)
    stats.by_surface = grouped(answers.c.surface)
    stats.with_overrides = _count(conn, answers, sa.and_(where, answers.c.override_count > 0))
    fb_where = feedback.c.answer_id.in_(sa.select(answers.c.id).where(where)) if start is not None else sa.true()
    stats.feedback = vote_counts(conn, fb_where)
    if stats.answers:
        stats.latency_ms = {
            "p50": _latency_at(conn, where, stats.answers, 0.50),
            "p95": _latency_at(conn, where, stats.answers, 0.95),
            "max": round(float(longest), 1),
        }
    slow = conn.execute(
        sa.select(answers.c.id, answers.c.created_at, answers.c.latency_ms, answers.c.verdict, answers.c.question)
        .where(where)
        .order_by(answers.c.latency_ms.desc(), answers.c.id)
        .limit(slowest)
    )
    stats.slowest = [
        {
            "id": row.id,
            "created_at": _aware(row.created_at),
            "latency_ms": round(row.latency_ms, 1),
            "verdict": row.verdict,
            "question": _short(row.question),
        }
        for row in slow
    ]
    stats.events_claimed = _count(conn, processed_events, sa.true())
    return stats


def vote_counts(conn: sa.Connection, where: Any) -> dict[str, int]:
    """👍/👎 among the feedback rows `where` selects. Rows are kept as given (a 👎 and then its reason are two
    rows); a person's latest row on an answer is their vote, so each person counts once per answer."""
    latest = (
        sa.select(sa.func.max(feedback.c.id))
        .where(where, feedback.c.user_id.is_not(None))
        .group_by(feedback.c.answer_id, feedback.c.user_id)
    )
    rows = conn.execute(
        sa.select(feedback.c.value, sa.func.count())
        .where(where, sa.or_(feedback.c.user_id.is_(None), feedback.c.id.in_(latest)))
        .group_by(feedback.c.value)
        .order_by(feedback.c.value)
    )
    return {str(value): int(n) for value, n in rows}


def _latency_at(conn: sa.Connection, where: Any, n: int, q: float) -> float:
    offset = min(n - 1, int(q * (n - 1) + 0.5))
    value = conn.scalar(
        sa.select(answers.c.latency_ms).where(where).order_by(answers.c.latency_ms).offset(offset).limit(1)
    )
    return round(float(value or 0.0), 1)


# ---- values


def _same(text: str) -> str:
    return text


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; everything stored is UTC."""
    return None if moment is None else _utc(moment)


def _start_of(since: date | datetime | None) -> datetime | None:
    if since is None or isinstance(since, datetime):
        return None if since is None else _utc(since)
    return datetime(since.year, since.month, since.day, tzinfo=UTC)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return value


def _csv_line(cells: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


__all__ = ["AuditStats", "AuditStore", "RetentionReport", "database_url", "open_audit_store"]
