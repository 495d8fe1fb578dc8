"""The console's reads: every figure is aggregated in SQL (indexes from migration 5), every list is one page.

Each function takes an open connection (AuditStore.read runs it in a read transaction, with retries)
and returns plain dicts and lists the templates render; nothing here loads a whole table into Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bot.audit.schema import answer_search, answers, feedback
from bot.console.charts import VERDICT_COLOURS

SILENT_VERDICTS = ("needs_review", "out_of_scope")  # the rule book had nothing to say
ID_CHUNK = 500  # ids per IN (...) list
SILENT_SAMPLE = 400  # latest silent answers clustered on the silent page
TABLE_COLUMNS = (
    "id",
    "created_at",
    "verdict",
    "surface",
    "channel_id",
    "user_id",
    "mode",
    "override_count",
    "latency_ms",
    "question",
)


@dataclass(frozen=True)
class Period:
    """[start, end) in UTC; days are whole."""

    start: datetime
    end: datetime

    @classmethod
    def last_days(cls, days: int, today: date) -> Period:
        end = _midnight(today + timedelta(days=1))
        return cls(end - timedelta(days=days), end)

    @classmethod
    def between(cls, first: date, last: date) -> Period:
        return cls(_midnight(first), _midnight(last + timedelta(days=1)))

    @property
    def days(self) -> list[date]:
        first = self.start.date()
        return [first + timedelta(days=i) for i in range((self.end - self.start).days)]

    def where(self, column: Any) -> Any:
        return sa.and_(column >= self.start, column < self.end)


@dataclass(frozen=True)
class Filters:
    """What the search page narrows answers down to; empty fields do not filter."""

    period: Period
    verdict: str = ""
    channel: str = ""
    user: str = ""
    text: str = ""

    def where(self) -> Any:
        """Over the narrow answer_search table (migration 5), never the wide answers rows."""
        s = answer_search.c
        conditions = [self.period.where(s.created_at)]
        if self.verdict:
            conditions.append(s.verdict == self.verdict)
        if self.channel:
            conditions.append(s.channel_id == self.channel)
        if self.user:
            conditions.append(s.user_id == self.user)
        if self.text:
            conditions.append(s.question.ilike(f"%{_like_escape(self.text)}%", escape="\\"))
        return sa.and_(*conditions)

    def query_string(self) -> dict[str, str]:
        """The filters as URL parameters (the export links repeat them, so they export what is shown)."""
        params = {
            "from": self.period.start.date().isoformat(),
            "to": (self.period.end - timedelta(days=1)).date().isoformat(),
            "verdict": self.verdict,
            "channel": self.channel,
            "user": self.user,
            "q": self.text,
        }
        return {k: v for k, v in params.items() if v}


# ---- overview


def overview(conn: sa.Connection, period: Period) -> dict[str, Any]:
    where = period.where(answers.c.created_at)
    day = _day(conn, answers.c.created_at)
    per_day: dict[str, dict[date, int]] = {}
    for d, verdict, n in conn.execute(
        sa.select(day, answers.c.verdict, sa.func.count()).where(where).group_by(day, answers.c.verdict)
    ):
        per_day.setdefault(verdict, {})[_as_date(d)] = int(n)
    days = period.days
    order = [*VERDICT_COLOURS, *sorted(set(per_day) - set(VERDICT_COLOURS))]  # strictest at the bottom
    series = {verdict: [per_day[verdict].get(d, 0) for d in days] for verdict in order if verdict in per_day}
    total = _count(conn, where)  # three counts, each over an index alone (never the wide rows)
    fallbacks = _count(conn, sa.and_(where, answers.c.llm_fallback.is_not(None)))
    overridden = _count(conn, sa.and_(answers.c.override_count > 0, where))
    votes = feedback_votes(conn, period)
    up, down = votes.get("up", 0), votes.get("down", 0)
    return {
        "days": days,
        "series": series,
        "by_verdict": {verdict: sum(values) for verdict, values in series.items()},
        "answers": int(total),
        "fallbacks": int(fallbacks),
        "overridden": int(overridden),
        "up": up,
        "down": down,
        "up_rate": (up / (up + down)) if up + down else None,
        **latency_percentiles(conn, where, total),
        "channels": top_channels(conn, where),
    }


def _count(conn: sa.Connection, where: Any) -> int:
    return int(conn.scalar(sa.select(sa.func.count()).select_from(answers).where(where)) or 0)


def feedback_votes(conn: sa.Connection, period: Period) -> dict[str, int]:
    """Votes given in the period; a person's latest row on an answer is their vote (a reason is a second row)."""
    when = period.where(feedback.c.created_at)
    latest = (
        sa.select(sa.func.max(feedback.c.id))
        .where(when, feedback.c.user_id.is_not(None))
        .group_by(feedback.c.answer_id, feedback.c.user_id)
    )
    rows = conn.execute(
        sa.select(feedback.c.value, sa.func.count())
        .where(when, sa.or_(feedback.c.user_id.is_(None), feedback.c.id.in_(latest)))
        .group_by(feedback.c.value)
    )
    return {str(value): int(n) for value, n in rows}


