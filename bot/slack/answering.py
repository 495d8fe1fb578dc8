"""One question's path after Slack has been acknowledged: limit, progress, context, ask, render, send.

A job knows where its answer goes (a thread, or privately) and how to show progress (a reaction,
or the assistant pane's status). Whatever fails, the person gets one message: the answer, or a
short apology with a reference id; the details go to the log under the same reference.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.webhook import WebhookClient

from bot.answer.conversation import Conversation
from bot.answer.models import Answer
from bot.audit.recording import record_safely
from bot.errors import QuestionError
from bot.slack import messages, mrkdwn
from bot.slack.blocks import Message, build_answer_blocks, build_notice_blocks
from bot.slack.deps import SlackDeps
from bot.slack.thread_context import answer_metadata, conversation_from_messages

log = logging.getLogger(__name__)

SLACK_ERRORS = (SlackApiError, SlackClientError, OSError)
PROGRESS_REACTION = "hourglass_flowing_sand"
DM_CONTEXT_S = 30 * 60  # a direct message follows up on our answers of the last half hour
FALLBACK_ERRORS = ("invalid_blocks", "invalid_blocks_format", "msg_too_long", "invalid_metadata_format")
RECORD_WAIT_S = 2.0  # an answer waits this long at most for its audit record (the record itself carries on)
_recorder = ThreadPoolExecutor(8, thread_name_prefix="policybot-audit")  # threads start on first use


def new_ref() -> str:
    """The reference a person can quote; the log has the details under it."""
    return "pa-" + secrets.token_hex(4)


# ---- where the answer goes


class Sender(Protocol):
    ephemeral: bool

    def send(self, message: Message, metadata: dict[str, Any] | None = None) -> None: ...


@dataclass
class ThreadSender:
    """A message in a channel or DM: in `thread_ts`'s thread, or at the top level when it is None."""

    client: WebClient
    channel: str
    thread_ts: str | None
    ephemeral: bool = False

    def send(self, message: Message, metadata: dict[str, Any] | None = None) -> None:
        args: dict[str, Any] = {"channel": self.channel, "text": message.text, "unfurl_links": False}
        if self.thread_ts:
            args["thread_ts"] = self.thread_ts
        try:
            self.client.chat_postMessage(**args, blocks=message.blocks, metadata=metadata, unfurl_media=False)
        except SlackApiError as exc:
            if exc.response.get("error") not in FALLBACK_ERRORS:
                raise
            log.warning("Slack refused a message (%s); sending its plain text", exc.response.get("error"))
            self.client.chat_postMessage(**args)


@dataclass
class PrivateSender:
    """Only the asker sees it: through the command's response_url, or chat.postEphemeral without one."""

    client: WebClient
    channel: str
    user: str
    response_url: str | None = None
    ephemeral: bool = True

    def send(self, message: Message, metadata: dict[str, Any] | None = None) -> None:
        if self.response_url:
            body = {"response_type": "ephemeral", "replace_original": False, "text": message.text}
            respond(self.response_url, {**body, "blocks": message.blocks})
        else:
            self.client.chat_postEphemeral(
                channel=self.channel, user=self.user, text=message.text, blocks=message.blocks
            )


def respond(response_url: str, body: dict[str, Any]) -> None:
    """POST to a response_url; an error status raises like a Web API error would."""
    response = WebhookClient(response_url, timeout=15).send_dict(body)
    if response.status_code != 200:
        raise SlackClientError(f"response_url answered HTTP {response.status_code}: {response.body[:200]}")


def send_notice(sender: Sender, text: str) -> None:
    """Best effort: a message of ours that must not raise (it is what we send when something failed)."""
    try:
        sender.send(build_notice_blocks(text))
    except SLACK_ERRORS as exc:
        log.error("could not tell the user: %s", exc)


# ---- progress while working


