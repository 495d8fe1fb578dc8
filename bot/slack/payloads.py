"""Predicates and small readers over Slack payloads, in one place (docs/architecture.md, "House style").

Pure functions of the JSON Slack sends: no client, no I/O. Events, slash commands and
interactivity payloads put the same things (team, channel, user) in different places.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Payload = Mapping[str, Any]

ANSWER_EVENT_TYPE = "policy_answer"  # the metadata type of our answers, read back for thread context

_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")


def retry_num(headers: Mapping[str, Any]) -> int | None:
    """Slack's X-Slack-Retry-Num: set when this delivery repeats one Slack thinks failed."""
    value = _header(headers, "x-slack-retry-num")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            if isinstance(value, list | tuple):
                return str(value[0]) if value else None
            return str(value)
    return None


def is_event_callback(body: Payload) -> bool:
    return body.get("type") == "event_callback" and isinstance(body.get("event"), Mapping)


def event_id(body: Payload) -> str | None:
    value = body.get("event_id")
    return value if is_event_callback(body) and isinstance(value, str) and value else None


def event_key(body: Payload) -> str | None:
    """What makes a delivery the same event: its id and its event_time (Slack repeats both when it retries).

    Event ids are unique in Slack; the time also tells apart a replay of a recorded event (a test, a
    staging workspace) from a redelivery, since the claims outlive the process in the shared database.
    """
    value = event_id(body)
    if value is None:
        return None
    at = body.get("event_time")
    return f"{value}@{at}" if isinstance(at, int) and not isinstance(at, bool) else value


def team_id(body: Payload) -> str | None:
    """The workspace a request comes from, wherever this kind of payload keeps it."""
    for value in (
        body.get("team_id"),
        _get(body, "team", "id"),
        _get(body, "event", "team"),
        _get(body, "user", "team_id"),
        _get(body, "view", "team_id"),
    ):
        if isinstance(value, str) and value:
            return value
    authorizations = body.get("authorizations")
    if isinstance(authorizations, list) and authorizations and isinstance(authorizations[0], Mapping):
        value = authorizations[0].get("team_id")
        return value if isinstance(value, str) else None
    return None


def _get(body: Payload, *path: str) -> Any:
    node: Any = body
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def is_direct_channel(channel: str | None) -> bool:
    """DMs ("D…") are always answered; the channel allowlist is for shared channels."""
    return bool(channel) and str(channel).startswith("D")


def channel_allowed(channel: str | None, allowed: frozenset[str]) -> bool:
    return not allowed or is_direct_channel(channel) or channel in allowed


def is_from_bot(event: Payload) -> bool:
    return bool(event.get("bot_id") or event.get("bot_profile")) or event.get("subtype") == "bot_message"


def is_plain_user_message(event: Payload, bot_user_id: str | None) -> bool:
    """A person wrote something new: no subtype (edits, deletions, joins…), not a bot, not us."""
    return (
        event.get("subtype") is None
        and not is_from_bot(event)
        and isinstance(event.get("user"), str)
        and event.get("user") != bot_user_id
        and isinstance(event.get("text"), str)
    )


def is_direct_message(event: Payload) -> bool:
    return event.get("type") == "message" and (
        event.get("channel_type") == "im" or is_direct_channel(event.get("channel"))
    )


def thread_root(event: Payload) -> str | None:
    """Where a reply to this message goes: its thread, or a new thread under it."""
    value = event.get("thread_ts") or event.get("ts")
    return str(value) if value else None


def is_thread_reply(event: Payload) -> bool:
    return bool(event.get("thread_ts")) and event.get("thread_ts") != event.get("ts")


def question_text(text: str, bot_user_id: str | None) -> str:
    """The question in a message: our own @mention removed, other people's mentions kept."""
    if not bot_user_id:
        return text.strip()
    return _MENTION.sub(lambda m: "" if m.group(1) == bot_user_id else m.group(0), text).strip()


def answer_metadata(message: Payload) -> Mapping[str, Any] | None:
    """The metadata of one of our answers, when a message is one."""
    metadata = message.get("metadata")
    if isinstance(metadata, Mapping) and metadata.get("event_type") == ANSWER_EVENT_TYPE:
        payload = metadata.get("event_payload")
        return payload if isinstance(payload, Mapping) else None
    return None


def ts_before(ts: Any, cutoff: str | None) -> bool:
    try:
        return cutoff is None or float(ts) < float(cutoff)
    except (TypeError, ValueError, OverflowError):  # JSON allows integers too large for a float
        return False


def action_value(body: Payload) -> str | None:
    actions = body.get("actions")
    if isinstance(actions, list) and actions and isinstance(actions[0], Mapping):
        value = actions[0].get("value")
        return value if isinstance(value, str) else None
    return None


def user_id(body: Payload) -> str | None:
    value = body.get("user_id") or _get(body, "user", "id") or _get(body, "event", "user")
    return value if isinstance(value, str) else None


def channel_id(body: Payload) -> str | None:
    value = (
        body.get("channel_id")
        or _get(body, "channel", "id")
        or _get(body, "container", "channel_id")
        or _get(body, "event", "channel")
    )
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Command:
    """What `/policy …` asks for: a question, a clause, a search, or help."""

    kind: str  # "ask", "clause", "search" or "help"
    argument: str = ""


def parse_command(text: str) -> Command:
    words = text.strip().split(maxsplit=1)
    if not words or words[0].lower() in ("help", "-h", "--help", "?"):
        return Command("help")
    head, rest = words[0].lower(), (words[1].strip() if len(words) > 1 else "")
    if head in ("clause", "search"):
        return Command(head, rest)
    if head == "ask":
        return Command("ask", rest) if rest else Command("help")
    return Command("ask", text.strip())