def top_channels(conn: sa.Connection, where: Any, limit: int = 8) -> list[tuple[str, int]]:
    n = sa.func.count().label("n")
    rows = conn.execute(
        sa.select(answers.c.channel_id, n)
        .where(where, answers.c.channel_id.is_not(None))
        .group_by(answers.c.channel_id)
        .order_by(n.desc(), answers.c.channel_id)
        .limit(limit)
    )
    return [(str(channel), int(count)) for channel, count in rows]


def latency_percentiles(conn: sa.Connection, where: Any, n: int) -> dict[str, float | None]:
    """p50 and p95 of the latency: the row at each rank, read off the database's sort (no rows come to Python)."""
    if n and conn.dialect.name == "postgresql":  # one sort for both
        row = conn.execute(
            sa.select(
                sa.func.percentile_disc(0.50).within_group(answers.c.latency_ms),
                sa.func.percentile_disc(0.95).within_group(answers.c.latency_ms),
            ).where(where)
        ).one()
        return {"p50": round(float(row[0] or 0.0), 1), "p95": round(float(row[1] or 0.0), 1)}
    out: dict[str, float | None] = {}
    for name, q in (("p50", 0.50), ("p95", 0.95)):
        if n == 0:
            out[name] = None
            continue
        offset = min(n - 1, int(q * (n - 1) + 0.5))
        value = conn.scalar(
            sa.select(answers.c.latency_ms).where(where).order_by(answers.c.latency_ms).offset(offset).limit(1)
        )
        out[name] = round(float(value or 0.0), 1)
    return out


# ---- where the rule book is silent


def silent_where(period: Period, prohibitions: Any | None = None) -> Any:
    """Answers the rule book could not decide, and (when recorded) answers that matched a prohibiting clause."""
    silent: Any = answers.c.verdict.in_(SILENT_VERDICTS)
    if prohibitions is not None:
        silent = sa.or_(
            silent, sa.and_(prohibitions.is_not(None), sa.cast(prohibitions, sa.Text).not_in(["[]", "null"]))
        )
    return sa.and_(period.where(answers.c.created_at), silent)


def silent_sample(conn: sa.Connection, period: Period, prohibitions: Any | None = None) -> dict[str, Any]:
    """How many silent answers there are, and the latest SILENT_SAMPLE of them (question, verdict, clauses)."""
    where = silent_where(period, prohibitions)
    total = int(conn.scalar(sa.select(sa.func.count()).select_from(answers).where(where)) or 0)
    columns = [answers.c.id, answers.c.question, answers.c.verdict, answers.c.clause_ids]
    if prohibitions is not None:
        columns.append(prohibitions.label("possible_prohibitions"))
    rows = conn.execute(
        sa.select(*columns).where(where).order_by(answers.c.created_at.desc(), answers.c.id.desc()).limit(SILENT_SAMPLE)
    )
    return {"total": total, "rows": [dict(row._mapping) for row in rows]}


# ---- lists


