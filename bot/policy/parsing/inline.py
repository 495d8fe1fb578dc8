"""Clean inline markup out of text so that a clause reads (and is quoted) as plain prose."""

from __future__ import annotations

import html
import re

# C0 and C1 control characters other than tab and line breaks: never part of quotable text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_WHITESPACE = re.compile(r"\s+")

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HARD_BREAK = re.compile(r"\\(?=\n)")
_PLACEHOLDER = re.compile(r"\x00(\d+)\x01")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_URL = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
_IMAGE = re.compile(r"!\[([^\[\]]*)\]" + _URL)
_LINK = re.compile(r"\[([^\[\]]*)\]" + _URL)
_REFERENCE_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^\s<>]+|[^\s<>@]+@[^\s<>@]+\.[a-z]{2,})>", re.I)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
# Bounded spans keep unmatched markers from rescanning the whole paragraph (quadratic time).
_CODE_SPAN = re.compile(r"(`+)(.{1,1000}?)\1", re.DOTALL)
_STARS = re.compile(r"\*\*+")  # bold (and bold italic) markers: never text, so all of them go
_STRONG_UNDERSCORE = re.compile(r"(?<!\w)__(?=\S)(.{1,1000}?)(?<=\S)__(?!\w)", re.DOTALL)
_EMPHASIS_STAR = re.compile(r"\*(?=[^\s*])(.{1,300}?)(?<=[^\s*])\*", re.DOTALL)
_EMPHASIS_UNDERSCORE = re.compile(r"(?<!\w)_(?=[^\s_])(.{1,300}?)(?<=[^\s_])_(?!\w)", re.DOTALL)
_STRIKE = re.compile(r"~~(?=\S)(.{1,1000}?)(?<=\S)~~", re.DOTALL)

# Inline tags vanish without a trace; any other tag (p, div, td, br, ...) separates words.
_INLINE_TAGS = frozenset(
    {
        *("a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i"),
        *("ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time"),
        *("u", "var", "wbr"),
    }
)


def without_controls(text: str) -> str:
    return _CONTROL.sub(" ", text)


def collapse(text: str) -> str:
    """One line, single spaces: the form every clause line is quoted in."""
    return _WHITESPACE.sub(" ", without_controls(text)).strip()


def clean_markdown(raw: str) -> str:
    """Markdown inline syntax (emphasis, links, images, code, HTML, escapes) to one line of plain text."""
    text = _CONTROL.sub(" ", raw)  # also frees \x00 and \x01 to delimit the placeholders below
    escaped: list[str] = []

    def protect(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return f"\x00{len(escaped) - 1}\x01"

    text = _ESCAPE.sub(protect, _HARD_BREAK.sub("", text))
    text = _COMMENT.sub(" ", text)
    text = _CODE_SPAN.sub(lambda m: m.group(2).strip(), text)
    text = _IMAGE.sub(r"\1", text)
    while True:  # innermost first: "[!INCLUDE [a](b)]" keeps both labels
        linked = _REFERENCE_LINK.sub(r"\1", _LINK.sub(r"\1", text))
        if linked == text:
            break
        text = linked
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub(lambda m: "" if m.group(1).lower() in _INLINE_TAGS else " ", text)
    text = _STRONG_UNDERSCORE.sub(r"\1", _STARS.sub("", text))
    text = _EMPHASIS_STAR.sub(r"\1", text)
    text = _EMPHASIS_UNDERSCORE.sub(r"\1", text)
    text = _STRIKE.sub(r"\1", text)
    text = _PLACEHOLDER.sub(lambda m: escaped[int(m.group(1))], text)
    return collapse(html.unescape(text))
