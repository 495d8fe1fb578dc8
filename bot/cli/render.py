"""Rich rendering shared by the commands: an Answer as text, and the colour of each verdict."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from bot.answer.models import Answer, Citation
from bot.rules.model import VERDICT_LABEL, Verdict

out = Console(highlight=False, soft_wrap=True)

VERDICT_STYLE = {
    Verdict.PROHIBITED: "bold red",
    Verdict.PERMITTED: "bold green",
    Verdict.NEEDS_CLARIFICATION: "bold yellow",
    Verdict.NEEDS_REVIEW: "bold yellow",
    Verdict.INFORMATIONAL: "bold blue",
    Verdict.OUT_OF_SCOPE: "bold",
}


def render_answer(answer: Answer) -> None:
    style = VERDICT_STYLE[answer.verdict]
    out.print(f"[{style}]{VERDICT_LABEL[answer.verdict]}[/]  [dim](policy as of {answer.as_of})[/]")
    out.print(escape(answer.answer))
    for c in answer.citations:
        out.print()
        render_citation(c)
    for w in answer.warnings:
        out.print(f"[yellow]warning:[/] {escape(w)}")


def render_citation(c: Citation, indent: str = "") -> None:
    """A cited clause: its id, title and version, then the verbatim quote."""
    out.print(f"{indent}[bold]{escape(c.clause_id)}[/] [dim]{escape(c.title)}, version {escape(c.version)}[/]")
    out.print(f"{indent}  > {escape(c.quote)}")
