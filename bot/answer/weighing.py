"""Permits need proof of harmlessness: the evidence beyond the cues, weighed after the rules decide.

Three kinds of evidence, each of which can only make an answer stricter:
- the question's meaning, matched to the vocabulary's values (bot/rules/semantic.py), may read a
  harmful kind of use the cues missed;
- a harmful kind of use that no permit which fired accounts for, a weaker semantic match to one, or a
  sign of one (the vocabulary's `signs`, read by the cue engine even without a semantic matcher), turns a
  `permitted` into a review that names the clauses that may apply, and keeps the question in scope;
- when no rule decides (with or without a rule book), the question matched to the prohibiting clauses
  in force (the retriever's ranking, and a calibrated strength of match): a strong match, or any match
  with signs of harm, makes those clauses `possible_prohibitions`, cited first (benchmarks/byo.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from bot.policy.knowledge import KnowledgeBase
from bot.policy.models import Clause
from bot.rules.extract import signs_of_harm
from bot.rules.facts import Facts
from bot.rules.model import Decision, Verdict, stricter
from bot.rules.proof import (
    clauses_that_may_apply,
    read_values,
    review_instead,
    sign_harms,
    unproven_harms,
    weak_harms,
    with_values,
)
from bot.rules.semantic import SemanticMatcher, Thresholds, ValueMatch
from bot.seams import Retriever

PROHIBITING_CANDIDATES = 15  # retrieved clauses among which the prohibiting ones are weighed
POSSIBLE = 2  # prohibiting clauses named at most

# Calibrated on benchmarks/data/byo_calibration.yaml (written by us; figures in benchmarks/README.md).
CLAUSE_STRONG = 0.35  # cosine of the question (policy's name left out) and a clause: this close, it may prohibit it
HARM_SIGNAL = 0.45  # a harmful value this close, and nearer than any harmless one, is a sign of harm
HARM_MARGIN = 0.05


@dataclass(frozen=True)
class Weighed:
    facts: Facts
    decision: Decision
    possible: list[str] = field(default_factory=list)  # clause ids that appear to prohibit the use


class Weigher:
    def __init__(self, kb: KnowledgeBase, semantic: SemanticMatcher | None, retriever: Retriever) -> None:
        self._kb = kb
        self._semantic = semantic
        self._retriever = retriever
        self._openings: dict[str, frozenset[str]] | None = None  # list lead-ins per document (_list_openings)

    def weigh(
        self,
        text: str,
        facts: Facts,
        in_scope: bool,
        decision: Decision,
        on: date,
        decide: Callable[[Facts, bool, date], Decision],
    ) -> Weighed:
        if decision.verdict is Verdict.PROHIBITED:
            return Weighed(facts, decision)  # nothing can be stricter
        vocab, rules = self._kb.vocabulary, self._kb.rules
        signs = signs_of_harm(text, vocab)  # the vocabulary's weaker evidence: read by the cue engine, no model
        if self._semantic is None and not signs:
            return Weighed(facts, decision)  # nothing to weigh with
        harmful = vocab.harmful_values()
        matches = self._semantic.matches(text, threshold=0.0) if self._semantic is not None else []
        thresholds = self._semantic.thresholds if self._semantic is not None else Thresholds()
        facts, decision = self._read_by_meaning(facts, in_scope, decision, on, matches, thresholds, decide)
        weak = weak_harms(matches, thresholds.weak)
        cued = sorted(set(facts.capabilities or ()) & harmful)
        shown = sign_harms(signs, decision, facts, rules, vocab)
        if decision.verdict is Verdict.OUT_OF_SCOPE and (weak or cued or shown):
            decision = decide(facts, True, on)  # a request that sounds harmful is never out of scope
        in_force = lambda cid: self._kb.in_force(cid, on)  # noqa: E731 - a one-line predicate
        unproven = unproven_harms(decision, facts, rules, harmful)
        signed = sign_harms(signs, decision, facts, rules, vocab)
        if decision.verdict is Verdict.PERMITTED:  # a permit needs proof: a fainter sign of harm is enough to stop it
            weak = sorted(set(weak) | set(weak_harms(matches, thresholds.block)))
        possible = clauses_that_may_apply(rules, vocab, [*unproven, *weak, *signed], in_force)
        signs_of_harm_shown = bool(cued or weak or signed) or _harm_signal(matches)
        # No rule decided: the clauses may. Out of scope stays so unless the question sounds harmful
        # ("Can US police legally use Clearview?" is near clause 3.1, but asks nothing of our services).
        if decision.verdict is Verdict.NEEDS_REVIEW or (
            decision.verdict is Verdict.OUT_OF_SCOPE and signs_of_harm_shown
        ):
            for clause_id in self._prohibiting_matches(text, on, signs_of_harm_shown):
                if clause_id not in possible:
                    possible.append(clause_id)
        if not possible:
            return Weighed(facts, decision)
        if decision.verdict is Verdict.PERMITTED:
            return Weighed(facts, review_instead(decision), possible)
        if decision.verdict is Verdict.OUT_OF_SCOPE:
            return Weighed(facts, Decision(verdict=Verdict.NEEDS_REVIEW), possible)
        if decision.verdict is Verdict.NEEDS_REVIEW:
            return Weighed(facts, decision, possible)
        return Weighed(facts, decision)  # clarification: the rules already ask what decides it

    def _read_by_meaning(
        self,
        facts: Facts,
        in_scope: bool,
        decision: Decision,
        on: date,
        matches: list[ValueMatch],
        thresholds: Thresholds,
        decide: Callable[[Facts, bool, date], Decision],
    ) -> tuple[Facts, Decision]:
        """Values the question means read in, when that makes the decision stricter (or settles a review)."""
        harmful = self._kb.vocabulary.harmful_values()
        read = read_values(matches, thresholds)
        if set(facts.capabilities or ()) & harmful:  # the cues already name the harm: meaning fills gaps only
            read -= harmful
        richer = with_values(facts, read)
        if richer == facts:
            return facts, decision
        considered = decide(richer, in_scope or bool(set(richer.capabilities or ()) & harmful), on)
        settles = decision.verdict in (Verdict.NEEDS_REVIEW, Verdict.OUT_OF_SCOPE)
        if considered.verdict is stricter(considered.verdict, decision.verdict) or settles:
            return richer, considered
        return facts, decision

    def _prohibiting_matches(self, text: str, on: date, signs_of_harm: bool) -> list[str]:
        """The prohibiting clauses in force the question strongly matches, in the retriever's order."""
        if self._semantic is None:
            return []
        hits = self._retriever.search(text, PROHIBITING_CANDIDATES, on)
        openings = self._list_openings()
        prohibiting = [
            h.clause
            for h in hits
            if h.clause.modality == "prohibits"
            and self._kb.in_force(h.clause.id, on)
            and not _opens_a_list(h.clause, openings)
        ]
        if not prohibiting:
            return []
        # A sign of harm is enough; without one, the question must come close to a prohibiting clause.
        # The words naming the policy's own service go first: "Can Llama 2 write a cover letter?" is close to
        # every clause of Llama 2's policy that names Llama 2, and says nothing of what they prohibit.
        if not signs_of_harm:
            closeness = self._semantic.closeness(self._without_policy_names(text, on), prohibiting)
            if max(closeness.values()) < CLAUSE_STRONG:
                return []
        return [c.id for c in prohibiting][:POSSIBLE]

    def _list_openings(self) -> dict[str, frozenset[str]]:
        """Per document, the texts that open a list ("You may not use the Services to:"), read once."""
        if self._openings is None:
            self._openings = {
                doc.id: frozenset(lead for clause in doc.clauses for lead in clause.lead_ins)
                for doc in self._kb.documents.values()
            }
        return self._openings

    def _without_policy_names(self, text: str, on: date) -> str:
        """The question without the words every policy in force is named by (as retrieval focuses it)."""
        from bot.retrieval.lexical import name_terms, without_shared_names  # numpy: only when clauses are weighed

        return without_shared_names(text, [name_terms(d.id, d.meta.title) for d in self._kb.documents_in_force(on)])


def _opens_a_list(clause: Clause, openings: dict[str, frozenset[str]]) -> bool:
    """A lead-in says what its items are (prohibited) but not what: the items are the clauses that prohibit
    something, and "You may not use the Services:" alone is close to any question about the services."""
    return any(clause.text.endswith(lead) for lead in openings.get(clause.document_id, ()))


def _harm_signal(matches: list[ValueMatch]) -> bool:
    harm = max((m.score for m in matches if m.harmful and m.readable and m.fact == "capabilities"), default=0.0)
    harmless = max((m.score for m in matches if not m.harmful and m.fact == "capabilities"), default=0.0)
    return harm >= HARM_SIGNAL and harm >= harmless + HARM_MARGIN
