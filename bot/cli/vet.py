"""`policybot vet DEAL.yaml [--json | --md]`: rendering only; the report comes from vet_deal."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.options import KbOption, day_of, load_kb

if TYPE_CHECKING:
    from bot.vetting.report import VetReport


def register(app: typer.Typer) -> None:
    app.command("vet")(vet)


def vet(
    deal: Annotated[Path, typer.Argument(help="The deal file (YAML); see knowledge/deals/ for examples.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    md: Annotated[bool, typer.Option("--md", help="Print the report as Markdown.")] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Vet under the policy in force on YYYY-MM-DD (default: the deal's).")
    ] = None,
    kb: KbOption = None,
) -> None:
    """Vet a deal: a verdict per use case with cited clauses, approvals to obtain and questions for the customer."""
    from bot.answer.service import PolicyService
    from bot.errors import DealError
    from bot.vetting.intake import load_deal
    from bot.vetting.render import report_markdown
    from bot.vetting.report import vet_deal

    if json_out and md:
        raise DealError("give --json or --md, not both")
    day = day_of(as_of)
    parsed = load_deal(deal)  # before the knowledge base: a bad deal file fails fast
    service = PolicyService(load_kb(kb))
    report = vet_deal(service, parsed, day)
    if json_out:
        sys.stdout.write(json.dumps(report.to_json_dict(), ensure_ascii=False) + "\n")
    elif md:
        sys.stdout.write(report_markdown(report))
    else:
        _render(report)


def _render(report: VetReport) -> None:
    from rich.markup import escape

    from bot.cli.render import VERDICT_STYLE, out, render_citation
    from bot.rules.model import VERDICT_LABEL
    from bot.vetting.render import VERDICT_MEANING, deal_title, party_line

    style = VERDICT_STYLE[report.verdict]
    out.print(f"[bold]{escape(deal_title(report))}[/]: [{style}]{VERDICT_LABEL[report.verdict]}[/]")
    out.print(f"[dim]{escape(VERDICT_MEANING[report.verdict])}[/]")
    out.print(f"customer: {escape(party_line(report.customer))}")
    if report.end_user is not None:
        out.print(f"end user: {escape(party_line(report.end_user))}")
    out.print(f"[dim]policy as of {report.as_of}: {escape(', '.join(report.policy_versions))}[/]")
    for i, use in enumerate(report.use_cases, start=1):
        out.print(f"\n[bold]{i}. {escape(use.name)}[/]: [{VERDICT_STYLE[use.verdict]}]{VERDICT_LABEL[use.verdict]}[/]")
        out.print(escape(use.answer))
        for c in use.citations:
            render_citation(c, indent="  ")
        for note in use.notes:
            out.print(f"  [dim]note: {escape(note)}[/]")
    if report.approvals:
        out.print("\n[bold]Approvals and registrations required[/]")
        for a in report.approvals:
            out.print(f"- {escape(a)}")
    if report.questions:
        out.print("\n[bold]Questions to ask the customer[/]")
        for n, q in enumerate(report.questions, start=1):
            out.print(f"{n}. {escape(q.question)} [dim]({escape(', '.join(q.use_cases))})[/]")
    for w in report.warnings:
        out.print(f"[yellow]warning:[/] {escape(w)}")
