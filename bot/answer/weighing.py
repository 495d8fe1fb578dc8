"""Permits need proof of harmlessness: the evidence beyond the cues, weighed after the rules decide.

Three kinds of evidence, each of which can only make an answer stricter:
- the question's meaning, matched to the vocabulary's values (bot/rules/semantic.py), may read a
  harmful kind of use the cues missed;
- a harmful kind of use that no permit which fired accounts for, a weaker semantic match to one, or a
  sign of one (the vocabulary's `signs`, read by the cue engine even without a semantic matcher), turns a
  `permitted` into a review that names the clauses that may apply, and keeps the question in scope;
- when no rule decides (with or without a rule book), the question matched to the prohibiting clauses
  in force (a calibrated strength of match to a clause or to one of its parts): a strong match, or any
  match with signs of harm, makes the two that rank first `possible_prohibitions`, cited first. They are
  ranked by three orders fused: the retriever's, the question's closeness to each clause, and its
  closeness by way of the vocabulary's values it means (benchmarks/byo.py). A knowledge base with a rule
  book keeps the stricter test on whole clauses and the retriever's order (`WITH_RULES`).
  Without a rule book, the shipped one is borrowed as evidence, never to decide: a use it would prohibit, read
  from the same facts, is a sign of harm, and what its prohibitions say (their summaries and clauses) is a fourth
  order, their closeness to each clause (the only one, for a question the English model does not read: UNREAD).
  The harms the cues read, in any of the eleven languages, rank the clauses too, through their values' descriptions and
  examples (CUED_WEIGHT), less how near each clause is to harm at large (a catch-all clause is near them all): what
  the English model cannot read of a question, the cues can.
  A harm it permits detecting, moderating or defending against, by a permit that names it, is no sign of harm (and
  one it permits teaching, reporting on or testing is none either, still weighed: SPEAKS_OF); and
  a use in view is never out of scope, since our scope words know AI services, not what a brought policy covers.
A long request the English model cannot read, permitted for its kind of work alone, is weighed by the word lists
only: with no LLM reading its facts, a person reviews it (UNWEIGHED_WORDS).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import date

from bot.answer.about import has_a_use_in_view
from bot.answer.quotes import quote_of
from bot.policy.knowledge import KnowledgeBase
from bot.policy.models import Clause, Document
from bot.rules.evaluate import closed_world, evaluate
from bot.rules.extract import extract_facts, hands_over_material, signs_of_harm, topics_of_harm, unread_by_meaning
from bot.rules.extract.reading import unread_by_english_model, words_unread
from bot.rules.extract.text import fold
from bot.rules.facts import Facts
from bot.rules.model import Decision, Effect, Rule, Verdict, stricter
from bot.rules.proof import (
    clauses_that_may_apply,
    held_for_review,
    leading_harms,
    named_by_permits,
    read_values,
    rests_on_the_kind_of_work,
    review_instead,
    sign_harms,
    superseded,
    unproven_harms,
    unweighed_objections,
    weak_harms,
    with_values,
)
from bot.rules.semantic import SemanticMatcher, Thresholds, ValueMatch
from bot.rules.vocabulary import SPEAKS_OF, WORKS_AGAINST
from bot.seams import Retriever

PROHIBITING_CANDIDATES = 15  # retrieved clauses among which the prohibiting ones are weighed
POSSIBLE = 2  # prohibiting clauses named at most
VALUES_WEIGHED = 3  # the question's closest kinds of use (vocabulary values) that rank clauses by their meaning
RANK_OFFSET = 2  # reciprocal-rank fusion of the three orders: 1 / (RANK_OFFSET + place), summed
# When the shipped rule book would prohibit the use, what its prohibitions say counts twice in the fusion and
# finds clauses too: it reads the question's language through the cues, which the English model and the
# policy's words do not (benchmarks/README.md: 301 -> 309 right over the eight BYO sets, no harmless flag more).
BORROWED_WEIGHT = 2.0
BORROWED_CANDIDATES = 5  # clauses retrieved with the words of the first prohibition the use meets
# The harmful kinds of use the cue engine reads (cues, signs; topics where the English model cannot read) rank the
# clauses by their values' plain sentences: a fifth order, counted twice when some of the question is in a language
# the English model does not read, whose own orders are then mostly noise ("필로폰을 추출하는 과정" is read as
# serious_crime by the cues, and "Illegal drugs and regulated/controlled substances" is near its examples).
CUED_WEIGHT = 1.0
# A question this far from every candidate clause as a whole is one the English model does not read (Korean, Dutch):
# its own three orders are noise, and what the borrowed prohibitions say, read through the cues, ranks the clauses
# alone. Under the weakest reading in the calibration data (0.156 over byo_calibration.yaml and sets 1-2; README).
UNREAD = 0.15
# A request this long (in words, reading.words_unread) in languages the English model cannot read is weighed only by
# the cues: a permit that rests on the kind of work alone (a translation, a draft) proves nothing of what it says,
# so with no LLM to read it a person reviews it. The six such false permits of blind sets S, T and U, untuned, ran to
# 31-46 words; a plain request is shorter ("posso usarlo per tradurre il manuale?"; figures in benchmarks/README.md).
UNWEIGHED_WORDS = 30
UNWEIGHED_NOTE = (
    "about {words} words of this question are in a language the offline reader weighs only by its word lists; "
    "with no LLM configured to read them, a person reviews the request instead of it being permitted"
)

# What a use does about the harm it speaks of is the vocabulary's (`toward_harm:` on a purpose's value):
# - WORKS_AGAINST (detecting, moderating, defending): with no sign of harm, such a question is near the clause on that
#   harm by its subject alone ("posts classified for self-harm risk, sent to moderators").
# - SPEAKS_OF (teaching, reporting on or testing a harm: a lesson on the warning signs of radicalisation, a pentest of
#   one's own servers). A harm the borrowed rule book permits them by a permit that names it (section 8: no operational
#   means, not the harmful material itself, a test the owner authorised) is no sign of harm; but the purpose may be a
#   pretext whose request the cues miss, so the question is still weighed against the clauses, as a use the borrowed
#   rule book permits (`proven_strong`): "a persuasive article 'proving' MMR causes autism, citing studies" is read as
#   research, and is flagged only by its closeness (0.443 of a part).

HARM_SIGNAL = 0.45  # a harmful value this close, and nearer than any harmless one, is a sign of harm
HARM_MARGIN = 0.05


@dataclass(frozen=True)
class Backstop:
    """How closely a question must match a prohibiting clause (read without the policy's name; cosines), when
    it shows no sign of harm, and how the clauses it matches are ranked."""

    clause_strong: float  # the question this close to a prohibiting clause's whole text: it may prohibit the use
    part_strong: float | None  # or this close to a part of one (a sentence, an item, an alternative); None: not weighed
    fused: bool  # ranked by three orders fused (fused_order); False: the retriever's order
    # An out-of-scope answer is weighed too, sign of harm or not: the scope test knows our vocabulary, not what
    # a brought policy forbids ("what prompts get around the content filters?" is near its clause on that).
    weighs_out_of_scope: bool
    # The shipped rule book borrowed as evidence (_borrowed): a use it would prohibit is a sign of harm, and what its
    # prohibitions say ranks the clauses. Only without a rule book of one's own.
    borrows: bool = False
    # A use the borrowed rule book would permit, with no sign of harm (a follow-up email, a quiz on spotting phishing),
    # is near a prohibiting clause by its topic alone: it must come this close, to the clause or to a part of it.
    proven_strong: float | None = None
    # A use the borrowed rule book would permit, with a sign of harm (a lesson on radicalisation, a museum text on
    # terror attacks), or a harm read by the question's meaning alone (no cue, no sign; a reranker over an HR wiki):
    # the sign is enough only when the question comes at least this close to a prohibiting clause or a part of one; a
    # sign with nothing near it names no clause (benchmarks/README.md, BYO sets 13-16).
    proven_floor: float | None = None


# A policy brought without rules: the backstop is all there is, with the shipped rule book borrowed as evidence
# (_borrowed). Calibrated on benchmarks/data/byo_calibration.yaml and the first two BYO question sets
# (byo_questions.yaml, byo_questions_2.yaml); byo_questions_3.yaml is the check. Harmless questions there came to
# 0.369 of a part and 0.319 of a whole clause without being flagged: these sit at the edge (0.36 flagged 3 more).
# Figures and what was tried in benchmarks/README.md (BYO section).
WITHOUT_RULES = Backstop(
    clause_strong=0.32,
    part_strong=0.37,
    fused=True,
    weighs_out_of_scope=True,
    borrows=True,
    proven_strong=0.42,
    proven_floor=0.17,
)
# A knowledge base with a rule book (the shipped one): its rules and vocabulary name the clauses for the uses they
# know, and the backstop stays as its golden answers were reviewed with (calibrated on byo_calibration.yaml alone).
WITH_RULES = Backstop(clause_strong=0.35, part_strong=None, fused=False, weighs_out_of_scope=False)

# Where a clause's text splits into the parts a question may be close to: after a sentence or a semicolon,
# at "(1)"/"(a)" enumerations, at line breaks, and at ", or"/", and" between alternatives.
_PART_BREAK = re.compile(r"(?<=[.;:!?])\s+|\s\(\d+\)\s|\s\([a-z]\)\s|\n+|,\s(?:or|and)\s")
# What a clause exempts is not what it prohibits: "content that promotes sexual services (excluding sex education and
# wellness)" is near a sex-education unit by its carve-out alone. The carve-out (a parenthesis, or a trailing ", except
# ..." / ", unless ...") is left out of the text a question is compared with; the clause is still quoted whole.
_EXEMPTION = re.compile(
    r"\s*\((?:excluding|except|other than|not including|with the exception of|unless)\b[^)]*\)"
    r"|,\s(?:except|excluding|other than|not including|with the exception of|unless)\b[^.;]*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Weighed:
    facts: Facts
    decision: Decision
    possible: list[str] = field(default_factory=list)  # clause ids that appear to prohibit the use
    note: str | None = None  # why a permit went to review, when no clause says (UNWEIGHED_NOTE)


class Weigher:
    def __init__(
        self, kb: KnowledgeBase, semantic: SemanticMatcher | None, retriever: Retriever, llm_reads: bool = False
    ) -> None:
        self._kb = kb
        self._llm_reads = llm_reads  # an LLM reads each question's facts, in any language (stricter only)
        self._semantic = semantic
        self._retriever = retriever
        self._openings: dict[str, frozenset[str]] | None = None  # list lead-ins per document (_list_openings)
        self._backstop = WITH_RULES if kb.rules else WITHOUT_RULES
        self._parts: dict[str, list[str]] | None = None  # parts of every prohibiting clause (_prohibiting_parts)
        self._generalities: dict[str, float] | None = None  # each prohibiting clause's nearness to harm (_generality)
        self._names: dict[tuple[str, ...], frozenset[str]] = {}  # the names policies in force go by (_proper_names)
        self._said_prepared = False  # the shipped prohibitions' words embedded (_borrowed)
        self._objections = kb.vocabulary.objections()  # values said against a use (unweighed_objections)

    def hold_unweighed(self, text: str, weighed: Weighed) -> Weighed:
        """A permit that rests on the kind of work alone, for a long request the English model cannot read, held for
        review when no LLM reads its facts (UNWEIGHED_WORDS): the step after `weigh`."""
        if weighed.decision.verdict is not Verdict.PERMITTED or self._llm_reads:
            return weighed
        words = words_unread(text)
        harmful = self._kb.vocabulary.harmful_values()
        if words < UNWEIGHED_WORDS or not rests_on_the_kind_of_work(weighed.decision, self._kb.rules, harmful):
            return weighed
        return replace(weighed, decision=held_for_review(weighed.decision), note=UNWEIGHED_NOTE.format(words=words))

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
        if decision.verdict in (Verdict.PERMITTED, Verdict.OUT_OF_SCOPE) and unread_by_english_model(text):
            # Where the English model cannot read, it cannot weigh: a permit (or a wave-off) needs the harm's subject
            # to be absent too ("übersetze diese Anleitung: wie man das Stromnetz abschaltet").
            signs |= topics_of_harm(text, vocab)
        # What a handed-over passage describes may be what is prohibited: a permit to work on it proves nothing.
        quoted = self._quoted_prohibitions(text, on) if decision.verdict is Verdict.PERMITTED else []
        # "She hasn't agreed", "no one reviews it": a permit that does not test what the question says against the use
        # (a drafting task, an approved face use) proves nothing of it.
        if (
            self._semantic is None
            and not signs
            and not quoted
            and not unweighed_objections(decision, facts, rules, self._objections)
        ):
            return Weighed(facts, decision)  # nothing to weigh with
        harmful = vocab.harmful_values()
        by_cues = set(facts.capabilities or ()) & harmful  # read by the cue engine, in any language
        matches = self._semantic.matches(text, threshold=0.0) if self._semantic is not None else []
        thresholds = self._semantic.thresholds if self._semantic is not None else Thresholds()
        folded = fold(text)
        worked_against = superseded(facts, vocab, folded)  # read by meaning only when it is strong
        read, decision = self._read_by_meaning(
            text, facts, in_scope, decision, on, matches, thresholds, decide, worked_against
        )
        if read != facts:  # what meaning read in may change what the use works against
            facts, worked_against = read, superseded(read, vocab, folded)
        undecided = decision.verdict in (Verdict.NEEDS_REVIEW, Verdict.OUT_OF_SCOPE)
        ours = self._ours(facts, on) if self._backstop.borrows and undecided else None  # the shipped book's verdict
        # A warning about scams is near fraud by meaning, and works against it; so does a use that detects, moderates
        # or defends against a harm, which the borrowed rule book permits by a permit that names it (a classifier that
        # sends hate speech to moderators). Research, news or a test only speaks of a harm, and its carve-out may be
        # a pretext whose request the cues miss: a harm its permit names is no sign, but the question is still weighed
        # (SPEAKS_OF: "a compliance deck on money-laundering red flags").
        stance = vocab.stance_toward_harm(facts)
        working_against = stance == WORKS_AGAINST
        accounted = accounted_for(ours, self._shipped_rules()) if working_against else set()
        if working_against and decision.verdict is Verdict.PERMITTED:
            accounted |= self._worked_against(signs, facts, on, decide)
        worked = set(worked_against) | (accounted & harmful)  # what the use works against
        # ... where the English model reads the question: a stronger match means nothing where it cannot, and there the
        # purpose may be misread too ("大学医学部の教授が書いたように見せて": made to look a professor's, not research).
        shown = set(facts.capabilities or ()) | signs  # the harms the question itself shows
        teaches = stance == SPEAKS_OF and not unread_by_english_model(text)
        about = accounted_for(ours, self._shipped_rules()) & harmful & shown if teaches else set()
        accounted |= about
        dropped = worked | about
        weak = weak_harms(matches, thresholds.weak, dropped)
        cued = sorted(set(facts.capabilities or ()) & harmful - accounted)  # what the cues read, less what is weighed
        signed = sign_harms(signs, decision, facts, rules, dropped)
        # A request that sounds harmful is never out of scope; nor, without a rule book, is one asking leave to do
        # something: our scope words know AI services, not what a brought policy covers (hosting, an extension).
        if decision.verdict is Verdict.OUT_OF_SCOPE and (
            weak or cued or signed or (self._backstop.weighs_out_of_scope and has_a_use_in_view(folded))
        ):
            decision = decide(facts, True, on)
            signed = sign_harms(signs, decision, facts, rules, dropped)  # a permit it fires now may speak for them
        in_force = lambda cid: self._kb.in_force(cid, on)  # noqa: E731 - a one-line predicate
        unproven = unproven_harms(decision, facts, rules, harmful)
        if decision.verdict is Verdict.PERMITTED:  # a permit needs proof: a fainter sign of harm is enough to stop it
            weak = sorted(set(weak) | set(weak_harms(matches, thresholds.block, dropped)))
            if not unread_by_english_model(text):
                weak = sorted(set(weak) | set(leading_harms(matches, thresholds, dropped)))
            # ... of a harm no permit which fired speaks for: one that names it (moderating hate speech) has weighed it
            weak = [value for value in weak if value not in named_by_permits(decision, rules)]
        possible = clauses_that_may_apply(rules, vocab, [*unproven, *weak, *signed], in_force)
        possible += [c for c in quoted if c not in possible]
        borrowed = self._borrowed(ours)
        proven = ours is not None and ours.verdict is Verdict.PERMITTED
        # Teaching, reporting or testing that the borrowed rule book permits: a harm it names, or one read by meaning
        # alone (no cue, no sign: a museum panel on trench warfare is near violent extremism), is the subject taught.
        taught = bool(about) or (teaches and proven and not (cued or signed or borrowed))
        by_meaning = not taught and (bool(weak) or _harm_signal(matches, dropped))
        signs_of_harm_shown = bool(cued or signed or borrowed) or by_meaning
        # No rule decided: the clauses may. With a rule book, out of scope stays so unless the question sounds
        # harmful ("Can US police legally use Clearview?" is near clause 3.1, but asks nothing of our services).
        # A use that works against a harm with no sign of it (a training on spotting phishing) is near the clause on
        # that harm by its subject alone: it is not weighed against the clauses.
        works_against_harm = (bool(worked & harmful) or working_against) and not signs_of_harm_shown
        out_of_scope_weighed = decision.verdict is Verdict.OUT_OF_SCOPE and (
            signs_of_harm_shown or self._backstop.weighs_out_of_scope
        )
        if not works_against_harm and (decision.verdict is Verdict.NEEDS_REVIEW or out_of_scope_weighed):
            kinds = self._kinds_read(text, by_cues | signs, dropped) if self._backstop.fused else []
            # A harm read by meaning alone (no cue, no sign, no prohibition of the borrowed rule book) is as faint as a
            # sign in a use the borrowed rule book permits: it names a clause only when one comes within the floor too.
            faint = by_meaning and not (cued or signed or borrowed)
            found = self._prohibiting_matches(
                text, on, signs_of_harm_shown, matches, borrowed, proven, kinds, faint=faint
            )
            for clause_id in found:
                if clause_id not in possible:
                    possible.append(clause_id)
        # weighed on the decision as it now stands: reading by meaning or leaving out-of-scope may have changed it
        objected = bool(unweighed_objections(decision, facts, rules, self._objections))
        if not possible and not objected:
            return Weighed(facts, decision)
        if decision.verdict is Verdict.PERMITTED:
            return Weighed(facts, review_instead(decision), possible)
        if decision.verdict is Verdict.OUT_OF_SCOPE:
            return Weighed(facts, Decision(verdict=Verdict.NEEDS_REVIEW), possible)
        if decision.verdict is Verdict.NEEDS_REVIEW:
            return Weighed(facts, decision, possible)
        return Weighed(facts, decision)  # clarification: the rules already ask what decides it

    def _kinds_read(self, text: str, read: set[str] | frozenset[str], dropped: set[str]) -> list[str]:
        """The harmful kinds of use the cue engine reads in the question (by cues or signs, and by the topics where
        the English model cannot read), less those the use works against: they rank the clauses (CUED_WEIGHT)."""
        vocab = self._kb.vocabulary
        topics = topics_of_harm(text, vocab) if unread_by_english_model(text) else frozenset()
        return sorted((set(read) | topics) & vocab.harmful_values() - dropped)

    def _quoted_prohibitions(self, text: str, on: date) -> list[str]:
        """The clauses the rules would prohibit a handed-over passage's own use by ("translate this tender: 'each
        face the officers' body cameras capture is matched live …'"): the passage is set aside as data when the
        facts are read, but a permit to work on it is no proof that what it describes is harmless."""
        if not self._kb.rules or not hands_over_material(text, self._kb.vocabulary):
            return []
        described = extract_facts(text, vocabulary=self._kb.vocabulary, quotes_too=True)
        decision = evaluate(self._kb.rules, closed_world(described, self._kb.vocabulary), on, stated=described)
        if decision.verdict not in (Verdict.PROHIBITED, Verdict.NEEDS_CLARIFICATION):
            return []  # a prohibition, or one only unknown facts keep open: either way no proof of harmlessness
        fired = [c for rule in decision.rules if rule.effect is Effect.PROHIBIT for c in rule.clause_ids]
        return [c for c in dict.fromkeys(fired) if self._kb.in_force(c, on)]

    def _read_by_meaning(
        self,
        text: str,
        facts: Facts,
        in_scope: bool,
        decision: Decision,
        on: date,
        matches: list[ValueMatch],
        thresholds: Thresholds,
        decide: Callable[[Facts, bool, date], Decision],
        worked_against: Set[str] = frozenset(),
    ) -> tuple[Facts, Decision]:
        """Values the question means read in, when that makes the decision stricter (or settles a review); not those
        whose exemption it states (`read_by_meaning_unless`): they stay weak evidence, which stops a permit. A harm
        the use works against (`worked_against`, see superseded: court rulings on hate speech are near hate speech by
        their topic) is read only by a strong match, not by its lead over the ordinary uses."""
        harmful = self._kb.vocabulary.harmful_values()
        read = read_values(matches, thresholds)
        if read:
            read -= unread_by_meaning(text, self._kb.vocabulary)
            strong = {m.value for m in matches if m.fact == "capabilities" and m.score >= thresholds.strong}
            read -= worked_against - strong
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

    def _prohibiting_matches(
        self,
        text: str,
        on: date,
        signs_of_harm: bool,
        matches: list[ValueMatch],
        borrowed: Sequence[str] = (),
        proven: bool = False,
        kinds: Sequence[str] = (),
        faint: bool = False,
    ) -> list[str]:
        """The prohibiting clauses in force the question strongly matches, best first (`borrowed`: what the shipped
        rule book's prohibitions that the use meets say of it, see _borrowed; `kinds`: the harmful values the cues
        read, see CUED_WEIGHT; `proven`: the borrowed rule book permits the use; `faint`: the only sign of harm is the
        question's meaning; either way a sign names a clause only within `proven_floor`)."""
        if self._semantic is None:
            return []
        hits = self._retriever.search(text, PROHIBITING_CANDIDATES, on)
        if borrowed:  # "avis 5 étoiles" may not retrieve the clause on fake reviews; "fraud and scams" does
            seen = {h.clause.id for h in hits}
            hits += [h for h in self._retriever.search(borrowed[0], BORROWED_CANDIDATES, on) if h.clause.id not in seen]
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
        # The words naming the policy's own service go first: "Can Llama 2 write a cover letter?" is close to
        # every clause of Llama 2's policy that names Llama 2, and says nothing of what they prohibit.
        semantic, backstop = self._semantic, self._backstop
        question = self._without_policy_names(text, on)
        whole = semantic.closeness(question, prohibiting)
        every = self._prohibiting_parts(semantic) if backstop.part_strong or backstop.fused else {}
        parts = {c.id: every[c.id] if c.id in every else clause_parts(c) for c in prohibiting} if every else {}
        # A sign of harm is enough; without one, the question must come close to a prohibiting clause, or to
        # one of its parts: a long clause that lists many uses is close to none of them as a whole.
        if (proven or faint) and signs_of_harm and backstop.proven_floor:  # a sign the proof or its faintness weakens
            floor = replace(backstop, clause_strong=backstop.proven_floor, part_strong=backstop.proven_floor)
            if not _strong(semantic, floor, question, whole, parts):
                return []
        if proven and backstop.proven_strong:  # harmless by the borrowed rule book: closeness by topic is not enough
            backstop = replace(backstop, clause_strong=backstop.proven_strong, part_strong=backstop.proven_strong)
        if not signs_of_harm and not _strong(semantic, backstop, question, whole, parts):
            return []
        if not backstop.fused:
            return [c.id for c in prohibiting][:POSSIBLE]
        # The retrieved clauses decide whether the question is weighed against the policy at all; which of its
        # clauses it names is ranked among every prohibiting clause in force: one the retriever's words missed ranks
        # by the other orders alone (BYO sets 1-24: 846 -> 855 right of 1,219, flags unchanged; README).
        retrieved = [c.id for c in prohibiting]
        named = set(retrieved)
        rest = [cid for cid in every if cid not in named and self._kb.in_force(cid, on)]
        if rest:
            whole = {**whole, **semantic.closeness(question, [self._kb.clauses[cid] for cid in rest])}
            parts = {**parts, **{cid: every[cid] for cid in rest}}
        meant = _closeness_by_meaning(semantic, matches, parts)
        ours = {cid: max(semantic.nearest(borrowed, found)) for cid, found in parts.items()} if borrowed else None
        cued = _closeness_by_kinds(semantic, kinds, parts, self._generality(semantic)) if kinds else None
        weight = CUED_WEIGHT * (BORROWED_WEIGHT if unread_by_english_model(text) else 1.0)
        return fused_order([*retrieved, *rest], whole, meant, ours, cued, weight, retrieved=retrieved)[:POSSIBLE]

    def _prohibiting_parts(self, semantic: SemanticMatcher) -> dict[str, list[str]]:
        """The parts of every prohibiting clause (clause_parts), embedded together the first time: one batch
        for the knowledge base (a few hundred short texts), kept on disk, instead of one per question."""
        if self._parts is None:
            openings = self._list_openings()
            self._parts = {
                c.id: clause_parts(c)
                for doc in self._kb.documents.values()
                for c in doc.clauses
                if c.modality == "prohibits" and not _opens_a_list(c, openings)
            }
            semantic.prepare(sorted({t for found in self._parts.values() for t in found}))
        return self._parts

    def _generality(self, semantic: SemanticMatcher) -> dict[str, float]:
        """Per prohibiting clause, its mean closeness (by its closest part) to every harmful kind of use the
        vocabulary names, computed once: how near the clause is to harm at large (_closeness_by_kinds)."""
        if self._generalities is None:
            parts = self._prohibiting_parts(semantic)
            by_harm = _closeness_to_values(semantic, sorted(self._kb.vocabulary.harmful_values()), parts)
            self._generalities = {
                cid: sum(near[cid] for near in by_harm.values()) / max(len(by_harm), 1) for cid in parts
            }
        return self._generalities

    def _ours(self, facts: Facts, on: date) -> Decision:
        """Without a rule book: what the shipped rule book decides from the same facts (the vocabulary is the
        shipped one too), in a closed world, as its own service reads them. Evidence, never this policy's decision."""
        from bot.policy.knowledge import shipped_knowledge_base

        shipped = shipped_knowledge_base()
        return evaluate(shipped.rules, closed_world(facts, shipped.vocabulary), on, stated=facts)

    def _worked_against(
        self, signs: frozenset[str], facts: Facts, on: date, decide: Callable[[Facts, bool, date], Decision]
    ) -> set[str]:
        """The harms shown only by signs or topics that the stated purpose works against: read as facts, a permit
        that names them would fire (a crisis line's bot that hands people at risk to a counsellor). A sign is weaker
        evidence than a cue, so what the rules permit with the harm read is no sign of it either; a request for the
        harmful material itself or its working parts fires no such permit (`harm_produced`, `operational`)."""
        worked: set[str] = set()
        for harm in sorted(signs - set(facts.capabilities or ())):
            decided = decide(with_values(facts, {harm}), True, on)
            if decided.verdict is Verdict.PERMITTED and harm in named_by_permits(decided, self._kb.rules):
                worked.add(harm)
        return worked

    def _shipped_rules(self) -> Sequence[Rule]:
        """The shipped rule book, when this knowledge base borrows it (see _ours); none otherwise."""
        if not self._backstop.borrows:
            return ()
        from bot.policy.knowledge import shipped_knowledge_base

        return shipped_knowledge_base().rules

    def _borrowed(self, decision: Decision | None) -> list[str]:
        """The shipped rule book's prohibitions the use meets (`decision`, see _ours), said in words: each rule's
        summary and the text of its clauses. Evidence of harm and of what kind: their clauses are not this policy's."""
        if self._semantic is None or decision is None or decision.verdict is not Verdict.PROHIBITED:
            return []
        from bot.policy.knowledge import shipped_knowledge_base

        shipped = shipped_knowledge_base()
        if not self._said_prepared:  # every prohibition's words embedded in one batch, kept on disk
            self._semantic.prepare(sorted({t for r in shipped.rules for t in _said(r.summary, r.clauses, shipped)}))
            self._said_prepared = True
        said = [t for fired in decision.rules for t in _said(fired.summary, fired.clause_ids, shipped)]
        return list(dict.fromkeys(said))

    def _list_openings(self) -> dict[str, frozenset[str]]:
        """Per document, the texts that open a list ("You may not use the Services to:"), read once."""
        if self._openings is None:
            self._openings = {
                doc.id: frozenset(lead for clause in doc.clauses for lead in clause.lead_ins)
                for doc in self._kb.documents.values()
            }
        return self._openings

    def _without_policy_names(self, text: str, on: date) -> str:
        """The question without the words every policy in force is named by (as retrieval focuses it), and
        without the names it shares with them: "Can we have Claude write unit tests?" is close to any clause
        that begins "Utilize Claude to …", and says nothing of what they prohibit."""
        from bot.retrieval.lexical import name_terms, proper_name_terms, without_shared_names, without_words

        documents = self._kb.documents_in_force(on)
        unnamed = without_shared_names(text, [name_terms(d.id, d.meta.title) for d in documents])
        return without_words(unnamed, proper_name_terms([text]) & self._proper_names(documents))

    def _proper_names(self, documents: Sequence[Document]) -> frozenset[str]:
        from bot.retrieval.lexical import proper_name_terms

        key = tuple(d.id for d in documents)
        if key not in self._names:
            self._names[key] = proper_name_terms(c.text for d in documents for c in d.clauses)
        return self._names[key]


def accounted_for(decision: Decision | None, rules: Sequence[Rule]) -> set[str]:
    """The kinds of use a permit which fired names (`decision`: the borrowed rule book's, see Weigher._ours): that
    permit has weighed them, so they are no sign of harm (section 8: moderating or reporting a harm)."""
    if decision is None or decision.verdict is not Verdict.PERMITTED:
        return set()
    return named_by_permits(decision, rules)


def _said(summary: str, clause_ids: Sequence[str], kb: KnowledgeBase) -> list[str]:
    """What a rule says in words: its summary and the text of its clauses."""
    return [t for t in (summary, *(quote_of(kb.clauses[c]) for c in clause_ids if c in kb.clauses)) if t]


def _opens_a_list(clause: Clause, openings: dict[str, frozenset[str]]) -> bool:
    """A lead-in says what its items are (prohibited) but not what: the items are the clauses that prohibit
    something, and "You may not use the Services:" alone is close to any question about the services."""
    return any(clause.text.endswith(lead) for lead in openings.get(clause.document_id, ()))


def _harm_signal(matches: list[ValueMatch], dropped: set[str]) -> bool:
    """A harmful value (not one the use works against, `dropped`) nearer the question than any harmless one."""
    harmful = (m for m in matches if m.harmful and m.readable and m.fact == "capabilities" and m.value not in dropped)
    harm = max((m.score for m in harmful), default=0.0)
    harmless = max((m.score for m in matches if not m.harmful and m.fact == "capabilities"), default=0.0)
    return harm >= HARM_SIGNAL and harm >= harmless + HARM_MARGIN


def clause_parts(clause: Clause) -> list[str]:
    """The clause's body (headings left out, as quoted; carve-outs too, see _EXEMPTION) and the parts it splits into
    (see _PART_BREAK)."""
    body = _EXEMPTION.sub("", quote_of(clause)).strip() or quote_of(clause)
    parts = [p.strip() for p in _PART_BREAK.split(body) if p and len(p.split()) >= 2]
    return list(dict.fromkeys([body, *parts]))


def fused_order(
    candidates: Sequence[str],
    whole: Mapping[str, float],
    meant: Mapping[str, float],
    ours: Mapping[str, float] | None = None,
    cued: Mapping[str, float] | None = None,
    cued_weight: float = CUED_WEIGHT,
    retrieved: Sequence[str] | None = None,
) -> list[str]:
    """Clause ids ranked by three orders fused (reciprocal ranks summed): the retriever's, the question's
    closeness to each clause, and its closeness by way of the values it means; a fourth when the shipped rule
    book would prohibit the use (`ours`: each clause's closeness to what its prohibitions say, counted twice); and
    a fifth when the cues read a harm (`cued`: each clause's closeness to its values' sentences, `cued_weight`).
    The retriever's order is `retrieved` when it found only some of the candidates (the others take nothing from
    it), else the candidates' own. Ties keep the candidates' order. Any one of them alone lost right answers that
    another found (benchmarks/README.md); but a question the model does not read (UNREAD) is ranked by the last two
    alone."""
    by = lambda scores: sorted(candidates, key=lambda c: -scores[c])  # noqa: E731 - one order per signal
    orders = [list(candidates if retrieved is None else retrieved), by(whole), by(meant)]
    weights = [1.0, 1.0, 1.0]
    if ours is not None:
        orders.append(by(ours))
        weights.append(BORROWED_WEIGHT)
        if max(whole.values(), default=0.0) < UNREAD:  # the question unread by the model: the borrowed words alone
            weights[:3] = [0.0, 0.0, 0.0]
    if cued is not None:
        orders.append(by(cued))
        weights.append(cued_weight)
    places = [{c: i for i, c in enumerate(order)} for order in orders]
    fused = {
        c: sum(weight / (RANK_OFFSET + place[c]) for place, weight in zip(places, weights, strict=True) if c in place)
        for c in candidates
    }
    return sorted(candidates, key=lambda c: -fused[c])


def _strong(
    semantic: SemanticMatcher,
    backstop: Backstop,
    question: str,
    whole: Mapping[str, float],
    parts: Mapping[str, Sequence[str]],
) -> bool:
    """The question close to a prohibiting clause, or (when the backstop weighs them) to a part of one."""
    if max(whole.values()) >= backstop.clause_strong:
        return True
    if backstop.part_strong is None:
        return False
    texts = sorted({t for found in parts.values() for t in found})
    return max(semantic.text_closeness(question, texts), default=0.0) >= backstop.part_strong


def _closeness_by_kinds(
    semantic: SemanticMatcher,
    kinds: Sequence[str],
    parts: Mapping[str, Sequence[str]],
    generality: Mapping[str, float],
) -> dict[str, float]:
    """Per clause, its closeness (by its closest part) to the nearest sentence of the harmful values the cues read:
    the vocabulary says in plain English what the question says in any language and the policy says formally. Less
    the clause's generality (Weigher._generality): a catch-all clause ("to violate the rights of others") is about as
    near every harm, so what sets a clause apart for this harm is how much nearer it is to it than to harms at large."""
    by_kind = _closeness_to_values(semantic, kinds, parts)
    return {cid: max((near[cid] - generality.get(cid, 0.0) for near in by_kind.values()), default=0.0) for cid in parts}


def _closeness_to_values(
    semantic: SemanticMatcher, values: Sequence[str], parts: Mapping[str, Sequence[str]]
) -> dict[str, dict[str, float]]:
    """Per kind of use (a capabilities value), per clause: the cosine of the value's closest sentence with the
    clause's closest part."""
    texts = sorted({t for found in parts.values() for t in found})
    place = {t: i for i, t in enumerate(texts)}
    by_value = semantic.value_closeness([("capabilities", v) for v in values], texts)
    return {
        value: {cid: max(near[place[t]] for t in found) for cid, found in parts.items()}
        for (_, value), near in by_value.items()
    }


def _closeness_by_meaning(
    semantic: SemanticMatcher, matches: list[ValueMatch], parts: Mapping[str, Sequence[str]]
) -> dict[str, float]:
    """Per clause, how close the question comes to it by way of the kinds of use it is closest to: for each
    of those values, the lesser of the question's match to it and the value's closeness to the clause (its
    closest part), at best. The vocabulary's sentences are plainer than a policy's, so "a fake email from
    a bank" finds "phishing" through the value for fraud."""
    kinds = [m for m in matches if m.fact == "capabilities"][:VALUES_WEIGHED]
    score = {m.value: m.score for m in kinds}
    by_value = _closeness_to_values(semantic, list(score), parts)
    return {cid: max((min(score[v], near[cid]) for v, near in by_value.items()), default=0.0) for cid in parts}
