"""Dates a question names ("as of 2024-03-01", "as of March 2024") select the policy version in force.

So does a version it names ("under the 2023 code"): given the knowledge base's version labels and
their effective dates, that version's first day is the date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta

from bot.errors import QuestionError

_MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(),
        start=1,
    )
}
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
_ISO = re.compile(r"\b(?:as of|as at|as on|on|effective|in force on|dated?)\s+(\d{4})[-/](\d{2})[-/](\d{2})\b", re.I)
_BEFORE_ISO = re.compile(r"\b(?:before|prior to|until)\s+(\d{4})[-/](\d{2})[-/](\d{2})\b", re.I)
_DAY_MONTH_YEAR = re.compile(rf"\b(?:as of|as at|on)\s+(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b(?:as of|as at|on)\s+{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I)
_MONTH_YEAR = re.compile(rf"\b(?:as of|as at|in)\s+{_MONTH}\s+(\d{{4}})\b", re.I)
_BEFORE_MONTH_YEAR = re.compile(rf"\b(?:before|prior to)\s+(?:the\s+)?{_MONTH}\s+(\d{{4}})\b", re.I)
_VERSION = r"(?:code|code of conduct|version|policy|edition|rules|rulebook)"


def parse_iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise QuestionError(f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2024-03-01") from None


def date_in_question(text: str, versions: Mapping[str, date] | None = None) -> date | None:
    """The date a question asks about, if it names one (or a version among `versions`); the first form wins."""
    try:
        if m := _ISO.search(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _BEFORE_ISO.search(text):
            return date(int(m[1]), int(m[2]), int(m[3])) - timedelta(days=1)
        if m := _BEFORE_MONTH_YEAR.search(text):
            return date(int(m[2]), _MONTHS[m[1].lower()], 1) - timedelta(days=1)
        if m := _DAY_MONTH_YEAR.search(text):
            return date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
        if m := _MONTH_DAY_YEAR.search(text):
            return date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
        if m := _MONTH_YEAR.search(text):
            return date(int(m[2]), _MONTHS[m[1].lower()], 1)
    except ValueError:
        return None  # "as of 2024-02-31" is not a date; answer for today rather than fail
    return _version_date(text, versions or {})


def _version_date(text: str, versions: Mapping[str, date]) -> date | None:
    """ "Under the 2023 code", "in version 2023", "the 2023 policy": the first day of that version."""
    for label, effective in versions.items():
        named = re.escape(label)
        if re.search(rf"(?<![\w-])(?:{named}\s+{_VERSION}|version\s+{named})(?![\w-])", text, re.I):
            return effective
    return None
