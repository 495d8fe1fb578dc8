"""`policybot rules coverage` and `policybot rules draft`: the rule book's gaps, and proposals to close them."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.options import KbOption, load_kb
from bot.files import write_atomically

if TYPE_CHECKING:  # the domain modules load when a command runs, so `policybot --help` stays fast
    from bot.policy.knowledge import KnowledgeBase
    from bot.policy.models import Clause
    from bot.rules.draft import ClauseDraft


def register(rules_app: typer.Typer) -> None:
    rules_app.command("coverage")(coverage)
    rules_app.command("draft")(draft)


def _kb(path: Path | None) -> KnowledgeBase:
    return load_kb(path)


def coverage(
    kb: KbOption = None, json_out: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False
) -> None:
    """List the prohibiting or requiring clauses in force that no rule enforces, by document and section."""
    from bot.rules.coverage import gap_json, uncovered_clauses

    gaps = uncovered_clauses(_kb(kb), date.today())
    if json_out:
        sys.stdout.write(json.dumps([gap_json(c) for c in gaps], ensure_ascii=False) + "\n")
        return
    if not gaps:
        typer.echo("Every clause in force that prohibits or requires something is enforced by a rule.")
        return
    where: tuple[str, ...] | None = None
    for clause in gaps:
        if (clause.document_id, *clause.section) != where:
            where = (clause.document_id, *clause.section)
            typer.echo(f"\n{clause.document_id} (version {clause.version}) › {' › '.join(clause.section) or '(top)'}")
        gap = gap_json(clause)
        typer.echo(f"  {clause.id}  {clause.modality}  {gap['text']}")
    typer.echo(f"\n{len(gaps)} clause(s) in force prohibit or require something no rule enforces.")


def draft(
    kb: KbOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write the draft to FILE (default: stdout).")] = None,
) -> None:
    """Propose vocabulary values, rules and golden questions for the uncovered clauses (a draft for review)."""
    base = _kb(kb)
    from bot.rules.coverage import uncovered_clauses
    from bot.rules.draft import assemble, render

    gaps = uncovered_clauses(base, date.today())
    if not gaps:
        typer.echo("nothing to draft: every clause in force that prohibits or requires something has a rule", err=True)
        return
    drafts, how = _drafts(gaps)
    document = assemble(drafts, set(), {rule.id for rule in base.rules})
    text = render(document, str(base.root), how)
    if out is None:
        sys.stdout.write(text)
        return
    _write_atomically(out, text)
    typer.echo(f"wrote a draft for {len(gaps)} clause(s) to {out} ({how}); review it before moving it in", err=True)


def _drafts(gaps: list[Clause]) -> tuple[list[ClauseDraft], str]:
    """The LLM's proposals when one is configured (skeletons where it fails), else the deterministic skeletons."""
    from bot.answer.llm_client import ChatLLM, build_openai_client
    from bot.config import load_settings
    from bot.rules.draft import skeleton

    settings = load_settings()
    built = build_openai_client(settings)
    if built is None:
        return [skeleton(c) for c in gaps], "deterministic skeleton, no LLM configured"
    from bot.answer.prompts import load_prompt
    from bot.rules.draft_llm import draft_with_llm, structured_ask

    client, model = built
    chat = ChatLLM(client, model, timeout_s=settings.llm_timeout_s, max_retries=settings.llm_max_retries)
    try:
        drafts, notes = draft_with_llm(
            gaps, load_prompt(settings.prompts_dir, "rules_draft"), structured_ask(chat, settings.llm_total_budget_s)
        )
    finally:
        chat.close()
    for note in notes:
        typer.echo(f"note: {note}", err=True)
    return drafts, f"worded by the LLM {model}" + (f", {len(notes)} skeleton fallback(s)" if notes else "")


def _write_atomically(path: Path, text: str) -> None:
    """The whole draft or nothing: a temporary file next to the target, renamed over it."""
    try:
        write_atomically(path, text)
    except OSError as exc:
        typer.echo(f"error: cannot write {path}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None
