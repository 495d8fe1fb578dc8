"""Announcing a new policy version in a Slack channel: its summary of changes, posted with the bot token.

`policybot ingest` calls this for every document that supersedes another when
POLICYBOT_ANNOUNCE_CHANNEL is set; `policybot announce DOC` posts (or re-posts) one by hand.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.answer.changes import diff_summary
from bot.config import Settings
from bot.errors import AnnounceError, ConfigError, KnowledgeBaseError
from bot.policy.knowledge import KnowledgeBase
from bot.policy.models import Document
from bot.policy.versions import diff_documents
from bot.slack.blocks import build_announcement_blocks

POST_TIMEOUT_S = 10


def announcement_client(settings: Settings) -> WebClient:
    if not settings.slack_bot_token:
        raise ConfigError("announcing a new version needs SLACK_BOT_TOKEN (the app's xoxb- bot token)")
    if settings.slack_api_url:
        return WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=POST_TIMEOUT_S)
    return WebClient(token=settings.slack_bot_token, timeout=POST_TIMEOUT_S)


def versions_to_announce(kb: KnowledgeBase, document_id: str) -> tuple[Document, Document]:
    """(the version it supersedes, the document): what `policybot announce DOC` compares."""
    new = kb.documents.get(document_id)
    if new is None:
        known = ", ".join(sorted(kb.documents)) or "none"
        raise KnowledgeBaseError(f"no document {document_id!r} in {kb.root} (documents: {known})")
    old_id = new.meta.supersedes
    if not old_id:
        raise KnowledgeBaseError(f"{document_id} does not supersede another version (no `supersedes:`): nothing to say")
    old = kb.documents.get(old_id)
    if old is None:
        raise KnowledgeBaseError(f"{document_id} supersedes {old_id}, which is not in {kb.root}")
    return old, new


def announce_version(client: WebClient, channel: str, old: Document, new: Document) -> None:
    message = build_announcement_blocks(diff_summary(diff_documents(old, new)))
    try:
        client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks, unfurl_links=False)
    except SlackApiError as exc:  # Slack answered with an error code: channel_not_found, not_in_channel, …
        code = exc.response.get("error")
        raise AnnounceError(f"Slack refused the announcement of {new.id} in {channel}: {code}") from exc
    except (SlackClientError, OSError) as exc:  # no answer at all
        raise AnnounceError(f"could not reach Slack to announce {new.id} in {channel}: {exc}") from exc
