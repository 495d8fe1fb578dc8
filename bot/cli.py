"""The `policybot` command: parse arguments, call the service, render. No decisions are made here."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.announce_cli import register as register_announce
from bot.answer.dates import parse_iso_date
from bot.answer.models import Answer
from bot.answer.service import PolicyService
from bot.audit.cli import register as register_audit
from bot.config import load_settings
from bot.diff_cli import register as register_diff
from bot.errors import PolicyBotError, QuestionError
from bot.evals import GOLDEN_FILE, load_golden, run_eval
from bot.ingest_cli import register as register_ingest
from bot.policy.knowledge import KnowledgeBase, load_knowledge_base
from bot.rules.facts import Facts
from bot.rules.model import Verdict
from bot.vetting.cli import register as register_vet
from bot.wiring import build_service, hybrid_retriever

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Answers 'may we do this?' from the AI services code of conduct.",
)
rules_app = typer.Typer(no_args_is_help=True, help="Inspect the rule book.")
app.add_typer(rules_app, name="rules")
register_audit(app)  # policybot audit export|stats|retention (bot/audit/cli.py)
register_vet(app)  # policybot vet DEAL.yaml (bot/vetting/cli.py)
register_diff(app)  # policybot diff OLD NEW (bot/diff_cli.py)
register_announce(app)  # policybot announce DOC (bot/announce_cli.py)
register_ingest(app)  # policybot ingest DOC|DIR (bot/ingest_cli.py)

out = Console(highlight=False, soft_wrap=True)

KbOption = Annotated[Path | None, typer.Option("--kb", help="Knowledge base folder (default: the shipped one).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="Answer under the policy in force on YYYY-MM-DD.")]

VERDICT_STYLE = {
    Verdict.PROHIBITED: ("Prohibited", "bold red"),
    Verdict.PERMITTED: ("Permitted", "bold green"),
    Verdict.NEEDS_CLARIFICATION: ("Needs clarification", "bold yellow"),
    Verdict.NEEDS_REVIEW: ("Needs review", "bold yellow"),
    Verdict.OUT_OF_SCOPE: ("Out of scope", "bold"),
}


def _kb(path: Path | None, with_rules: bool = True) -> KnowledgeBase:
    return load_knowledge_base(path or load_settings().kb_dir, with_rules=with_rules)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


@app.command()
def ask(
    question: Annotated[str | None, typer.Argument(help="The question, in plain words.")] = None,
    json_out: JsonOption = False,
    as_of: AsOfOption = None,
    kb: KbOption = None,
    no_llm: Annotated[bool, typer.Option("--no-llm", help="Answer from the rules and clauses alone.")] = False,
    batch: Annotated[Path | None, typer.Option("--batch", help='JSONL file of {"question", "as_of"?} lines.')] = None,
) -> None:
    """Ask whether a use of the AI services is allowed."""
    if (question is None) == (batch is None):
        raise QuestionError("give either a QUESTION or --batch FILE")
    service = build_service(kb or load_settings().kb_dir, use_llm=not no_llm)
    day = parse_iso_date(as_of) if as_of else None
    if batch is not None:
        raise typer.Exit(_ask_batch(service, batch, day))
    assert question is not None
    answer = service.ask(question, day)
    if json_out:
        _print_json(answer.to_json_dict())
    else:
        _render_answer(answer)


def _ask_batch(service: PolicyService, path: Path, default_day: date | None) -> int:
    """One JSON line out per line in; a bad line gets an error object and a non-zero exit, not a stop."""
    failures = 0
    for number, item in _read_jsonl(path):
        try:
            if not isinstance(item, dict) or not isinstance(item.get("question"), str):
                raise QuestionError('each line must be a JSON object with a "question" string')
            day = parse_iso_date(item["as_of"]) if item.get("as_of") else default_day
            _print_json(service.ask(item["question"], day).to_json_dict())
        except PolicyBotError as exc:
            failures += 1
            _print_json({"error": str(exc), "line": number})
        sys.stdout.flush()
    if failures:
        typer.echo(f"error: {failures} line(s) of {path} could not be answered", err=True)
    return 1 if failures else 0


def _read_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionError(f"cannot read batch file {path}: {exc}") from None
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, f"invalid JSON ({exc.msg})"


def _render_answer(answer: Answer) -> None:
    label, style = VERDICT_STYLE[answer.verdict]
    out.print(f"[{style}]{label}[/]  [dim](policy as of {answer.as_of})[/]")
    out.print(escape(answer.answer))
    for c in answer.citations:
        out.print(f"\n[bold]{escape(c.clause_id)}[/] [dim]{escape(c.title)}, version {escape(c.version)}[/]")
        out.print(f"  > {escape(c.quote)}")
    for w in answer.warnings:
        out.print(f"[yellow]warning:[/] {escape(w)}")


@app.command()
def clause(
    clause_id: Annotated[str, typer.Argument(help="e.g. coc-2024/3.1")],
    json_out: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Show a clause's full text."""
    base = _kb(kb, with_rules=False)
    found = base.clause(clause_id)
    meta = base.document_of(found).meta
    data = {
        "clause_id": found.id,
        "document_id": found.document_id,
        "version": found.version,
        "section": list(found.section),
        "text": found.text,
        "title": meta.title,
        "source_url": meta.source_url,
    }
    if json_out:
        _print_json(data)
        return
    out.print(f"[bold]{escape(found.id)}[/] [dim]{escape(meta.title)}, version {escape(found.version)}[/]")
    if found.section:
        out.print(f"[dim]{escape(' › '.join(found.section))}[/]")
    out.print(escape(found.text))


