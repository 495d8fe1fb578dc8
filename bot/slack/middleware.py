"""Bolt middleware run on every verified request, before any listener: one event, one answer.

Order matters: Bolt's own middleware has checked the signature (401 otherwise) by the time these run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.slack import messages, payloads
from bot.slack.dedupe import SeenEvents

log = logging.getLogger(__name__)


def _dropped() -> BoltResponse:
    """200, and a hint to Slack that this delivery needs no retry."""
    return BoltResponse(status=200, body="", headers={"x-slack-no-retry": "1"})


class DropRetries(Middleware):
    """Slack retries a delivery it thinks failed; we acknowledged it already, so a retry is dropped."""

    def __init__(self, on_drop: Callable[[str], None] = lambda reason: None) -> None:
        self._on_drop = on_drop

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        attempt = payloads.retry_num(req.headers)
        if attempt is not None:
            log.info("dropped Slack retry %d of event %s", attempt, payloads.event_id(req.body))
            self._on_drop("retry")
            return _dropped()
        return next()


class DropDuplicateEvents(Middleware):
    """An event id already seen is dropped, whichever way it came again."""

    def __init__(self, seen: SeenEvents, on_drop: Callable[[str], None] = lambda reason: None) -> None:
        self._seen = seen
        self._on_drop = on_drop

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        key = payloads.event_key(req.body)
        if key is not None and not self._seen.first_time(f"event:{key}"):
            log.info("dropped duplicate event %s", payloads.event_id(req.body))
            self._on_drop("duplicate")
            return _dropped()
        return next()


class AllowedTeams(Middleware):
    """Requests from workspaces outside the allowlist get no answer (a slash command gets one line)."""

    def __init__(self, allowed: frozenset[str]) -> None:
        self._allowed = allowed

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        team = payloads.team_id(req.body)
        if not self._allowed or team in self._allowed:
            return next()
        log.warning("ignored a request from workspace %s (not in POLICYBOT_SLACK_TEAMS)", team)
        body = messages.TEAM_NOT_ALLOWED if "command" in req.body else ""
        return BoltResponse(status=200, body=body)
