"""Deterministic evaluation of the rule book against facts (docs/architecture.md, "Rules").

Any matching prohibit wins; a prohibit whose only unmatched conditions are unknown facts gives
needs_clarification naming those facts; an explicit permit gives permitted (with any require
obligations attached); anything else needs a person to review it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.rules.facts import ActorType, Facts
from bot.rules.model import Condition, Decision, Effect, FiredRule, Operator, Rule, Verdict

if TYPE_CHECKING:
    from bot.rules.vocabulary import Vocabulary

# A condition's truth: True, False, or None when the fact it tests is unknown.
Truth = bool | None


def _test(op: Operator, value: Any) -> Callable[[Any], Any]:
    """One condition as a function of its fact's (known) value, truthy when it holds; built once per rule book.
    Values compare as rules.yaml writes them: an enum fact is a StrEnum, equal (and hash-equal) to its string.
    Plain closures: Python 3.11 calls them faster than functools.partial or operator.methodcaller."""
    if op is Operator.EQ:
        return lambda fact: fact == value
    if op is Operator.NE:
        return lambda fact: fact != value
    if op is Operator.HAS:
        return lambda fact: value in fact
    values = _as_set(value)
    if op is Operator.IN:
        return lambda fact: fact in values
    if op is Operator.NOT_IN:
        return lambda fact: fact not in values
    if op is Operator.HAS_NONE:
        return values.isdisjoint
    return lambda fact: not values.isdisjoint(fact)  # HAS_ANY


def _as_set(value: Any) -> frozenset[Any]:
    return frozenset(value if isinstance(value, list | tuple | set | frozenset) else [value])


# Conditions that say what a use IS (not what it is not): one of them holding on a known fact ties a rule to
# what the question said, where "purpose not_in [...]" holds for nearly any question.
_POSITIVE = frozenset({Operator.EQ, Operator.IN, Operator.HAS, Operator.HAS_ANY})


class _Compiled:
    """A rule with its conditions as (fact, test) pairs and their descriptions: rules.yaml is read once."""

    __slots__ = ("conditions", "described", "effect", "index", "positive", "rule")

    def __init__(self, index: int, rule: Rule) -> None:
        self.index = index
        self.rule = rule
        self.effect = rule.effect
        self.conditions = tuple((c.fact, _test(c.op, c.value)) for c in rule.when)
        self.described = tuple(c.describe() for c in rule.when)
        self.positive = frozenset(c.fact for c in rule.when if c.op in _POSITIVE)


class _Book:
    """A rule book compiled once, with the rules in force on each day asked about and the decisions explained
    so far. A decision depends only on which rules decided, which of their facts were unknown and which of
    their clauses are in force: the same outcome gets the same (frozen) Decision instead of a new explanation."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self._compiled = [_Compiled(i, rule) for i, rule in enumerate(rules)]
        self._on: dict[date, tuple[_Compiled, ...]] = {}
        self.explained: dict[tuple[Any, ...], Decision] = {}

    def in_force(self, on: date) -> tuple[_Compiled, ...]:
        found = self._on.get(on)
        if found is None:
            if len(self._on) > 1000:
                self._on.clear()
            found = self._on[on] = tuple(c for c in self._compiled if c.rule.in_force(on))
        return found


_books: dict[int, _Book] = {}  # by id() of a rules tuple; each entry keeps its tuple alive, so ids are not reused
_EXPLAINED_MAX = 10_000  # decisions kept per book; past that the memo starts again


def _book(rules: Iterable[Rule]) -> _Book:
    """The compiled book of a rule tuple (a knowledge base's rules: compiled on first use, then kept)."""
    if not isinstance(rules, tuple):
        return _Book(tuple(rules))  # a list may change: compiled each time
    book = _books.get(id(rules))
    if book is None or book.rules is not rules:
        if len(_books) > 64:
            _books.clear()
        book = _books[id(rules)] = _Book(rules)
    return book


def condition_truth(condition: Condition, facts: Facts) -> Truth:
    fact = getattr(facts, condition.fact, None)
    return None if fact is None else bool(_test(condition.op, condition.value)(fact))


def _match(conditions: tuple[tuple[str, Callable[[Any], Any]], ...], facts: Facts) -> Truth:
    """True when every condition holds, None when none fails but some are unknown, else False."""
    result: Truth = True
    for name, test in conditions:
        fact = getattr(facts, name, None)
        if fact is None:
            result = None
        elif not test(fact):
            return False
    return result


def rule_truth(rule: Rule, facts: Facts) -> Truth:
    """Whether a rule's conditions all hold (None: none fails, some are unknown)."""
    return _match(_Compiled(0, rule).conditions, facts)


