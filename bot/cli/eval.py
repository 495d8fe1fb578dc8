"""`policybot eval`: run the golden questions (bot/evals.py) and render the score."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.options import KbOption, load_kb


def register(app: typer.Typer) -> None:
    app.command("eval")(evaluate_golden)


def evaluate_golden(
    kb: KbOption = None,
    cases: Annotated[
        Path | None, typer.Option("--cases", help="Golden questions file (default: golden.yaml in the knowledge base).")
    ] = None,
    min_exact: Annotated[float, typer.Option(help="Minimum exact rate.")] = 0.95,
    show: Annotated[bool, typer.Option("--show-failures/--no-show-failures")] = True,
) -> None:
    """Run the golden questions; exit non-zero on any false permit or below the exact-verdict threshold."""
    from rich.markup import escape
    from rich.table import Table

    from bot.answer.service import PolicyService
    from bot.cli.render import out
    from bot.config import load_settings
    from bot.evals import GOLDEN_FILE, load_golden, run_eval
    from bot.wiring import semantic_matcher

    base = load_kb(kb)
    service = PolicyService(base, semantic=semantic_matcher(load_settings(), base))
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
