"""slack-manifest.yaml asks for every scope, event and command the app uses, and nothing else."""

from __future__ import annotations

import re

import yaml

from bot.slack.listeners.commands import COMMAND
from bot.vetting.slack import VET_COMMAND
from tests.conftest import ROOT

SLACK = ROOT / "bot" / "slack"
MANIFEST = yaml.safe_load((ROOT / "slack-manifest.yaml").read_text(encoding="utf-8"))

# The bot scope each Web API method the app calls needs (views.* and auth.test need none).
METHOD_SCOPES: dict[str, set[str]] = {
    "chat_postMessage": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "reactions_add": {"reactions:write"},
    "reactions_remove": {"reactions:write"},
    "conversations_replies": {"channels:history", "groups:history", "mpim:history", "im:history"},
    "conversations_history": {"im:history"},
    "assistant_threads_setStatus": {"assistant:write"},
    "assistant_threads_setTitle": {"assistant:write"},
    "assistant_threads_setSuggestedPrompts": {"assistant:write"},
    "files_upload_v2": {"files:write"},
    "views_open": set(),
    "views_publish": set(),
    "auth_test": set(),
}
EVENT_SCOPES = {"app_mention": {"app_mentions:read"}, "message.im": {"im:history"}}


def _source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in SLACK.rglob("*.py"))


def test_every_web_api_method_called_has_its_scope() -> None:
    called = set(re.findall(r"client\.([a-z]+_[A-Za-z_]+)\(", _source()))
    assert called, "no Web API calls found"
    unknown = called - set(METHOD_SCOPES)
    assert not unknown, f"add these methods and their scopes to METHOD_SCOPES and the manifest: {unknown}"
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    for method in called:
        assert METHOD_SCOPES[method] <= scopes, method


def test_every_event_listened_to_is_subscribed_and_every_subscription_is_handled() -> None:
    listened = set(re.findall(r'@app\.event\("([a-z_]+)"\)', _source()))
    subscribed = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    assert {e.split(".")[0] for e in subscribed} == listened
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    for event in subscribed:
        assert EVENT_SCOPES.get(event, set()) <= scopes


def test_every_scope_is_used() -> None:
    needed = {"commands"} | set().union(*METHOD_SCOPES.values(), *EVENT_SCOPES.values())
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) <= needed


def test_command_interactivity_and_events_point_at_the_events_path() -> None:
    commands = MANIFEST["features"]["slash_commands"]
    assert {COMMAND, VET_COMMAND} <= {c["command"] for c in commands}
    urls = [c["url"] for c in commands] + [MANIFEST["settings"]["event_subscriptions"]["request_url"]]
    urls.append(MANIFEST["settings"]["interactivity"]["request_url"])
    assert all(u.endswith("/slack/events") for u in urls)
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
    assert "assistant_view" in MANIFEST["features"]
    assert len(MANIFEST["display_information"]["long_description"]) >= 175
