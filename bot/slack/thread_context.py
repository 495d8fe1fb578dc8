"""A thread's earlier turns, read back from the metadata our answers carry, as the service's Conversation.

Every answer we post carries Slack message metadata (type `policy_answer`): the question, the verdict,
a short answer and the facts. A follow-up in the thread ("and in Canada?") is then read with those
turns, without asking anything again. A thread that starts with a person's message we never answered
(someone asks, a colleague @mentions us: "is this allowed?") has that message read as the first turn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from bot.answer.conversation import Conversation, Turn
from bot.answer.dates import date_in_question
from bot.answer.models import Answer
from bot.rules.facts import Facts
from bot.rules.model import Verdict
from bot.slack import payloads

METADATA_TEXT_CHARS = 1000


def answer_metadata(answer: Answer, ref: str) -> dict[str, Any]:
    """The metadata posted with an answer (kept small: Slack stores it with the message)."""
    return {
        "event_type": payloads.ANSWER_EVENT_TYPE,
        "event_payload": {
            "ref": ref,
            "question": answer.question[:METADATA_TEXT_CHARS],
            "verdict": answer.verdict.value,
            "answer": answer.answer[:METADATA_TEXT_CHARS],
            "facts": answer.facts,
        },
    }


def conversation_from_messages(
    messages: Iterable[Mapping[str, Any]],
    before_ts: str | None,
    bot_user_id: str | None,
    read_root: Callable[[str, Conversation], None] | None = None,
) -> Conversation | None:
    """The turns before `before_ts`, oldest first; None when there are none."""
    earlier = sorted((m for m in messages if payloads.ts_before(m.get("ts"), before_ts)), key=_ts)
    conversation = Conversation()
    for message in earlier:
        turn = _turn(payloads.answer_metadata(message))
        if turn is not None:
            conversation.turns.append(turn)
            conversation.named_date = date_in_question(turn.question) or conversation.named_date
    if not conversation.turns and earlier and read_root is not None:
        root = earlier[0]
        if payloads.is_plain_user_message(root, bot_user_id) and str(root.get("text", "")).strip():
            read_root(payloads.question_text(str(root["text"]), bot_user_id), conversation)
    return conversation if conversation.turns else None


def _turn(payload: Mapping[str, Any] | None) -> Turn | None:
    if payload is None:
        return None
    try:
        verdict = Verdict(str(payload.get("verdict")))
        facts = Facts.model_validate(payload.get("facts") or {})
    except (ValueError, ValidationError):
        return None
    return Turn(
        question=str(payload.get("question", "")),
        verdict=verdict,
        answer=str(payload.get("answer", "")),
        facts=facts,
        in_scope=verdict is not Verdict.OUT_OF_SCOPE,
    )


def _ts(message: Mapping[str, Any]) -> float:
    try:
        return float(message.get("ts") or 0)
    except (TypeError, ValueError):
        return 0.0
