"""Literals a cue, pattern or term can never match: text that folded questions never hold.

The cue engine reads folded text (bot/rules/extract/text.py `fold`: lower case, Latin accents stripped, ß, ł,
ø, æ, œ spelt out, full-width forms and typographic quotes made plain, whitespace one space). A pattern written
with "GPS", "Überwachung" or "？" can never match there, and nothing says so: the alternative is silently dead.
`dead_literals(source)` walks the expression as `re` parses it and names each such run of literal characters
(with the form to write instead). A character class is dead only when none of its members could match, and
under an inline `(?i)` a letter is dead only when no case of it could; escapes (\\w, \\S, \\b) are never literals.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, NamedTuple

from bot.rules.extract.text import fold

# The parser `re` compiles with (Python 3.11 on; private, so read through getattr): what an expression means to `re`.
_parser: Any = getattr(re, "_parser")  # noqa: B009
_c: Any = getattr(re, "_constants")  # noqa: B009
LITERAL, IN, RANGE, BRANCH, SUBPATTERN = _c.LITERAL, _c.IN, _c.RANGE, _c.BRANCH, _c.SUBPATTERN
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)
_ASSERTS = (_c.ASSERT, _c.ASSERT_NOT)


class DeadLiteral(NamedTuple):
    """A run of literal text folded questions never hold, and the form they hold it in ("" when none)."""

    text: str
    folded: str


@lru_cache(maxsize=4096)
def dead_character(ch: str, ignore_case: bool = False) -> bool:
    """Whether folded text never holds `ch` (under `(?i)`: no case of it). A space is live: fold keeps single ones."""
    if ch == " ":
        return False
    cases = {ch, ch.lower(), ch.upper()} if ignore_case else {ch}
    return all(fold(case) != case for case in cases if len(case) == 1)


_ESCAPE = re.compile(r"\\.", re.DOTALL)
_CODED = re.compile(r"\\[xuUN0-7]")  # a character written by its code: read by the parser


def dead_literals(source: str) -> list[DeadLiteral]:
    """Each run of literal text in the expression `source` that folded text can never hold, in order.
    A source `re` cannot parse has none (the vocabulary's own check reports it malformed)."""
    if _plainly_live(source):
        return []
    try:
        parsed = _parser.parse(source)
    except (re.error, RecursionError, OverflowError):
        return []
    return list(_walk(parsed, parsed.state.flags))


def dead_phrase(words: str) -> DeadLiteral | None:
    """A plain phrase's words, when folded text never holds them (a cue is folded when read: only if fold changed)."""
    folded = fold(words)
    return DeadLiteral(words, folded) if folded != words else None


def _plainly_live(source: str) -> bool:
    """Lower-case ASCII outside its escapes, single spaces, no character written by code: nothing in it can be dead
    (most of the vocabulary's expressions; the others are walked)."""
    bare = _ESCAPE.sub("", source)
    return (
        bare.isascii()
        and bare == bare.lower()
        and "  " not in bare
        and not _CODED.search(source)
        and (not any(ch in "\t\n\r\x0b\x0c" for ch in bare))
    )


def _walk(items: Any, flags: int) -> Iterator[DeadLiteral]:
    ignore_case = bool(flags & re.IGNORECASE)
    run: list[str] = []
    for op, av in [*items, (None, None)]:  # a sentinel ends the last run of literals
        if op is LITERAL:
            run.append(chr(av))
            continue
        if run:
            yield from _dead_run("".join(run), ignore_case)
            run = []
        if op is IN and _dead_class(av, ignore_case):
            members = "".join(chr(a) if o is LITERAL else f"{chr(a[0])}-{chr(a[1])}" for o, a in av)
            yield DeadLiteral(f"[{members}]", "")
        elif op is BRANCH:
            for branch in av[1]:
                yield from _walk(branch, flags)
        elif op is SUBPATTERN:
            _group, add, remove, sub = av
            yield from _walk(sub, (flags | add) & ~remove)
        elif op in _REPEATS:
            yield from _walk(av[2], flags)
        elif op in _ASSERTS:
            yield from _walk(av[1], flags)
        elif op is _c.ATOMIC_GROUP:
            yield from _walk(av, flags)
        elif op is _c.GROUPREF_EXISTS:
            for sub in av[1:]:
                if sub is not None:
                    yield from _walk(sub, flags)


def _dead_run(run: str, ignore_case: bool) -> Iterator[DeadLiteral]:
    """The run, when folded text never holds it: a dead character, two spaces, or a form fold changes in context
    (a letter and a combining accent written apart)."""
    written = run.lower() if ignore_case else run
    folded = fold(written)
    if "  " in run or any(dead_character(ch, ignore_case) for ch in run) or folded != " ".join(written.split()):
        lead, trail = len(written) - len(written.lstrip(" ")), len(written) - len(written.rstrip(" "))
        yield DeadLiteral(run, " " * lead + folded + " " * trail if folded else "")


def _dead_class(members: Any, ignore_case: bool) -> bool:
    """A class none of whose members folded text holds (a negated class or one with an escape always matches)."""
    for op, av in members:
        if op is LITERAL:
            if not dead_character(chr(av), ignore_case):
                return False
        elif op is RANGE:
            if any(not dead_character(chr(c), ignore_case) for c in range(av[0], av[1] + 1)):
                return False
        else:  # NEGATE, CATEGORY (\w, \S): something folded text holds
            return False
    return True
