"""A long request the English model cannot read, permitted only for the kind of work it asks for, goes to review
when no LLM reads its facts (bot/answer/weighing.py UNWEIGHED_WORDS)."""

from __future__ import annotations

from bot.answer.service import PolicyService
from bot.answer.weighing import Weigher
from bot.rules.extract.reading import words_unread
from bot.rules.model import Verdict
from tests.conftest import TODAY, make_service

LONG_GERMAN = (
    "Kannst du bitte diese Einladung für unser Sommerfest ins Englische übersetzen und etwas lockerer machen? "
    "Es gibt Grillwürstchen, eine Hüpfburg für die Kinder der Belegschaft und am Abend spielt eine Band aus "
    "dem Nachbarort, die Getränke zahlt die Firma."
)
SHORT_GERMAN = "Kannst du diese Einladung für unser Sommerfest ins Englische übersetzen?"


def test_words_unread_counts_the_stretches_and_scripts_the_english_model_cannot_read() -> None:
    assert words_unread("Please translate the attached product manual into Spanish for our customers.") == 0
    assert words_unread(SHORT_GERMAN) == 10
    assert words_unread("帮我润色几条私信，语气温柔一点") == round(14 / 1.8)
    code = "why does this return duplicates? ```sql SELECT c.id FROM customers c JOIN orders o ON o.cid = c.id```"
    assert words_unread(code) == 0  # code is no language


def test_a_long_request_in_another_language_permitted_for_its_kind_of_work_alone_is_reviewed(
    service: PolicyService,
) -> None:
    answer = service.ask(LONG_GERMAN)
    assert answer.verdict is Verdict.NEEDS_REVIEW
    assert answer.possible_prohibitions == []
    assert any("offline reader" in w and "LLM" in w for w in answer.warnings)
    assert answer.answer.startswith("A rule permits this kind of work, but not everything the question says")
    assert answer.citations[0].clause_id == "coc-2024/2.1"  # the permit that would apply, cited first
    assert service.ask(SHORT_GERMAN).verdict is Verdict.PERMITTED  # short: mostly the task itself


def test_a_permit_that_rests_on_more_than_the_kind_of_work_is_not_held_back(service: PolicyService) -> None:
    # an identity check the face permits decide by their own facts, asked at length in Dutch
    question = (
        "Onze bank wil bij het openen van een rekening de selfie van de klant vergelijken met de foto op het "
        "identiteitsbewijs, alleen om te bevestigen dat het dezelfde persoon is. De klant geeft daar vooraf "
        "uitdrukkelijk toestemming voor en we zijn geregistreerd voor de beperkte toegang. Mag dat?"
    )
    answer = service.ask(question)
    assert not any("offline reader" in w for w in answer.warnings)


def test_where_an_llm_reads_the_facts_the_length_holds_nothing_back() -> None:
    # the LLM reads every language (its facts merged stricter only): the weighing is told so, and keeps the permit
    plain = make_service()
    service = PolicyService(plain.kb, today=lambda: TODAY, semantic=plain.semantic)
    service._weigher = Weigher(plain.kb, plain.semantic, service._retriever, llm_reads=True)
    assert service.ask(LONG_GERMAN).verdict is Verdict.PERMITTED
