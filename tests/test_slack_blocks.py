"""The pure Block Kit builders: verdict at a glance, quotes, escaping, and Slack's limits."""

from __future__ import annotations

import json

import pytest

from bot.answer.models import Answer, Citation
from bot.answer.service import PolicyService
from bot.policy.models import Clause, DocumentMeta
from bot.rules.model import Decision, Verdict
from bot.slack import blocks as b
from bot.slack import messages, mrkdwn
from tests.conftest import TODAY
from tests.slack_blocks_check import assert_valid_blocks, assert_valid_view

QUESTIONS = {
    Verdict.PROHIBITED: "Can the Chicago Police Department use facial recognition?",
    Verdict.PERMITTED: "Can a police department in Georgia use the model to summarize witness interviews?",
    Verdict.NEEDS_CLARIFICATION: "Can police use facial recognition?",
    Verdict.OUT_OF_SCOPE: "What is the capital of France?",
}


def _answer(text: str = "No.", citations: int = 1, **extra: object) -> Answer:
    cites = [
        Citation(
            clause_id=f"doc/{i}",
            document_id="doc",
            version="2024",
            quote=f"Clause {i} says <b>A & B</b> > C.",
            title="Code & Conduct",
            source_url="https://example.com/a?b=1&c=<2>|x",
        )
        for i in range(citations)
    ]
    return Answer(
        verdict=Verdict.PROHIBITED,
        answer=text,
        citations=cites,
        decision=Decision(verdict=Verdict.PROHIBITED),
        as_of=TODAY,
        policy_versions=["doc (2024)"],
        question="Can we?",
        **extra,
    )


@pytest.mark.parametrize("verdict", list(QUESTIONS))
def test_every_verdict_is_shown_by_name_with_valid_blocks(service: PolicyService, verdict: Verdict) -> None:
    answer = service.ask(QUESTIONS[verdict])
    assert answer.verdict is verdict
    message = b.build_answer_blocks(answer, "pa-1")
    assert_valid_blocks(message.blocks)
    label = messages.VERDICT_LABELS[verdict.value]
    assert label in message.blocks[0]["text"]["text"]
    assert message.text.startswith(label)
    assert "pa-1" in json.dumps(message.blocks)


def test_citations_are_quotes_with_clause_document_version_and_source(service: PolicyService) -> None:
    answer = service.ask(QUESTIONS[Verdict.PROHIBITED])
    message = b.build_answer_blocks(answer, "pa-1")
    cited = [blk for blk in message.blocks if blk.get("accessory", {}).get("action_id", "").startswith(b.CLAUSE_ACTION)]
    assert len(cited) == len(answer.citations) >= 1
    for blk, citation in zip(cited, answer.citations, strict=True):
        text = blk["text"]["text"]
        assert f"*{citation.clause_id}*" in text
        assert citation.title in text and f"version {citation.version}" in text
        assert f"<{citation.source_url}|source>" in text
        quoted = "\n".join(line[1:] for line in text.split("\n")[1:])
        assert quoted == mrkdwn.escape(citation.quote)
        assert blk["accessory"]["value"] == citation.clause_id


def test_clause_text_is_escaped_for_mrkdwn() -> None:
    message = b.build_answer_blocks(_answer("Use <@U123> & <!channel> here"), "pa-1")
    dumped = json.dumps(message.blocks)
    assert "<b>" not in dumped and "<!channel>" not in dumped and "<@U123>" not in dumped
    assert "&lt;b&gt;A &amp; B&lt;/b&gt; &gt; C." in dumped
    assert "&amp;lt;" not in dumped  # escaped once, not twice
    assert "https://example.com/a?b=1&amp;c=&lt;2&gt;%7Cx|source>" in dumped
    assert "<!channel>" not in message.text


def test_a_very_long_answer_is_split_into_sections_within_the_limits() -> None:
    long = "\n".join(f"- Point {i}: " + "word " * 60 for i in range(400))  # ~120,000 characters
    message = b.build_answer_blocks(_answer(long, citations=30), "pa-1", share=True)
    assert_valid_blocks(message.blocks)
    sections = [blk["text"]["text"] for blk in message.blocks if blk["type"] == "section"]
    assert all(len(s) <= 3000 for s in sections)
    assert sum(1 for s in sections if s.startswith("• Point")) == b.MAX_ANSWER_SECTIONS
    assert messages.SHORTENED in json.dumps(message.blocks)
    assert "20 more clause(s)" in json.dumps(message.blocks)
    assert len(message.text) <= b.TEXT_CHARS


