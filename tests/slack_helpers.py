"""The Slack app built in-process and served on a loopback port, with signed requests into it."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slack_bolt import App

from bot.config import Settings
from bot.retrieval.retriever import LexicalRetriever
from bot.slack.app import create_app
from bot.slack.dedupe import SharedSeenEvents
from bot.slack.deps import SlackDeps
from bot.slack.feedback import AuditFeedbackStore, SqliteFeedbackStore
from bot.slack.priority import AckFirst
from bot.slack.ratelimit import RateLimiter
from bot.slack.serve import slack_client
from bot.slack.server import SlackHTTPServer
from bot.slack.workers import Workers
from tests.conftest import TODAY, make_service
from tests.fakes.slack_api import BOT_USER, TEAM, FakeSlackAPI

SECRET = "test-signing-secret"
CHANNEL = "C0CHAN"
USER = "U0USER"


def settings_for(fake: FakeSlackAPI, data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "slack_bot_token": "xoxb-test",
        "slack_signing_secret": SECRET,
        "slack_api_url": fake.base_url,
        "data_dir": data_dir,
        **overrides,
    }
    return Settings(**values)


def slack_deps(settings: Settings, service: Any | None = None, audit: Any | None = None) -> SlackDeps:
    """The app's dependencies; with `audit` (an AuditStore) wired as bot.wiring.build_slack_deps wires it."""
    base = make_service()
    deps = SlackDeps(
        settings=settings,
        kb=base.kb,
        service=service or base,
        retriever=LexicalRetriever(base.kb),
        feedback=SqliteFeedbackStore(settings.data_dir / "feedback.sqlite3"),
        context_reader=base,
        limiter=RateLimiter(settings.slack_rate_limit, settings.slack_rate_window_s),
        workers=Workers(settings.slack_workers, gate=AckFirst()),
        today=lambda: TODAY,
    )
    if audit is not None:
        deps.audit, deps.feedback, deps.seen = audit, AuditFeedbackStore(audit), SharedSeenEvents(audit)
    return deps


@dataclass
class SlackApp:
    """A running app: post signed requests to `url`, read what it sent Slack from `fake`."""

    fake: FakeSlackAPI
    deps: SlackDeps
    app: App
    server: SlackHTTPServer
    sent: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}/slack/events"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.deps.workers.shutdown(5)

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until the listeners have queued their work and the workers have done it."""
        deadline = time.monotonic() + timeout
        idle_since: float | None = None
        while time.monotonic() < deadline:
            if self.deps.workers.pending == 0:
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since >= 0.15:
                    return
            else:
                idle_since = None
            time.sleep(0.01)
        raise AssertionError("the Slack app did not settle")

    # ---- requests

    def post(
        self,
        body: str,
        content_type: str = "application/json",
        *,
        headers: dict[str, str] | None = None,
        timestamp: int | None = None,
        secret: str = SECRET,
    ) -> tuple[int, str, dict[str, str]]:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        signature = sign(secret, ts, body)
        request = urllib.request.Request(
            self.url,
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": signature,
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                return r.status, r.read().decode(), {k.lower(): v for k, v in r.headers.items()}
        except urllib.error.HTTPError as e:
            with e:
                return e.code, e.read().decode(), {k.lower(): v for k, v in e.headers.items()}

    def event(self, event: dict[str, Any], event_id: str | None = None, **kwargs: Any) -> int:
        return self.post(json.dumps(event_callback(event, event_id)), **kwargs)[0]

    def command(self, text: str, *, response_url: str | None = "default", channel: str = CHANNEL) -> tuple[int, str]:
        form = {
            "token": "legacy",
            "team_id": TEAM,
            "team_domain": "acme",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": USER,
            "user_name": "someone",
            "command": "/policy",
            "text": text,
            "api_app_id": "A0001",
            "trigger_id": "1.2.3",
        }
        if response_url:
            form["response_url"] = self.fake.response_url("cmd") if response_url == "default" else response_url
        status, body, _ = self.post(urllib.parse.urlencode(form), "application/x-www-form-urlencoded")
        return status, body

    def interact(self, payload: dict[str, Any]) -> int:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded")[0]

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.server.port}{path}", timeout=5) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            with e:
                return e.code, e.read().decode()


def start_app(fake: FakeSlackAPI, settings: Settings, service: Any | None = None, audit: Any | None = None) -> SlackApp:
    deps = slack_deps(settings, service, audit)
    app = create_app(deps, slack_client(settings))
    server = SlackHTTPServer(app, "127.0.0.1", 0, ready=lambda: not deps.workers.closed, priority=deps.workers.gate)
    server.start_in_thread()
    return SlackApp(fake, deps, app, server)


def sign(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


_ids = iter(range(1, 1_000_000))


_event_times: dict[str, int] = {}  # Slack repeats an event's event_time with its id


def event_callback(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    event_id = event_id or f"Ev{next(_ids):08d}"
    return {
        "token": "legacy",
        "team_id": TEAM,
        "api_app_id": "A0001",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": _event_times.setdefault(event_id, int(time.time())),
        "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
        "event": event,
    }


def mention(
    text: str, ts: str, *, thread_ts: str | None = None, channel: str = CHANNEL, user: str = USER
) -> dict[str, Any]:
    event = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER}> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(
    text: str, ts: str, *, thread_ts: str | None = None, channel: str = "D0DM", **extra: Any
) -> dict[str, Any]:
    event = {"type": "message", "channel_type": "im", "user": USER, "text": text, "ts": ts, "channel": channel, **extra}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def block_action(
    action_id: str, value: str, *, response_url: str | None = None, channel: str = CHANNEL
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": USER, "team_id": TEAM},
        "api_app_id": "A0001",
        "token": "legacy",
        "trigger_id": "1.2.3",
        "channel": {"id": channel},
        "container": {"type": "message", "channel_id": channel, "is_ephemeral": bool(response_url)},
        "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value, "action_ts": "1"}],
    }
    if response_url:
        payload["response_url"] = response_url
    return payload


def text_of(call_body: dict[str, Any]) -> str:
    return json.dumps(call_body, ensure_ascii=False)
