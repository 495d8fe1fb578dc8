"""`policybot ingest`: add documents (or every document of a folder) to a knowledge base and index them.

All or nothing even when killed (bot/policy/ingest.py, bot/policy/journal.py); SIGTERM is handled
like Ctrl-C: the ingest is put back (or, past its switch, finished) and the command exits non-zero
with one line.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.options import KbOption, progress

if TYPE_CHECKING:
    from bot.policy.ingest import Progress
    from bot.policy.knowledge import KnowledgeBase


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)


def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Documents to add (Markdown, text, HTML or PDF), or folders of them.")
    ],
    kb: KbOption = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite documents with the same name or id.")] = False,
    no_announce: Annotated[
        bool, typer.Option("--no-announce", help="Do not post new versions in POLICYBOT_ANNOUNCE_CHANNEL.")
    ] = False,
) -> None:
    """Add documents to a knowledge base folder (created if missing) and index them; all or nothing."""
    from bot.cli.announce import announce_ingested
    from bot.config import load_settings
    from bot.policy.ingest import IngestStopped, ingest_files
    from bot.wiring import build_index

    settings = load_settings()
    kb_dir = kb or settings.kb_dir

    def index(base: KnowledgeBase, update: Progress) -> object:
        return build_index(settings, base).sync(update)

    try:
        with _sigterm_as_interrupt(), progress("indexing") as update:
            result = ingest_files(paths, kb_dir, replace=replace, index=index, progress=update)
    except IngestStopped as stop:  # said once the progress bar is gone
        typer.echo(f"error: {stop}", err=True)
        raise typer.Exit(stop.exit_code) from None
    report = result.index_report
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


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While ingesting, SIGTERM raises Terminated (a KeyboardInterrupt) so it is rolled back as Ctrl-C is."""

    from bot.errors import Terminated

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
