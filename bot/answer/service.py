"""The pipeline every surface calls: question → facts → decision → clauses → answer.

Step by step, with the module behind each: docs/architecture.md, "The path of a question".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from bot.answer.about import answer_about_the_policy, asks_about_the_policy, asks_only_whether_required
from bot.answer.changes import answer_changes, asks_what_changed
from bot.answer.conversation import Conversation, Turn, in_context
from bot.answer.dates import date_in_question, straddles_a_change
from bot.answer.extractive import extractive_answer
from bot.answer.guard import guard
from bot.answer.llm_facts import FactsStep, with_llm_facts
from bot.answer.models import Answer, Citation, Usage
from bot.answer.past_use import ask_when_it_began
from bot.answer.question import Question, normalise_question
from bot.answer.quotes import quote_of
from bot.answer.weighing import Weighed, Weigher
from bot.errors import LLMError, LLMUnavailable
from bot.policy.knowledge import KnowledgeBase
from bot.policy.models import Clause
from bot.retrieval.lazy import LazyRetriever
from bot.rules.evaluate import closed_world, evaluate
from bot.rules.extract import extract_facts, is_in_scope
from bot.rules.facts import Facts
from bot.rules.model import Decision, Verdict
from bot.rules.semantic import SemanticMatcher
from bot.seams import Answerer, Retriever

RELATED_CLAUSES = 3  # clauses shown when no rule decides the question
RETRIEVED_FOR_LLM = 5  # clauses the LLM sees besides those behind the decision


@dataclass(frozen=True)
class Judged:
    """What the rules settled about one question, handed to the answerer (extractive or LLM)."""

    question: Question
    facts: Facts
    in_scope: bool
    decision: Decision
    on: date
    query: str  # what retrieval searches (a follow-up carries the earlier turns)
    possible: list[str] = field(default_factory=list)  # clauses that appear to prohibit the use
    notes: list[str] = field(default_factory=list)  # why the weighing made it stricter, where no clause says


class PolicyService:
    def __init__(
        self,
        kb: KnowledgeBase,
        today: Callable[[], date] = date.today,
        retriever: Retriever | None = None,
        llm: Answerer | None = None,
        semantic: SemanticMatcher | None = None,
    ) -> None:
        self.kb = kb
        self._today = today
        self._retriever = retriever or LazyRetriever(lambda: _lexical(kb))  # BM25 is built when first needed
        self._llm = llm  # None: extractive answers only
        self.semantic = semantic  # None: cues alone read the question
        self._weigher = Weigher(kb, semantic, self._retriever, llm_reads=llm is not None)

    def ask(self, raw_question: str, as_of: date | None = None, conversation: Conversation | None = None) -> Answer:
        """Answer one question; with a conversation, read it as a possible follow-up and record it there."""
        question = normalise_question(raw_question)
        named_date = date_in_question(question.text, self.kb.version_dates)
        on = as_of or named_date or (conversation.named_date if conversation else None) or self._today()
        if asks_what_changed(question.text):  # "what changed in the May 2024 update?": from the diff, no verdict
            return answer_changes(self.kb, question, on, self._cite)
        read = extract_facts(question.text, self.kb.known_words, self.kb.vocabulary)
        uses = set(read.capabilities or ())
        describes_a_use, harmful = bool(uses - {"other"}), bool(uses & self.kb.vocabulary.harmful_values())
        about = asks_about_the_policy(
            question.text,
            describes_a_use,
            self.kb.vocabulary,
            self.kb.scope_names,
            harmful=harmful,
            clause_numbers=self.kb.clause_numbers,
        )
        if about:  # a question about a use in view, or a harmful request, is judged
            related = lambda text: [hit.clause for hit in self._retriever.search(text, 2, on)]  # noqa: E731
            return answer_about_the_policy(self.kb, question, on, related, self._cite)
        context = in_context(question.text, read, conversation)
        in_scope = context.follow_up or is_in_scope(
            question.text, context.facts, self.kb.vocabulary, self.kb.scope_names
        )
        decision = self._decision(context.facts, in_scope, on)
        weighed = self._weighed(question.text, context.facts, in_scope, decision, on)
        facts, decision = weighed.facts, weighed.decision
        if on == self._today() and not (conversation and conversation.named_date):  # no date given: when did it run?
            decide_on = lambda day: self._decision(facts, in_scope, day)  # noqa: E731
            vague = straddles_a_change(question.text, self.kb.version_dates)  # "im Frühjahr 2024": before or after?
            decision = ask_when_it_began(
                decision, question.text, on, self.kb.version_dates.values(), decide_on, dated_vaguely=vague
            )
        if decision.verdict is Verdict.PERMITTED and asks_only_whether_required(question.text, self.kb.vocabulary):
            # "Do we need to register even for face detection?": a duty asked of a use the rules let through is a
            # question about the policy, answered by the clauses that let it through
            return answer_about_the_policy(self.kb, question, on, self._behind(decision, on), self._cite)
        notes = [weighed.note] if weighed.note and decision is weighed.decision else []  # not once a date is asked
        judged = Judged(question, facts, in_scope, decision, on, context.retrieval_query, weighed.possible, notes)
        if self._llm is None:
            answer = self._extractive(judged)
        else:
            history = list(conversation.turns) if conversation else []
            answer, facts = self._with_llm(self._llm, judged, history)
        if conversation is not None:
            conversation.record(answer, facts, named_date)
        return answer

    def _behind(self, decision: Decision, on: date) -> Callable[[str], list[Clause]]:
        """The clauses behind a decision, then the closest others to a text."""
        behind = [self.kb.clause(cid) for cid in decision.clause_ids()]
        ids = {c.id for c in behind}
        return lambda text: [
            *behind,
            *(h.clause for h in self._retriever.search(text, 2, on) if h.clause.id not in ids),
        ]

    def _decision(self, facts: Facts, in_scope: bool, on: date) -> Decision:
        if not in_scope:
            return Decision(verdict=Verdict.OUT_OF_SCOPE)
        return self.decide(closed_world(facts, self.kb.vocabulary), on, stated=facts)

    def _weighed(self, text: str, facts: Facts, in_scope: bool, decision: Decision, on: date) -> Weighed:
        """The evidence beyond the cues weighed (only ever stricter): see bot/answer/weighing.py."""
        weighed = self._weigher.weigh(text, facts, in_scope, decision, on, self._decision)
        return self._weigher.hold_unweighed(text, weighed)

    def _extractive(self, judged: Judged, **llm_part: Any) -> Answer:
        """The rules' own answer: the clauses that may prohibit first, then those behind the decision, then
        (for a review) the closest ones. `llm_part`: what an LLM turn that fell back to it adds."""
        decision, possible = judged.decision, judged.possible
        cited_first = [*possible, *(c for c in decision.clause_ids() if c not in possible)]
        citations = [self._cite(self.kb.clause(cid)) for cid in cited_first]
        if decision.verdict is Verdict.NEEDS_REVIEW:
            related = self._retriever.search(judged.query, RELATED_CLAUSES, judged.on)
            cited = {c.clause_id for c in citations}
            citations += [self._cite(hit.clause) for hit in related if hit.clause.id not in cited]
        text = extractive_answer(decision, [self._titled(cid) for cid in possible], self.kb.profile)
        return self._answer(judged, text, citations, **llm_part)

    def _titled(self, clause_id: str) -> str:
        section = self.kb.clause(clause_id).section
        return f"{clause_id} ({section[-1]})" if section else clause_id

    def _with_llm(self, llm: Answerer, judged: Judged, history: list[Turn]) -> tuple[Answer, Facts]:
        """The rules decide first; the LLM may read more facts (only ever stricter) and drafts; the guard checks.
        Returns the answer, built once, and the facts it rests on."""
        question, on = judged.question, judged.on
        deadline, meter = llm.start()
        warnings: list[str] = []
        failure: str | None = None
        step = FactsStep(judged.decision, judged.facts)
        try:
            read = llm.read_facts(question.text, history, deadline, meter)
        except LLMError as exc:
            warnings.append(f"the LLM could not read the question's facts ({exc}); the rules used their own reading")
            failure = str(exc) if isinstance(exc, LLMUnavailable) else None
        else:
            said = "\n".join([*(t.question for t in history), question.text])
            in_scope = judged.in_scope
            step = with_llm_facts(
                read,
                said,
                judged.facts,
                judged.decision,
                lambda m: self._decision(m, in_scope or bool(m.capabilities), on),
            )
        judged = replace(judged, facts=step.facts, decision=step.decision)
        draft, shown = None, list[str]()
        if failure is None:
            clauses = self._clauses_for_llm(judged.decision, judged.query, on)
            try:
                draft, shown = llm.draft(
                    question.text,
                    judged.decision,
                    clauses,
                    len(judged.decision.clause_ids()),
                    history,
                    on,
                    deadline,
                    meter,
                )
            except LLMError as exc:
                failure = str(exc)
        usage = Usage(
            prompt_tokens=meter.prompt_tokens,
            completion_tokens=meter.completion_tokens,
            total_tokens=meter.prompt_tokens + meter.completion_tokens,
            calls=meter.calls,
            llm_seconds=round(meter.seconds, 4),
            prompt_tokens_counted=meter.prompt_tokens_counted,
            token_counter=llm.counter.name,
        )
        if draft is None:
            warnings.append(f"the LLM's answer could not be used ({failure}); this answer comes from the rules alone")
            fallback = self._extractive(
                judged,
                mode="llm",
                warnings=[*step.warnings, *warnings, *meter.notes],
                overrides=list(step.overrides),
                usage=usage,
                llm_fallback=failure,
            )
            return fallback, step.facts
        checked = guard(judged.decision, draft, self.kb.clauses, shown, question.text)
        verdict = checked.verdict
        held: list[str] = []
        if judged.possible and verdict is Verdict.PERMITTED:  # a use that may be prohibited is never permitted
            verdict = Verdict.NEEDS_REVIEW
            held = ["a clause may prohibit this use, so it goes to review rather than permitted"]
        citations = [self._cite(self.kb.clause(c.clause_id), c.quote) for c in checked.citations]
        answer = self._answer(
            judged,
            checked.answer,
            citations,
            verdict=verdict,
            mode="llm",
            warnings=[*step.warnings, *warnings, *checked.warnings, *meter.notes, *held],
            overrides=[*step.overrides, *checked.overrides],
            usage=usage,
        )
        return answer, step.facts

    def _clauses_for_llm(self, decision: Decision, query: str, on: date) -> list[Clause]:
        """The clauses behind the decision first (never cut from a prompt), then the best retrieved ones."""
        ids = dict.fromkeys(decision.clause_ids())
        for hit in self._retriever.search(query, RETRIEVED_FOR_LLM, on):
            ids.setdefault(hit.clause.id, None)
        return [self.kb.clause(cid) for cid in ids]

    def _answer(
        self,
        judged: Judged,
        text: str,
        citations: list[Citation],
        *,
        verdict: Verdict | None = None,
        warnings: list[str] | None = None,
        **llm_part: Any,
    ) -> Answer:
        question, on = judged.question, judged.on
        return Answer(
            verdict=verdict or judged.decision.verdict,
            answer=text,
            citations=citations,
            decision=judged.decision,
            facts=judged.facts.known(),
            warnings=[*question.warnings, *judged.notes, *(warnings or [])],
            as_of=on,
            policy_versions=[f"{d.id} ({d.meta.version})" for d in self.kb.documents_in_force(on)],
            question=question.text,
            possible_prohibitions=judged.possible,
            **llm_part,
        )

    def decide(self, facts: Facts, on: date, stated: Facts | None = None) -> Decision:
        decision = evaluate(self.kb.rules, facts, on, lambda cid: self.kb.in_force(cid, on), stated)
        if not decision.missing_facts:
            return decision
        order = list(self.kb.vocabulary.facts)
        missing = sorted(decision.missing_facts, key=lambda f: order.index(f) if f in order else len(order))
        questions = [self.kb.vocabulary.question(f) for f in missing]
        return decision.model_copy(update={"missing_facts": missing, "questions": questions})

    def answer_facts(self, text: str, facts: Facts, on: date | None = None, *, in_scope: bool = True) -> Answer:
        """The extractive answer for facts the caller read itself (deal vetting): ask()'s decision and citations."""
        question = normalise_question(text)
        day = on or self._today()
        return self._extractive(Judged(question, facts, in_scope, self._decision(facts, in_scope, day), day, text))

    def _cite(self, clause: Clause, quote: str | None = None) -> Citation:
        meta = self.kb.document_of(clause).meta
        return Citation(
            clause_id=clause.id,
            document_id=clause.document_id,
            version=clause.version,
            quote=quote if quote is not None else quote_of(clause),
            title=meta.title,
            source_url=meta.source_url,
        )


def _lexical(kb: KnowledgeBase) -> Retriever:
    from bot.retrieval.retriever import LexicalRetriever

    return LexicalRetriever(kb)
