"""Scenario tests: signed HTTP requests into the app on a loopback port, the real slack_sdk WebClient
talking to a local fake Slack Web API, and assertions on the calls Slack would have received."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.slack import blocks as b
from bot.slack import messages
from tests.fakes.slack_api import BOT_ID, BOT_USER, FakeSlackAPI
from tests.slack_blocks_check import assert_valid_blocks, assert_valid_view
from tests.slack_helpers import (
    CHANNEL,
    USER,
    SlackApp,
    block_action,
    direct_message,
    mention,
    settings_for,
    start_app,
    text_of,
)

PROHIBITED_Q = "Can the Chicago Police Department use facial recognition?"
FOLLOW_UP_Q = "and what about summarizing witness interviews?"


@pytest.fixture
def fake() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as server:
        yield server


@pytest.fixture
def make_app(fake: FakeSlackAPI, tmp_path: Path) -> Iterator[Any]:
    started: list[SlackApp] = []

    def make(service: Any | None = None, **settings: Any) -> SlackApp:
        app = start_app(fake, settings_for(fake, tmp_path, **settings), service)
        started.append(app)
        return app

    yield make
    for app in started:
        app.stop()


@pytest.fixture
def slack(make_app: Any) -> SlackApp:
    return make_app()


def _only_answer(slack: SlackApp) -> dict[str, Any]:
    slack.settle()
    posts = slack.fake.posts()
    assert len(posts) == 1, [p.method for p in posts]
    return posts[0].body


# ---- mentions


def test_a_mention_is_answered_once_in_its_thread_with_the_verdict(slack: SlackApp) -> None:
    ts = slack.fake.next_ts()
    started = time.monotonic()
    assert slack.event(mention(PROHIBITED_Q, ts)) == 200
    assert time.monotonic() - started < 1.0
    body = _only_answer(slack)
    assert body["channel"] == CHANNEL and body["thread_ts"] == ts
    assert "prohibit" in text_of(body).lower()
    assert body["text"].startswith("Prohibited")
    assert_valid_blocks(body["blocks"])
    assert body["metadata"]["event_type"] == "policy_answer"
    assert body["metadata"]["event_payload"]["verdict"] == "prohibited"
    # progress: an hourglass on the question while working, removed after
    added, removed = slack.fake.calls_to("reactions.add"), slack.fake.calls_to("reactions.remove")
    assert [c.body["timestamp"] for c in added] == [ts] == [c.body["timestamp"] for c in removed]


def test_a_mention_inside_a_thread_answers_in_that_thread_with_its_context(slack: SlackApp) -> None:
    root = slack.fake.next_ts()
    slack.event(mention("Can a police department in Texas use the model to summarize witness interviews?", root))
    first = _only_answer(slack)
    assert first["metadata"]["event_payload"]["verdict"] == "permitted"
    follow = slack.fake.next_ts()
    slack.event(mention("and what about facial recognition?", follow, thread_ts=root))
    slack.settle()
    second = slack.fake.posts()[-1].body
    assert second["thread_ts"] == root
    assert second["metadata"]["event_payload"]["verdict"] == "prohibited"  # police + Texas carried over
    replies = slack.fake.calls_to("conversations.replies")
    assert replies and replies[-1].body["ts"] == root


def test_a_thread_started_by_a_person_is_read_as_context(slack: SlackApp) -> None:
    root = slack.fake.add_message(
        CHANNEL, {"user": "U0OTHER", "text": "The Chicago police want to run face recognition on CCTV"}
    )
    ts = slack.fake.next_ts()
    slack.event(mention("is this allowed?", ts, thread_ts=root["ts"]))
    body = _only_answer(slack)
    assert body["thread_ts"] == root["ts"]
    assert body["metadata"]["event_payload"]["verdict"] == "prohibited"


def test_retries_and_duplicate_event_ids_get_one_answer(slack: SlackApp) -> None:
    event = mention(PROHIBITED_Q, slack.fake.next_ts())
    assert slack.event(event, "EvSAME") == 200
    for attempt in ("1", "2"):
        status = slack.event(
            event, "EvSAME", headers={"X-Slack-Retry-Num": attempt, "X-Slack-Retry-Reason": "http_timeout"}
        )
        assert status == 200
    assert slack.event(event, "EvSAME") == 200
    _only_answer(slack)


def test_a_retry_is_dropped_even_when_its_first_delivery_was_not_seen(slack: SlackApp) -> None:
    status, _, headers = slack.post(
        json.dumps(
            {"type": "event_callback", "team_id": "T0001", "event_id": "EvR", "event": mention(PROHIBITED_Q, "1.2")}
        ),
        headers={"X-Slack-Retry-Num": "1"},
    )
    assert status == 200 and headers.get("x-slack-no-retry") == "1"
    slack.settle()
    assert slack.fake.posts() == []


def test_bad_or_stale_signatures_get_401_and_no_answer(slack: SlackApp) -> None:
    body = json.dumps({"type": "event_callback", "event_id": "EvBAD", "event": mention(PROHIBITED_Q, "1.1")})
    assert slack.post(body, secret="not-the-secret")[0] == 401
    assert slack.post(body, timestamp=int(time.time()) - 10 * 60)[0] == 401
    assert slack.post(body, headers={"X-Slack-Signature": "v0=deadbeef"})[0] == 401
    slack.settle()
    assert slack.fake.posts() == []


def test_bots_edits_subtypes_and_our_own_messages_are_ignored(slack: SlackApp) -> None:
    ts = slack.fake.next_ts()
    slack.event(direct_message(PROHIBITED_Q, ts, bot_id="B0OTHER"))
    slack.event(direct_message(PROHIBITED_Q, ts, subtype="bot_message"))
    slack.event(direct_message(PROHIBITED_Q, ts, subtype="message_changed"))
    slack.event(direct_message(PROHIBITED_Q, ts, subtype="message_deleted"))
    slack.event({**direct_message(PROHIBITED_Q, ts), "user": BOT_USER})
    slack.event({**mention(PROHIBITED_Q, ts), "bot_id": BOT_ID})
    slack.event(
        {"type": "message", "channel_type": "channel", "channel": CHANNEL, "user": USER, "text": "hi", "ts": ts}
    )
    slack.settle()
    assert slack.fake.posts() == []


def test_unknown_events_and_url_verification_are_acknowledged(slack: SlackApp) -> None:
    assert slack.event({"type": "reaction_added", "user": USER}) == 200
    status, body, _ = slack.post(json.dumps({"type": "url_verification", "challenge": "abc", "token": "x"}))
    assert status == 200 and "abc" in body


def test_health_and_readiness(slack: SlackApp) -> None:
    assert slack.get("/healthz") == (200, '{"status": "ok"}')
    assert slack.get("/readyz")[0] == 200
    assert slack.get("/nope")[0] == 404


# ---- direct messages and the assistant pane


def test_a_direct_message_is_answered_at_the_top_level_and_follow_ups_keep_context(slack: SlackApp) -> None:
    first = slack.fake.add_message("D0DM", {"user": USER, "text": PROHIBITED_Q})
    slack.event(direct_message(PROHIBITED_Q, first["ts"]))
    answer = _only_answer(slack)
    assert answer["channel"] == "D0DM" and "thread_ts" not in answer
    follow = slack.fake.add_message("D0DM", {"user": USER, "text": FOLLOW_UP_Q})
    slack.event(direct_message(FOLLOW_UP_Q, follow["ts"]))
    slack.settle()
    second = slack.fake.posts()[-1].body
    assert second["metadata"]["event_payload"]["verdict"] == "permitted"  # the police department carried over
    assert slack.fake.calls_to("conversations.history")


def test_the_assistant_pane_greets_suggests_shows_status_and_titles(slack: SlackApp) -> None:
    thread_ts = slack.fake.next_ts()
    started = {
        "type": "assistant_thread_started",
        "assistant_thread": {"user_id": USER, "channel_id": "D0DM", "thread_ts": thread_ts},
    }
    slack.event(started)
    slack.settle()
    greeting = slack.fake.posts()[0].body
    assert greeting["thread_ts"] == thread_ts and greeting["text"] == messages.GREETING
    prompts = slack.fake.calls_to("assistant.threads.setSuggestedPrompts")[0].body
    assert len(prompts["prompts"]) == len(messages.SUGGESTED_PROMPTS) and prompts["thread_ts"] == thread_ts

    slack.event(direct_message(PROHIBITED_Q, slack.fake.next_ts(), thread_ts=thread_ts))
    slack.settle()
    status = slack.fake.calls_to("assistant.threads.setStatus")[0].body
    assert status["status"] == messages.WORKING and status["thread_ts"] == thread_ts
    assert slack.fake.calls_to("assistant.threads.setTitle")[0].body["title"] == PROHIBITED_Q
    answer = slack.fake.posts()[-1].body
    assert answer["thread_ts"] == thread_ts and answer["text"].startswith("Prohibited")

    slack.event(direct_message("and in Canada?", slack.fake.next_ts(), thread_ts=thread_ts))
    slack.settle()
    assert len(slack.fake.calls_to("assistant.threads.setTitle")) == 1  # titled once, by the first question
    assert len(slack.fake.posts()) == 3


# ---- /policy


def test_policy_question_is_private_via_response_url_with_a_share_button(slack: SlackApp) -> None:
    status, ack = slack.command(PROHIBITED_Q)
    assert status == 200 and json.loads(ack) == {"text": messages.WORKING, "response_type": "ephemeral"}
    body = _only_answer(slack)
    assert slack.fake.posts()[0].method == "response:cmd"
    assert body["response_type"] == "ephemeral"
    assert "prohibit" in text_of(body).lower()
    assert_valid_blocks(body["blocks"])
    actions = [e["action_id"] for blk in body["blocks"] if blk["type"] == "actions" for e in blk["elements"]]
    assert b.SHARE_ACTION in actions
    assert not slack.fake.calls_to("chat.postMessage")


def test_policy_question_without_response_url_uses_post_ephemeral(slack: SlackApp) -> None:
    slack.command(PROHIBITED_Q, response_url=None)
    body = _only_answer(slack)
    assert slack.fake.posts()[0].method == "chat.postEphemeral"
    assert body["user"] == USER and body["channel"] == CHANNEL


def test_share_in_channel_posts_publicly_and_removes_the_private_copy(slack: SlackApp) -> None:
    slack.command(PROHIBITED_Q)
    private = _only_answer(slack)
    share = next(
        e
        for blk in private["blocks"]
        if blk["type"] == "actions"
        for e in blk["elements"]
        if e["action_id"] == b.SHARE_ACTION
    )
    assert (
        slack.interact(block_action(b.SHARE_ACTION, share["value"], response_url=slack.fake.response_url("act"))) == 200
    )
    slack.settle()
    public, delete = (c.body for c in slack.fake.calls_to("response:act"))
    assert public["response_type"] == "in_channel" and "prohibit" in text_of(public).lower()
    assert f"<@{USER}>" in text_of(public)
    assert_valid_blocks(public["blocks"])
    assert delete == {"delete_original": True}


def test_share_asks_again_when_the_answer_is_no_longer_in_memory(slack: SlackApp) -> None:
    value = json.dumps({"ref": "pa-gone", "q": PROHIBITED_Q, "d": "2026-11-29"})
    slack.interact(block_action(b.SHARE_ACTION, value, response_url=slack.fake.response_url("act")))
    slack.settle()
    assert "prohibit" in text_of(slack.fake.calls_to("response:act")[0].body).lower()


def test_policy_clause_search_and_help(slack: SlackApp) -> None:
    slack.command("clause coc-2024/3.1")
    slack.settle()
    clause = slack.fake.posts()[-1].body
    assert "coc-2024/3.1" in text_of(clause) and "police department" in text_of(clause)
    assert_valid_blocks(clause["blocks"])

    slack.command("clause COC-2024/3.1")
    slack.settle()  # answers to two commands sent at once may arrive in either order
    slack.command("clause nope/9")
    slack.settle()
    assert "coc-2024/3.1" in text_of(slack.fake.posts()[-2].body)
    assert "There is no clause" in text_of(slack.fake.posts()[-1].body)

    slack.command("search facial recognition police")
    slack.settle()
    found = slack.fake.posts()[-1].body
    assert_valid_blocks(found["blocks"])
    assert "coc-2024/3.1" in text_of(found)

    for text in ("help", ""):
        slack.command(text)
        slack.settle()
        assert "/policy clause" in text_of(slack.fake.posts()[-1].body)
    assert all(p.body.get("response_type") == "ephemeral" for p in slack.fake.posts())


def test_show_full_clause_opens_a_modal(slack: SlackApp) -> None:
    slack.interact(block_action(f"{b.CLAUSE_ACTION}:0", "coc-2024/3.1"))
    slack.settle()
    view = slack.fake.calls_to("views.open")[0].body["view"]
    assert_valid_view(view)
    assert "police department" in text_of(view)


def test_feedback_is_recorded_with_an_optional_reason(slack: SlackApp) -> None:
    slack.interact(block_action(b.FEEDBACK_DOWN_ACTION, "pa-1234"))
    slack.settle()
    view = slack.fake.calls_to("views.open")[0].body["view"]
    assert_valid_view(view)
    store = slack.deps.feedback
    assert store.rows() == [("pa-1234", USER, "down", None)]  # type: ignore[attr-defined]
    submission = {
        "type": "view_submission",
        "team": {"id": "T0001"},
        "user": {"id": USER, "team_id": "T0001"},
        "view": {
            **view,
            "id": "V1",
            "state": {
                "values": {b.REASON_BLOCK: {b.REASON_INPUT: {"type": "plain_text_input", "value": " wrong clause "}}}
            },
        },
    }
    assert slack.interact(submission) == 200
    slack.interact(block_action(b.FEEDBACK_UP_ACTION, "pa-5678"))
    slack.settle()
    assert store.rows() == [("pa-1234", USER, "down", "wrong clause"), ("pa-5678", USER, "up", None)]  # type: ignore[attr-defined]


def test_app_home_shows_what_is_covered(slack: SlackApp) -> None:
    slack.event({"type": "app_home_opened", "user": USER, "channel": "D0DM", "tab": "home"})
    slack.event({"type": "app_home_opened", "user": USER, "channel": "D0DM", "tab": "messages"})
    slack.settle()
    published = slack.fake.calls_to("views.publish")
    assert len(published) == 1 and published[0].body["user_id"] == USER
    assert_valid_view(published[0].body["view"])
    assert "version 2024" in text_of(published[0].body["view"])


# ---- limits, allowlists, failures


def test_rate_limit_answers_politely(make_app: Any) -> None:
    slack = make_app(slack_rate_limit=2)
    for _ in range(3):
        slack.event(mention(PROHIBITED_Q, slack.fake.next_ts()))
    slack.settle()
    posts = [p.body for p in slack.fake.posts()]
    assert len(posts) == 3
    assert sum("prohibit" in text_of(p).lower() for p in posts) == 2
    assert sum("asked several questions" in p["text"] for p in posts) == 1


def test_admins_are_not_rate_limited_and_see_the_rules(make_app: Any) -> None:
    slack = make_app(slack_rate_limit=1, slack_admins=USER)
    for _ in range(2):
        slack.event(mention(PROHIBITED_Q, slack.fake.next_ts()))
    slack.settle()
    posts = [p.body for p in slack.fake.posts()]
    assert len(posts) == 2 and all("Admin: mode extractive" in text_of(p) for p in posts)


def test_channel_allowlist(make_app: Any) -> None:
    slack = make_app(slack_allowed_channels="C0OTHER")
    slack.event(mention(PROHIBITED_Q, slack.fake.next_ts()))
    slack.event(direct_message(PROHIBITED_Q, slack.fake.next_ts()))
    slack.settle()
    posts = slack.fake.posts()
    assert [p.method for p in posts].count("chat.postEphemeral") == 1
    assert (
        messages.CHANNEL_NOT_ALLOWED in posts[0].body["text"] or messages.CHANNEL_NOT_ALLOWED in posts[1].body["text"]
    )
    assert any(p.body.get("channel") == "D0DM" and "prohibit" in text_of(p.body).lower() for p in posts)


def test_team_allowlist(make_app: Any) -> None:
    slack = make_app(slack_allowed_teams="T0OTHER")
    slack.event(mention(PROHIBITED_Q, slack.fake.next_ts()))
    status, body = slack.command(PROHIBITED_Q)
    slack.settle()
    assert slack.fake.posts() == []
    assert status == 200 and body == messages.TEAM_NOT_ALLOWED


class Broken:
    def ask(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("db password=hunter2 at /srv/secret")


def test_an_error_reaches_the_user_as_an_apology_with_a_reference(
    make_app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    slack = make_app(service=Broken())
    slack.event(mention(PROHIBITED_Q, slack.fake.next_ts()))
    body = _only_answer(slack)
    assert "Sorry" in body["text"] and "hunter2" not in text_of(body) and "RuntimeError" not in text_of(body)
    ref = re.search(r"pa-[0-9a-f]{8}", body["text"])
    assert ref is not None
    assert any(ref.group(0) in r.getMessage() and r.exc_info for r in caplog.records)


def test_blocks_slack_refuses_are_resent_as_plain_text(slack: SlackApp) -> None:
    slack.fake.fail("chat.postMessage", "invalid_blocks", times=1)
    slack.event(mention(PROHIBITED_Q, slack.fake.next_ts()))
    slack.settle()
    first, second = (c.body for c in slack.fake.calls_to("chat.postMessage"))
    assert "blocks" in first and "blocks" not in second and second["text"].startswith("Prohibited")


def test_missing_history_scope_still_answers(slack: SlackApp) -> None:
    slack.fake.fail("conversations.replies", "missing_scope")
    slack.event(mention("and in Canada?", slack.fake.next_ts(), thread_ts="1.000001"))
    body = _only_answer(slack)
    assert body["thread_ts"] == "1.000001" and "Sorry" not in body["text"]


def test_a_polite_answer_when_the_llm_is_down(make_app: Any) -> None:
    import socket

    import openai

    from bot.answer.llm_answerer import LLMAnswerer
    from bot.answer.llm_client import ChatLLM
    from bot.answer.prompts import PromptBook
    from tests.conftest import ROOT
    from tests.fakes.llm import llm_service

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]  # nothing listens here once the socket is closed
    client = openai.OpenAI(api_key="sk-test", base_url=f"http://127.0.0.1:{closed}/v1", max_retries=0, timeout=1)
    chat = ChatLLM(client, "fake-model", timeout_s=1, max_retries=1, backoff_s=0.01)
    llm = LLMAnswerer(chat, PromptBook.load(ROOT / "prompts"), max_prompt_tokens=6000, total_budget_s=3)
    slack = make_app(service=llm_service(llm))
    slack.event(mention(PROHIBITED_Q, slack.fake.next_ts()))
    body = _only_answer(slack)
    assert body["text"].startswith("Prohibited")
    assert messages.LLM_FALLBACK in text_of(body)
    assert "Connection" not in text_of(body) and "Sorry" not in body["text"]


def test_a_very_long_question_and_answer_stay_within_slack_limits(make_app: Any) -> None:
    class Verbose:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def ask(self, question: str, **kwargs: Any) -> Any:
            answer = self.inner.ask(question, **kwargs)
            answer.answer = "\n".join(f"- {i}: " + "lorem <ipsum> & dolor " * 40 for i in range(200))
            answer.citations = answer.citations * 40
            return answer

    from tests.conftest import make_service

    slack = make_app(service=Verbose(make_service()))
    slack.event(mention(PROHIBITED_Q + " " + "x" * 20_000, slack.fake.next_ts()))
    body = _only_answer(slack)
    assert_valid_blocks(body["blocks"])
    assert all(len(blk["text"]["text"]) <= 3000 for blk in body["blocks"] if blk["type"] == "section")
    assert messages.SHORTENED in text_of(body) and messages.LONG_QUESTION in text_of(body)
    assert len(body["text"]) <= 3000
    assert len(json.dumps(body["metadata"])) < 8000


class BrokenLimiter:
    def try_acquire(self, user: str) -> float:
        raise RuntimeError("limiter bug: secret")


def test_a_failing_listener_still_leaves_an_apology(slack: SlackApp, caplog: pytest.LogCaptureFixture) -> None:
    slack.deps.limiter = BrokenLimiter()  # type: ignore[assignment]
    ts = slack.fake.next_ts()
    slack.event(mention(PROHIBITED_Q, ts))
    slack.command(PROHIBITED_Q)
    slack.settle()
    posts = slack.fake.posts()
    assert len(posts) == 2 and all("Sorry" in p.body["text"] and "secret" not in text_of(p.body) for p in posts)
    assert {p.method for p in posts} == {"chat.postMessage", "response:cmd"}
    assert next(p.body for p in posts if p.method == "chat.postMessage")["thread_ts"] == ts
    assert sum("a Slack listener failed" in r.getMessage() for r in caplog.records) == 2


def test_socket_mode_dispatches_without_a_signature(fake: FakeSlackAPI, tmp_path: Path) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_bolt.request import BoltRequest

    from bot.slack.app import create_app
    from bot.slack.serve import slack_client
    from tests.slack_helpers import event_callback, slack_deps

    settings = settings_for(fake, tmp_path, slack_signing_secret=None, slack_app_token="xapp-test")
    deps = slack_deps(settings)
    app = create_app(deps, slack_client(settings), socket_mode=True)
    try:
        ts = fake.next_ts()
        response = app.dispatch(BoltRequest(body=event_callback(mention(PROHIBITED_Q, ts)), mode="socket_mode"))
        assert response.status == 200
        assert fake.wait_for(lambda f: bool(f.calls_to("chat.postMessage")), 10)
        assert fake.calls_to("chat.postMessage")[0].body["thread_ts"] == ts
        handler = SocketModeHandler(app, settings.slack_app_token)  # built, not connected: no network here
        handler.client.close()
    finally:
        deps.workers.shutdown(5)
