"""`policybot diff OLD NEW`: clause-level changes between two policy versions; rendering only."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.options import KbOption, kb_dir

if TYPE_CHECKING:
    from bot.policy.knowledge import KnowledgeBase
    from bot.policy.models import Document
    from bot.policy.versions import ClauseChange, DocumentDiff


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)


def diff(
    old: Annotated[str, typer.Argument(help="The old version: a document id in the knowledge base, or a file.")],
    new: Annotated[str, typer.Argument(help="The new version: a document id in the knowledge base, or a file.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    md: Annotated[bool, typer.Option("--md", help="Print Markdown instead of text.")] = False,
    all_clauses: Annotated[bool, typer.Option("--all", help="With --json, list unchanged clauses too.")] = False,
    kb: KbOption = None,
) -> None:
    """Show what changed between two versions of a policy: clauses added, removed, changed (word by word)."""
    from bot.answer.changes import diff_json, diff_markdown
    from bot.errors import DocumentError
    from bot.policy.versions import diff_documents

    if json_out and md:
        raise DocumentError("give --json or --md, not both")
    base: list[KnowledgeBase] = []  # loaded only when an argument is a document id
    result = diff_documents(_document(old, kb, base), _document(new, kb, base))
    if json_out:
        sys.stdout.write(json.dumps(diff_json(result, include_unchanged=all_clauses), ensure_ascii=False) + "\n")
    elif md:
        sys.stdout.write(diff_markdown(result))
    else:
        _render(result)


def _document(ref: str, kb: Path | None, loaded: list[KnowledgeBase]) -> Document:
    from bot.errors import DocumentError
    from bot.policy.knowledge import DOCUMENT_SUFFIXES, load_knowledge_base
    from bot.policy.models import Document
    from bot.policy.parsing import parse_document

    path = Path(ref)
    if path.suffix.lower() in DOCUMENT_SUFFIXES and path.is_file():
        parsed = parse_document(path)
        return Document(meta=parsed.meta, path=str(path), clauses=parsed.clauses)
    if not loaded:
        loaded.append(load_knowledge_base(kb_dir(kb), with_rules=False))
    documents = loaded[0].documents
    if ref in documents:
        return documents[ref]
    if path.suffix:
        raise DocumentError(f"{ref}: no such file")
    known = ", ".join(sorted(documents)) or "none"
    raise DocumentError(f"{ref}: neither a file nor a document id in {loaded[0].root} (documents: {known})")


def _render(result: DocumentDiff) -> None:
    from rich.markup import escape

    from bot.answer.changes import diff_summary
    from bot.cli.render import out

    summary = diff_summary(result).split("\n")
    out.print(f"[bold]{escape(result.old.id)} → {escape(result.new.id)}[/]")
    out.print(escape(summary[0]))
    for change, line in zip(result.changed(), summary[1:], strict=True):
        out.print(f"\n[bold]{escape(line[2:])}[/]")
        if change.kind == "changed":
            out.print("  " + _words_markup(change))
        else:
            clause = change.new or change.old
            assert clause is not None
            style = "green" if change.kind == "added" else "red" if change.kind == "removed" else "dim"
            for text_line in clause.text.splitlines():
                out.print(f"  [{style}]{escape(text_line)}[/]")


def _words_markup(change: ClauseChange) -> str:
    from rich.markup import escape

    from bot.policy.versions import render_words

    return render_words(change.words, ("[red strike][-", "-][/]"), ("[green]{+", "+}[/]"), quote=escape)
