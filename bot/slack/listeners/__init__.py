"""register(app, deps): every listener of the app. Listeners parse, queue the work, and return at once."""

from __future__ import annotations

import re

from slack_bolt import App

from bot.slack.deps import SlackDeps
from bot.slack.listeners import actions, commands, errors, events, home, vetting


def register(app: App, deps: SlackDeps) -> None:
    events.register(app, deps)
    home.register(app, deps)
    commands.register(app, deps)
    actions.register(app, deps)
    vetting.register(app, deps)
    errors.register(app, deps)

    @app.event(re.compile(r".*"))
    def any_other_event() -> None:
        """Acknowledge events we do not act on, so Slack neither retries nor counts them as failures."""
