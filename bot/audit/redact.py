"""Optional PII redaction for what the audit store keeps: e-mail addresses and phone numbers."""

from __future__ import annotations

import re

EMAIL_MARK = "[email]"
PHONE_MARK = "[phone]"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
# A phone number: an optional +country code, an optional (area code), then 2-4 digit groups split by
# spaces, dots or dashes. Counted digits (7 to 15) and the date shapes below keep clause numbers,
# years and ISO dates out.
_PHONE = re.compile(r"(?<![\w.+/-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,5}(?:[ .-]?\d{2,5}){1,5}(?![\w/-])")
_DATE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")


def redact_pii(text: str) -> str:
    """The text with e-mail addresses and phone numbers replaced by [email] and [phone]."""
    text = _EMAIL.sub(EMAIL_MARK, text)
    return _PHONE.sub(_phone_or_same, text)


def _phone_or_same(match: re.Match[str]) -> str:
    found = match.group(0)
    digits = sum(ch.isdigit() for ch in found)
    if not 7 <= digits <= 15 or _DATE.fullmatch(found):
        return found
    if "." in found and not found.startswith(("+", "(")) and found.count(".") < 2:
        return found  # a decimal number such as 1234.5678, not a phone number
    return PHONE_MARK
