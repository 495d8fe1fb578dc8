"""The Bolt app factory: every client comes in as a parameter, nothing is built at import time."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.deps import SlackDeps
from bot.slack.listeners import register
from bot.slack.middleware import AllowedTeams, DropDuplicateEvents, DropRetries

LISTENER_THREADS = 32  # listeners only parse and queue work, so acknowledgements never wait on an answer


def create_app(deps: SlackDeps, client: WebClient, *, socket_mode: bool = False) -> App:
    """A Bolt app answering with `deps`, calling Slack through `client` (whose base_url may be a fake)."""
    app = App(
        client=client,
        signing_secret=deps.settings.slack_signing_secret or "",
        request_verification_enabled=not socket_mode,  # Socket Mode is authenticated by its app token
        listener_executor=ThreadPoolExecutor(LISTENER_THREADS, thread_name_prefix="policybot-listener"),
        logger=logging.getLogger("bot.slack.bolt"),
        name="policybot",
    )
    app.use(DropRetries(deps.metrics.drop))
    app.use(AllowedTeams(deps.settings.slack_team_ids))
    app.use(DropDuplicateEvents(deps.seen, deps.metrics.drop))
    register(app, deps)
    return app
