"""@mentions in channels, direct messages, and the assistant pane."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack import messages, payloads
from bot.slack.answering import (
    Job,
    PrivateSender,
    ReactionProgress,
    StatusProgress,
    ThreadSender,
    history_loader,
    send_notice,
    submit_question,
    thread_loader,
)
from bot.slack.blocks import build_greeting_blocks
from bot.slack.deps import SlackDeps
from bot.slack.listeners.errors import guarded


def register(app: App, deps: SlackDeps) -> None:
    @app.event("app_mention")
    def on_mention(body: dict[str, Any], event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        with guarded(deps, body, client):
            handle_mention(deps, client, event, context.bot_user_id)

    @app.event("message")
    def on_message(body: dict[str, Any], event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        with guarded(deps, body, client):
            handle_direct_message(deps, client, event, context.bot_user_id)

    @app.event("assistant_thread_started")
    def on_assistant_thread(event: dict[str, Any], client: WebClient) -> None:
        thread = event.get("assistant_thread") or {}
        channel, thread_ts = thread.get("channel_id"), thread.get("thread_ts")
        if channel and thread_ts:
            deps.workers.quick(lambda: greet(client, channel, thread_ts))

    @app.event("assistant_thread_context_changed")
    def on_assistant_context() -> None:
        """The channel the person is looking at changed: nothing in our answers depends on it."""


def handle_mention(deps: SlackDeps, client: WebClient, event: dict[str, Any], bot_user_id: str | None) -> None:
    """A mention in a channel: answer in its thread (the mention's own thread, or a new one under it)."""
    if not payloads.is_plain_user_message(event, bot_user_id):
        return
    channel, user, ts = str(event.get("channel", "")), str(event["user"]), str(event.get("ts", ""))
    if not payloads.channel_allowed(channel, deps.settings.slack_channel_ids):
        deps.workers.quick(lambda: send_notice(PrivateSender(client, channel, user), messages.CHANNEL_NOT_ALLOWED))
        return
    thread = payloads.thread_root(event)
    sender = ThreadSender(client, channel, thread)
    question = payloads.question_text(event["text"], bot_user_id)
    if not question:
        deps.workers.quick(lambda: send_notice(sender, messages.EMPTY_QUESTION))
        return
    context = None
    if payloads.is_thread_reply(event) and thread:
        context = thread_loader(deps, client, channel, thread, ts, bot_user_id)
    progress = ReactionProgress(client, channel, ts)
    submit_question(deps, Job(question, user, channel, "mention", sender, progress, context))


def handle_direct_message(deps: SlackDeps, client: WebClient, event: dict[str, Any], bot_user_id: str | None) -> None:
    """A DM: in a thread (the assistant pane's, or a DM thread) with its context, else at the top level."""
    if not payloads.is_direct_message(event) or not payloads.is_plain_user_message(event, bot_user_id):
        return  # edits, deletions, bots, ourselves, and channel messages (mentions arrive as app_mention)
    channel, user, ts = str(event.get("channel", "")), str(event["user"]), str(event.get("ts", ""))
    question = payloads.question_text(event["text"], bot_user_id)
    thread_ts = event.get("thread_ts")
    if thread_ts:
        status = StatusProgress(client, channel, str(thread_ts))
        job = Job(
            question,
            user,
            channel,
            "assistant",
            ThreadSender(client, channel, str(thread_ts)),
            status,
            thread_loader(deps, client, channel, str(thread_ts), ts, bot_user_id),
            status.title,
        )
    else:
        job = Job(
            question,
            user,
            channel,
            "dm",
            ThreadSender(client, channel, None),
            ReactionProgress(client, channel, ts),
            history_loader(client, channel, ts, bot_user_id),
        )
    if not question:
        deps.workers.quick(lambda: send_notice(job.sender, messages.EMPTY_QUESTION))
        return
    submit_question(deps, job)


def greet(client: WebClient, channel: str, thread_ts: str) -> None:
    """A new assistant thread: a greeting and suggested prompts."""
    greeting = build_greeting_blocks()
    client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=greeting.text, blocks=greeting.blocks)
    client.assistant_threads_setSuggestedPrompts(
        channel_id=channel,
        thread_ts=thread_ts,
        title=messages.SUGGESTED_PROMPTS_TITLE,
        prompts=[{"title": title, "message": message} for title, message in messages.SUGGESTED_PROMPTS],
    )
