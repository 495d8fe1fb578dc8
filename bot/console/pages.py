"""What each console page shows: parse its parameters, run its queries, hand the template a context."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from markupsafe import Markup

from bot.console import queries as q
from bot.console.charts import stacked_bars
from bot.console.topics import QuestionVectors, topics
from bot.rules.model import Verdict

PAGE_SIZE = 50
PERIODS = (7, 30, 90, 365)
DEFAULT_DAYS = 30
MAX_DAYS = 3 * 366
EXPORT_LIMIT = 100_000
VERDICTS = [v.value for v in Verdict]


class NotFound(Exception):
    """The page asked for does not exist (an unknown answer id, say)."""


@dataclass
class ConsoleData:
    """What the pages read: the audit store, and (when loaded) the knowledge base and a clause finder."""

    audit: Any  # bot.audit.store.AuditStore
    kb: Any | None = None  # bot.policy.knowledge.KnowledgeBase
    vectors: QuestionVectors | None = None
    closest: Callable[[str], list[str]] | None = None  # question → the closest clause ids
    today: Callable[[], date] = date.today
    kb_arg: str = ""  # how `policybot rules draft` should be told the knowledge base ("" = the default)
    prohibitions_column: Any | None = None  # answers.possible_prohibitions, when the schema has it

    def read(self, what: str, work: Callable[[Any], Any]) -> Any:
        return self.audit.read(what, work)


def period_from(params: Mapping[str, str], today: date) -> tuple[q.Period, dict[str, Any]]:
    """The period a page covers: ?days=N, or ?from=…&to=… (ISO dates); anything else falls back to the default."""
    first, last = _date(params.get("from")), _date(params.get("to"))
    if first and last and first <= last and (last - first).days < MAX_DAYS:
        return q.Period.between(first, last), {"from": first.isoformat(), "to": last.isoformat(), "days": None}
    days = params.get("days", "")
    n = int(days) if days.isdigit() and 1 <= int(days) <= MAX_DAYS else DEFAULT_DAYS
    period = q.Period.last_days(n, today)
    return period, {"from": period.start.date().isoformat(), "to": today.isoformat(), "days": n}


def overview(data: ConsoleData, params: Mapping[str, str]) -> tuple[str, dict[str, Any]]:
    period, chosen = period_from(params, data.today())
    figures = data.read("read the overview", lambda conn: q.overview(conn, period))
    markers = {}
    if data.kb is not None:
        for doc in data.kb.documents.values():
            if doc.meta.effective is not None:
                markers[doc.meta.effective] = f"{doc.meta.title or doc.id} {doc.meta.version}"
    chart = stacked_bars(figures["days"], figures["series"], markers=markers)
    return "overview.html", {"period": chosen, "f": figures, "chart": Markup(chart)}  # escaped as it is built


def silent(data: ConsoleData, params: Mapping[str, str]) -> tuple[str, dict[str, Any]]:
    period, chosen = period_from(params, data.today())
    sample = data.read("read undecided answers", lambda conn: q.silent_sample(conn, period, data.prohibitions_column))
    vectors = data.vectors or QuestionVectors(None)
    groups = topics(sample["rows"], vectors, data.closest, data.kb_arg)
    return "silent.html", {
        "period": chosen,
        "total": sample["total"],
        "sampled": len(sample["rows"]),
        "groups": groups,
        "grouped_by": vectors.kind,
        "has_prohibitions": data.prohibitions_column is not None,
    }


def feedback(data: ConsoleData, params: Mapping[str, str]) -> tuple[str, dict[str, Any]]:
    period, chosen = period_from(params, data.today())
    page = _page(params)
    found = data.read("read feedback", lambda conn: q.feedback_page(conn, period, PAGE_SIZE, (page - 1) * PAGE_SIZE))
    return "feedback.html", {"period": chosen, **found, **_paging(page, found["total"])}


def overrides(data: ConsoleData, params: Mapping[str, str]) -> tuple[str, dict[str, Any]]:
    period, chosen = period_from(params, data.today())
    page = _page(params)
    found = data.read("read overrides", lambda conn: q.overrides_page(conn, period, PAGE_SIZE, (page - 1) * PAGE_SIZE))
    return "overrides.html", {"period": chosen, **found, **_paging(page, found["total"])}


def answer(data: ConsoleData, answer_id: str) -> tuple[str, dict[str, Any]]:
    if not answer_id.isdigit() or len(answer_id) > 18:
        raise NotFound
    record = data.read("read an answer", lambda conn: q.answer_record(conn, int(answer_id)))
    if record is None:
        raise NotFound
    known = set(data.kb.clauses) if data.kb is not None else set()
    return "answer.html", {"a": record, "known_clauses": known}


def clause(data: ConsoleData, clause_id: str) -> tuple[str, dict[str, Any]]:
    if data.kb is None or clause_id not in data.kb.clauses:
        raise NotFound
    found = data.kb.clauses[clause_id]
    return "clause.html", {"c": found, "doc": data.kb.document_of(found).meta}


def policies(data: ConsoleData, params: Mapping[str, str]) -> tuple[str, dict[str, Any]]:
    from bot.console.policy_view import coverage, timeline, version_diffs

    if data.kb is None:
        return "policies.html", {"docs": [], "diffs": [], "coverage": None}
    return "policies.html", {"docs": timeline(data.kb), "diffs": version_diffs(data.kb), "coverage": coverage(data.kb)}


def search(data: ConsoleData, params: Mapping[str, str]) -> tuple[str, dict[str, Any]]:
    filters, chosen = _filters(data, params)
    page = _page(params)
    found = data.read("search answers", lambda conn: q.search_page(conn, filters, PAGE_SIZE, (page - 1) * PAGE_SIZE))
    channels = data.read("list channels", lambda conn: q.distinct_values(conn, "channel_id", filters.period))
    return "search.html", {
        "period": chosen,
        "filters": filters,
        "verdicts": VERDICTS,
        "channels": channels,
        "columns": q.TABLE_COLUMNS,
        "export_query": filters.query_string(),
        **found,
        **_paging(page, found["total"]),
    }


def export(data: ConsoleData, params: Mapping[str, str], fmt: str) -> tuple[str, str]:
    """The search's rows (its filters, columns and order) as CSV or JSON lines; returns (content type, text)."""
    filters, _ = _filters(data, params)
    if "page" in params:  # one page of the search, as shown
        offset = (_page(params) - 1) * PAGE_SIZE
        rows = data.read("export answers", lambda conn: q.search_page(conn, filters, PAGE_SIZE, offset)["rows"])
    else:  # every answer the filters match (the search shows them a page at a time)
        rows = data.read("export answers", lambda conn: q.export_rows(conn, filters, EXPORT_LIMIT))
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(q.TABLE_COLUMNS)
        for row in rows:
            writer.writerow([_cell(row[name]) for name in q.TABLE_COLUMNS])
        return "text/csv; charset=utf-8", buffer.getvalue()
    lines = [json.dumps({k: _json(row[k]) for k in q.TABLE_COLUMNS}, ensure_ascii=False) for row in rows]
    return "application/x-ndjson; charset=utf-8", "".join(line + "\n" for line in lines)


def _filters(data: ConsoleData, params: Mapping[str, str]) -> tuple[q.Filters, dict[str, Any]]:
    period, chosen = period_from(params, data.today())
    verdict = params.get("verdict", "")
    return (
        q.Filters(
            period=period,
            verdict=verdict if verdict in VERDICTS else "",
            channel=params.get("channel", "")[:255],
            user=params.get("user", "")[:255],
            text=params.get("q", "")[:200],
        ),
        chosen,
    )


def _page(params: Mapping[str, str]) -> int:
    raw = params.get("page", "1")
    return min(int(raw), 10_000) if raw.isdigit() and int(raw) >= 1 else 1


def _paging(page: int, total: int) -> dict[str, Any]:
    pages = max(1, -(-total // PAGE_SIZE))
    return {
        "page": page,
        "pages": pages,
        "prev_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if page < pages else None,
    }


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _cell(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return "" if value is None else value


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value
