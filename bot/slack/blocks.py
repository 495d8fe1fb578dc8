"""Pure Block Kit builders: an Answer (or a clause, a search, help, App Home) in, a Slack message out.

No client and no I/O here (docs/architecture.md, "House style": pure middle), so every layout is
tested by value. Slack's limits are kept: 3,000 characters a section, 50 blocks a message, 2,000
characters a button value, and every message has a plain-text `text` for notifications and screen readers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.answer.models import Answer, Citation
from bot.policy.models import Clause, Document, DocumentMeta
from bot.slack import messages, mrkdwn

MAX_BLOCKS = 50
MAX_MODAL_BLOCKS = 100
MAX_ANSWER_SECTIONS = 4  # 12,000 characters: longer answers are shortened with a note
MAX_CITATIONS = 10  # shown as quotes; the others are named
QUOTE_CHARS = 2400  # of a quoted clause in an answer ("Show full clause" has the rest)
SEARCH_TEXT_CHARS = 400
TEXT_CHARS = 3000  # the plain-text fallback
VALUE_CHARS = 2000  # a button's value
CONTEXT_CHARS = 3000

SHARE_ACTION = "policy_share"
CLAUSE_ACTION = "policy_clause"  # ":<n>" is appended: action ids are unique within a message
FEEDBACK_UP_ACTION = "policy_feedback_up"
FEEDBACK_DOWN_ACTION = "policy_feedback_down"
FEEDBACK_VIEW = "policy_feedback_reason"
REASON_BLOCK = "reason"
REASON_INPUT = "reason_input"

Block = dict[str, Any]


@dataclass(frozen=True)
class Message:
    text: str  # the plain-text fallback
    blocks: list[Block] = field(default_factory=list)


def build_answer_blocks(
    answer: Answer,
    ref: str,
    *,
    share: bool = False,
    show_question: bool = False,
    shared_by: str | None = None,
    admin: bool = False,
    audit_id: int | None = None,
) -> Message:
    """The verdict at a glance, the answer, the quoted clauses, the policy date, and the buttons.

    The 👍/👎 buttons carry the audit answer id (bot.slack.feedback.feedback_ref), so feedback links to it.
    """
    verdict = answer.verdict.value
    head: list[Block] = [_section(f"{messages.VERDICT_EMOJI[verdict]} *{messages.VERDICT_LABELS[verdict]}*")]
    if show_question and answer.question:
        head.append(_context(mrkdwn.quote(mrkdwn.shorten(answer.question, 1000))))
    notes = _notes(answer, admin)
    vote = feedback_ref(ref, audit_id)
    shared = [_button(messages.SHARE_BUTTON, SHARE_ACTION, share_value(ref, answer, audit_id), "primary")]
    tail: list[Block] = [
        _context(_footer(answer, ref)),
        _actions(
            [
                *(shared if share else []),
                _button(messages.HELPFUL_BUTTON, FEEDBACK_UP_ACTION, vote),
                _button(messages.NOT_HELPFUL_BUTTON, FEEDBACK_DOWN_ACTION, vote),
            ]
        ),
    ]
    if shared_by:
        tail.append(_context(messages.SHARED_BY.format(user=shared_by)))

    room = MAX_BLOCKS - len(head) - len(notes) - len(tail) - 2  # a divider, and a line naming uncited clauses
    shown = answer.citations[: min(MAX_CITATIONS, max(0, room - 1))]
    body = _answer_sections(answer.answer, min(MAX_ANSWER_SECTIONS, room - len(shown)))
    cited: list[Block] = [_citation(c, i) for i, c in enumerate(shown)]
    rest = answer.citations[len(shown) :]
    if rest:
        ids = ", ".join(f"`{mrkdwn.escape(c.clause_id)}`" for c in rest)
        cited.append(_context(mrkdwn.shorten(messages.MORE_CITATIONS.format(count=len(rest), ids=ids), CONTEXT_CHARS)))
    blocks = head + body + notes + ([{"type": "divider"}, *cited] if cited else []) + tail
    return Message(text=_answer_text(answer, ref), blocks=blocks)


def feedback_ref(ref: str, audit_id: int | None) -> str:
    """The value of an answer's 👍/👎 buttons."""
    return ref if audit_id is None else f"{ref}/{audit_id}"


