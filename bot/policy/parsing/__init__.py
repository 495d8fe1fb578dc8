"""Policy documents (Markdown, plain text, HTML, PDF) → clauses with ids, section paths and spans.

    parse_document(path)                  reads a file: decode, front matter, read, assemble
    parse_text_source(source, fmt, meta)  the same from text in memory (tests, benchmarks)

Every format is read into one stream of headings and blocks (events.py); assemble.py turns that
stream into clauses the same way for all formats (its docstring describes the clause id scheme).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.errors import DocumentError
from bot.policy.models import Clause, DocumentMeta
from bot.policy.parsing.assemble import assemble
from bot.policy.parsing.decoding import decode_text
from bot.policy.parsing.events import Event, Heading
from bot.policy.parsing.frontmatter import build_meta, read_front_matter, split_front_matter
from bot.policy.parsing.html import read_html
from bot.policy.parsing.markdown import read_markdown
from bot.policy.parsing.pdf import extract_pdf_text
from bot.policy.parsing.splitting import MAX_CLAUSE_CHARS
from bot.policy.parsing.text import read_text

__all__ = [
    "MAX_CLAUSE_CHARS",
    "SUPPORTED_SUFFIXES",
    "ParsedDocument",
    "parse_document",
    "parse_text_source",
]

TextFormat = Literal["markdown", "text", "html"]

SUPPORTED_SUFFIXES: dict[str, TextFormat | Literal["pdf"]] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


class ParsedDocument(BaseModel):
    """A document's meta and clauses; clause offsets index `source`, the decoded (or extracted) text."""

    model_config = ConfigDict(frozen=True)

    meta: DocumentMeta
    clauses: tuple[Clause, ...]
    source: str
    dropped: tuple[tuple[int, int], ...] = ()  # spans of blocks dropped as exact duplicates
    body_start: int = 0  # where the text after any front matter begins


def parse_document(path: Path, *, document_id: str | None = None) -> ParsedDocument:
    """Read and parse one policy file; every problem with the file is a one-line DocumentError."""
    name = str(path)
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise DocumentError(f"{name}: unsupported file type {path.suffix or '(none)'!r}; use {supported}")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocumentError(f"{name}: cannot read the file ({error.strerror or error})") from error
    if fmt == "pdf":
        source, fmt = extract_pdf_text(data, name), "text"
    else:
        source = decode_text(data, name)
    if not source.strip():
        raise DocumentError(f"{name}: the document is empty")
    fields, body_start = {}, 0
    if fmt == "markdown" and (front := split_front_matter(source, name)) is not None:
        fields, body_start = read_front_matter(front, name), front.body_start
    events = _read(source, fmt, body_start, name)
    if document_id is not None:
        fields["id"] = document_id
    meta = build_meta(fields, stem=path.stem, first_heading=_first_heading(events))
    return _parsed(source, body_start, events, meta, name)


def parse_text_source(source: str, fmt: str, meta: DocumentMeta) -> ParsedDocument:
    """Parse text held in memory with the given meta; Markdown front matter is skipped, not read."""
    if fmt not in ("markdown", "text", "html"):
        raise ValueError(f"unknown text format {fmt!r}; use markdown, text or html")
    name = meta.id
    body_start = 0
    if fmt == "markdown" and (front := split_front_matter(source, name)) is not None:
        body_start = front.body_start
    return _parsed(source, body_start, _read(source, fmt, body_start, name), meta, name)


def _read(source: str, fmt: str, body_start: int, name: str) -> list[Event]:
    if fmt == "markdown":
        return read_markdown(source, body_start)
    if fmt == "html":
        return read_html(source, name)
    return read_text(source, body_start)


def _first_heading(events: list[Event]) -> str | None:
    return next((event.title for event in events if isinstance(event, Heading)), None)


def _parsed(source: str, body_start: int, events: list[Event], meta: DocumentMeta, name: str) -> ParsedDocument:
    clauses, dropped = assemble(events, meta, source)
    if not clauses:
        raise DocumentError(f"{name}: no clauses found (the document has no text)")
    return ParsedDocument(meta=meta, clauses=clauses, source=source, dropped=dropped, body_start=body_start)
