"""A listener that fails still acknowledges Slack and leaves the person an apology with a reference.

Listeners run inside `guarded(...)`: Bolt, when a listener raises after ack(), forgets the ack and
answers Slack 404 after 3 s, so errors are caught here instead; `@app.error` remains the backstop.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack import messages, payloads
from bot.slack.answering import PrivateSender, Sender, ThreadSender, new_ref, send_notice
from bot.slack.deps import SlackDeps

log = logging.getLogger(__name__)


def register(app: App, deps: SlackDeps) -> None:
    @app.error
    def on_error(error: Exception, body: dict[str, Any], client: WebClient) -> None:
        apologise(deps, body, client, error)


@contextmanager
def guarded(deps: SlackDeps, body: dict[str, Any], client: WebClient, ack: Ack | None = None) -> Iterator[None]:
    try:
        yield
    except Exception as error:
        if ack is not None and ack.response is None:
            ack()
        apologise(deps, body, client, error)


def apologise(deps: SlackDeps, body: dict[str, Any], client: WebClient, error: BaseException) -> None:
    ref = new_ref()
    log.error("a Slack listener failed ref=%s", ref, exc_info=error)
    sender = sender_for(body, client)
    if sender is not None:
        deps.workers.quick(lambda: send_notice(sender, messages.apology(ref)))


def sender_for(body: dict[str, Any], client: WebClient) -> Sender | None:
    """Where the person who sent this request would look for our reply, when there is such a place."""
    event = body.get("event") if payloads.is_event_callback(body) else None
    if isinstance(event, dict):
        if event.get("type") == "app_mention" or payloads.is_direct_message(event):
            channel = event.get("channel")
            thread = payloads.thread_root(event) if event.get("type") == "app_mention" else event.get("thread_ts")
            return ThreadSender(client, str(channel), str(thread) if thread else None) if channel else None
        return None
    channel, user = payloads.channel_id(body), payloads.user_id(body)
    if channel and user:
        return PrivateSender(client, channel, user, body.get("response_url") or None)
    return None