def evaluate(
    rules: Iterable[Rule],
    facts: Facts,
    on: date,
    clause_in_force: Callable[[str], bool] = lambda _: True,
    stated: Facts | None = None,
) -> Decision:
    """Decide a use on a date. `clause_in_force` keeps citations to the document versions in force then;
    `stated`: the facts as the question gave them, before closed_world() filled in its defaults."""
    book = _book(rules)
    prohibits: list[_Compiled] = []
    open_prohibits: list[_Compiled] = []
    permits: list[_Compiled] = []
    requires: list[_Compiled] = []
    known = facts.values()  # one dict for every look-up: getattr falls back slowly for the vocabulary's facts
    for compiled in book.in_force(on):
        truth: Truth = True  # _match(), inlined: this loop is the evaluator's hot path
        for name, test in compiled.conditions:
            fact = known.get(name)
            if fact is None:
                truth = None
            elif not test(fact):
                truth = False
                break
        if truth is False:
            continue
        effect = compiled.effect
        if effect is Effect.PROHIBIT:
            (prohibits if truth else open_prohibits).append(compiled)
        elif truth and effect is Effect.PERMIT:
            permits.append(compiled)
        elif truth and effect is Effect.REQUIRE:
            requires.append(compiled)

    if prohibits:
        verdict, deciding = Verdict.PROHIBITED, prohibits
    elif open_prohibits:
        verdict, deciding = Verdict.NEEDS_CLARIFICATION, _spoken_to(open_prohibits, facts if stated is None else stated)
    elif permits:
        verdict, deciding = Verdict.PERMITTED, permits + requires
    else:
        verdict, deciding = Verdict.NEEDS_REVIEW, requires
    unknown = [_unknown(c, facts) for c in deciding] if verdict is Verdict.NEEDS_CLARIFICATION else None
    key = (
        verdict,
        tuple(c.index for c in deciding),
        tuple(unknown) if unknown else None,
        tuple(clause_in_force(cid) for c in deciding for cid in c.rule.clauses),
    )
    decision = book.explained.get(key)
    if decision is None:
        if len(book.explained) >= _EXPLAINED_MAX:
            book.explained.clear()
        decision = book.explained[key] = _decision(verdict, deciding, unknown, clause_in_force)
    return decision


def _spoken_to(open_prohibits: list[_Compiled], stated: Facts) -> list[_Compiled]:
    """The open prohibitions a clarification should name: those a stated fact positively matches ("police
    department", "in the US"), when there are any. Without this, a question naming only its actor would
    list every prohibition the book has (35 clauses), since none of them is ruled out."""
    said = stated.values()
    spoken = [c for c in open_prohibits if any(said.get(fact) is not None for fact in c.positive)]
    return spoken or open_prohibits


def _unknown(compiled: _Compiled, facts: Facts) -> tuple[int, ...]:
    """Which of a rule's conditions test a fact that is not known."""
    return tuple(i for i, (name, _) in enumerate(compiled.conditions) if getattr(facts, name, None) is None)


def _decision(
    verdict: Verdict,
    deciding: list[_Compiled],
    unknown: list[tuple[int, ...]] | None,
    clause_in_force: Callable[[str], bool],
) -> Decision:
    """The decision with the explanation of each rule that decided it: built once per outcome."""
    fired = [_fired(c, unknown[n] if unknown else (), clause_in_force) for n, c in enumerate(deciding)]
    if verdict is Verdict.NEEDS_CLARIFICATION:
        missing = list(dict.fromkeys(fact for rule in fired for fact in rule.unknown))  # the service orders them
        return Decision(verdict=verdict, rules=fired, missing_facts=missing)
    if verdict is Verdict.PERMITTED:
        obligations = [c.rule.obligation for c in deciding if c.effect is Effect.REQUIRE and c.rule.obligation]
        return Decision(verdict=verdict, rules=fired, obligations=obligations)
    return Decision(verdict=verdict, rules=fired)


def _fired(compiled: _Compiled, unknown: tuple[int, ...], clause_in_force: Callable[[str], bool]) -> FiredRule:
    """The explanation of a rule that decided (or could decide) the answer: built only for those. Every
    condition of such a rule holds but the unknown ones."""
    rule = compiled.rule
    return FiredRule(
        id=rule.id,
        effect=rule.effect,
        clause_ids=[c for c in rule.clauses if clause_in_force(c)],
        matched=[d for i, d in enumerate(compiled.described) if i not in unknown],
        unknown=sorted({compiled.conditions[i][0] for i in unknown}),
        summary=rule.summary,
        obligation=rule.obligation,
    )


_LAW_ENFORCEMENT = (ActorType.POLICE_DEPARTMENT, ActorType.LAW_ENFORCEMENT)


def closed_world(facts: Facts, vocabulary: Vocabulary) -> Facts:
    """What a question does not say, read as the rules should: no capability named means nothing risky was
    described (unless law enforcement asks: then it decides); a fact with a `default` in the vocabulary
    ("no purpose stated") takes it."""
    update: dict[str, object] = {
        fact.name: fact.default
        for fact in vocabulary.facts.values()
        if fact.default is not None and facts.get(fact.name) is None
    }
    if facts.capabilities is None and facts.actor_type not in _LAW_ENFORCEMENT:
        update["capabilities"] = frozenset()
    return facts.model_copy(update=update) if update else facts
