"""What every command shares: the --kb, --json, --as-of and --no-llm options, JSON output, progress.

Light on purpose: `policybot --help` imports every command module, so domain code is imported
inside the functions that need it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from datetime import date

    from bot.policy.knowledge import KnowledgeBase

KbOption = Annotated[Path | None, typer.Option("--kb", help="Knowledge base folder (default: the shipped one).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="Answer under the policy in force on YYYY-MM-DD.")]
NoLlmOption = Annotated[bool, typer.Option("--no-llm", help="Answer from the rules and clauses alone.")]


def kb_dir(path: Path | None) -> Path:
    """The --kb folder, or the configured one."""
    from bot.config import load_settings

    return path or load_settings().kb_dir


def load_kb(path: Path | None, with_rules: bool = True) -> KnowledgeBase:
    from bot.config import load_settings
    from bot.policy.knowledge import load_knowledge_base

    cache = load_settings().data_dir / "cache"  # the parsed vocabulary, kept for the next command
    return load_knowledge_base(kb_dir(path), with_rules=with_rules, cache_dir=cache)


def day_of(text: str | None) -> date | None:
    """An --as-of value as a date; None when not given."""
    if not text:
        return None
    from bot.answer.dates import parse_iso_date

    return parse_iso_date(text)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


@contextmanager
def progress(what: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for long indexing runs; silent for small ones."""
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and total >= 200:
            from tqdm import tqdm

            bar = tqdm(total=total, desc=what, unit="clause", file=sys.stderr, leave=False)
        if bar is not None:
            bar.n = done
            bar.refresh()

    try:
        yield update
    finally:
        if bar is not None:
            bar.close()