def test_share_button_value_fits_and_carries_the_question() -> None:
    answer = _answer()
    answer.question = "é" * 5000
    value = b.share_value("pa-1", answer)
    assert len(value) <= 2000
    assert json.loads(value)["ref"] == "pa-1" and json.loads(value)["d"] == TODAY.isoformat()
    message = b.build_answer_blocks(answer, "pa-1", share=True, show_question=True)
    assert_valid_blocks(message.blocks)
    buttons = [e["action_id"] for blk in message.blocks if blk["type"] == "actions" for e in blk["elements"]]
    assert buttons == [b.SHARE_ACTION, b.FEEDBACK_UP_ACTION, b.FEEDBACK_DOWN_ACTION]


def test_admins_see_rules_and_warnings_and_everyone_sees_a_fallback_note() -> None:
    answer = _answer(warnings=["the LLM timed out"], llm_fallback="timed out")
    plain = json.dumps(b.build_answer_blocks(answer, "pa-1").blocks)
    admin = json.dumps(b.build_answer_blocks(answer, "pa-1", admin=True).blocks)
    assert messages.LLM_FALLBACK in plain and "timed out" not in plain
    assert "the LLM timed out" in admin and "Admin: mode" in admin


def test_split_cuts_at_boundaries_and_never_inside_an_escape() -> None:
    text = ("a" * 2997) + "&amp;" + "b" * 10
    pieces = mrkdwn.split(text, 3000)
    assert pieces[0] == "a" * 2997 and pieces[1].startswith("&amp;")
    assert mrkdwn.split("one two three", 8) == ["one two", "three"]
    assert mrkdwn.split("") == [""]


def test_clause_search_help_and_notice_blocks_are_valid(kb) -> None:  # type: ignore[no-untyped-def]
    clause = kb.clause("coc-2024/3.1")
    meta = kb.document_of(clause).meta
    message = b.build_clause_blocks(clause, meta)
    assert_valid_blocks(message.blocks)
    assert mrkdwn.escape(clause.text) in "".join(blk["text"]["text"] for blk in message.blocks[2:])
    assert_valid_view(b.build_clause_modal(clause, meta))
    assert_valid_blocks(b.build_search_blocks("police", [(clause, meta), (kb.clause("face-la/2.1"), meta)]).blocks)
    assert_valid_blocks(b.build_search_blocks("nothing", []).blocks)
    assert_valid_blocks(b.build_help_blocks().blocks)
    assert_valid_blocks(b.build_notice_blocks(messages.apology("pa-1")).blocks)
    assert "*" not in b.build_help_blocks().text


def test_a_huge_clause_is_shortened_to_fit() -> None:
    clause = Clause(id="big/1", document_id="big", version="1", text="x. " * 60_000, start=0, end=1)
    meta = DocumentMeta(id="big", title="Big")
    assert_valid_blocks(b.build_clause_blocks(clause, meta).blocks)
    assert_valid_view(b.build_clause_modal(clause, meta))


def test_home_view_lists_the_versions_in_force(kb) -> None:  # type: ignore[no-untyped-def]
    view = b.build_home_view(kb.documents_in_force(TODAY), TODAY)
    assert_valid_view(view)
    dumped = json.dumps(view)
    for document in kb.documents_in_force(TODAY):
        assert f"version {document.meta.version}" in dumped
    assert "coc-2023" not in dumped  # superseded
    for label in messages.VERDICT_LABELS.values():
        assert label in dumped


def test_feedback_modal_is_valid_and_its_reason_optional() -> None:
    view = b.build_feedback_modal("pa-1", "down", json.dumps({"ref": "pa-1", "value": "down"}))
    assert_valid_view(view)
    reason = next(blk for blk in view["blocks"] if blk["type"] == "input")
    assert reason["optional"] is True and reason["block_id"] == b.REASON_BLOCK
