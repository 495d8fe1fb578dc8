"""The `policybot` command: parse arguments, call the service, render. No decisions are made here.

One module per command group, each with a `register(app)`; what they share is in options.py and
render.py. Command modules import domain code inside their functions, so `policybot --help` stays fast.
"""

from __future__ import annotations

import os
import sys

import typer

from bot.cli import announce, ask, audit, chat, console, diff, ingest, lookup, rules, serve, vet
from bot.cli import eval as golden

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Answers 'may we do this?' from the AI services code of conduct.",
)
for _module in (ask, chat, lookup, rules, ingest, announce, diff, vet, golden, serve, audit, console):
    _module.register(app)


def _commands_of(error: Exception) -> list[str]:
    """The commands of the group a mistyped command was given to (`policybot`, or `policybot rules`)."""
    ctx = getattr(error, "ctx", None)
    list_commands = getattr(getattr(ctx, "command", None), "list_commands", None)
    return list(list_commands(ctx)) if callable(list_commands) else []


def main() -> None:
    """Entry point: expected failures print one line on stderr; nothing prints a traceback."""
    from bot.errors import PolicyBotError

    try:
        code = app(standalone_mode=False)  # click returns an Exit's code instead of raising it here
    except PolicyBotError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug must still not dump a traceback on a user
        if os.environ.get("POLICYBOT_DEBUG"):
            raise
        show = getattr(exc, "show", None)
        if isinstance(exc, typer.TyperException) and callable(show):  # a usage error: the user's, not ours
            show()  # usage line, "Try 'policybot --help' for help." and the error, as click prints it
            commands = _commands_of(exc) if "No such command" in str(exc) else []
            if commands:
                typer.echo(f"Commands: {', '.join(commands)}", err=True)
            sys.exit(exc.exit_code)
        typer.echo(f"internal error: {type(exc).__name__}: {exc} (set POLICYBOT_DEBUG=1 for details)", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
