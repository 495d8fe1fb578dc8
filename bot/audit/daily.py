"""Per-day totals of the answers (migration 7), so the console's overview sums a few rows a day, not the answers.

`record` adds one answer inside the transaction that stores it; `rebuild` recomputes whole days from the
answers as they are (retention, bulk loads). Latency is a histogram of fixed buckets, LATENCY_STEPS to a
doubling (each bucket 4.4 % wide), holding the count and the sum of what fell in it: a percentile is read
as the mean of the bucket that holds its rank, so it lies in the same bucket as the exact value (within
4.4 % of it) and is the exact value whenever that bucket holds a single value.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bot.audit.schema import answer_days, answers, channel_days, latency_days

LATENCY_STEPS = 16  # buckets to a doubling of the latency
SQLITE_BUCKET = "policybot_latency_bucket"  # latency_bucket, registered on every SQLite connection of the store
_LN2 = math.log(2.0)


def latency_bucket(ms: float) -> int:
    """The histogram bucket of a latency: floor(16·log2(ms)); everything under 1 ms shares bucket -1."""
    return -1 if ms < 1 else math.floor(math.log(ms) / _LN2 * LATENCY_STEPS)


def bucket_sql(dialect: str, column: str) -> str:
    """latency_bucket in the database's terms (PostgreSQL computes it the same way, with the same libm log)."""
    if dialect == "postgresql":
        return (
            f"CASE WHEN {column} < 1 THEN -1 ELSE CAST(floor(ln({column}) / ln(CAST(2 AS DOUBLE PRECISION))"
            f" * {LATENCY_STEPS}) AS INTEGER) END"
        )
    return f"{SQLITE_BUCKET}({column})"


def day_sql(dialect: str, column: str) -> str:
    """The UTC calendar day of a stored timestamp (SQLite keeps them as 'YYYY-MM-DD HH:MM:SS…' in UTC)."""
    return f"date(timezone('UTC', {column}))" if dialect == "postgresql" else f"substr({column}, 1, 10)"


def record(conn: sa.Connection, row: dict[str, Any]) -> None:
    """Count one answer row (as AuditStore writes it) in its day's totals."""
    day = row["created_at"].astimezone(UTC).date()
    _add(
        conn,
        answer_days,
        day=day,
        verdict=row["verdict"],
        answers=1,
        fallbacks=int(row["llm_fallback"] is not None),
        overridden=int(row["override_count"] > 0),
    )
    if row["channel_id"] is not None:
        _add(conn, channel_days, day=day, channel_id=row["channel_id"], answers=1)
    latency = float(row["latency_ms"])
    _add(conn, latency_days, day=day, bucket=latency_bucket(latency), answers=1, latency_sum=latency)


def rebuild(conn: sa.Connection, first: date | None = None, last: date | None = None) -> None:
    """Recompute the totals of the days first..last (every day without them) from the answers stored now."""
    dialect = conn.dialect.name
    day: Any = sa.literal_column(day_sql(dialect, "answers.created_at"))
    bucket: Any = sa.literal_column(bucket_sql(dialect, "answers.latency_ms"))
    where: Any = sa.true()
    days: Any = sa.true()
    if first is not None and last is not None:
        start = datetime(first.year, first.month, first.day, tzinfo=UTC)
        end = datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1)
        where = sa.and_(answers.c.created_at >= start, answers.c.created_at < end)
        days = (first, last)
    n = sa.func.count()
    for table, columns, group in (
        (
            answer_days,
            [
                n,
                sa.func.count(answers.c.llm_fallback),
                sa.func.sum(sa.case((answers.c.override_count > 0, 1), else_=0)),
            ],
            [answers.c.verdict],
        ),
        (channel_days, [n], [answers.c.channel_id]),
        (latency_days, [n, sa.func.sum(answers.c.latency_ms)], [bucket]),
    ):
        if isinstance(days, tuple):
            conn.execute(sa.delete(table).where(table.c.day >= days[0], table.c.day <= days[1]))
        else:
            conn.execute(sa.delete(table))
        rows = sa.select(day, *group, *columns).where(where).group_by(day, *group)
        if table is channel_days:
            rows = rows.where(answers.c.channel_id.is_not(None))
        conn.execute(sa.insert(table).from_select([c.name for c in table.columns], rows))


def _add(conn: sa.Connection, table: sa.Table, **values: Any) -> None:
    """Insert the day's row, or add these values to it (one statement: concurrent writers never lose a count)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(table)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(table)
    stmt = stmt.values(**values)
    keys = [c.name for c in table.primary_key]
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=keys, set_={k: table.c[k] + stmt.excluded[k] for k in values if k not in keys}
        )
    )
