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
