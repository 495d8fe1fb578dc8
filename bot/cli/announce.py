"""`policybot announce DOC`, and the announcement `policybot ingest` makes of each new version."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.options import KbOption

if TYPE_CHECKING:
    from bot.config import Settings


def register(app: typer.Typer) -> None:
    app.command("announce")(announce)


def announce(
    document: Annotated[str, typer.Argument(help="The new version's document id, e.g. coc-2024.")],
    channel: Annotated[
        str | None, typer.Option("--channel", help="Slack channel id (default: POLICYBOT_ANNOUNCE_CHANNEL).")
    ] = None,
    kb: KbOption = None,
) -> None:
    """Post a new version's summary of changes (against the version it supersedes) in a Slack channel."""
    from bot.config import load_settings
    from bot.errors import ConfigError
    from bot.policy.knowledge import load_knowledge_base
    from bot.slack.announce import announce_version, announcement_client, versions_to_announce

    settings = load_settings()
    target = channel or settings.announce_channel
    if not target:
        raise ConfigError("say where to announce: --channel C0123 or POLICYBOT_ANNOUNCE_CHANNEL")
    old, new = versions_to_announce(load_knowledge_base(kb or settings.kb_dir, with_rules=False), document)
    announce_version(announcement_client(settings), target, old, new)
    typer.echo(f"announced {new.id} (superseding {old.id}) in {target}", err=True)


def announce_ingested(settings: Settings, kb_dir: Path, new_versions: list[tuple[str, str]]) -> None:
    """After an ingest: announce each new version where POLICYBOT_ANNOUNCE_CHANNEL says. A failure is a
    warning, not an error: the documents are in, and `policybot announce` can post the summary later."""
    channel = settings.announce_channel
    if not channel or not new_versions:
        return
    from bot.errors import PolicyBotError
    from bot.policy.knowledge import load_knowledge_base
    from bot.slack.announce import announce_version, announcement_client

    documents = load_knowledge_base(kb_dir, with_rules=False).documents
    for old_id, new_id in new_versions:
        try:
            announce_version(announcement_client(settings), channel, documents[old_id], documents[new_id])
        except PolicyBotError as exc:
            typer.echo(f"warning: {exc}; {new_id} is ingested: `policybot announce {new_id}` posts it later", err=True)
        else:
            typer.echo(f"announced {new_id} (superseding {old_id}) in {channel}", err=True)
