"""Deterministic evaluation of the rule book against facts (docs/architecture.md, "Rules").

Any matching prohibit wins; a prohibit whose only unmatched conditions are unknown facts gives
needs_clarification naming those facts; an explicit permit gives permitted (with any require
obligations attached); anything else needs a person to review it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from bot.rules.facts import Facts
from bot.rules.model import Condition, Decision, Effect, FiredRule, Operator, Rule, Verdict

# A condition's truth: True, False, or None when the fact it tests is unknown.
Truth = bool | None


_OPERATORS: dict[Operator, Callable[[Any, Any], bool]] = {
    Operator.EQ: lambda fact, value: fact == value,
    Operator.NE: lambda fact, value: fact != value,
    Operator.IN: lambda fact, values: fact in values,
    Operator.NOT_IN: lambda fact, values: fact not in values,
    Operator.HAS: lambda fact, value: value in fact,
    Operator.HAS_ANY: lambda fact, values: bool(fact & set(values)),
}


def condition_truth(condition: Condition, facts: Facts) -> Truth:
    return _truth(condition, facts.values())


def _truth(condition: Condition, values: dict[str, Any]) -> Truth:
    fact = values.get(condition.fact)
    if fact is None:
        return None
    # Enum facts are StrEnums, equal (and hash-equal) to the plain strings rules.yaml holds.
    return _OPERATORS[condition.op](fact, condition.value)


def _match(rule: Rule, values: dict[str, Any]) -> Truth:
    """True when every condition holds, None when none fails but some are unknown, else False."""
    result: Truth = True
    for condition in rule.when:
        truth = _truth(condition, values)
        if truth is False:
            return False
        if truth is None:
            result = None
    return result


def rule_truth(rule: Rule, facts: Facts) -> Truth:
    """Whether a rule's conditions all hold (None: none fails, some are unknown)."""
    return _match(rule, facts.values())


def evaluate(
    rules: Iterable[Rule], facts: Facts, on: date, clause_in_force: Callable[[str], bool] = lambda _: True
) -> Decision:
    """Decide a use on a date. `clause_in_force` keeps citations to the document versions in force then."""
    values = facts.values()
    prohibits: list[Rule] = []
    open_prohibits: list[Rule] = []
    permits: list[Rule] = []
    requires: list[Rule] = []
    for rule in rules:
        if not rule.in_force(on):
            continue
        truth = _match(rule, values)
        if truth is False:
            continue
        if rule.effect is Effect.PROHIBIT:
            (prohibits if truth else open_prohibits).append(rule)
        elif truth and rule.effect is Effect.PERMIT:
            permits.append(rule)
        elif truth and rule.effect is Effect.REQUIRE:
            requires.append(rule)

    def fired(found: list[Rule]) -> list[FiredRule]:
        return [_fired(rule, values, clause_in_force) for rule in found]

    if prohibits:
        return Decision(verdict=Verdict.PROHIBITED, rules=fired(prohibits))
    if open_prohibits:
        explained = fired(open_prohibits)
        missing = list(dict.fromkeys(fact for rule in explained for fact in rule.unknown))
        return Decision(verdict=Verdict.NEEDS_CLARIFICATION, rules=explained, missing_facts=missing)
    if permits:
        obligations = [r.obligation for r in requires if r.obligation]
        return Decision(verdict=Verdict.PERMITTED, rules=fired(permits + requires), obligations=obligations)
    return Decision(verdict=Verdict.NEEDS_REVIEW, rules=fired(requires))


def _fired(rule: Rule, values: dict[str, Any], clause_in_force: Callable[[str], bool]) -> FiredRule:
    """The explanation of a rule that decided (or could decide) the answer: built only for those."""
    matched = [c.describe() for c in rule.when if _truth(c, values)]
    unknown = list(dict.fromkeys(c.fact for c in rule.when if _truth(c, values) is None))  # in the rule's order
    return FiredRule(
        id=rule.id,
        effect=rule.effect,
        clause_ids=[c for c in rule.clauses if clause_in_force(c)],
        matched=matched,
        unknown=unknown,
        summary=rule.summary,
        obligation=rule.obligation,
    )