def audit_answer_id(answer_ref: str) -> int | None:
    """The audit answer id in a feedback reference, or None when it carries none."""
    _, sep, tail = answer_ref.rpartition("/")
    return int(tail) if sep and tail.isascii() and tail.isdigit() and len(tail) < 19 else None


def share_value(ref: str, answer: Answer, audit_id: int | None = None) -> str:
    """What the Share button carries: the reference, and the question to ask again if the answer is gone."""
    question = answer.question
    linked = {"a": audit_id} if audit_id is not None else {}
    while True:
        value = json.dumps({"ref": ref, **linked, "q": question, "d": answer.as_of.isoformat()}, ensure_ascii=False)
        if len(value) <= VALUE_CHARS:
            return value
        question = question[: max(0, len(question) - (len(value) - VALUE_CHARS) - 1)]


def _answer_sections(text: str, room: int) -> list[Block]:
    pieces = mrkdwn.split(_bullets(mrkdwn.escape(text.strip() or "…")), mrkdwn.SECTION_LIMIT)
    room = max(1, room)
    if len(pieces) > room:
        pieces = pieces[:room]
        note = "\n" + messages.SHORTENED
        pieces[-1] = mrkdwn.shorten(pieces[-1], mrkdwn.SECTION_LIMIT - len(note)) + note
    return [_section(p) for p in pieces]


def _bullets(text: str) -> str:
    return "\n".join("• " + line[2:] if line.startswith("- ") else line for line in text.split("\n"))


def _citation(citation: Citation, index: int) -> Block:
    where = f"*{mrkdwn.escape(citation.clause_id)}*"
    about = ", ".join(p for p in (citation.title or citation.document_id, f"version {citation.version}") if p)
    line = f"{where} · {mrkdwn.escape(about)}"
    if citation.source_url:
        line += " · " + mrkdwn.link(citation.source_url, "source")
    quoted = mrkdwn.quote(mrkdwn.shorten(citation.quote, QUOTE_CHARS))
    text = mrkdwn.shorten(f"{line}\n{quoted}", mrkdwn.SECTION_LIMIT)
    block = _section(text)
    block["accessory"] = _button(
        messages.SHOW_CLAUSE_BUTTON, f"{CLAUSE_ACTION}:{index}", citation.clause_id[:VALUE_CHARS]
    )
    return block


def _notes(answer: Answer, admin: bool) -> list[Block]:
    notes: list[str] = []
    if answer.llm_fallback:
        notes.append(messages.LLM_FALLBACK)
    if any("characters long" in w for w in answer.warnings):
        notes.append(messages.LONG_QUESTION)
    if admin:
        rules = ", ".join(r.id for r in answer.decision.rules) or "none"
        notes.append(f"Admin: mode {answer.mode}; rules {rules}")
        notes += [f"warning: {w}" for w in answer.warnings]
    if not notes:
        return []
    return [_context(mrkdwn.shorten(mrkdwn.escape("\n".join(notes)), CONTEXT_CHARS))]


def _footer(answer: Answer, ref: str) -> str:
    versions = ", ".join(answer.policy_versions) or "none"
    when = messages.POLICY_AS_OF.format(day=answer.as_of.isoformat(), versions=versions)
    return mrkdwn.shorten(f"{mrkdwn.escape(when)} · {messages.REFERENCE.format(ref=ref)}", CONTEXT_CHARS)


def _answer_text(answer: Answer, ref: str) -> str:
    label = messages.VERDICT_LABELS[answer.verdict.value]
    cited = ", ".join(c.clause_id for c in answer.citations)
    text = f"{label}: {answer.answer.strip()}" + (f"\nClauses: {cited}" if cited else "") + f"\n(ref {ref})"
    return mrkdwn.shorten(mrkdwn.escape(text), TEXT_CHARS)


