"""`policybot ask QUESTION | --batch FILE`: one answer, or one JSON line per line of a batch file."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bot.cli.options import AsOfOption, JsonOption, KbOption, NoLlmOption, day_of, kb_dir, print_json

if TYPE_CHECKING:
    from datetime import date

    from bot.answer.service import PolicyService


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)


def ask(
    question: Annotated[str | None, typer.Argument(help="The question, in plain words.")] = None,
    json_out: JsonOption = False,
    as_of: AsOfOption = None,
    kb: KbOption = None,
    no_llm: NoLlmOption = False,
    batch: Annotated[Path | None, typer.Option("--batch", help='JSONL file of {"question", "as_of"?} lines.')] = None,
) -> None:
    """Ask whether a use of the AI services is allowed."""
    from bot.errors import QuestionError
    from bot.wiring import build_service

    if (question is None) == (batch is None):
        raise QuestionError("give either a QUESTION or --batch FILE")
    service = build_service(kb_dir(kb), use_llm=not no_llm)
    day = day_of(as_of)
    if batch is not None:
        raise typer.Exit(_ask_batch(service, batch, day))
    assert question is not None
    answer = service.ask(question, day)
    if json_out:
        print_json(answer.to_json_dict())
    else:
        from bot.cli.render import render_answer

        render_answer(answer)


def _ask_batch(service: PolicyService, path: Path, default_day: date | None) -> int:
    """One JSON line out per line in; a bad line gets an error object and a non-zero exit, not a stop."""
    from bot.answer.dates import parse_iso_date
    from bot.errors import PolicyBotError, QuestionError

    failures = 0
    for number, item in _read_jsonl(path):
        try:
            if not isinstance(item, dict) or not isinstance(item.get("question"), str):
                raise QuestionError('each line must be a question, or a JSON object with a "question" string')
            day = parse_iso_date(item["as_of"]) if item.get("as_of") else default_day
            print_json(service.ask(item["question"], day).to_json_dict())
        except PolicyBotError as exc:
            failures += 1
            print_json({"error": str(exc), "line": number})
        sys.stdout.flush()
    if failures:
        typer.echo(f"error: {failures} line(s) of {path} could not be answered", err=True)
    return 1 if failures else 0


def _read_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    from bot.errors import QuestionError

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionError(f"cannot read batch file {path}: {exc}") from None
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        if not text.startswith("{"):  # plain text: one question a line
            yield number, {"question": text}
            continue
        try:
            yield number, json.loads(text)
        except json.JSONDecodeError as exc:
            yield number, f"invalid JSON ({exc.msg})"