class Progress(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...


class NoProgress:
    """The slash command's acknowledgement already says we are working on it."""

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


@dataclass
class ReactionProgress:
    """⏳ on the person's message while we work."""

    client: WebClient
    channel: str
    ts: str

    def start(self) -> None:
        _quietly(
            "reactions.add",
            lambda: self.client.reactions_add(channel=self.channel, timestamp=self.ts, name=PROGRESS_REACTION),
        )

    def stop(self) -> None:
        _quietly(
            "reactions.remove",
            lambda: self.client.reactions_remove(channel=self.channel, timestamp=self.ts, name=PROGRESS_REACTION),
        )


@dataclass
class StatusProgress:
    """The assistant pane's status line ("Checking the code of conduct…"); Slack clears it when we reply."""

    client: WebClient
    channel: str
    thread_ts: str

    def start(self) -> None:
        _quietly(
            "assistant.threads.setStatus",
            lambda: self.client.assistant_threads_setStatus(
                channel_id=self.channel,
                thread_ts=self.thread_ts,
                status=messages.WORKING,
                loading_messages=messages.WORKING_DETAILS,
            ),
        )

    def stop(self) -> None:
        pass

    def title(self, question: str) -> None:
        _quietly(
            "assistant.threads.setTitle",
            lambda: self.client.assistant_threads_setTitle(
                channel_id=self.channel, thread_ts=self.thread_ts, title=mrkdwn.shorten(question, 80)
            ),
        )


def _quietly(what: str, call: Callable[[], object]) -> None:
    """Progress and titles are a courtesy: a failure is logged, never shown."""
    try:
        call()
    except SLACK_ERRORS as exc:
        log.info("%s failed: %s", what, exc)


# ---- the thread's context


def thread_loader(
    deps: SlackDeps, client: WebClient, channel: str, thread_ts: str, before_ts: str | None, bot_user_id: str | None
) -> Callable[[], Conversation | None]:
    def load() -> Conversation | None:
        reply = client.conversations_replies(channel=channel, ts=thread_ts, include_all_metadata=True, limit=200)
        messages_ = reply.get("messages") or []
        return conversation_from_messages(messages_, before_ts, bot_user_id, lambda text, c: _read(deps, text, c))

    return load


def history_loader(
    client: WebClient,
    channel: str,
    before_ts: str | None,
    bot_user_id: str | None,
    now: Callable[[], float] = time.time,
) -> Callable[[], Conversation | None]:
    def load() -> Conversation | None:
        oldest = f"{now() - DM_CONTEXT_S:.6f}"
        reply = client.conversations_history(channel=channel, oldest=oldest, include_all_metadata=True, limit=20)
        top_level = [
            m for m in reply.get("messages") or [] if not m.get("thread_ts") or m.get("thread_ts") == m.get("ts")
        ]
        return conversation_from_messages(top_level, before_ts, bot_user_id)

    return load


def _read(deps: SlackDeps, text: str, conversation: Conversation) -> None:
    with suppress(QuestionError):  # an empty or unreadable first message is no context
        deps.context_reader.ask(text, conversation=conversation)


# ---- the job


@dataclass
class Job:
    question: str
    user: str
    channel: str
    surface: str  # "mention", "dm", "assistant" or "command": for the log
    sender: Sender
    progress: Progress = field(default_factory=NoProgress)
    context: Callable[[], Conversation | None] | None = None
    on_first_question: Callable[[str], None] | None = None  # the assistant pane titles its thread with it


def submit_question(deps: SlackDeps, job: Job) -> None:
    """From a listener, after the ack: count the question against the limit and queue the work."""
    if job.user not in deps.settings.slack_admin_ids:
        wait = deps.limiter.try_acquire(job.user)
        if wait:
            log.info("rate limited user=%s for %.0f s", job.user, wait)
            deps.workers.quick(lambda: send_notice(job.sender, messages.rate_limited(wait)))
            return
    started = deps.workers.quick(job.progress.start)
    deps.workers.answer(lambda: answer_now(deps, job, started))


def answer_now(deps: SlackDeps, job: Job, started: Future[object] | None = None) -> None:
    ref = new_ref()
    began = time.monotonic()
    try:
        conversation = _load_context(job, ref)
        if conversation is None and job.on_first_question is not None:
            job.on_first_question(job.question)
        answer = deps.service.ask(job.question, conversation=conversation)
        seconds = time.monotonic() - began
        deps.metrics.answered(answer, seconds)
        audit_id = record_answer(deps, job, answer, seconds * 1000)
        deps.recent.put(ref, answer)
        message = build_answer_blocks(
            answer,
            ref,
            share=job.sender.ephemeral,
            show_question=job.sender.ephemeral,
            admin=job.user in deps.settings.slack_admin_ids,
            audit_id=audit_id,
        )
        job.sender.send(message, answer_metadata(answer, ref))
        log.info(
            "answered ref=%s surface=%s channel=%s user=%s verdict=%s mode=%s turns=%d seconds=%.2f",
            ref,
            job.surface,
            job.channel,
            job.user,
            answer.verdict.value,
            answer.mode,
            len(conversation.turns) if conversation else 0,
            time.monotonic() - began,
        )
    except QuestionError as exc:
        send_notice(job.sender, messages.question_problem(mrkdwn.escape(str(exc))))
    except Exception:
        log.exception("answering failed ref=%s surface=%s channel=%s user=%s", ref, job.surface, job.channel, job.user)
        deps.metrics.failures.inc()
        send_notice(job.sender, messages.apology(ref))
    finally:
        if started is not None:
            _settle(started)
        job.progress.stop()


def record_answer(deps: SlackDeps, job: Job, answer: Answer, latency_ms: float) -> int | None:
    """The answer's audit id, or None: without a store, when recording fails, or when it takes too long.

    Recording never costs the person the answer: failures are logged (record_safely), and a slow
    database (locked, far away) is waited on for RECORD_WAIT_S at most while the write carries on.
    """
    if deps.audit is None:
        return None
    fields = {"user": job.user, "channel": job.channel, "surface": "slack", "latency_ms": latency_ms}
    pending = _recorder.submit(record_safely, deps.audit, answer, **fields, model=deps.model)
    pending.add_done_callback(lambda done: _count_failure(deps, done))
    try:
        return pending.result(timeout=RECORD_WAIT_S)
    except FutureTimeout:
        log.warning("the audit record is slow; answering without waiting (feedback on it will not be linked)")
        return None


def _count_failure(deps: SlackDeps, done: Future[int | None]) -> None:
    if done.result() is None:  # record_safely has logged why
        deps.metrics.audit_failures.inc()


def _load_context(job: Job, ref: str) -> Conversation | None:
    """The earlier turns; without them (no history scope, Slack down) the question is answered on its own."""
    if job.context is None:
        return None
    try:
        return job.context()
    except SLACK_ERRORS as exc:
        log.warning("no thread context for ref=%s: %s", ref, exc)
    except Exception:
        log.exception("reading the thread failed ref=%s; answering the question on its own", ref)
    return None


def _settle(started: Future[object]) -> None:
    """Let the progress indicator finish starting before it is stopped (else a ⏳ could stay behind)."""
    try:
        started.result(timeout=10)
    except Exception as exc:  # a timeout or the job's own error: stopping is still worth a try
        log.info("progress did not start cleanly: %s", exc)
