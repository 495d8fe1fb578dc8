"""Text for Slack's mrkdwn: escaping, block quotes, and splitting to fit a block's character limit."""

from __future__ import annotations

SECTION_LIMIT = 3000  # characters in a section block's text
_ELLIPSIS = "…"


def escape(text: str) -> str:
    """Slack's three control characters; everything else (policy text included) is shown as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quote(text: str) -> str:
    """A block quote: every line of the escaped text starts with '>'."""
    return "\n".join(f">{line}" if line else ">" for line in escape(text).split("\n"))


def link(url: str, label: str) -> str:
    return f"<{escape(url).replace('|', '%7C')}|{escape(label)}>"


def split(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, cut at a paragraph, line, sentence or word when one is near."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = _cut(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def _cut(text: str, limit: int) -> int:
    window = text[:limit]
    for sep in ("\n\n", "\n", ". ", "; ", " "):
        at = window.rfind(sep)
        if at >= limit // 2:
            return at + len(sep)
    return _safe_cut(text, limit)


def _safe_cut(text: str, limit: int) -> int:
    """Never cut inside an escape such as '&amp;' (it would show as garbage)."""
    amp = text.rfind("&", max(0, limit - 5), limit)
    if amp != -1 and ";" in text[amp : limit + 5] and text.find(";", amp) >= limit:
        return amp
    return limit


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: _safe_cut(text, limit - 1)].rstrip() + _ELLIPSIS
