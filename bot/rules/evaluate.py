"""Deterministic evaluation of the rule book against facts (DESIGN.md, "The deterministic backstop").

Any matching prohibit wins; a prohibit whose only unmatched conditions are unknown facts gives
needs_clarification naming those facts; an explicit permit gives permitted (with any require
obligations attached); anything else needs a person to review it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from enum import Enum
from typing import Any

from bot.rules.facts import FACT_SPECS, Facts
from bot.rules.model import Condition, Decision, Effect, FiredRule, Operator, Rule, Verdict

# A condition's truth: True, False, or None when the fact it tests is unknown.
Truth = bool | None


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, frozenset | set):
        return {_plain(v) for v in value}
    return value


_OPERATORS: dict[Operator, Callable[[Any, Any], bool]] = {
    Operator.EQ: lambda fact, value: fact == value,
    Operator.NE: lambda fact, value: fact != value,
    Operator.IN: lambda fact, values: fact in values,
    Operator.NOT_IN: lambda fact, values: fact not in values,
    Operator.HAS: lambda fact, value: value in fact,
    Operator.HAS_ANY: lambda fact, values: bool(fact & set(values)),
}


def condition_truth(condition: Condition, facts: Facts) -> Truth:
    fact = getattr(facts, condition.fact)
    if fact is None:
        return None
    return _OPERATORS[condition.op](_plain(fact), condition.value)


def _match(rule: Rule, facts: Facts) -> tuple[Truth, list[str], list[str]]:
    """Whether every condition holds (None: none fails but some are unknown), what matched, what is unknown."""
    matched: list[str] = []
    unknown: list[str] = []
    for condition in rule.when:
        truth = condition_truth(condition, facts)
        if truth is False:
            return False, matched, unknown
        if truth is None:
            unknown.append(condition.fact)
        else:
            matched.append(condition.describe())
    return (None if unknown else True), matched, unknown


def rule_truth(rule: Rule, facts: Facts) -> Truth:
    """Whether a rule's conditions all hold (None: none fails, some are unknown)."""
    return _match(rule, facts)[0]


def evaluate(
    rules: Iterable[Rule], facts: Facts, on: date, clause_in_force: Callable[[str], bool] = lambda _: True
) -> Decision:
    """Decide a use on a date. `clause_in_force` keeps citations to the document versions in force then."""
    prohibits: list[FiredRule] = []
    open_prohibits: list[FiredRule] = []
    permits: list[FiredRule] = []
    requires: list[FiredRule] = []
    for rule in rules:
        if not rule.in_force(on):
            continue
        truth, matched, unknown = _match(rule, facts)
        if truth is False:
            continue
        fired = FiredRule(
            id=rule.id,
            effect=rule.effect,
            clause_ids=[c for c in rule.clauses if clause_in_force(c)],
            matched=matched,
            unknown=sorted(set(unknown)),
            summary=rule.summary,
            obligation=rule.obligation,
        )
        if rule.effect is Effect.PROHIBIT:
            (prohibits if truth else open_prohibits).append(fired)
        elif truth and rule.effect is Effect.PERMIT:
            permits.append(fired)
        elif truth and rule.effect is Effect.REQUIRE:
            requires.append(fired)

    if prohibits:
        return Decision(verdict=Verdict.PROHIBITED, rules=prohibits)
    if open_prohibits:
        missing = sorted({fact for rule in open_prohibits for fact in rule.unknown}, key=list(FACT_SPECS).index)
        return Decision(verdict=Verdict.NEEDS_CLARIFICATION, rules=open_prohibits, missing_facts=missing)
    if permits:
        obligations = [r.obligation for r in requires if r.obligation]
        return Decision(verdict=Verdict.PERMITTED, rules=permits + requires, obligations=obligations)
    return Decision(verdict=Verdict.NEEDS_REVIEW, rules=requires)
