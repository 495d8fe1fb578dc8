"""`policybot chat`: one question per line, follow-ups read in the context of the earlier turns.

A surface like the CLI's `ask`: it reads lines, calls the service with a Conversation, and hands each
Answer to a renderer. `/new` starts a fresh conversation; `/quit`, end of input (Ctrl-D) or
Ctrl-C ends the session cleanly.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from bot.answer.conversation import Conversation
from bot.answer.models import Answer
from bot.errors import PolicyBotError

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


def run_chat(
    service: Any,
    read: Callable[[], str | None],
    render: Callable[[Answer], None],
    say: Callable[[str], None],
    as_of: date | None = None,
) -> int:
    """Answer lines until the input ends; a question that cannot be answered gets a one-line error."""
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
