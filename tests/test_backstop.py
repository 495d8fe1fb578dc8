"""A knowledge base with no rule book still has a backstop: the prohibiting clauses a question matches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.answer.service import PolicyService
from bot.config import load_settings
from bot.policy.knowledge import load_knowledge_base
from bot.rules.model import Verdict
from bot.wiring import semantic_matcher
from tests.conftest import TODAY

POLICY = """---
id: widget-aup
title: Widget Cloud Acceptable Use Policy
version: "1"
---

# Widget Cloud Acceptable Use Policy

## Prohibited uses

You agree not to use Widget Cloud to:

- create, distribute or operate ransomware, viruses or other malicious code;
- send unsolicited bulk email or other spam;
- plan, promote or support terrorism or violent extremism;
- generate sexual content involving minors.

## Support

Questions about this policy can be sent to the Widget Cloud support team.
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> PolicyService:
    kb_dir = tmp_path_factory.mktemp("byo")
    (kb_dir / "widget-aup.md").write_text(POLICY, encoding="utf-8")
    kb = load_knowledge_base(kb_dir)
    assert not kb.rules  # no rule book: only the clauses and their modality
    return PolicyService(kb, today=lambda: TODAY, semantic=semantic_matcher(load_settings(), kb))


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Can we use it to write ransomware that encrypts a hospital's files?", "ransomware"),
        ("Could a customer use the service to draft recruitment posts for a terrorist group?", "terrorism"),
    ],
)
def test_a_harmful_use_is_sent_to_review_naming_the_clause_that_appears_to_prohibit_it(
    service: PolicyService, question: str, word: str
) -> None:
    answer = service.ask(question)
    assert answer.verdict is Verdict.NEEDS_REVIEW  # never permitted, never out of scope, and no rule to prohibit
    assert answer.possible_prohibitions
    first = service.kb.clause(answer.possible_prohibitions[0])
    assert first.modality == "prohibits" and word in first.text
    assert answer.citations[0].clause_id == answer.possible_prohibitions[0]  # cited first
    assert "appear" in answer.answer and first.id in answer.answer
    assert "acme" not in json.dumps(answer.to_json_dict()).lower()  # no kb.yaml: neutral wording


@pytest.mark.parametrize(
    "question", ["Can we use it to summarise our meeting notes?", "Could it translate our user manual into Italian?"]
)
def test_a_harmless_use_is_not_flagged(service: PolicyService, question: str) -> None:
    answer = service.ask(question)
    assert answer.possible_prohibitions == []
    assert answer.verdict is Verdict.NEEDS_REVIEW  # no rule permits it either: a person may look


def test_the_policy_itself_is_informational_not_a_use(service: PolicyService, tmp_path: Path) -> None:
    answer = service.ask("Who do I report a suspected breach of the policy to?")
    assert answer.verdict is Verdict.INFORMATIONAL and answer.possible_prohibitions == []


def test_a_list_item_knows_the_lead_in_it_sits_under(service: PolicyService) -> None:
    clauses = {c.text.split("\n")[-1]: c for c in service.kb.documents["widget-aup"].clauses}
    item = clauses["send unsolicited bulk email or other spam;"]
    assert item.modality == "prohibits"
    assert item.lead_ins == ("You agree not to use Widget Cloud to:",)  # for matching only: never quoted
    assert clauses["You agree not to use Widget Cloud to:"].lead_ins == ()


def test_the_lead_in_of_a_list_is_never_named_as_the_prohibiting_clause(service: PolicyService) -> None:
    # "You agree not to use Widget Cloud to:" prohibits, but says nothing of what; its items do.
    answer = service.ask("Can we use Widget Cloud to send unsolicited bulk email to people who never signed up?")
    assert answer.possible_prohibitions
    named = [service.kb.clause(cid).text for cid in answer.possible_prohibitions]
    assert "spam" in named[0]
    assert not any(text.endswith("to use Widget Cloud to:") for text in named)


def test_naming_the_service_is_no_sign_of_a_prohibited_use(service: PolicyService) -> None:
    # Close to every clause that names Widget Cloud; the policy's own name says nothing about harm.
    answer = service.ask("Can we use Widget Cloud to host the photos for our company newsletter?")
    assert answer.possible_prohibitions == []


def test_the_backstop_weighs_list_items_not_their_lead_in_and_reads_the_question_without_the_policy_name(
    service: PolicyService,
) -> None:
    from bot.answer.weighing import Weigher, _opens_a_list

    weigher = Weigher(service.kb, service.semantic, retriever=None)  # type: ignore[arg-type]  # not searched here
    openings = weigher._list_openings()
    clauses = service.kb.documents["widget-aup"].clauses
    opening = [c for c in clauses if _opens_a_list(c, openings)]
    assert [c.text.split("\n")[-1] for c in opening] == ["You agree not to use Widget Cloud to:"]  # headings folded in
    assert weigher._without_policy_names("Can Widget Cloud write a cover letter?", TODAY) == (
        "Can write a cover letter?"
    )
