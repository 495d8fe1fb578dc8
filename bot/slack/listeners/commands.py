"""`/policy <question>`, `/policy clause <id>`, `/policy search <words>`, `/policy help`: private answers."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.errors import ClauseNotFound
from bot.policy.models import Clause
from bot.slack import messages, mrkdwn, payloads
from bot.slack.answering import SLACK_ERRORS, Job, PrivateSender, Sender, new_ref, send_notice, submit_question
from bot.slack.blocks import build_clause_blocks, build_help_blocks, build_search_blocks
from bot.slack.deps import SlackDeps
from bot.slack.listeners.errors import guarded

log = logging.getLogger(__name__)

COMMAND = "/policy"
SEARCH_RESULTS = 5


def register(app: App, deps: SlackDeps) -> None:
    @app.command(COMMAND)
    def on_policy(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        with guarded(deps, command, client, ack):
            handle_command(deps, client, ack, command)


def handle_command(deps: SlackDeps, client: WebClient, ack: Ack, command: dict[str, Any]) -> None:
    parsed = payloads.parse_command(str(command.get("text") or ""))
    channel, user = str(command.get("channel_id", "")), str(command.get("user_id", ""))
    sender = PrivateSender(client, channel, user, command.get("response_url") or None)
    if not payloads.channel_allowed(channel, deps.settings.slack_channel_ids):
        ack()
        deps.workers.quick(lambda: send_notice(sender, messages.CHANNEL_NOT_ALLOWED))
        return
    if parsed.kind == "ask":
        ack(response_type="ephemeral", text=messages.WORKING)
        submit_question(deps, Job(parsed.argument, user, channel, "command", sender))
        return
    ack()
    deps.workers.quick(lambda: look_up(deps, parsed, sender))


def look_up(deps: SlackDeps, command: payloads.Command, sender: Sender) -> None:
    """Help, a clause, or a search: quick, local, and private."""
    try:
        if command.kind == "clause":
            _clause(deps, command.argument, sender)
        elif command.kind == "search":
            _search(deps, command.argument, sender)
        else:
            sender.send(build_help_blocks())
    except SLACK_ERRORS as exc:
        log.error("could not answer /policy %s: %s", command.kind, exc)
    except Exception:
        ref = new_ref()
        log.exception("/policy %s failed ref=%s", command.kind, ref)
        send_notice(sender, messages.apology(ref))


def _clause(deps: SlackDeps, clause_id: str, sender: Sender) -> None:
    if not clause_id:
        send_notice(sender, messages.CLAUSE_EMPTY)
        return
    clause = find_clause(deps, clause_id)
    if clause is None:
        send_notice(sender, messages.no_such_clause(mrkdwn.escape(mrkdwn.shorten(clause_id, 100))))
        return
    sender.send(build_clause_blocks(clause, deps.kb.document_of(clause).meta))


def find_clause(deps: SlackDeps, clause_id: str) -> Clause | None:
    """A clause by id; ids are matched without regard to case or surrounding backticks."""
    wanted = clause_id.strip().strip("`").strip()
    try:
        return deps.kb.clause(wanted)
    except ClauseNotFound:
        folded = wanted.casefold()
        return next((c for cid, c in deps.kb.clauses.items() if cid.casefold() == folded), None)


def _search(deps: SlackDeps, query: str, sender: Sender) -> None:
    if not query:
        send_notice(sender, messages.SEARCH_EMPTY)
        return
    hits = deps.retriever.search(query, SEARCH_RESULTS, deps.today())
    sender.send(build_search_blocks(query, [(h.clause, deps.kb.document_of(h.clause).meta) for h in hits]))
