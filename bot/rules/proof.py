"""Permits need proof of harmlessness: what the cues and the semantic match found, weighed.

Where this sits in an answer: docs/architecture.md, "Weighing".

Pure functions over facts, decisions and value matches. Semantic evidence may add a kind of use to the
facts (stricter), and harmful evidence that no permit accounts for (a cued harm, a weak semantic match, a
sign in the vocabulary) turns a `permitted` into a review that names the clauses that may apply. Nothing
here can make an answer less strict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Set

from bot.rules.facts import Facts
from bot.rules.model import Condition, Decision, Effect, Operator, Rule, Verdict
from bot.rules.semantic import WEAK, Thresholds, ValueMatch
from bot.rules.vocabulary import Value, Vocabulary


def read_values(matches: Iterable[ValueMatch], thresholds: Thresholds = Thresholds()) -> set[str]:  # noqa: B008
    """The capabilities a question means by the semantic match alone: any value at `strong` (a harmful one only
    when no harmless kind of use is nearer: "a story about a teen's crush, nothing sexual" is near a sexual story
    about a minor by its topic, and nearer a story for teenagers), and a harmful value at `weak` that leads every
    harmless one by `harm_lead` (nearer a harm than any ordinary use)."""
    matches = [m for m in matches if m.fact == "capabilities"]
    harmless = max((m.score for m in matches if not m.harmful), default=0.0)
    return {
        m.value
        for m in matches
        if (m.readable and m.score >= thresholds.strong and (not m.harmful or m.score >= harmless))
        or (m.readable and m.harmful and m.score >= thresholds.weak and m.score >= harmless + thresholds.harm_lead)
    }


def with_values(facts: Facts, values: set[str]) -> Facts:
    """The facts with these capabilities added (never removed)."""
    if not values or values <= set(facts.capabilities or ()):
        return facts
    return facts.model_copy(update={"capabilities": frozenset(facts.capabilities or ()) | values})


def weak_harms(matches: Iterable[ValueMatch], weak: float = WEAK, superseded: Set[str] = frozenset()) -> list[str]:
    """Harmful values the question is close to: at least `weak`, and closer than to any harmless kind of use
    (a support chatbot is near "a bot that denies being an AI", but nearer to "a chatbot for customers"), and
    not made redundant by what the use is (`superseded`: a warning about scams is near fraud by meaning)."""
    matches = [m for m in matches if m.fact == "capabilities"]
    harmless = max((m.score for m in matches if not m.harmful), default=0.0)
    # A value only cues may read (read_by_meaning: false) is no sign of harm by meaning either.
    return [
        m.value
        for m in matches
        if m.harmful and m.readable and m.score >= weak and m.score >= harmless and m.value not in superseded
    ]


def leading_harms(
    matches: Iterable[ValueMatch], thresholds: Thresholds, superseded: Set[str] = frozenset()
) -> list[str]:
    """Harmful values fainter than `block` that still lead every harmless kind of use by `block_lead`: what the
    question is nearest to is the harm, whatever task wraps it (a novel that needs a method "that would definitely
    work"). Only where the English model reads the question: elsewhere its scores are noise."""
    matches = [m for m in matches if m.fact == "capabilities"]
    harmless = max((m.score for m in matches if not m.harmful), default=0.0)
    return [
        m.value
        for m in matches
        if m.harmful
        and m.readable
        and m.score >= thresholds.leading_floor
        and m.score >= harmless + thresholds.block_lead
        and m.value not in superseded
    ]


def unproven_harms(decision: Decision, facts: Facts, rules: Iterable[Rule], harmful: frozenset[str]) -> list[str]:
    """Harmful kinds of use in the facts that no permit which fired names: that permit proves nothing of them."""
    if decision.verdict is not Verdict.PERMITTED:
        return []
    return sorted(set(facts.capabilities or ()) & harmful - named_by_permits(decision, rules))


def unweighed_objections(
    decision: Decision, facts: Facts, rules: Iterable[Rule], objections: Mapping[str, Set[object]]
) -> list[str]:
    """Facts the question states against the use ("no one has asked her", "no person reviews it": the values the
    vocabulary marks `objection`) that no permit which fired tests: such a permit proves nothing of them."""
    if decision.verdict is not Verdict.PERMITTED:
        return []
    fired = {r.id for r in decision.rules if r.effect is Effect.PERMIT}
    tested = {c.fact for rule in rules if rule.id in fired for c in rule.when}
    return sorted(
        fact for fact, values in objections.items() if fact not in tested and getattr(facts, fact, None) in values
    )


def sign_harms(
    signs: Iterable[str], decision: Decision, facts: Facts, rules: Iterable[Rule], superseded: Set[str]
) -> list[str]:
    """Harms the question shows signs of (bot/rules/extract `signs_of_harm`) that are still open: not already
    in the facts (weighed as cued), not made redundant by a kind of use the facts hold (a warning about scams
    supersedes fraud: `superseded`, see superseded()), and not named by a permit which fired (that permit speaks
    for them)."""
    held = set(facts.capabilities or ())
    return sorted(set(signs) - held - superseded - named_by_permits(decision, rules))


def superseded(facts: Facts, vocab: Vocabulary, folded: str | None = None) -> set[str]:
    """The kinds of use the facts' own make redundant (`supersedes`): as the cue engine drops a cued fraud
    beside a warning about scams, weaker evidence of it (a sign, a semantic match) is dropped too. A use that
    gives working parts (steps, working code: `operational`) supersedes nothing: 8.1 covers working against a harm
    without them; nor does a value whose `keeps_evidence_if` fact holds (work against a harm that makes the harmful
    material itself, `harm_produced`: a thousand fake news articles "to train our detector"), nor one whose
    `supersedes_unless` term occurs in the `folded` question (a scam received, then copied to be sent on)."""
    if getattr(facts, "operational", None):
        return set()
    entries = [vocab.value("capabilities", value) for value in facts.capabilities or ()]
    return {
        other
        for entry in entries
        if entry is not None and _works_against(entry, facts) and not _own_harm_said(entry, vocab, folded)
        for other in entry.supersedes
    }


def _own_harm_said(entry: Value, vocab: Vocabulary, folded: str | None) -> bool:
    """The question says what the value's `supersedes_unless` term names, as the cue engine reads it."""
    name = entry.supersedes_unless
    return bool(folded is not None and name and name in vocab.terms and vocab.term(name).search(folded))


def _works_against(entry: Value, facts: Facts) -> bool:
    """The value still works against what it supersedes: its `keeps_evidence_if` fact does not hold."""
    return not (entry.keeps_evidence_if and getattr(facts, entry.keeps_evidence_if, None))


def rests_on_the_kind_of_work(decision: Decision, rules: Iterable[Rule], harmful: frozenset[str]) -> bool:
    """The permits which fired test nothing but the kind of work and name no harm (general productivity: a
    translation, a draft): all they prove is what the cues read of the question."""
    fired = {r.id for r in decision.rules if r.effect is Effect.PERMIT}
    permits = [rule for rule in rules if rule.id in fired]
    return (
        bool(permits)
        and all(c.fact == "capabilities" for rule in permits for c in rule.when)
        and not named_by_permits(decision, permits) & harmful
    )


def named_by_permits(decision: Decision, rules: Iterable[Rule]) -> set[str]:
    """The capabilities the permits which fired name in their conditions (`has`, `has_any`: those they speak for)."""
    fired = {r.id for r in decision.rules if r.effect is Effect.PERMIT}
    named: set[str] = set()
    for rule in rules:
        if rule.id in fired:
            for condition in rule.when:
                if condition.fact == "capabilities" and condition.op in (Operator.HAS, Operator.HAS_ANY):
                    value = condition.value
                    named |= set(value) if isinstance(value, frozenset) else {str(value)}
    return named


def clauses_that_may_apply(
    rules: Iterable[Rule],
    vocab: Vocabulary,
    values: Iterable[str],
    in_force: Callable[[str], bool],
) -> list[str]:
    """The clauses behind each value: those of the prohibitions that test it, else those its entry names."""
    rules = list(rules)
    ids: dict[str, None] = {}
    for value_id in values:
        tested = [
            clause
            for rule in rules
            if rule.effect is Effect.PROHIBIT and any(_names(c, value_id) for c in rule.when)
            for clause in rule.clauses
        ]
        entry = vocab.value("capabilities", value_id)
        for clause in tested or (entry.clauses if entry else ()):
            if in_force(clause):
                ids.setdefault(clause, None)
    return list(ids)


def _names(condition: Condition, value_id: str) -> bool:
    if condition.fact != "capabilities":
        return False
    return condition.op.value == "has" and condition.value == value_id  # not has_any: that rule tests a mix


def held_for_review(decision: Decision) -> Decision:
    """A permit whose kind of work is plain but whose question could not all be weighed: a person reviews it, and the
    permit stays in view (cited, summarised) as what would apply once they have."""
    return Decision(verdict=Verdict.NEEDS_REVIEW, rules=list(decision.rules), obligations=list(decision.obligations))


def review_instead(decision: Decision) -> Decision:
    """A permit without proof of harmlessness: a person reviews it, with any obligations kept in view."""
    requires = [r for r in decision.rules if r.effect is Effect.REQUIRE]
    return Decision(verdict=Verdict.NEEDS_REVIEW, rules=requires, obligations=list(decision.obligations))
