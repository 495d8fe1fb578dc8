"""Questions about the policy itself are told apart from questions about a use (bot/answer/about.py)."""

from __future__ import annotations

import pytest

from bot.answer.about import asks_about_the_policy
from bot.rules.model import Verdict
from tests.conftest import make_service


@pytest.mark.parametrize(
    "question",
    [
        "What does the code of conduct say about deepfakes?",
        "what are the rules around emotion recognition?",
        "Who do I ask when I'm unsure whether a use is allowed?",
        "Qui dois-je contacter si je ne sais pas si un usage est autorisé ?",
        "An wen wende ich mich bei Fragen zum Verhaltenskodex?",
        "誰に相談すればいいですか？",
        "Am I protected from retaliation if I report a breach?",
        "where do I report someone misusing the assistant?",
        "If I raise a concern about a teammate's project, could it come back on me?",
    ],
)
def test_about_the_policy(question: str) -> None:
    assert asks_about_the_policy(question, describes_a_use=True)


@pytest.mark.parametrize(
    "question",
    [
        "What does the code say about writing ransomware for our client?",
        "What are the rules on cloning a singer's voice for our ad?",
        "Can we clone a singer's voice?",
    ],
)
def test_a_use_in_view_is_judged(question: str) -> None:
    assert not asks_about_the_policy(question, describes_a_use=True)


def test_whom_to_ask_names_the_contact_and_the_clause_on_questions() -> None:
    answer = make_service().ask("If I'm not sure a use case is ok, who should I ask?")
    assert answer.verdict is Verdict.INFORMATIONAL
    assert "policy team" in answer.answer
    assert answer.citations[0].clause_id == "coc-2024/5.3"
