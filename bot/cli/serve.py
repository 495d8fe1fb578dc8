"""`policybot serve --http | --socket`: run the Slack app (bot/slack)."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.options import KbOption, NoLlmOption


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    http: Annotated[
        bool, typer.Option("--http", help="Serve POST /slack/events and GET /healthz (production).")
    ] = False,
    socket: Annotated[bool, typer.Option("--socket", help="Connect through Socket Mode (development).")] = False,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="HTTP port.")] = 3000,
    host: Annotated[str, typer.Option("--host", help="HTTP address to listen on.")] = "127.0.0.1",
    kb: KbOption = None,
    no_llm: NoLlmOption = False,
) -> None:
    """Run the Slack app (bot/slack): HTTP mode needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET."""
    from bot.config import load_settings
    from bot.slack.serve import run_http, run_socket

    if http == socket:
        typer.echo("error: choose one of --http or --socket", err=True)
        raise typer.Exit(2)
    if http:
        run_http(load_settings(), host, port, kb, use_llm=not no_llm)
    else:
        run_socket(load_settings(), kb, use_llm=not no_llm)
