"""The Slack app on the audit store: answers recorded, feedback linked to them, events claimed in the database."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.audit.store import AuditStore
from bot.errors import AuditError
from bot.slack import blocks as b
from bot.slack.blocks import audit_answer_id, feedback_ref
from bot.slack.dedupe import SharedSeenEvents
from bot.slack.feedback import AuditFeedbackStore
from tests.audit_helpers import an_answer
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack_helpers import CHANNEL, USER, SlackApp, block_action, mention, settings_for, start_app

PROHIBITED_Q = "Can the Chicago Police Department use facial recognition?"


class BrokenAudit:
    """An audit store whose database is gone: every call raises, as AuditStore does after its retries."""

    def __getattr__(self, name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> Any:
            raise AuditError("could not reach the audit store (test)")

        return fail


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AuditStore]:
    audit = AuditStore(f"sqlite:///{tmp_path / 'audit.sqlite3'}")
    yield audit
    audit.close()


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Any]:
    started: list[tuple[SlackApp, FakeSlackAPI]] = []

    def make(audit: Any) -> SlackApp:
        fake = FakeSlackAPI().__enter__()
        app = start_app(fake, settings_for(fake, tmp_path), audit=audit)
        started.append((app, fake))
        return app

    yield make
    for app, fake in started:
        app.stop()
        fake.__exit__(None, None, None)


def _buttons(body: dict[str, Any]) -> dict[str, str]:
    return {
        e["action_id"]: e["value"]
        for block in body["blocks"]
        if block["type"] == "actions"
        for e in block["elements"]
        if e.get("type") == "button"
    }


def test_a_slack_answer_is_recorded_and_feedback_lands_on_it(make_app: Any, store: AuditStore) -> None:
    slack = make_app(store)
    assert slack.event(mention(PROHIBITED_Q, slack.fake.next_ts())) == 200
    slack.settle()
    [post] = slack.fake.posts()
    [row] = [json.loads(line) for line in store.export()]
    assert (row["surface"], row["user_id"], row["channel_id"]) == ("slack", USER, CHANNEL)
    assert row["verdict"] == "prohibited" and row["latency_ms"] > 0
    vote = _buttons(post.body)[b.FEEDBACK_DOWN_ACTION]
    assert audit_answer_id(vote) == row["id"] and vote.startswith("pa-")

    slack.interact(block_action(b.FEEDBACK_DOWN_ACTION, vote))
    slack.settle()
    view = slack.fake.calls_to("views.open")[0].body["view"]
    assert f"/{row['id']}" not in json.dumps(view["blocks"])  # the person sees the reference they know
    submission = {
        "type": "view_submission",
        "team": {"id": "T0001"},
        "user": {"id": USER, "team_id": "T0001"},
        "view": {
            **view,
            "id": "V1",
            "state": {"values": {b.REASON_BLOCK: {b.REASON_INPUT: {"type": "plain_text_input", "value": " old "}}}},
        },
    }
    assert slack.interact(submission) == 200
    # Bolt acks the modal first and runs the listener after, so the reason lands a moment later.
    assert _feedback_once_recorded(store, count=2) == [(USER, "down", None), (USER, "down", "old")]


def _feedback_once_recorded(store: AuditStore, count: int, timeout: float = 10.0) -> list[tuple[str, str, str | None]]:
    deadline = time.monotonic() + timeout
    while True:
        [row] = [json.loads(line) for line in store.export()]
        feedback = [(f["user_id"], f["value"], f["reason"]) for f in row["feedback"]]
        if len(feedback) >= count or time.monotonic() > deadline:
            return feedback
        time.sleep(0.02)


def test_an_audit_failure_never_costs_the_answer(make_app: Any) -> None:
    slack = make_app(BrokenAudit())  # claims fall back to this process; the record is skipped
    assert slack.event(mention(PROHIBITED_Q, slack.fake.next_ts()), "EvBROKEN") == 200
    assert slack.event(mention(PROHIBITED_Q, slack.fake.next_ts()), "EvBROKEN") == 200  # still one answer
    slack.settle()
    [post] = slack.fake.posts()
    assert "prohibit" in json.dumps(post.body).lower()
    vote = _buttons(post.body)[b.FEEDBACK_UP_ACTION]
    assert audit_answer_id(vote) is None  # nothing to link feedback to
    assert slack.interact(block_action(b.FEEDBACK_UP_ACTION, vote)) == 200  # logged, not raised


def test_replicas_sharing_a_database_claim_each_event_once(store: AuditStore, tmp_path: Path) -> None:
    other = AuditStore(store.url)  # a second process's store on the same file
    replicas = [SharedSeenEvents(store), SharedSeenEvents(other)]
    wins: list[bool] = []
    barrier = threading.Barrier(8)

    def claim(seen: SharedSeenEvents) -> None:
        barrier.wait()
        wins.append(seen.first_time("event:EvRACE"))

    threads = [threading.Thread(target=claim, args=(replicas[i % 2],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False] * 7 + [True]
    other.close()


def test_without_the_database_events_are_de_duplicated_in_process() -> None:
    seen = SharedSeenEvents(BrokenAudit())
    assert seen.first_time("event:Ev1") and not seen.first_time("event:Ev1")
    assert seen.fallbacks == 1


def test_feedback_references() -> None:
    assert feedback_ref("pa-1a2b", None) == "pa-1a2b" and audit_answer_id("pa-1a2b") is None
    assert audit_answer_id(feedback_ref("pa-1a2b", 42)) == 42
    for junk in ("", "/", "pa-1/x", "pa-1/-3", "pa-1/٣", "pa-1/" + "9" * 40):
        assert audit_answer_id(junk) is None


def test_feedback_without_an_audit_id_is_refused_clearly(store: AuditStore) -> None:
    answer_id = store.record_answer(an_answer(1), surface="slack")
    feedback = AuditFeedbackStore(store)
    feedback.record_feedback(feedback_ref("pa-1", answer_id), "U1", "up", None)
    with pytest.raises(AuditError, match="not recorded"):
        feedback.record_feedback("pa-2", "U1", "up", None)
    assert store.stats().feedback == {"up": 1}


def test_metrics_count_answers_drops_and_readiness_names_what_is_missing(make_app: Any, store: AuditStore) -> None:
    from bot.slack.serve import readiness

    slack = make_app(store)
    event = mention(PROHIBITED_Q, slack.fake.next_ts())
    for headers in ({}, {}, {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}):
        assert slack.event(event, "EvMETRICS", headers=headers) == 200
    slack.settle()
    status, content_type, text = slack.deps.metrics.render()
    assert status == 200 and content_type.startswith("text/plain")
    assert 'policybot_answers_total{verdict="prohibited"} 1.0' in text
    assert 'policybot_events_dropped_total{reason="duplicate"} 1.0' in text
    assert 'policybot_events_dropped_total{reason="retry"} 1.0' in text
    assert "policybot_answer_latency_seconds_count 1.0" in text

    status, _, body = readiness(slack.deps)()
    assert status == 200 and json.loads(body) == {
        "ready": True,
        "workers": True,
        "knowledge_base": True,
        "audit_store": True,
    }
    slack.deps.audit = BrokenAudit()
    status, _, body = readiness(slack.deps)()
    assert status == 503 and json.loads(body)["audit_store"] is False


def test_an_old_claim_can_be_taken_again_once(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    now = [datetime(2024, 6, 1, tzinfo=UTC)]
    store = AuditStore(f"sqlite:///{tmp_path / 'a.sqlite3'}", clock=lambda: now[0])
    assert store.claim_event("event:Ev1", ttl_s=3600)
    assert not store.claim_event("event:Ev1", ttl_s=3600)
    now[0] += timedelta(hours=2)
    assert not store.claim_event("event:Ev1")  # without a TTL a claim is for good
    assert store.claim_event("event:Ev1", ttl_s=3600)
    assert not store.claim_event("event:Ev1", ttl_s=3600)
    store.close()


def test_an_event_is_its_id_and_time() -> None:
    from bot.slack import payloads

    body: dict[str, Any] = {"type": "event_callback", "event_id": "Ev1", "event_time": 1700000000, "event": {}}
    assert payloads.event_key(body) == "Ev1@1700000000"  # a redelivery repeats both: dropped
    assert payloads.event_key({**body, "event_time": 1700000999}) != payloads.event_key(body)  # a replay, later
    assert payloads.event_key({**body, "event_time": True}) == payloads.event_key({**body, "event_time": None}) == "Ev1"
    assert payloads.event_key({**body, "type": "url_verification"}) is None
