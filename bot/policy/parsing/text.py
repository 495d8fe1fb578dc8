"""Plain text → headings and blocks.

Paragraphs are runs of non-blank lines. Inside a run, a line is a list item when it starts with a
bullet ("-", "*", "•", ...) or a number ("1.", "2)", "(a)"), and the lines after it continue it. A
short line (at most 80 characters, not ending in a comma or semicolon) that opens a run, or follows a
heading or a sentence end, is a heading when it is ALL CAPS, or numbered and either has a multi-part
number ("3.2 Scope"), a "Section"/"Article" prefix, an ALL-CAPS title ("2. PROHIBITED USES"), or
stands alone between blank lines without closing punctuation ("1. Introduction"). A numbered
heading's level is its number's depth; an unnumbered one is level 1.
"""

from __future__ import annotations

import re

from bot.policy.parsing.events import Block, BlockKind, Event, Heading, Line, split_lines
from bot.policy.parsing.inline import collapse
from bot.policy.parsing.numbering import heading_number, is_named_section, without_number

_BULLET = re.compile(r"[ \t]*(?:[-*•◦▪‣–+]|\d{1,3}[.)]|\(?[a-zA-Z]\))[ \t]+(?=\S)")
_UNNUMBERED_BULLET = re.compile(r"[ \t]*(?:[-*•◦▪‣–+]|\(?[a-zA-Z]\))[ \t]+(?=\S)")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*\s*$")
MAX_HEADING_CHARS = 80


def read_text(source: str, body_start: int = 0) -> list[Event]:
    events: list[Event] = []
    run: list[Line] = []
    for line in split_lines(source, body_start):
        if not line.blank:
            run.append(line)
        elif run:
            events += _read_run(run)
            run = []
    if run:
        events += _read_run(run)
    return events


def heading_level(text: str, *, alone: bool) -> int | None:
    """The level of a heading line, or None when the line is body text."""
    line = collapse(text)
    if not line or _UNNUMBERED_BULLET.match(text) or len(line) > MAX_HEADING_CHARS or line.endswith((",", ";")):
        return None
    number = heading_number(line)
    if number is None:
        return 1 if _all_caps(line) else None
    title = without_number(line)
    if not any(c.isalpha() for c in title):
        return None
    depth = number.count(".") + 1
    surely_heading = depth > 1 or is_named_section(line) or _all_caps(title)
    if surely_heading or (alone and not line.endswith((".", ":", "!", "?"))):
        return depth
    return None


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _read_run(run: list[Line]) -> list[Event]:
    events: list[Event] = []
    gathered: list[Line] = []  # lines of the paragraph or item being read
    may_be_heading = True
    for line in run:
        level = heading_level(line.text, alone=len(run) == 1) if may_be_heading else None
        if level is not None:
            events += _block(gathered)
            gathered = []
            events.append(Heading(level, collapse(line.text), line.first_char, line.last_char_end))
        else:
            if _BULLET.match(line.text):
                events += _block(gathered)
                gathered = []
            gathered.append(line)
        may_be_heading = level is not None or _SENTENCE_END.search(line.text) is not None
    return events + _block(gathered)


def _block(lines: list[Line]) -> list[Event]:
    if not lines:
        return []
    bullet = _BULLET.match(lines[0].text)
    first = lines[0].text[bullet.end() :] if bullet else lines[0].text
    text = collapse(" ".join([first, *(line.text for line in lines[1:])]))
    if not text:
        return []
    kind: BlockKind = "item" if bullet else "paragraph"
    return [Block(kind, text, lines[0].first_char, lines[-1].last_char_end, lines[0].indent)]