@app.command()
def search(
    query: str,
    json_out: JsonOption = False,
    k: Annotated[int, typer.Option("--k", min=1, max=100)] = 5,
    kb: KbOption = None,
) -> None:
    """Find the clauses that best match some words (dense + lexical retrieval, fused)."""
    settings = load_settings()
    base = load_knowledge_base(kb or settings.kb_dir, with_rules=False)
    with _progress("indexing") as progress:
        retriever = hybrid_retriever(settings, base, progress)
    hits = retriever.search(query, k)
    results = [
        {
            "clause_id": h.clause.id,
            "document_id": h.clause.document_id,
            "text": h.clause.text,
            "score": round(h.score, 4),
            "start": h.clause.start,
            "end": h.clause.end,
        }
        for h in hits
    ]
    if json_out:
        _print_json({"results": results})
        return
    for h in hits:
        out.print(f"[bold]{escape(h.clause.id)}[/] [dim]{h.score:.3f}[/]\n  {escape(h.clause.text[:300])}")


@contextmanager
def _progress(what: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for long indexing runs; silent for small ones."""
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and total >= 200:
            from tqdm import tqdm

            bar = tqdm(total=total, desc=what, unit="clause", file=sys.stderr, leave=False)
        if bar is not None:
            bar.n = done
            bar.refresh()

    try:
        yield update
    finally:
        if bar is not None:
            bar.close()


@app.command()
def chat(
    json_out: JsonOption = False,
    as_of: AsOfOption = None,
    kb: KbOption = None,
    no_llm: Annotated[bool, typer.Option("--no-llm", help="Answer from the rules and clauses alone.")] = False,
) -> None:
    """Talk it through: one question per line, with follow-ups ("and in Canada?"); Ctrl-D ends."""
    from bot.chat import WELCOME, run_chat, stdin_lines

    service = build_service(kb or load_settings().kb_dir, use_llm=not no_llm)
    day = parse_iso_date(as_of) if as_of else None
    if sys.stdin.isatty():
        typer.echo(WELCOME, err=True)
    render = (lambda a: _print_json(a.to_json_dict())) if json_out else _render_answer
    raise typer.Exit(run_chat(service, stdin_lines(), render, lambda m: typer.echo(m, err=True), day))


@app.command()
def serve(
    http: Annotated[
        bool, typer.Option("--http", help="Serve POST /slack/events and GET /healthz (production).")
    ] = False,
    socket: Annotated[bool, typer.Option("--socket", help="Connect through Socket Mode (development).")] = False,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="HTTP port.")] = 3000,
    host: Annotated[str, typer.Option("--host", help="HTTP address to listen on.")] = "127.0.0.1",
    kb: KbOption = None,
    no_llm: Annotated[bool, typer.Option("--no-llm", help="Answer from the rules and clauses alone.")] = False,
) -> None:
    """Run the Slack app (bot/slack): HTTP mode needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET."""
    from bot.slack.serve import run_http, run_socket

    if http == socket:
        typer.echo("error: choose one of --http or --socket", err=True)
        raise typer.Exit(2)
    if http:
        run_http(load_settings(), host, port, kb, use_llm=not no_llm)
    else:
        run_socket(load_settings(), kb, use_llm=not no_llm)


@rules_app.command("check")
def rules_check(kb: KbOption = None) -> None:
    """Validate rules.yaml against the knowledge base."""
    base = _kb(kb)
    out.print(f"{len(base.rules)} rules over {len(base.clauses)} clauses in {len(base.documents)} documents: OK")


@app.command()
def check(
    facts: Annotated[str, typer.Option("--facts", help='Facts as JSON, e.g. \'{"actor_type": "police_department"}\'')],
    as_of: AsOfOption = None,
    kb: KbOption = None,
) -> None:
    """Evaluate the rule book on facts given as JSON (no text extraction)."""
    from pydantic import ValidationError

    try:
        parsed = Facts.model_validate_json(facts)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"])) or "facts"
        raise QuestionError(f"--facts: {where}: {first['msg']}") from None
    service = PolicyService(_kb(kb))
    day = parse_iso_date(as_of) if as_of else date.today()
    _print_json(service.decide(parsed, day).model_dump(mode="json"))


@app.command("eval")
def evaluate_golden(
    kb: KbOption = None,
    cases: Annotated[
        Path | None, typer.Option("--cases", help="Golden questions file (default: golden.yaml in the knowledge base).")
    ] = None,
    min_exact: Annotated[float, typer.Option(help="Minimum exact rate.")] = 0.95,
    show: Annotated[bool, typer.Option("--show-failures/--no-show-failures")] = True,
) -> None:
    """Run the golden questions; exit non-zero on any false permit or below the exact-verdict threshold."""
    base = _kb(kb)
    service = PolicyService(base)
    report = run_eval(load_golden(cases or base.root / GOLDEN_FILE), service.ask)
    table = Table(title="Golden questions by expected verdict")
    for column in ("expected", "cases", "exact", "rate"):
        table.add_column(column)
    for expected, (total, exact) in report.by_expected().items():
        table.add_row(expected, str(total), str(exact), f"{exact / total:.0%}")
    out.print(table)
    if show:
        for r in report.results:
            if not r.exact:
                marker = "[bold red]FALSE PERMIT[/] " if r.false_permit else ""
                expected = "|".join(v.value for v in r.case.expect)
                out.print(
                    f"{marker}{escape(r.case.id)}: got {r.verdict.value}, expected {expected}"
                    f"{' citing ' + ', '.join(r.case.cites) if r.case.cites else ''}"
                )
    out.print(
        f"exact verdicts: {report.exact_rate:.1%} of {len(report.results)}; false permits: {len(report.false_permits)}"
    )
    if report.false_permits or report.exact_rate < min_exact:
        raise typer.Exit(1)


def main() -> None:
    """Entry point: expected failures print one line on stderr; nothing prints a traceback."""
    try:
        code = app(standalone_mode=False)  # click returns an Exit's code instead of raising it here
    except PolicyBotError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug must still not dump a traceback on a user
        if os.environ.get("POLICYBOT_DEBUG"):
            raise
        from click.exceptions import ClickException

        if isinstance(exc, ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        typer.echo(f"internal error: {type(exc).__name__}: {exc} (set POLICYBOT_DEBUG=1 for details)", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
