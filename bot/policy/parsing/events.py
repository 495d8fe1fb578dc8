"""The format-neutral stream every reader produces: headings and blocks, each with its source span.

Readers (markdown, text, html) only recognise structure and clean text; what becomes a clause,
its section path and its id is decided once, in assemble.py, for every format alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["paragraph", "item", "table", "code", "quote"]


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1 is outermost; only the order of levels matters
    title: str  # cleaned for display
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    text: str  # cleaned for quoting; lines separated by "\n"
    start: int  # span of the raw source, first to last non-blank character
    end: int
    depth: int = 0  # list nesting of an item (indentation or enclosing lists); deeper items sit under shallower


Event = Heading | Block


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int  # before the line break
    text: str

    @property
    def indent(self) -> int:
        stripped = self.text.lstrip(" \t")
        return len(self.text[: len(self.text) - len(stripped)].expandtabs(4))

    @property
    def first_char(self) -> int:
        """Offset of the first non-blank character (the end of the line when it is blank)."""
        return self.end - len(self.text.lstrip())

    @property
    def last_char_end(self) -> int:
        return self.start + len(self.text.rstrip())

    @property
    def blank(self) -> bool:
        return not self.text.strip()


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


def split_lines(source: str, start: int = 0) -> list[Line]:
    """Lines of source[start:], split at \\n, \\r\\n or \\r only (other separators stay inside a line)."""
    lines = []
    for match in _LINE.finditer(source, start):
        if not match.group():
            break
        text = match.group().rstrip("\r\n")
        lines.append(Line(match.start(), match.start() + len(text), text))
    return lines
