"""Turn raw text (Slack markup, mentions, stray control characters, any length) into a clean Question."""

from __future__ import annotations

import html
import re
import unicodedata

from pydantic import BaseModel

from bot.errors import QuestionError

MAX_QUESTION_CHARS = 8_000

_SLACK_USER = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_SLACK_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>")
_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")
_SLACK_SPECIAL = re.compile(r"<!(?:here|channel|everyone|subteam\^[A-Z0-9]+)(?:\|[^>]*)?>")
_EMPHASIS = re.compile(r"(?<![\w*_~`])([*_~])(?=\S)(.+?)(?<=\S)\1(?![\w*_~`])")
_CODE = re.compile(r"`{1,3}([^`]*)`{1,3}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


class Question(BaseModel):
    text: str
    warnings: list[str] = []


def normalise_question(raw: str) -> Question:
    """Strip markup and control characters; refuse empty questions; cut very long ones with a warning."""
    text = unicodedata.normalize("NFC", raw)
    text = _SLACK_USER.sub(" ", text)
    text = _SLACK_SPECIAL.sub(" ", text)
    text = _SLACK_CHANNEL.sub(lambda m: f"#{m.group(1) or 'channel'}", text)
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = html.unescape(text)
    text = _CODE.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _CONTROL.sub(" ", text)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\s*\n\s*", "\n", text).strip()
    if not text:
        raise QuestionError("the question is empty: ask what you would like to do with the AI services")
    warnings = []
    if len(text) > MAX_QUESTION_CHARS:
        warnings.append(
            f"the question was {len(text):,} characters long; only the first {MAX_QUESTION_CHARS:,} were read"
        )
        text = text[:MAX_QUESTION_CHARS].rstrip()  # a cut may land on a space
    return Question(text=text, warnings=warnings)
