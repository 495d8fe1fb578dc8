"""Section numbers found in headings and paragraphs, and clause ids that stay unique in a document."""

from __future__ import annotations

import re

# "3.", "3.2", "3.2.1 Title", "Section 4.1", "Article 5", "§ 7", "12)"; a number must end at a dot, a
# bracket, a space or the end, and has at most three digits per part so "2024 update" is no section 4.
_HEADING_NUMBER = re.compile(
    r"(?:(?:section|article|clause|part|§)\s*)?(\d{1,3}(?:\.\d{1,3})*)(?:[.)](?=\s|$)|(?=\s)|$)", re.I
)
# A paragraph opening with "1.1." or "20.6)" (as in "**1.1.** You may not ...") carries its own number.
_PARAGRAPH_NUMBER = re.compile(r"(\d{1,3}(?:\.\d{1,3})+)[.)](?=\s)")
_NAMED_SECTION = re.compile(r"(?:section|article|clause|part|§)", re.I)


def heading_number(title: str) -> str | None:
    """The section number a heading title starts with: "3.2 Police" → "3.2"; None when it has none."""
    match = _HEADING_NUMBER.match(title)
    return match.group(1) if match else None


def without_number(title: str) -> str:
    """The title after its section number: "Section 4.1 Scope" → "Scope"."""
    match = _HEADING_NUMBER.match(title)
    return title[match.end() :].strip() if match else title


def paragraph_number(text: str) -> str | None:
    match = _PARAGRAPH_NUMBER.match(text)
    return match.group(1) if match else None


def is_named_section(title: str) -> bool:
    """True for "Section 4", "Article 5" ...: a number that is surely a heading, not a list item."""
    return _NAMED_SECTION.match(title) is not None


class ClauseIds:
    """Hands out local ids ("3.2", "s1.4.p2") once each; a repeat gets "-2", "-3", ..."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, wanted: str) -> str:
        local, repeat = wanted, 1
        while local in self._taken:
            repeat += 1
            local = f"{wanted}-{repeat}"
        self._taken.add(local)
        return local
