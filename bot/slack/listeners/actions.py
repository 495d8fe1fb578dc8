"""Buttons and modals: Share in channel, Show full clause, 👍/👎 with an optional reason."""

from __future__ import annotations

import json
import logging
import re
from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.answer.models import Answer
from bot.slack import messages, payloads
from bot.slack.answering import SLACK_ERRORS, PrivateSender, new_ref, respond, send_notice
from bot.slack.blocks import (
    CLAUSE_ACTION,
    FEEDBACK_DOWN_ACTION,
    FEEDBACK_UP_ACTION,
    FEEDBACK_VIEW,
    REASON_BLOCK,
    REASON_INPUT,
    SHARE_ACTION,
    Message,
    build_answer_blocks,
    build_clause_blocks,
    build_clause_modal,
    build_feedback_modal,
)
from bot.slack.deps import SlackDeps
from bot.slack.listeners.commands import find_clause
from bot.slack.listeners.errors import guarded
from bot.slack.thread_context import answer_metadata

log = logging.getLogger(__name__)


def register(app: App, deps: SlackDeps) -> None:
    @app.action(SHARE_ACTION)
    def on_share(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        deps.workers.answer(lambda: share(deps, client, body))  # may ask again: an answer's time, not a quick one

    @app.action(re.compile(rf"^{CLAUSE_ACTION}(:\d+)?$"))
    def on_show_clause(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        with guarded(deps, body, client):
            show_clause(deps, client, body)

    @app.action(re.compile(rf"^({FEEDBACK_UP_ACTION}|{FEEDBACK_DOWN_ACTION})$"))
    def on_feedback(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        with guarded(deps, body, client):
            record_vote(deps, client, body, action)

    @app.view(FEEDBACK_VIEW)
    def on_feedback_reason(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        ack()
        record_reason(deps, body, view)  # logs its own failures: a modal has nowhere to apologise

    @app.view_closed(FEEDBACK_VIEW)
    def on_feedback_closed(ack: Ack) -> None:
        ack()  # the vote was recorded when the button was pressed


def share(deps: SlackDeps, client: WebClient, body: dict[str, Any]) -> None:
    """Post a private answer for everyone in the channel, then remove the private copy."""
    user, channel = payloads.user_id(body) or "", payloads.channel_id(body) or ""
    private = PrivateSender(client, channel, user, body.get("response_url"))
    if not payloads.channel_allowed(channel, deps.settings.slack_channel_ids):
        send_notice(private, messages.CHANNEL_NOT_ALLOWED)
        return
    try:
        found = _shared_answer(deps, payloads.action_value(body) or "")
        if found is None:
            send_notice(private, messages.SHARE_EXPIRED)
            return
        ref, answer, audit_id = found
        message = build_answer_blocks(answer, ref, show_question=True, shared_by=user, audit_id=audit_id)
        metadata = answer_metadata(answer, ref)
        if body.get("response_url"):
            public = {"response_type": "in_channel", "replace_original": False, "text": message.text}
            respond(body["response_url"], {**public, "blocks": message.blocks, "metadata": metadata})
            try:
                respond(body["response_url"], {"delete_original": True})
            except SLACK_ERRORS as exc:
                log.info("could not remove the private copy of %s: %s", ref, exc)
        else:
            client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks, metadata=metadata)
        log.info("shared ref=%s channel=%s user=%s", ref, channel, user)
    except SLACK_ERRORS as exc:
        log.warning("sharing failed channel=%s: %s", channel, exc)
        send_notice(private, messages.SHARE_FAILED)
    except Exception:
        ref = new_ref()
        log.exception("sharing failed ref=%s", ref)
        send_notice(private, messages.apology(ref))


def _shared_answer(deps: SlackDeps, value: str) -> tuple[str, Answer, int | None] | None:
    """The answer the person saw (and its audit id); asked again (same question, same date) if no longer in memory."""
    try:
        data = json.loads(value)
        ref, question, day = str(data["ref"]), str(data.get("q") or ""), data.get("d")
        audit_id = data.get("a") if isinstance(data.get("a"), int) else None
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    answer = deps.recent.get(ref)
    if answer is None and question:
        answer = deps.service.ask(question, as_of=date.fromisoformat(day) if day else None)
        deps.recent.put(ref, answer)
    return (ref, answer, audit_id) if answer is not None else None


def show_clause(deps: SlackDeps, client: WebClient, body: dict[str, Any]) -> None:
    """A modal with the clause in full (the trigger expires in 3 s, so no queue); privately without one."""
    clause = find_clause(deps, payloads.action_value(body) or "")
    if clause is None:
        return
    meta = deps.kb.document_of(clause).meta
    trigger = body.get("trigger_id")
    if trigger:
        try:
            client.views_open(trigger_id=trigger, view=build_clause_modal(clause, meta))
            return
        except SLACK_ERRORS as exc:
            log.info("views.open failed, showing the clause privately: %s", exc)
    sender = PrivateSender(
        client, payloads.channel_id(body) or "", payloads.user_id(body) or "", body.get("response_url")
    )
    deps.workers.quick(lambda: _send_privately(sender, build_clause_blocks(clause, meta)))


def _send_privately(sender: PrivateSender, message: Message) -> None:
    try:
        sender.send(message)
    except SLACK_ERRORS as exc:
        log.error("could not show a clause: %s", exc)


def record_vote(deps: SlackDeps, client: WebClient, body: dict[str, Any], action: dict[str, Any]) -> None:
    """Record 👍/👎 at once, then offer a modal for an optional reason."""
    ref, user = str(action.get("value") or ""), payloads.user_id(body) or ""
    value = "up" if action.get("action_id") == FEEDBACK_UP_ACTION else "down"
    try:
        deps.feedback.record_feedback(ref, user, value, None)
    except Exception:
        log.exception("feedback not recorded ref=%s user=%s", ref, user)
    log.info("feedback ref=%s user=%s value=%s", ref, user, value)
    if body.get("trigger_id"):
        metadata = json.dumps({"ref": ref, "value": value})
        try:
            shown = ref.partition("/")[0]  # the reference the person saw, without the audit id
            client.views_open(trigger_id=body["trigger_id"], view=build_feedback_modal(shown, value, metadata))
        except SLACK_ERRORS as exc:
            log.info("could not open the feedback modal: %s", exc)


def record_reason(deps: SlackDeps, body: dict[str, Any], view: dict[str, Any]) -> None:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
        ref, value = str(data["ref"]), str(data["value"])
    except (ValueError, KeyError, TypeError):
        log.warning("a feedback modal came back without its reference")
        return
    state = ((view.get("state") or {}).get("values") or {}).get(REASON_BLOCK) or {}
    reason = ((state.get(REASON_INPUT) or {}).get("value") or "").strip()
    if reason:
        try:
            deps.feedback.record_feedback(ref, payloads.user_id(body) or "", value, reason)
        except Exception:
            log.exception("feedback reason not recorded ref=%s", ref)