def build_notice_blocks(text: str) -> Message:
    """A short message of ours (an apology, a limit, a hint): already mrkdwn, written in messages.py."""
    return Message(text=_plain(text), blocks=[_section(mrkdwn.shorten(text, mrkdwn.SECTION_LIMIT))])


def build_announcement_blocks(summary: str) -> Message:
    """A new version's summary of changes (`diff_summary`: a headline, then "- " lines) for a channel."""
    headline, *changes = summary.split("\n")
    blocks = [_section(f"*{messages.ANNOUNCEMENT_TITLE}*\n{mrkdwn.escape(headline)}")]
    body = "\n".join(f"• {mrkdwn.escape(line.removeprefix('- '))}" for line in changes)
    pieces = mrkdwn.split(body) if body else []
    room = MAX_BLOCKS - 2  # the headline and the closing note
    if len(pieces) > room:
        pieces = [*pieces[: room - 1], messages.ANNOUNCEMENT_CUT]
    blocks += [_section(piece) for piece in pieces]
    blocks.append(_context(messages.ANNOUNCEMENT_HINT))
    return Message(text=_plain(f"{messages.ANNOUNCEMENT_TITLE}: {headline}"), blocks=blocks)


def build_help_blocks() -> Message:
    return Message(text=_plain(messages.HELP), blocks=[_section(f"*{messages.HELP_TITLE}*"), _section(messages.HELP)])


def build_greeting_blocks() -> Message:
    return Message(text=messages.GREETING, blocks=[_section(mrkdwn.escape(messages.GREETING))])


def build_clause_blocks(clause: Clause, meta: DocumentMeta) -> Message:
    """A clause in full, for `/policy clause <id>`: title line, section path, the text in pieces."""
    blocks = _clause_body(clause, meta, MAX_BLOCKS)
    return Message(text=mrkdwn.shorten(f"{clause.id}: {clause.text}", TEXT_CHARS), blocks=blocks)


def build_clause_modal(clause: Clause, meta: DocumentMeta) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": _plain_text(mrkdwn.shorten(f"Clause {clause.id}", 24)),
        "close": _plain_text(messages.CLAUSE_MODAL_CLOSE),
        "blocks": _clause_body(clause, meta, MAX_MODAL_BLOCKS),
    }


def _clause_body(clause: Clause, meta: DocumentMeta, max_blocks: int) -> list[Block]:
    title = f"*{mrkdwn.escape(clause.id)}* · {mrkdwn.escape(meta.title or clause.document_id)}, version "
    title += mrkdwn.escape(clause.version)
    if meta.source_url:
        title += " · " + mrkdwn.link(meta.source_url, "source")
    head = [_section(mrkdwn.shorten(title, mrkdwn.SECTION_LIMIT))]
    if clause.section:
        head.append(_context(mrkdwn.shorten(mrkdwn.escape(" › ".join(clause.section)), CONTEXT_CHARS)))
    pieces = mrkdwn.split(mrkdwn.escape(clause.text), mrkdwn.SECTION_LIMIT)
    room = max_blocks - len(head)
    if len(pieces) > room:
        pieces = pieces[:room]
        pieces[-1] = mrkdwn.shorten(pieces[-1], mrkdwn.SECTION_LIMIT - len(messages.SHORTENED) - 1)
        pieces[-1] += "\n" + messages.SHORTENED
    return head + [_section(p) for p in pieces]


def build_search_blocks(query: str, hits: Sequence[tuple[Clause, DocumentMeta]]) -> Message:
    """Matching clauses, each with a "Show full clause" button; an empty search says what to try."""
    shown_query = mrkdwn.escape(mrkdwn.shorten(query, 200))
    if not hits:
        text = messages.SEARCH_NONE.format(query=shown_query)
        return Message(text=_plain(text), blocks=[_section(text)])
    blocks: list[Block] = [_section(f"*{messages.SEARCH_HEADER.format(query=shown_query)}*")]
    for i, (clause, meta) in enumerate(hits[: MAX_BLOCKS - 1]):
        line = f"*{mrkdwn.escape(clause.id)}* · {mrkdwn.escape(meta.title or clause.document_id)}"
        block = _section(f"{line}\n{mrkdwn.quote(mrkdwn.shorten(clause.text, SEARCH_TEXT_CHARS))}")
        block["accessory"] = _button(messages.SHOW_CLAUSE_BUTTON, f"{CLAUSE_ACTION}:{i}", clause.id[:VALUE_CHARS])
        blocks.append(block)
    text = f"{messages.SEARCH_HEADER.format(query=query)}: " + ", ".join(c.id for c, _ in hits)
    return Message(text=mrkdwn.shorten(text, TEXT_CHARS), blocks=blocks)


