"""Property-based fuzzing of what the Slack app reads from payloads: whatever JSON arrives, nothing raises."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.slack import payloads
from bot.slack.blocks import audit_answer_id

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEY_NAMES = (
    "type event event_id team_id team id user user_id channel channel_id channel_type container text ts thread_ts"
    " subtype bot_id bot_profile actions value authorizations metadata event_type event_payload view"
)
KEYS = st.sampled_from(KEY_NAMES.split()) | st.text(max_size=8)
SLACK_TEXT = st.text(max_size=300) | st.lists(
    st.sampled_from(["<@UBOT>", "<@U123|bob>", "<#C1|general>", "<!here>", "&lt;", "\u202e", "\x00", "\n", "*x*", "é"])
    | st.text(max_size=10),
    max_size=20,
).map("".join)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**300, max_value=10**400)
    | st.floats()
    | SLACK_TEXT
    | st.just("event_callback")
    | st.just("app_mention")
    | st.just("event_time")
)
JSONISH = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=6),
    max_leaves=30,
)
PAYLOADS = st.dictionaries(KEYS, JSONISH, max_size=10)


@FUZZ
@example({"type": "event_callback", "event": {"ts": 10**400, "user": "U1", "text": "<@UBOT>"}}, "UBOT")
@given(PAYLOADS, st.sampled_from([None, "UBOT", ""]))
def test_payload_predicates_never_raise(body: dict[str, Any], bot: str | None) -> None:
    payloads.is_event_callback(body)
    assert payloads.event_id(body) is None or isinstance(payloads.event_id(body), str)
    key = payloads.event_key(body)
    assert (key is None) == (payloads.event_id(body) is None) and len(key or "") < 10_000
    for read in (payloads.team_id, payloads.user_id, payloads.channel_id, payloads.action_value):
        value = read(body)
        assert value is None or isinstance(value, str)
    channel = payloads.channel_id(body)
    payloads.channel_allowed(channel, frozenset({"C1"}))
    payloads.answer_metadata(body)
    payloads.retry_num({k: v for k, v in body.items() if isinstance(v, str | list)})
    event = body.get("event") if isinstance(body.get("event"), dict) else body
    payloads.is_from_bot(event)
    payloads.is_direct_message(event)
    payloads.is_thread_reply(event)
    payloads.thread_root(event)
    payloads.ts_before(event.get("ts"), "1700000000.000100")
    if payloads.is_plain_user_message(event, bot):  # the listeners read the question only then
        question = payloads.question_text(event["text"], bot)
        assert isinstance(question, str) and question == question.strip()
        assert "<@UBOT>" not in question or bot != "UBOT"


@FUZZ
@given(SLACK_TEXT, st.sampled_from([None, "UBOT"]))
def test_question_extraction_and_commands_never_raise(text: str, bot: str | None) -> None:
    question = payloads.question_text(text, bot)
    assert len(question) <= len(text)
    command = payloads.parse_command(text)
    assert command.kind in ("ask", "clause", "search", "help")
    assert audit_answer_id(text) is None or audit_answer_id(text) >= 0  # type: ignore[operator]


def test_a_100_kb_mention_is_read_whole() -> None:
    text = "<@UBOT> " + "may we use it? " * 7000
    assert payloads.question_text(text, "UBOT").startswith("may we use it?")