def feedback_page(conn: sa.Connection, period: Period, limit: int, offset: int) -> dict[str, Any]:
    """👎 given in the period, newest first, each with its reason and the answer it is about."""
    where = sa.and_(feedback.c.value == "down", period.where(feedback.c.created_at))
    total = int(conn.scalar(sa.select(sa.func.count()).select_from(feedback).where(where)) or 0)
    rows = conn.execute(
        sa.select(
            feedback.c.id,
            feedback.c.created_at,
            feedback.c.user_id,
            feedback.c.reason,
            answers.c.id.label("answer_id"),
            answers.c.question,
            answers.c.verdict,
        )
        .join(answers, answers.c.id == feedback.c.answer_id)
        .where(where)
        .order_by(feedback.c.created_at.desc(), feedback.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return {"total": total, "rows": [_aware_row(row._mapping) for row in rows]}


def overrides_page(conn: sa.Connection, period: Period, limit: int, offset: int) -> dict[str, Any]:
    """Answers where the guard or the rules overruled the LLM, newest first, with what was overruled."""
    where = sa.and_(answers.c.override_count > 0, period.where(answers.c.created_at))
    total = int(conn.scalar(sa.select(sa.func.count()).select_from(answers).where(where)) or 0)
    rows = conn.execute(
        sa.select(
            answers.c.id,
            answers.c.created_at,
            answers.c.verdict,
            answers.c.question,
            answers.c.overrides,
            answers.c.llm_fallback,
        )
        .where(where)
        .order_by(answers.c.created_at.desc(), answers.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return {"total": total, "rows": [_aware_row(row._mapping) for row in rows]}


def search_page(conn: sa.Connection, filters: Filters, limit: int, offset: int) -> dict[str, Any]:
    """One page of the answers the filters match, newest first: found in answer_search, then read by id."""
    where = filters.where()
    total = int(conn.scalar(sa.select(sa.func.count()).select_from(answer_search).where(where)) or 0)
    ids = list(
        conn.scalars(
            sa.select(answer_search.c.answer_id)
            .where(where)
            .order_by(answer_search.c.created_at.desc(), answer_search.c.answer_id.desc())
            .limit(limit)
            .offset(offset)
        )
    )
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        rows = conn.execute(sa.select(*(answers.c[name] for name in TABLE_COLUMNS)).where(answers.c.id.in_(chunk)))
        found.update((row.id, _aware_row(row._mapping)) for row in rows)
    return {"total": total, "rows": [found[i] for i in ids if i in found]}


def export_rows(conn: sa.Connection, filters: Filters, limit: int) -> list[dict[str, Any]]:
    """The rows the search shows (same filters, same columns, same order), up to `limit`."""
    return search_page(conn, filters, limit, 0)["rows"]


def answer_record(conn: sa.Connection, answer_id: int) -> dict[str, Any] | None:
    row = conn.execute(sa.select(answers).where(answers.c.id == answer_id)).one_or_none()
    if row is None:
        return None
    record = _aware_row(row._mapping)
    record["feedback"] = [
        _aware_row(r._mapping)
        for r in conn.execute(
            sa.select(feedback.c.value, feedback.c.reason, feedback.c.user_id, feedback.c.created_at)
            .where(feedback.c.answer_id == answer_id)
            .order_by(feedback.c.id)
        )
    ]
    return record


def distinct_values(conn: sa.Connection, column: str, period: Period, limit: int = 50) -> list[str]:
    """The commonest values of a column in the period, for the search form's choices."""
    col = answers.c[column]
    n = sa.func.count().label("n")
    rows = conn.execute(
        sa.select(col, n)
        .where(period.where(answers.c.created_at), col.is_not(None))
        .group_by(col)
        .order_by(n.desc(), col)
        .limit(limit)
    )
    return [str(value) for value, _ in rows]


# ---- values


def _day(conn: sa.Connection, column: Any) -> Any:
    """The UTC calendar day of a timestamp, in the database's own terms."""
    if conn.dialect.name == "postgresql":
        return sa.func.date(sa.func.timezone("UTC", column))
    return sa.func.substr(column, 1, 10)  # stored as "YYYY-MM-DD HH:MM:SS…" in UTC; cheaper than date()


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _aware_row(mapping: Any) -> dict[str, Any]:
    record = dict(mapping)
    for key, value in record.items():
        if isinstance(value, datetime) and value.tzinfo is None:
            record[key] = value.replace(tzinfo=UTC)
    return record


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
