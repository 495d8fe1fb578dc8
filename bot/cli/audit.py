"""`policybot audit ...`: export, statistics and retention of the audit store. Rendering only."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from bot.audit.store import AuditStats, AuditStore

audit_app = typer.Typer(no_args_is_help=True, help="The audit store: what was answered, to whom, and why.")

SinceOption = Annotated[str | None, typer.Option("--since", help="Only answers from this day on (YYYY-MM-DD, UTC).")]


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


def _store() -> AuditStore:
    from bot.audit.store import AuditStore
    from bot.config import load_settings

    return AuditStore.from_settings(load_settings())  # even with POLICYBOT_AUDIT=0: reading is still allowed


def _day(text: str | None) -> date | None:
    from bot.answer.dates import parse_iso_date

    return parse_iso_date(text) if text else None


@audit_app.command("export")
def export(
    since: SinceOption = None,
    fmt: Annotated[str, typer.Option("--format", help="csv or jsonl.")] = "jsonl",
    out_file: Annotated[Path | None, typer.Option("--out", help="Write to FILE (atomically), not stdout.")] = None,
) -> None:
    """Export answers (with their feedback) as CSV or JSON lines, oldest first."""
    from bot.errors import AuditError

    if fmt not in ("csv", "jsonl"):
        raise AuditError(f"unknown export format {fmt!r}; use csv or jsonl")
    store = _store()
    lines = store.export(_day(since), fmt)  # type: ignore[arg-type]
    count = 0
    if out_file is None:
        for line in lines:
            sys.stdout.write(line)
            count += 1
    else:
        count = _write_atomically(out_file, lines)
    rows = count - 1 if fmt == "csv" else count
    typer.echo(f"exported {rows} answer(s){f' to {out_file}' if out_file else ''}", err=True)


def _write_atomically(path: Path, lines: Iterable[str]) -> int:
    """A failed export leaves no half-written file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            for line in lines:
                handle.write(line)
                count += 1
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return count


@audit_app.command("stats")
def stats(
    since: SinceOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    slowest: Annotated[int, typer.Option("--slowest", min=0, max=100, help="How many of the slowest answers.")] = 5,
) -> None:
    """Answers by verdict, overrides, feedback and the slowest answers."""
    store = _store()
    result = store.stats(_day(since), slowest=slowest)
    if json_out:
        sys.stdout.write(json.dumps(result.to_json_dict(), ensure_ascii=False) + "\n")
        return
    _render_stats(result, store)


def _render_stats(s: AuditStats, store: AuditStore) -> None:
    from rich.markup import escape
    from rich.table import Table

    from bot.audit.store import EVENT_KEEP_DAYS, safe_url
    from bot.cli.render import out

    span = f" from {s.first:%Y-%m-%d %H:%M} to {s.last:%Y-%m-%d %H:%M} UTC" if s.first and s.last else ""
    out.print(f"[bold]{s.answers}[/] answer(s){span}  [dim]{escape(safe_url(store.url))}, schema {s.schema_version}[/]")
    for title, counts in (("verdict", s.by_verdict), ("mode", s.by_mode), ("surface", s.by_surface)):
        if counts:
            table = Table(title=f"answers by {title}", title_justify="left")
            table.add_column(title)
            table.add_column("answers", justify="right")
            for key, n in counts.items():
                table.add_row(escape(key), str(n))
            out.print(table)
    out.print(
        f"overrides: {s.overrides} in {s.with_overrides} answer(s); LLM fallbacks: {s.llm_fallbacks}; "
        f"tokens: {s.total_tokens}"
    )
    feedback = ", ".join(f"{escape(k)} {n}" for k, n in s.feedback.items()) or "none"
    out.print(f"feedback: {feedback}")
    if s.latency_ms:
        out.print("latency: " + ", ".join(f"{k} {v:.1f} ms" for k, v in s.latency_ms.items()))
    if s.slowest:
        table = Table(title="slowest answers", title_justify="left")
        for column in ("id", "when (UTC)", "ms", "verdict", "question"):
            table.add_column(column)
        for row in s.slowest:
            table.add_row(
                str(row["id"]),
                f"{row['created_at']:%Y-%m-%d %H:%M}",
                f"{row['latency_ms']:.1f}",
                row["verdict"],
                escape(row["question"]),
            )
        out.print(table)
    out.print(f"Slack events claimed (kept {EVENT_KEEP_DAYS} days at most): {s.events_claimed}")


@audit_app.command("retention")
def retention(
    days: Annotated[
        int | None, typer.Option("--days", min=1, help="Keep this many days (default: POLICYBOT_AUDIT_RETENTION_DAYS).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would be deleted; delete nothing.")] = False,
) -> None:
    """Delete answers (and their feedback) older than the retention period."""
    from bot.audit.store import AuditStore
    from bot.config import load_settings

    settings = load_settings()
    keep = days or settings.audit_retention_days
    report = AuditStore.from_settings(settings).apply_retention(keep, dry_run=dry_run)
    verb = "would delete" if dry_run else "deleted"
    typer.echo(
        f"{verb} {report.answers} answer(s), {report.feedback} feedback, {report.events} event claim(s) "
        f"older than {keep} day(s) (before {report.cutoff:%Y-%m-%d %H:%M} UTC)",
        err=True,
    )
