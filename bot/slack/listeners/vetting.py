"""`/vet-deal`: a modal for the deal, a private report, a button to share it and one to download it."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack.deps import SlackDeps
from bot.slack.listeners.errors import guarded
from bot.vetting import report_markdown, vet_deal
from bot.vetting.slack import (
    VET_COMMAND,
    VET_DOWNLOAD_ACTION,
    VET_SHARE_ACTION,
    VET_VIEW,
    build_report_message,
    build_vet_modal,
    decode_deal,
    encode_deal,
    parse_vet_submission,
    report_filename,
    vet_form_errors,
)

log = logging.getLogger(__name__)


def register(app: App, deps: SlackDeps) -> None:
    vetter = deps.context_reader  # the service without an LLM: deal reports come from the rules and clauses alone

    @app.command(VET_COMMAND)
    def on_vet_deal(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        with guarded(deps, command, client, ack):
            ack()
            metadata = json.dumps({"channel": command.get("channel_id", "")})
            client.views_open(trigger_id=command["trigger_id"], view=build_vet_modal(private_metadata=metadata))

    @app.view(VET_VIEW)
    def on_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        errors = vet_form_errors(view)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        user = body["user"]["id"]
        channel = json.loads(view.get("private_metadata") or "{}").get("channel") or user

        def report() -> None:
            with guarded(deps, body, client):
                deal = parse_vet_submission(view)
                message = build_report_message(vet_deal(vetter, deal), encode_deal(deal))
                client.chat_postEphemeral(channel=channel, user=user, **message)

        deps.workers.quick(report)

    @app.action(VET_SHARE_ACTION)
    def on_share(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user = body["user"]["id"]
        channel = (body.get("channel") or {}).get("id") or user

        def share() -> None:
            with guarded(deps, body, client):
                deal, as_of = decode_deal(action["value"])
                message = build_report_message(vet_deal(vetter, deal, as_of), shared_by=user)
                client.chat_postMessage(channel=channel, **message)

        deps.workers.quick(share)

    @app.action(VET_DOWNLOAD_ACTION)
    def on_download(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user = body["user"]["id"]
        channel = (body.get("channel") or {}).get("id") or user

        def download() -> None:
            with guarded(deps, body, client):
                deal, as_of = decode_deal(action["value"])
                report = vet_deal(vetter, deal, as_of)
                client.files_upload_v2(
                    channel=channel,
                    content=report_markdown(report),
                    filename=report_filename(report),
                    title=report_filename(report),
                )

        deps.workers.quick(download)
