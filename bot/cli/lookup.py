"""`policybot clause ID` and `policybot search WORDS`: read the knowledge base without asking."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.options import JsonOption, KbOption, load_kb, print_json, progress


def register(app: typer.Typer) -> None:
    app.command("clause")(clause)
    app.command("search")(search)


def clause(
    clause_id: Annotated[str, typer.Argument(help="e.g. coc-2024/3.1")],
    json_out: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Show a clause's full text."""
    base = load_kb(kb, with_rules=False)
    found = base.clause(clause_id)
    meta = base.document_of(found).meta
    data = {
        "clause_id": found.id,
        "document_id": found.document_id,
        "version": found.version,
        "section": list(found.section),
        "modality": found.modality,
        "text": found.text,
        "title": meta.title,
        "source_url": meta.source_url,
    }
    if json_out:
        print_json(data)
        return
    from rich.markup import escape

    from bot.cli.render import out

    title = f"{escape(meta.title)}, version {escape(found.version)}; {found.modality}"
    out.print(f"[bold]{escape(found.id)}[/] [dim]{title}[/]")
    if found.section:
        out.print(f"[dim]{escape(' › '.join(found.section))}[/]")
    out.print(escape(found.text))


def search(
    query: str,
    json_out: JsonOption = False,
    k: Annotated[int, typer.Option("--k", min=1, max=100)] = 5,
    kb: KbOption = None,
) -> None:
    """Find the clauses that best match some words (dense + lexical retrieval, fused)."""
    from bot.config import load_settings
    from bot.policy.knowledge import load_knowledge_base
    from bot.wiring import hybrid_retriever

    settings = load_settings()
    base = load_knowledge_base(kb or settings.kb_dir, with_rules=False)
    with progress("indexing") as update:
        retriever = hybrid_retriever(settings, base, update)
    hits = retriever.search(query, k)
    results = [
        {
            "clause_id": h.clause.id,
            "document_id": h.clause.document_id,
            "text": h.clause.text,
            "modality": h.clause.modality,
            "score": round(h.score, 4),
            "start": h.clause.start,
            "end": h.clause.end,
        }
        for h in hits
    ]
    if json_out:
        print_json({"results": results})
        return
    from rich.markup import escape

    from bot.cli.render import out

    for h in hits:
        out.print(f"[bold]{escape(h.clause.id)}[/] [dim]{h.score:.3f}[/]\n  {escape(h.clause.text[:300])}")
