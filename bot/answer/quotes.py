"""Verbatim quotes: matching a quote to a clause's text after normalising whitespace, quote marks and case.

A match is returned as the clause's own characters, so what the user sees is always an exact
substring of the clause as `policybot clause ID --json` prints it.
"""

from __future__ import annotations

from bot.policy.models import Clause

MIN_QUOTE_CHARS = 12  # a shorter "quote" ("the", "prohibited") says nothing about the clause

_MARKS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
}
_STRIP = " \t\r\n\"'\u2018\u2019\u201c\u201d\u00ab\u00bb`"


def _normalised(text: str) -> tuple[str, list[int]]:
    """The normalised text, and for each of its characters the index of the original character."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                index.append(i)
            continue
        for folded in _MARKS.get(ch, ch).lower():
            out.append(folded)
            index.append(i)
    while out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


def normalise(text: str) -> str:
    return _normalised(text)[0]


def find_verbatim(quote: str, text: str) -> str | None:
    """The span of `text` that `quote` reproduces (modulo whitespace, quote marks, case), or None."""
    wanted = normalise(quote.strip(_STRIP))
    if len(wanted) < MIN_QUOTE_CHARS:
        return None
    norm, index = _normalised(text)
    pos = norm.find(wanted)
    if pos < 0:
        return None
    return text[index[pos] : index[pos + len(wanted) - 1] + 1]


def quote_of(clause: Clause) -> str:
    """The clause's body without the heading lines it opens with: a verbatim substring of its text."""
    lines = clause.text.split("\n")
    headings = set(clause.section)
    while len(lines) > 1 and lines[0].strip() in headings:
        lines.pop(0)
    return "\n".join(lines).strip()
