"""HTML → headings and blocks, with the standard library's parser; offsets come from getpos().

Headings are h1-h6. A p, li, div (or any other block element) is a block; a table is one block with
a line per row and " | " between cells; pre is a code block; a blockquote is one block with a line
per inner block. Text of script, style, title, template and noscript is ignored.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from bot.errors import DocumentError
from bot.policy.parsing.events import Block, BlockKind, Event, Heading
from bot.policy.parsing.inline import collapse, without_controls

_HEADING_LEVELS = {f"h{n}": n for n in range(1, 7)}
_CONTAINERS = frozenset({"table", "pre", "blockquote", *_HEADING_LEVELS})  # gather all inside as one
_IGNORED = frozenset({"script", "style", "title", "template", "noscript"})
_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "body", "dd", "details", "dialog", "div", "dl", "dt"),
        *("fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "html", "li"),
        *("main", "nav", "ol", "p", "section", "summary", "ul"),
    }
)


def read_html(source: str, name: str) -> list[Event]:
    collector = _Collector(source)
    try:
        collector.feed(source)
        collector.close()
    except AssertionError as error:  # the stdlib parser's way to reject some malformed declarations
        raise DocumentError(f"{name}: malformed HTML ({error})") from error
    return collector.events


class _Collector(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)  # entities arrive separately, so offsets stay raw
        self.source = source
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", source))]
        self.events: list[Event] = []
        self.ignoring = 0  # depth inside ignored elements
        # the block being gathered
        self.kind: BlockKind = "paragraph"
        self.pieces: list[str] = []
        self.opened_at: int | None = None  # the opening tag of the current block element
        self.lists = 0  # ul/ol elements open around the current point
        self.depth = 0  # lists open around the current item
        self.start: int | None = None
        self.end = 0
        # a container (table, pre, blockquote, heading) gathers everything inside it
        self.container: str | None = None
        self.nesting = 0  # same-named elements nested in the container
        self.rows: list[list[str]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self._offset()
        if tag in _IGNORED:
            self.ignoring += 1
        if self.ignoring:
            return
        if self.container is not None:
            self._start_inside_container(tag)
        elif tag in _CONTAINERS:
            self._flush()
            self.container, self.nesting, self.start, self.rows = tag, 1, at, []
        elif tag == "br":
            self.pieces.append(" ")
        elif tag in _BLOCKS:
            self._flush()
            self.kind = "item" if tag == "li" else "paragraph"
            self.opened_at = at
            self.depth = self.lists
            if tag in ("ul", "ol"):
                self.lists += 1

    def _start_inside_container(self, tag: str) -> None:
        if tag == self.container:
            self.nesting += 1
        elif self.container == "table" and tag == "tr":
            self.rows.append([])
        elif self.container == "table" and tag in ("td", "th"):
            self._row().append("")
        elif tag == "br" or (self.container == "blockquote" and tag in _BLOCKS):
            self._text("\n", 0, 0)

    def handle_endtag(self, tag: str) -> None:
        at = self._offset()
        close = self.source.find(">", at)
        end = close + 1 if close >= 0 else len(self.source)
        if tag in _IGNORED and self.ignoring:
            self.ignoring -= 1
            return
        if self.ignoring:
            return
        if self.container is not None:
            if tag == self.container:
                self.nesting -= 1
                if self.nesting == 0:
                    self.end = end
                    self._close_container()
            elif self.container == "blockquote" and tag in _BLOCKS:
                self.pieces.append("\n")
        elif tag in _BLOCKS:
            if self.start is not None:
                self.end = end
            self._flush()
            if tag in ("ul", "ol") and self.lists:
                self.lists -= 1

    def handle_data(self, data: str) -> None:
        at = self._offset()
        self._text(data, at, at + len(data))

    def handle_entityref(self, name: str) -> None:
        at = self._offset()
        end = at + 1 + len(name)
        end += self.source.startswith(";", end)
        self._text(html.unescape(f"&{name};"), at, end)

    def handle_charref(self, name: str) -> None:
        at = self._offset()
        end = at + 2 + len(name)
        end += self.source.startswith(";", end)
        self._text(html.unescape(f"&#{name};"), at, end)

    def _text(self, text: str, at: int, end: int) -> None:
        if self.ignoring:
            return
        if self.container == "table":
            cells = self._cells()
            cells[-1] += text.replace("\n", " ")
        else:
            self.pieces.append(text)
        if text.strip():
            if self.start is None:
                self.start = self.opened_at if self.opened_at is not None else at
            self.end = end

    def _row(self) -> list[str]:
        if not self.rows:
            self.rows.append([])
        return self.rows[-1]

    def _cells(self) -> list[str]:
        """The current row, with at least one cell to add text to."""
        row = self._row()
        if not row:
            row.append("")
        return row

    def _close_container(self) -> None:
        container, start, raw = self.container, self.start or 0, "".join(self.pieces)
        self.container, self.pieces, self.start = None, [], None
        if container in _HEADING_LEVELS:
            if title := collapse(raw):
                self.events.append(Heading(_HEADING_LEVELS[container], title, start, self.end))
            return
        if container == "pre":
            lines = [line.rstrip() for line in without_controls(raw).split("\n")]
            self._append("code", "\n".join(lines).strip("\n"), start)
        elif container == "blockquote":
            self._append("quote", "\n".join(filter(None, map(collapse, raw.split("\n")))), start)
        else:
            rows = [collapse(" | ".join(collapse(cell) for cell in row)) for row in self.rows]
            self._append("table", "\n".join(row for row in rows if row.strip(" |")), start)

    def _append(self, kind: BlockKind, text: str, start: int) -> None:
        if text.strip():
            self.events.append(Block(kind, text, start, self.end, self.depth if kind == "item" else 0))

    def _flush(self) -> None:
        if self.start is not None:
            self._append(self.kind, collapse("".join(self.pieces)), self.start)
        self.kind, self.pieces, self.opened_at, self.start = "paragraph", [], None, None

    def close(self) -> None:
        super().close()
        if self.container is not None:
            self._close_container()
        self._flush()
