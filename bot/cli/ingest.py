"""`policybot ingest FILE...`: add documents to a knowledge base and index them, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.options import KbOption, progress


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Documents to add: Markdown, text, HTML or PDF.")],
    kb: KbOption = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite documents with the same name or id.")] = False,
    no_announce: Annotated[
        bool, typer.Option("--no-announce", help="Do not post new versions in POLICYBOT_ANNOUNCE_CHANNEL.")
    ] = False,
) -> None:
    """Add documents to a knowledge base folder (created if missing) and index them; all or nothing."""
    from bot.cli.announce import announce_ingested
    from bot.config import load_settings
    from bot.policy.ingest import ingest_files
    from bot.policy.knowledge import load_knowledge_base
    from bot.wiring import build_index

    settings = load_settings()
    kb_dir = kb or settings.kb_dir
    result = ingest_files(paths, kb_dir, replace=replace)
    try:
        base = load_knowledge_base(kb_dir, with_rules=False)
        with progress("indexing") as update:
            report = build_index(settings, base).sync(update)
    except BaseException:
        result.undo()  # the documents leave with the index that could not be built; the old index answers
        raise
    result.commit()
    added = ", ".join(result.added) or "nothing new"
    typer.echo(
        f"ingested {added} into {kb_dir}; index: {report.clauses} clauses, "
        f"{report.embedded} embedded, {report.reused} unchanged",
        err=True,
    )
    for note in result.notes:  # clause changes and renumbered ids (bot/policy/versions.py)
        typer.echo(f"note: {note}", err=True)
    if not no_announce:
        announce_ingested(settings, kb_dir, result.new_versions)
