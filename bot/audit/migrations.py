"""Numbered schema migrations for the audit store, applied in order, each exactly once.

A migration is a function `mNNN_what(conn)` listed in MIGRATIONS; its number is recorded in
`schema_migrations` in the same transaction as its DDL, so a crash leaves it either applied and
recorded or neither. Migrations are never edited once released: change the schema with a new one
(and update schema.py to match). Two processes starting at once are serialised by the database:
SQLite's write lock (the store opens every write transaction with BEGIN IMMEDIATE) or a PostgreSQL
advisory lock, and the second one finds the work done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa

from bot.audit.schema import ID, schema_migrations
from bot.errors import AuditError

log = logging.getLogger(__name__)
_PG_LOCK_KEY = 0x706F6C6963790001  # "policy" + 1: the advisory lock that serialises migrations


def m001_answers(conn: sa.Connection) -> None:
    md = sa.MetaData()
    table = sa.Table(
        "answers",
        md,
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("uid", sa.String(32), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("user_id", sa.String(255)),
        sa.Column("channel_id", sa.String(255)),
        sa.Column("surface", sa.String(32), nullable=False),
        sa.Column("as_of", sa.Date),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("decision", sa.JSON, nullable=False),
        sa.Column("rule_ids", sa.JSON, nullable=False),
        sa.Column("clause_ids", sa.JSON, nullable=False),
        sa.Column("citations", sa.JSON, nullable=False),
        sa.Column("verdict", sa.String(32), nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.Column("overrides", sa.JSON, nullable=False),
        sa.Column("override_count", sa.Integer, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("model", sa.String(255)),
        sa.Column("llm_fallback", sa.Text),
        sa.Column("usage", sa.JSON),
        sa.Column("prompt_tokens", sa.Integer, nullable=False),
        sa.Column("completion_tokens", sa.Integer, nullable=False),
        sa.Column("total_tokens", sa.Integer, nullable=False),
        sa.Column("policy_versions", sa.JSON, nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
    )
    table.create(conn)


def m002_feedback(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table("answers", md, sa.Column("id", ID, primary_key=True))  # only for the foreign key; not created
    table = sa.Table(
        "feedback",
        md,
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("answer_id", ID, sa.ForeignKey("answers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.String(255)),
        sa.Column("value", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    table.create(conn)


def m003_processed_events(conn: sa.Connection) -> None:
    md = sa.MetaData()
    table = sa.Table(
        "processed_events",
        md,
        sa.Column("event_id", sa.String(255), primary_key=True),
        sa.Column("claimer", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    table.create(conn)


def m004_indexes(conn: sa.Connection) -> None:
    """What export, stats and retention filter and sort on."""
    for name, table, column in (
        ("ix_answers_created_at", "answers", "created_at"),
        ("ix_answers_verdict", "answers", "verdict"),
        ("ix_answers_latency_ms", "answers", "latency_ms"),
        ("ix_feedback_answer_id", "feedback", "answer_id"),
        ("ix_processed_events_created_at", "processed_events", "created_at"),
    ):
        conn.execute(sa.text(f"CREATE INDEX {name} ON {table} ({column})"))


def m005_console(conn: sa.Connection) -> None:
    """What the console groups and sorts on (bot/console/queries.py), and a narrow table its search scans."""
    for name, on, columns in (
        ("ix_answers_created_at_verdict", "answers", "created_at, verdict, latency_ms"),
        ("ix_answers_verdict_created_at", "answers", "verdict, created_at"),
        ("ix_answers_channel_created_at", "answers", "channel_id, created_at"),
        ("ix_answers_user_created_at", "answers", "user_id, created_at"),
        ("ix_answers_override_created_at", "answers", "override_count, created_at"),
        ("ix_feedback_value_created_at", "feedback", "value, created_at"),
    ):
        conn.execute(sa.text(f"CREATE INDEX {name} ON {on} ({columns})"))
    conn.execute(
        sa.text("CREATE INDEX ix_answers_fallback_created_at ON answers (created_at) WHERE llm_fallback IS NOT NULL")
    )
    md = sa.MetaData()
    sa.Table("answers", md, sa.Column("id", ID, primary_key=True))  # only for the foreign key; not created
    table = sa.Table(
        "answer_search",
        md,
        sa.Column(
            "answer_id", ID, sa.ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verdict", sa.String(32), nullable=False),
        sa.Column("channel_id", sa.String(255)),
        sa.Column("user_id", sa.String(255)),
        sa.Column("question", sa.Text, nullable=False),
    )
    table.create(conn)
    conn.execute(sa.text("CREATE INDEX ix_answer_search_created_at ON answer_search (created_at)"))
    conn.execute(
        sa.text(
            "INSERT INTO answer_search (answer_id, created_at, verdict, channel_id, user_id, question)"
            " SELECT id, created_at, verdict, channel_id, user_id, question FROM answers"
        )
    )


def m006_informational(conn: sa.Connection) -> None:
    """The prohibiting clauses an answer may fall under, and the sixth verdict.

    Before `informational` existed, answers about the policy itself (what changed) were stored as
    out_of_scope: they are the only out-of-scope answers that cite clauses, so they are relabelled.
    """
    conn.execute(sa.text("ALTER TABLE answers ADD COLUMN possible_prohibitions JSON"))
    for table in ("answer_search", "answers"):  # the search table first: it finds its rows through answers
        conn.execute(
            sa.text(
                f"UPDATE {table} SET verdict = 'informational' WHERE verdict = 'out_of_scope' AND "
                + ("id" if table == "answers" else "answer_id")
                + " IN (SELECT id FROM answers WHERE verdict = 'out_of_scope' AND clause_ids IS NOT NULL"
                " AND CAST(clause_ids AS TEXT) NOT IN ('[]', 'null'))"
            )
        )


def m007_daily_totals(conn: sa.Connection) -> None:
    """Per-day totals for the console's overview (bot/audit/daily.py), backfilled; a trigram index for its search.

    The trigram index (PostgreSQL's pg_trgm) lets `question ILIKE '%word%'` use an index. Without the
    extension (not installed, or not ours to create) the migration goes on without it and says so.
    """
    dialect = conn.dialect.name
    md = sa.MetaData()
    sa.Table(
        "answer_days",
        md,
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("verdict", sa.String(32), primary_key=True),
        sa.Column("answers", sa.Integer, nullable=False),
        sa.Column("fallbacks", sa.Integer, nullable=False),
        sa.Column("overridden", sa.Integer, nullable=False),
    )
    sa.Table(
        "channel_days",
        md,
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("channel_id", sa.String(255), primary_key=True),
        sa.Column("answers", sa.Integer, nullable=False),
    )
    sa.Table(
        "latency_days",
        md,
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("bucket", sa.Integer, primary_key=True),
        sa.Column("answers", sa.Integer, nullable=False),
        sa.Column("latency_sum", sa.Float, nullable=False),
    )
    md.create_all(conn)
    # The buckets are 16 to a doubling: floor(16 * log2(ms)), -1 under 1 ms (SQLite: the store's function).
    if dialect == "postgresql":
        on_day = "date(timezone('UTC', created_at))"
        bucket = (
            "CASE WHEN latency_ms < 1 THEN -1 ELSE CAST(floor(ln(latency_ms) / ln(CAST(2 AS DOUBLE PRECISION))"
            " * 16) AS INTEGER) END"
        )
    else:
        on_day, bucket = "substr(created_at, 1, 10)", "policybot_latency_bucket(latency_ms)"
    for statement in (
        "INSERT INTO answer_days (day, verdict, answers, fallbacks, overridden)"
        f" SELECT {on_day}, verdict, count(*), count(llm_fallback),"
        " sum(CASE WHEN override_count > 0 THEN 1 ELSE 0 END) FROM answers GROUP BY 1, 2",
        "INSERT INTO channel_days (day, channel_id, answers)"
        f" SELECT {on_day}, channel_id, count(*) FROM answers WHERE channel_id IS NOT NULL GROUP BY 1, 2",
        "INSERT INTO latency_days (day, bucket, answers, latency_sum)"
        f" SELECT {on_day}, {bucket}, count(*), sum(latency_ms) FROM answers GROUP BY 1, 2",
    ):
        conn.execute(sa.text(statement))
    if dialect == "postgresql":
        _trigram_index(conn)


def _trigram_index(conn: sa.Connection) -> None:
    """A GIN trigram index on answer_search.question, in a savepoint: a failure leaves the migration whole."""
    try:
        with conn.begin_nested():
            schema = conn.scalar(
                sa.text(
                    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                    " WHERE e.extname = 'pg_trgm'"
                )
            )
            if schema is None:  # database-wide: in public when there is one, so dropping our schema keeps it
                public = conn.scalar(sa.text("SELECT count(*) FROM pg_namespace WHERE nspname = 'public'"))
                schema = "public" if public else conn.scalar(sa.text("SELECT current_schema()"))
                conn.execute(sa.text(f'CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA "{schema}"'))
            conn.execute(
                sa.text(
                    "CREATE INDEX ix_answer_search_question_trgm ON answer_search"
                    f' USING gin (question "{schema}".gin_trgm_ops)'
                )
            )
    except sa.exc.DBAPIError as exc:
        log.warning(
            "audit store: no trigram index for the console's word search (pg_trgm: %s); it scans instead."
            " To add it later: CREATE EXTENSION pg_trgm; CREATE INDEX ix_answer_search_question_trgm"
            " ON answer_search USING gin (question gin_trgm_ops)",
            " ".join(str(exc.orig).split())[:200],
        )


MIGRATIONS: list[tuple[int, Callable[[sa.Connection], None]]] = [
    (1, m001_answers),
    (2, m002_feedback),
    (3, m003_processed_events),
    (4, m004_indexes),
    (5, m005_console),
    (6, m006_informational),
    (7, m007_daily_totals),
]
LATEST = MIGRATIONS[-1][0]


def current_version(conn: sa.Connection) -> int:
    """The highest applied migration; 0 for an empty database."""
    if not sa.inspect(conn).has_table("schema_migrations"):
        return 0
    return conn.scalar(sa.select(sa.func.max(schema_migrations.c.version))) or 0


def migrate(conn: sa.Connection) -> list[int]:
    """Apply the migrations this database lacks, inside the caller's (write) transaction; returns their numbers."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    schema_migrations.create(conn, checkfirst=True)
    done = set(conn.scalars(sa.select(schema_migrations.c.version)))
    newer = sorted(v for v in done if v > LATEST)
    if newer:
        raise AuditError(
            f"the audit store is at schema version {max(newer)}, newer than this policybot knows ({LATEST}); upgrade it"
        )
    applied = []
    for number, step in MIGRATIONS:
        if number in done:
            continue
        step(conn)
        conn.execute(
            sa.insert(schema_migrations).values(version=number, name=step.__name__, applied_at=datetime.now(UTC))
        )
        applied.append(number)
    return applied
