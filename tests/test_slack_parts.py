"""The Slack app's small parts: payload predicates, commands, de-duplication, rate limits, feedback, context."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from bot.answer.conversation import Conversation
from bot.answer.service import PolicyService
from bot.slack import payloads
from bot.slack.dedupe import TTLSeenEvents
from bot.slack.feedback import SqliteFeedbackStore
from bot.slack.priority import AckFirst
from bot.slack.ratelimit import RateLimiter
from bot.slack.thread_context import answer_metadata, conversation_from_messages
from bot.slack.workers import Workers


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_parse_command() -> None:
    assert payloads.parse_command("") == payloads.Command("help")
    assert payloads.parse_command("  HELP ") == payloads.Command("help")
    assert payloads.parse_command("clause coc-2024/3.1") == payloads.Command("clause", "coc-2024/3.1")
    assert payloads.parse_command("clause") == payloads.Command("clause", "")
    assert payloads.parse_command("search  face  id ") == payloads.Command("search", "face  id")
    assert payloads.parse_command("ask Can we?") == payloads.Command("ask", "Can we?")
    assert payloads.parse_command("Can police use it?") == payloads.Command("ask", "Can police use it?")
    assert payloads.parse_command("searching for permission?").kind == "ask"  # a word, not the subcommand


def test_message_predicates() -> None:
    person = {"type": "message", "channel_type": "im", "user": "U1", "text": "hi", "ts": "1.0"}
    assert payloads.is_plain_user_message(person, "UBOT") and payloads.is_direct_message(person)
    assert not payloads.is_plain_user_message({**person, "user": "UBOT"}, "UBOT")
    assert not payloads.is_plain_user_message({**person, "bot_id": "B1"}, "UBOT")
    assert not payloads.is_plain_user_message({**person, "subtype": "message_changed"}, "UBOT")
    assert not payloads.is_plain_user_message({**person, "subtype": "bot_message"}, "UBOT")
    assert not payloads.is_direct_message({**person, "channel_type": "channel", "channel": "C1"})
    assert payloads.thread_root(person) == "1.0" and not payloads.is_thread_reply(person)
    reply = {**person, "ts": "2.0", "thread_ts": "1.0"}
    assert payloads.thread_root(reply) == "1.0" and payloads.is_thread_reply(reply)


def test_question_text_keeps_other_peoples_mentions() -> None:
    assert payloads.question_text("<@UBOT> can <@U2|ann> use it?", "UBOT") == "can <@U2|ann> use it?"
    assert payloads.question_text("<@UBOT>", "UBOT") == ""


def test_where_payloads_keep_team_user_and_channel() -> None:
    assert payloads.team_id({"team_id": "T1"}) == "T1"
    assert payloads.team_id({"team": {"id": "T2"}, "user": {"id": "U"}}) == "T2"
    assert payloads.team_id({"authorizations": [{"team_id": "T3"}]}) == "T3"
    assert payloads.user_id({"user": {"id": "U1"}}) == "U1" and payloads.user_id({"user_id": "U2"}) == "U2"
    assert payloads.channel_id({"container": {"channel_id": "C9"}}) == "C9"
    assert payloads.retry_num({"X-Slack-Retry-Num": ["2"]}) == 2 and payloads.retry_num({}) is None
    assert payloads.event_id({"type": "event_callback", "event_id": "Ev1", "event": {}}) == "Ev1"
    assert payloads.event_id({"type": "block_actions", "event_id": "Ev1"}) is None


def test_channel_allowlist_never_blocks_direct_messages() -> None:
    assert payloads.channel_allowed("C1", frozenset())
    assert payloads.channel_allowed("C1", frozenset({"C1"})) and not payloads.channel_allowed("C2", frozenset({"C1"}))
    assert payloads.channel_allowed("D7", frozenset({"C1"}))


def test_seen_events_expire_and_stay_bounded() -> None:
    clock = Clock()
    seen = TTLSeenEvents(ttl_s=60, max_keys=3, clock=clock)
    assert seen.first_time("a") and not seen.first_time("a")
    clock.now += 61
    assert seen.first_time("a")
    for key in "bcd":
        assert seen.first_time(key)
    assert seen.first_time("a")  # the oldest key was pushed out to keep three
    assert len(seen._seen) <= 3


def test_seen_events_are_first_once_under_concurrency() -> None:
    seen = TTLSeenEvents()
    wins: list[bool] = []
    threads = [threading.Thread(target=lambda: wins.append(seen.first_time("same"))) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wins.count(True) == 1


def test_rate_limiter_slides() -> None:
    clock = Clock()
    limiter = RateLimiter(2, 60, clock)
    assert limiter.try_acquire("u") == 0 and limiter.try_acquire("u") == 0
    assert limiter.try_acquire("u") == 60
    assert limiter.try_acquire("other") == 0
    clock.now += 30
    assert limiter.try_acquire("u") == 30
    clock.now += 30
    assert limiter.try_acquire("u") == 0
    assert RateLimiter(0, 60, clock).try_acquire("u") == 0


def test_feedback_store_keeps_one_row_per_answer_and_person(tmp_path: Path) -> None:
    store = SqliteFeedbackStore(tmp_path / "f" / "feedback.sqlite3")
    store.record_feedback("pa-1", "U1", "down", None)
    store.record_feedback("pa-1", "U1", "down", "wrong clause")
    store.record_feedback("pa-1", "U1", "up", None)  # changed their mind: the reason stays
    store.record_feedback("pa-1", "U2", "up", None)
    assert store.rows() == [("pa-1", "U1", "up", "wrong clause"), ("pa-1", "U2", "up", None)]


def test_conversation_from_our_answers_metadata(service: PolicyService) -> None:
    answer = service.ask("Can a police department in Texas use the model to summarize witness interviews?")
    ours: dict[str, Any] = {
        "ts": "2.0",
        "bot_id": "B",
        "user": "UBOT",
        "text": "...",
        "metadata": answer_metadata(answer, "pa-1"),
    }
    messages: list[dict[str, Any]] = [
        {"ts": "1.0", "user": "U1", "text": "root"},
        ours,
        {"ts": "9.0", "user": "U1", "text": "later"},
    ]
    conversation = conversation_from_messages(messages, "3.0", "UBOT")
    assert conversation is not None and len(conversation.turns) == 1
    assert conversation.turns[0].facts.us_state == "TX"
    follow = service.ask("and what about facial recognition?", conversation=conversation)
    assert follow.verdict.value == "prohibited"
    assert conversation_from_messages(messages, "1.5", "UBOT") is None
    broken = {**ours, "metadata": {"event_type": "policy_answer", "event_payload": {"verdict": "maybe"}}}
    assert conversation_from_messages([broken], "3.0", "UBOT") is None


def test_an_unanswered_thread_root_is_read_as_the_first_turn(service: PolicyService) -> None:
    root = {"ts": "1.0", "user": "U1", "text": "The Chicago police want face recognition on CCTV"}
    calls: list[str] = []

    def read(text: str, conversation: Conversation) -> None:
        calls.append(text)
        service.ask(text, conversation=conversation)

    conversation = conversation_from_messages([root], "2.0", "UBOT", read)
    assert calls == [root["text"]] and conversation is not None
    assert conversation_from_messages([{**root, "bot_id": "B"}], "2.0", "UBOT", read) is None


def test_workers_run_jobs_survive_failures_and_drain() -> None:
    workers = Workers(2, 1)
    done = threading.Event()
    workers.answer(lambda: 1 / 0)
    workers.quick(done.set)
    assert workers.wait_idle(5) and done.is_set() and workers.pending == 0
    release = threading.Event()
    workers.answer(release.wait)
    assert not workers.wait_idle(0.05)
    release.set()
    assert workers.shutdown(5) and workers.closed


def test_work_waits_for_acknowledgements_in_flight_but_is_never_starved() -> None:
    gate = AckFirst(quiet_s=0.05, max_wait_s=0.5)
    started = time.monotonic()
    gate.wait_turn()  # nothing in flight, nothing lately
    assert time.monotonic() - started < 0.05
    with gate.acknowledging():
        started = time.monotonic()
        gate.wait_turn()  # an acknowledgement never ends here: the wait is bounded
        assert 0.45 <= time.monotonic() - started < 1.0
    released: list[float] = []
    with gate.acknowledging():

        def wait() -> None:
            gate.wait_turn()
            released.append(time.monotonic())

        waiter = threading.Thread(target=wait)
        waiter.start()
        time.sleep(0.1)
        assert not released
        done = time.monotonic()
    waiter.join(2)
    assert released and 0.04 <= released[0] - done < 0.4  # after the quiet spell
