"""The guard: verdict backstop, citation check and repairs, explanation check. Pure functions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.answer.guard import (
    at_least_as_strict,
    check_citations,
    fallback_text,
    final_verdict,
    guard,
    text_problems,
)
from bot.answer.llm_schema import AnswerDraft, DraftCitation
from bot.answer.quotes import find_verbatim, normalise, quote_of
from bot.policy.knowledge import KnowledgeBase
from bot.rules.model import Decision, Effect, FiredRule, Verdict

US_POLICE = "coc-2024/3.1"
PRODUCTIVITY = "coc-2024/2.1"


def prohibited() -> Decision:
    rule = FiredRule(id="coc-2024-us-police-facial-recognition", effect=Effect.PROHIBIT, clause_ids=[US_POLICE])
    return Decision(verdict=Verdict.PROHIBITED, rules=[rule])


def permitted() -> Decision:
    rule = FiredRule(id="general-productivity", effect=Effect.PERMIT, clause_ids=[PRODUCTIVITY])
    return Decision(verdict=Verdict.PERMITTED, rules=[rule])


def draft(verdict: str, answer: str = "Short answer.", *citations: tuple[str, str]) -> AnswerDraft:
    return AnswerDraft.model_validate(
        {"verdict": verdict, "answer": answer, "citations": [{"clause_id": c, "quote": q} for c, q in citations]}
    )


# --- the verdict --------------------------------------------------------------------------------


@given(st.sampled_from(Verdict), st.sampled_from(Verdict))
def test_final_verdict_is_never_more_lenient_than_the_rules_and_never_permits_alone(
    rules: Verdict, llm: Verdict
) -> None:
    final = final_verdict(rules, llm)
    assert final in (rules, llm)
    assert at_least_as_strict(final, rules)
    if final is Verdict.PERMITTED:
        assert rules is Verdict.PERMITTED


def test_final_verdict_examples() -> None:
    assert final_verdict(Verdict.PROHIBITED, Verdict.PERMITTED) is Verdict.PROHIBITED
    assert final_verdict(Verdict.NEEDS_CLARIFICATION, Verdict.PERMITTED) is Verdict.NEEDS_CLARIFICATION
    assert final_verdict(Verdict.OUT_OF_SCOPE, Verdict.PERMITTED) is Verdict.OUT_OF_SCOPE
    assert final_verdict(Verdict.PERMITTED, Verdict.PROHIBITED) is Verdict.PROHIBITED
    assert final_verdict(Verdict.PERMITTED, Verdict.OUT_OF_SCOPE) is Verdict.PERMITTED
    assert final_verdict(Verdict.NEEDS_REVIEW, Verdict.NEEDS_CLARIFICATION) is Verdict.NEEDS_CLARIFICATION


# --- quotes -------------------------------------------------------------------------------------

TEXT = 'In this code, "facial recognition" means establishing\nor confirming who a person is.'


def test_a_quote_matches_modulo_whitespace_quote_marks_and_case_and_comes_back_verbatim() -> None:
    found = find_verbatim("Code, \u201cFacial Recognition\u201d   means establishing or confirming", TEXT)
    assert found == 'code, "facial recognition" means establishing\nor confirming'
    assert found in TEXT


def test_a_quote_in_quote_marks_is_matched_without_them() -> None:
    assert find_verbatim('"who a person is."', TEXT) == "who a person is."


def test_invented_short_or_elided_quotes_do_not_match() -> None:
    assert find_verbatim("facial recognition is expressly permitted", TEXT) is None
    assert find_verbatim("means", TEXT) is None
    assert find_verbatim("In this code ... who a person is", TEXT) is None


@given(st.text(min_size=1, max_size=80), st.integers(0, 79), st.integers(1, 80))
def test_any_found_quote_is_a_substring_of_the_text(text: str, start: int, length: int) -> None:
    quote = text[start : start + length]
    found = find_verbatim(quote, text)
    if found is not None:
        assert found in text
        assert normalise(quote.strip(" \t\r\n\"'\u2018\u2019\u201c\u201d\u00ab\u00bb`")) == normalise(found)


# --- citations ----------------------------------------------------------------------------------


def test_citations_unknown_ids_are_dropped_bad_quotes_replaced_good_ones_kept(kb: KnowledgeBase) -> None:
    clause = kb.clause(US_POLICE)
    good = "must not be used for facial recognition by or on behalf of a police department"
    checked, warnings, overrides = check_citations(
        [
            DraftCitation(clause_id="coc-99.9", quote="anything"),
            DraftCitation(clause_id="coc-2023/3.1", quote="anything at all here"),
            DraftCitation(clause_id=US_POLICE, quote=good),
            DraftCitation(clause_id=US_POLICE, quote="a second citation of the same clause"),
            DraftCitation(clause_id=PRODUCTIVITY, quote="police may use facial recognition freely"),
        ],
        kb.clauses,
        allowed={US_POLICE, PRODUCTIVITY},
    )
    assert [(c.clause_id, c.quote) for c in checked] == [
        (US_POLICE, good),
        (PRODUCTIVITY, quote_of(kb.clause(PRODUCTIVITY))),
    ]
    assert len(warnings) == len(overrides) == 3
    assert "coc-99.9" in warnings[0] and "no such clause" in warnings[0]
    assert "coc-2023/3.1" in warnings[1] and "neither retrieved" in warnings[1]
    assert PRODUCTIVITY in warnings[2] and "clause's own text" in warnings[2]
    assert all(c.quote in kb.clause(c.clause_id).text for c in checked)
    assert good in clause.text


def test_text_problems_find_invented_quotes_and_clause_ids() -> None:
    sources = ["Acme AI Services must not be used for facial recognition by police."]
    assert (
        text_problems(
            'The code says "must not be used for facial recognition" (coc-2024/3.1).', sources, ["coc-2024/3.1"]
        )
        == []
    )
    problems = text_problems(
        'It says "police may use facial recognition freely" [coc-99.9].', sources, ["coc-2024/3.1"]
    )
    assert len(problems) == 2
    assert text_problems("See face-la/9.9 and and/or 24/7.", sources, ["coc-2024/3.1"]) == [
        "it names a clause that was not given to it (face-la/9.9)"
    ]


# --- the whole guard ----------------------------------------------------------------------------


def test_a_permitting_llm_cannot_lift_a_prohibition_and_the_prohibiting_clause_is_cited(kb: KnowledgeBase) -> None:
    result = guard(
        prohibited(),
        draft("permitted", "Yes, go ahead.", ("coc-99.9", "Police facial recognition is expressly permitted.")),
        kb.clauses,
        shown=[US_POLICE, PRODUCTIVITY],
        question="Can the NYPD use facial recognition?",
    )
    assert result.verdict is Verdict.PROHIBITED
    assert [c.clause_id for c in result.citations] == [US_POLICE]
    assert result.citations[0].quote in kb.clause(US_POLICE).text
    assert not result.used_llm_text
    assert result.answer.startswith("No, this is prohibited.")
    assert {o.kind for o in result.overrides} == {"verdict", "citation"}
    assert any("'permitted'" in w and "'prohibited'" in w for w in result.warnings)


def test_an_agreeing_llm_keeps_its_explanation_and_verified_quotes(kb: KnowledgeBase) -> None:
    quote = "Acme AI Services must not be used for facial recognition"
    result = guard(
        prohibited(),
        draft("prohibited", f'No: clause coc-2024/3.1 says "{quote}".', (US_POLICE, quote)),
        kb.clauses,
        shown=[US_POLICE],
        question="Can the NYPD use facial recognition?",
    )
    assert result.verdict is Verdict.PROHIBITED
    assert result.used_llm_text and quote in result.answer
    assert [(c.clause_id, c.quote) for c in result.citations] == [(US_POLICE, quote)]
    assert result.warnings == [] and result.overrides == []


def test_a_stricter_llm_wins_and_says_so(kb: KnowledgeBase) -> None:
    result = guard(permitted(), draft("needs_review", "Ask the policy team."), kb.clauses, [PRODUCTIVITY], "q")
    assert result.verdict is Verdict.NEEDS_REVIEW
    assert result.used_llm_text
    assert "stricter" in result.warnings[0]
    assert [c.clause_id for c in result.citations] == [PRODUCTIVITY]


def test_an_explanation_with_invented_quotes_is_replaced(kb: KnowledgeBase) -> None:
    text = 'Yes. The code says "productivity uses are always fine, whatever happens".'
    result = guard(permitted(), draft("permitted", text), kb.clauses, [PRODUCTIVITY], "Can we summarise emails?")
    assert result.verdict is Verdict.PERMITTED
    assert not result.used_llm_text
    assert result.answer.startswith("Yes, this is permitted.")
    assert any(o.kind == "answer" for o in result.overrides)


def test_fallback_text_follows_the_final_verdict() -> None:
    assert fallback_text(prohibited(), Verdict.PROHIBITED).startswith("No, this is prohibited.")
    text = fallback_text(permitted(), Verdict.NEEDS_REVIEW)
    assert text.startswith("No rule in the code of conduct") and "permitted" in text


def test_conditions_and_clarifying_questions_are_shown_whatever_the_llm_wrote(kb: KnowledgeBase) -> None:
    rules = permitted().model_copy(update={"obligations": ["Register for limited access first."]})
    result = guard(rules, draft("permitted", "Yes, go ahead."), kb.clauses, [PRODUCTIVITY], "q")
    assert result.answer == "Yes, go ahead.\nConditions:\n- Register for limited access first."
    unclear = Decision(verdict=Verdict.NEEDS_CLARIFICATION, missing_facts=["country"])
    result = guard(unclear, draft("needs_clarification", "It depends."), kb.clauses, [US_POLICE], "q")
    assert result.answer.startswith("It depends.\nPlease tell me:\n- In which country")
