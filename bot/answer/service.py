"""The pipeline every surface calls: question → facts → decision → clauses → answer (DESIGN.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from bot.answer.dates import date_in_question
from bot.answer.extractive import extractive_answer
from bot.answer.models import Answer, Citation
from bot.answer.question import normalise_question
from bot.policy.knowledge import KnowledgeBase
from bot.policy.models import Clause
from bot.retrieval.retriever import LexicalRetriever
from bot.rules.evaluate import evaluate
from bot.rules.extract import extract_facts, is_in_scope
from bot.rules.facts import ActorType, Facts
from bot.rules.model import Decision, Verdict

RELATED_CLAUSES = 3  # clauses shown when no rule decides the question

_LAW_ENFORCEMENT = (ActorType.POLICE_DEPARTMENT, ActorType.LAW_ENFORCEMENT)


class PolicyService:
    def __init__(
        self,
        kb: KnowledgeBase,
        today: Callable[[], date] = date.today,
        retriever: Any | None = None,
        llm: Any | None = None,
    ) -> None:
        self.kb = kb
        self._today = today
        self._retriever = retriever or LexicalRetriever(kb)
        self._llm = llm  # None: extractive answers only

    def ask(self, raw_question: str, as_of: date | None = None) -> Answer:
        question = normalise_question(raw_question)
        on = as_of or date_in_question(question.text) or self._today()
        facts = extract_facts(question.text, self.kb.vocabulary)
        if not is_in_scope(question.text, facts):
            decision = Decision(verdict=Verdict.OUT_OF_SCOPE)
        else:
            decision = self.decide(_closed_world(facts), on)
        citations = [self._cite(self.kb.clause(cid)) for cid in decision.clause_ids()]
        if decision.verdict is Verdict.NEEDS_REVIEW:
            related = self._retriever.search(question.text, RELATED_CLAUSES, on)
            cited = {c.clause_id for c in citations}
            citations += [self._cite(hit.clause) for hit in related if hit.clause.id not in cited]
        return Answer(
            verdict=decision.verdict,
            answer=extractive_answer(decision),
            citations=citations,
            decision=decision,
            facts=facts.known(),
            warnings=question.warnings,
            as_of=on,
            policy_versions=[f"{d.id} ({d.meta.version})" for d in self.kb.documents_in_force(on)],
            question=question.text,
        )

    def decide(self, facts: Facts, on: date) -> Decision:
        return evaluate(self.kb.rules, facts, on, lambda cid: self.kb.in_force(cid, on))

    def _cite(self, clause: Clause) -> Citation:
        meta = self.kb.document_of(clause).meta
        return Citation(
            clause_id=clause.id,
            document_id=clause.document_id,
            version=clause.version,
            quote=quote_of(clause),
            title=meta.title,
            source_url=meta.source_url,
        )


def quote_of(clause: Clause) -> str:
    """The clause's body without the heading lines it opens with: a verbatim substring of its text."""
    lines = clause.text.split("\n")
    headings = set(clause.section)
    while len(lines) > 1 and lines[0].strip() in headings:
        lines.pop(0)
    return "\n".join(lines).strip()


def _closed_world(facts: Facts) -> Facts:
    """No capability named: nothing risky was described, unless law enforcement asks (then it decides)."""
    if facts.capabilities is None and facts.actor_type not in _LAW_ENFORCEMENT:
        return facts.model_copy(update={"capabilities": frozenset()})
    return facts
