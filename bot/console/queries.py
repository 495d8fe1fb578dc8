"""The console's reads: every figure aggregated in SQL (indexes of migration 5, daily totals of 7), every list one page.

Each function takes an open connection (AuditStore.read runs it in a read transaction, with retries)
and returns plain dicts and lists the templates render; nothing here loads a whole table into Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bot.audit.schema import answer_days, answer_search, answers, channel_days, feedback, latency_days
from bot.audit.store import vote_counts
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
    """The period's figures, summed from the per-day totals (bot/audit/daily.py): a few rows a day, any period."""
    d = answer_days.c
    in_period = _days(d.day, period)
    per_day: dict[str, dict[date, int]] = {}
    for day, verdict, n in conn.execute(sa.select(d.day, d.verdict, d.answers).where(in_period)):
        per_day.setdefault(verdict, {})[_as_date(day)] = int(n)
    days = period.days
    order = [*VERDICT_COLOURS, *sorted(set(per_day) - set(VERDICT_COLOURS))]  # strictest at the bottom
    series = {verdict: [per_day[verdict].get(d, 0) for d in days] for verdict in order if verdict in per_day}
    total, fallbacks, overridden = conn.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(d.answers), 0),
            sa.func.coalesce(sa.func.sum(d.fallbacks), 0),
            sa.func.coalesce(sa.func.sum(d.overridden), 0),
        ).where(in_period)
    ).one()
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
        **latency_percentiles(conn, period),
        "channels": top_channels(conn, period),
    }


def feedback_votes(conn: sa.Connection, period: Period) -> dict[str, int]:
    """Votes given in the period; a person's latest row on an answer is their vote (a reason is a second row)."""
    return vote_counts(conn, period.where(feedback.c.created_at))


def top_channels(conn: sa.Connection, period: Period, limit: int = 8) -> list[tuple[str, int]]:
    c = channel_days.c
    n = sa.func.sum(c.answers).label("n")
    rows = conn.execute(
        sa.select(c.channel_id, n)
        .where(_days(c.day, period))
        .group_by(c.channel_id)
        .order_by(n.desc(), c.channel_id)
        .limit(limit)
    )
    return [(str(channel), int(count)) for channel, count in rows]


def latency_percentiles(conn: sa.Connection, period: Period) -> dict[str, float | None]:
    """p50 and p95 of the latency from the daily histograms: the mean of the bucket holding each rank.

    That lies in the same bucket as the exact value (16 buckets to a doubling: within 4.4 %), and is the
    exact value when the bucket holds a single value. The rank is the one a sort would give: the value at
    index round(q·(n-1)) of the n latencies in order.
    """
    h = latency_days.c
    buckets = conn.execute(
        sa.select(sa.func.sum(h.answers), sa.func.sum(h.latency_sum))
        .where(_days(h.day, period))
        .group_by(h.bucket)
        .order_by(h.bucket)
    ).all()  # a few dozen rows: one per bucket in use
    n = sum(int(count) for count, _ in buckets)
    return {name: _at_rank(buckets, n, q) for name, q in (("p50", 0.50), ("p95", 0.95))}


def _at_rank(buckets: Sequence[Any], n: int, q: float) -> float | None:
    if n == 0:
        return None
    rank = min(n - 1, int(q * (n - 1) + 0.5))
    seen = 0
    for count, total in buckets:
        seen += int(count)
        if seen > rank:
            return round(float(total) / int(count), 1)
    raise AssertionError("unreachable: the rank is below the total count")


def _days(column: Any, period: Period) -> Any:
    """The period's whole days, as a range of a DATE column."""
    return sa.and_(column >= period.start.date(), column < period.end.date())


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