def build_home_view(documents: Sequence[Document], today: date) -> dict[str, Any]:
    """App Home: what the assistant covers (the documents in force today, with versions) and how to ask."""
    blocks: list[Block] = [
        {"type": "header", "text": _plain_text(messages.HOME_TITLE)},
        _section(messages.HOME_COVERS),
    ]
    lines = [_document_line(d) for d in documents]
    for piece in mrkdwn.split("\n".join(lines) or messages.HOME_NO_DOCUMENTS, mrkdwn.SECTION_LIMIT)[:40]:
        blocks.append(_section(piece))
    blocks.append(_context(f"Policy versions in force on {today.isoformat()}"))
    blocks += [{"type": "divider"}, _section(messages.HOME_HOW), _section(messages.HOME_VERDICTS)]
    meanings = "\n".join(
        f"{messages.VERDICT_EMOJI[v]} *{messages.VERDICT_LABELS[v]}*: {m}" for v, m in messages.VERDICT_MEANINGS.items()
    )
    blocks += [_section(meanings), _context(messages.DISCLAIMER)]
    return {"type": "home", "blocks": blocks[:MAX_MODAL_BLOCKS]}


def _document_line(document: Document) -> str:
    meta = document.meta
    name = mrkdwn.escape(meta.title or meta.id)
    if meta.source_url:
        name = mrkdwn.link(meta.source_url, meta.title or meta.id)
    since = f", in force since {meta.effective.isoformat()}" if meta.effective else ""
    return f"• {name}: version {mrkdwn.escape(meta.version)} (`{mrkdwn.escape(meta.id)}`){since}"


def build_feedback_modal(ref: str, value: str, private_metadata: str) -> dict[str, Any]:
    """Thanks, and an optional reason; the thumbs up or down is recorded already."""
    thanks = messages.FEEDBACK_THANKS_UP if value == "up" else messages.FEEDBACK_THANKS_DOWN
    return {
        "type": "modal",
        "callback_id": FEEDBACK_VIEW,
        "private_metadata": private_metadata[:3000],
        "title": _plain_text(messages.FEEDBACK_TITLE[:24]),
        "submit": _plain_text(messages.FEEDBACK_SUBMIT),
        "close": _plain_text(messages.FEEDBACK_CLOSE),
        "blocks": [
            _section(mrkdwn.escape(thanks)),
            {
                "type": "input",
                "block_id": REASON_BLOCK,
                "optional": True,
                "label": _plain_text(messages.FEEDBACK_REASON_LABEL),
                "hint": _plain_text(messages.FEEDBACK_REASON_HINT),
                "element": {
                    "type": "plain_text_input",
                    "action_id": REASON_INPUT,
                    "multiline": True,
                    "max_length": 2000,
                },
            },
            _context(messages.REFERENCE.format(ref=ref)),
        ],
    }


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _actions(elements: list[Block]) -> Block:
    return {"type": "actions", "elements": elements}


def _button(label: str, action_id: str, value: str, style: str | None = None) -> Block:
    button: Block = {"type": "button", "text": _plain_text(label), "action_id": action_id, "value": value}
    if style:
        button["style"] = style
    return button


def _plain_text(text: str) -> Block:
    return {"type": "plain_text", "text": text, "emoji": True}


def _plain(text: str) -> str:
    """Our mrkdwn sentences as plain text for the fallback: no asterisks, underscores or backticks."""
    return mrkdwn.shorten(text.replace("*", "").replace("`", "").replace("_", ""), TEXT_CHARS)
