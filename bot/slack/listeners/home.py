"""App Home: what the assistant covers and the policy versions in force, published when the tab opens."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.answering import SLACK_ERRORS
from bot.slack.blocks import build_home_view
from bot.slack.deps import SlackDeps

log = logging.getLogger(__name__)


def register(app: App, deps: SlackDeps) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") == "home" and event.get("user"):
            deps.workers.quick(lambda: publish_home(deps, client, str(event["user"])))


def publish_home(deps: SlackDeps, client: WebClient, user: str) -> None:
    today = deps.today()
    try:
        client.views_publish(user_id=user, view=build_home_view(deps.kb.documents_in_force(today), today))
    except SLACK_ERRORS as exc:
        log.warning("could not publish App Home for %s: %s", user, exc)
