"""`policybot chat`: one question per line, follow-ups read in the context of the earlier turns.

A surface like the CLI's `ask`: it reads lines, calls the service with a Conversation, and hands each
Answer to a renderer. `/new` starts a fresh conversation; `/quit`, end of input (Ctrl-D) or
Ctrl-C ends the session cleanly.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

from bot.cli.options import AsOfOption, JsonOption, KbOption, NoLlmOption, day_of, kb_dir, print_json

if TYPE_CHECKING:
    from datetime import date

    from bot.answer.models import Answer

WELCOME = (
    "Ask whether a use of the AI services is allowed; follow up as you would with a colleague "
    '("and what about in Canada?"). /new starts over, /quit or Ctrl-D ends.'
)


def stdin_lines() -> Callable[[], str | None]:
    """The next line typed or piped in, None at the end; a prompt only when a person is typing."""
    interactive = sys.stdin.isatty()

    def read() -> str | None:
        if interactive:
            try:
                return input("> ")
            except EOFError:
                sys.stdout.write("\n")
                return None
        line = sys.stdin.readline()
        return line if line else None

    return read


def register(app: typer.Typer) -> None:
    app.command("chat")(chat)


def chat(
    json_out: JsonOption = False,
    as_of: AsOfOption = None,
    kb: KbOption = None,
    no_llm: NoLlmOption = False,
) -> None:
    """Talk it through: one question per line, with follow-ups ("and in Canada?"); Ctrl-D ends."""
    from bot.cli.render import render_answer
    from bot.wiring import build_service

    service = build_service(kb_dir(kb), use_llm=not no_llm)
    day = day_of(as_of)
    if sys.stdin.isatty():
        typer.echo(WELCOME, err=True)
    render = (lambda a: print_json(a.to_json_dict())) if json_out else render_answer
    raise typer.Exit(run_chat(service, stdin_lines(), render, lambda m: typer.echo(m, err=True), day))


def run_chat(
    service: Any,
    read: Callable[[], str | None],
    render: Callable[[Answer], None],
    say: Callable[[str], None],
    as_of: date | None = None,
) -> int:
    """Answer lines until the input ends; a question that cannot be answered gets a one-line error."""
    from bot.answer.conversation import Conversation
    from bot.errors import PolicyBotError

    conversation = Conversation()
    try:
        while (line := read()) is not None:
            text = line.strip()
            if not text:
                continue
            if text in ("/quit", "/exit"):
                break
            if text in ("/new", "/reset"):
                conversation.reset()
                say("(new conversation)")
                continue
            try:
                answer = service.ask(text, as_of, conversation=conversation)
            except PolicyBotError as exc:
                say(f"error: {exc}")
                continue
            render(answer)
    except KeyboardInterrupt:
        say("")
    return 0
