"""/vet-deal through the real Bolt app: the modal opens, the report arrives privately, sharing posts it."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.vetting.slack import VET_COMMAND, VET_SHARE_ACTION, VET_VIEW
from tests.fakes.slack_api import TEAM, FakeSlackAPI
from tests.slack_helpers import CHANNEL, USER, SlackApp, settings_for, start_app, text_of
from tests.test_vetting_slack import submitted


@pytest.fixture
def slack(tmp_path: Path) -> Iterator[SlackApp]:
    with FakeSlackAPI() as fake:
        app = start_app(fake, settings_for(fake, tmp_path))
        yield app
        app.stop()


def vet_command(slack: SlackApp) -> int:
    form = {
        "team_id": TEAM,
        "channel_id": CHANNEL,
        "user_id": USER,
        "command": VET_COMMAND,
        "text": "",
        "api_app_id": "A0001",
        "trigger_id": "1.2.3",
        "response_url": slack.fake.response_url("cmd"),
    }
    return slack.post(urllib.parse.urlencode(form), "application/x-www-form-urlencoded")[0]


def test_vet_deal_modal_report_and_share(slack: SlackApp) -> None:
    assert vet_command(slack) == 200
    slack.settle()
    opened = slack.fake.calls_to("views.open")
    assert len(opened) == 1
    view = opened[0].body["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == VET_VIEW

    filled = submitted(
        {
            "customer_name": "Houston Police Department",
            "customer_type": "police_department",
            "country": "US",
            "uc1_description": "Identify suspects in CCTV footage with facial recognition",
        }
    )
    payload: dict[str, Any] = {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": USER},
        "api_app_id": "A0001",
        "view": {**filled, "id": "V1", "private_metadata": json.dumps({"channel": CHANNEL})},
    }
    assert slack.interact(payload) == 200
    slack.settle()
    reports = slack.fake.calls_to("chat.postEphemeral")
    assert reports, "no private report"
    report = reports[-1].body
    assert "prohibit" in text_of(report).lower()

    blocks = report["blocks"] if isinstance(report["blocks"], list) else json.loads(report["blocks"])
    share = next(
        e for b in blocks if b["type"] == "actions" for e in b["elements"] if e["action_id"] == VET_SHARE_ACTION
    )
    action = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": USER},
        "channel": {"id": CHANNEL},
        "api_app_id": "A0001",
        "actions": [{"action_id": VET_SHARE_ACTION, "value": share["value"]}],
        "trigger_id": "1.2.4",
    }
    assert slack.interact(action) == 200
    slack.settle()
    public = slack.fake.calls_to("chat.postMessage")
    assert public and "prohibit" in text_of(public[-1].body).lower()
