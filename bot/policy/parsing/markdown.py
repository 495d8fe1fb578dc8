"""Markdown body → headings and blocks (a line scanner for the CommonMark/GFM subset policies use).

Recognised: ATX and Setext headings, paragraphs, list items (each item, nested or not, is a block),
GFM pipe tables, fenced code, blockquotes (GitHub "[!NOTE]" markers kept as a word), thematic breaks
(skipped). Indented code blocks are not: in policies, indentation means list nesting.
"""

from __future__ import annotations

import re

from bot.policy.parsing.events import Block, BlockKind, Event, Heading, Line, split_lines
from bot.policy.parsing.inline import clean_markdown, collapse, without_controls

_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_THEMATIC_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r" {0,3}>")
_QUOTE_MARKERS = re.compile(r"(?:[ \t]{0,3}>[ \t]?)+")
_TABLE_ROW = re.compile(r" {0,3}\|")
_TABLE_DELIMITER = re.compile(r"[ \t]*:?-+:?[ \t]*")
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
_ITEM = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|$)")
_ADMONITION = re.compile(r"\[!(\w+)\]\s*$")


def read_markdown(source: str, body_start: int = 0) -> list[Event]:
    return _Scanner(source, split_lines(source, body_start)).scan()


def _starts_other_block(text: str) -> bool:
    """Whether a line ends the paragraph or list item before it."""
    return bool(
        _ATX.match(text)
        or _FENCE.match(text)
        or _QUOTE.match(text)
        or _TABLE_ROW.match(text)
        or _THEMATIC_BREAK.match(text)
        or _ITEM.match(text)
    )


class _Scanner:
    def __init__(self, source: str, lines: list[Line]) -> None:
        self.source = source
        self.lines = lines
        self.events: list[Event] = []

    def scan(self) -> list[Event]:
        i = 0
        while i < len(self.lines):
            text = self.lines[i].text
            if self.lines[i].blank or _THEMATIC_BREAK.match(text):
                i += 1
            elif fence := _FENCE.match(text):
                i = self._code(i, fence.group(1))
            elif atx := _ATX.match(text):
                self._heading(len(atx.group(1)), atx.group(2) or "", self.lines[i], self.lines[i])
                i += 1
            elif _QUOTE.match(text):
                i = self._quote(i)
            elif _TABLE_ROW.match(text):
                i = self._table(i)
            elif item := _ITEM.match(text):
                i = self._item(i, item.end())
            else:
                i = self._paragraph(i)
        return self.events

    def _heading(self, level: int, raw_title: str, first: Line, last: Line) -> None:
        title = clean_markdown(raw_title)
        if title:
            self.events.append(Heading(level, title, first.first_char, last.last_char_end))

    def _block(self, kind: BlockKind, chunks: list[str], first: Line, last: Line, depth: int = 0) -> None:
        text = "\n".join(chunk for chunk in chunks if chunk)
        if text:
            self.events.append(Block(kind, text, first.first_char, last.last_char_end, depth))

    def _paragraph(self, i: int) -> int:
        end = i + 1
        while end < len(self.lines) and not self.lines[end].blank:
            text = self.lines[end].text
            if _SETEXT_UNDERLINE.match(text):
                level = 1 if text.strip().startswith("=") else 2
                raw = "\n".join(line.text for line in self.lines[i:end])
                self._heading(level, raw, self.lines[i], self.lines[end])
                return end + 1
            if _starts_other_block(text):
                break
            end += 1
        raw = "\n".join(line.text for line in self.lines[i:end])
        self._block("paragraph", [clean_markdown(raw)], self.lines[i], self.lines[end - 1])
        return end

    def _item(self, i: int, content_at: int) -> int:
        """One list item: its first line, lazy continuation lines, and indented paragraphs after blanks."""
        marker_indent = self.lines[i].indent
        chunks = [[self.lines[i].text[content_at:]]]
        last = i
        j = i + 1
        while j < len(self.lines):
            line = self.lines[j]
            if line.blank:
                j += 1
                continue
            if _starts_other_block(line.text):
                break
            if j > last + 1:  # after a blank line only deeper indentation continues the item
                if line.indent <= marker_indent:
                    break
                chunks.append([])
            chunks[-1].append(line.text.strip())
            last = j
            j += 1
        cleaned = [clean_markdown("\n".join(c)) for c in chunks]
        self._block("item", cleaned, self.lines[i], self.lines[last], marker_indent)
        return last + 1

    def _quote(self, i: int) -> int:
        end = i
        while end < len(self.lines) and _QUOTE.match(self.lines[end].text):
            end += 1
        chunks: list[list[str]] = [[]]
        for line in self.lines[i:end]:
            inner = _QUOTE_MARKERS.sub("", line.text, count=1)
            if admonition := _ADMONITION.match(inner.strip()):
                chunks += [[admonition.group(1)], []]
            elif not inner.strip():
                chunks.append([])
            elif item := _ITEM.match(inner):
                chunks += [[inner[item.end() :]]]
            else:
                chunks[-1].append(inner)
        self._block("quote", [clean_markdown("\n".join(c)) for c in chunks], self.lines[i], self.lines[end - 1])
        return end

    def _table(self, i: int) -> int:
        end = i
        while end < len(self.lines) and _TABLE_ROW.match(self.lines[end].text):
            end += 1
        rows = []
        for line in self.lines[i:end]:
            cells = _CELL_SEPARATOR.split(line.text.strip())
            cells = cells[1:-1] if len(cells) > 2 and not cells[-1].strip() else cells[1:]
            if all(_TABLE_DELIMITER.fullmatch(cell) for cell in cells):
                continue
            cleaned = [clean_markdown(cell.replace("\\|", "|")) for cell in cells]
            if any(cleaned):
                rows.append(collapse(" | ".join(cleaned)))
        self._block("table", rows, self.lines[i], self.lines[end - 1])
        return end

    def _code(self, i: int, fence: str) -> int:
        closing = re.compile(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = i + 1
        while end < len(self.lines) and not closing.match(self.lines[end].text):
            end += 1
        body = [without_controls(line.text).rstrip() for line in self.lines[i + 1 : end]]
        last = self.lines[min(end, len(self.lines) - 1)]
        self._block("code", ["\n".join(body).strip("\n")], self.lines[i], last)
        return end + 1
