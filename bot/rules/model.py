"""The rule book's vocabulary: rules, conditions, and the decision an evaluation returns."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Effect(StrEnum):
    PROHIBIT = "prohibit"
    PERMIT = "permit"
    REQUIRE = "require"


class Verdict(StrEnum):
    PROHIBITED = "prohibited"
    NEEDS_CLARIFICATION = "needs_clarification"
    NEEDS_REVIEW = "needs_review"
    PERMITTED = "permitted"
    INFORMATIONAL = "informational"  # a question about the policy itself: it judges no use
    OUT_OF_SCOPE = "out_of_scope"


# How each verdict reads to a person, on every text surface (CLI, vetting report).
VERDICT_LABEL: dict[Verdict, str] = {
    Verdict.PROHIBITED: "Prohibited",
    Verdict.PERMITTED: "Permitted",
    Verdict.NEEDS_CLARIFICATION: "Needs clarification",
    Verdict.NEEDS_REVIEW: "Needs review",
    Verdict.INFORMATIONAL: "About the policy",
    Verdict.OUT_OF_SCOPE: "Out of scope",
}

# Strictest first: when two opinions differ, the one earlier in this list wins.
STRICTNESS: tuple[Verdict, ...] = (
    Verdict.PROHIBITED,
    Verdict.NEEDS_CLARIFICATION,
    Verdict.NEEDS_REVIEW,
    Verdict.PERMITTED,
    Verdict.INFORMATIONAL,
    Verdict.OUT_OF_SCOPE,
)


def stricter(a: Verdict, b: Verdict) -> Verdict:
    return a if STRICTNESS.index(a) <= STRICTNESS.index(b) else b


class Operator(StrEnum):
    EQ = "eq"  # fact == value
    NE = "ne"  # fact != value
    IN = "in"  # fact is one of values
    NOT_IN = "not_in"  # fact is none of values
    HAS = "has"  # set fact contains value
    HAS_ANY = "has_any"  # set fact contains at least one of values
    HAS_NONE = "has_none"  # set fact contains none of values (a permit that does not speak for them)


class Condition(BaseModel):
    model_config = ConfigDict(frozen=True)

    fact: str
    op: Operator
    value: Any

    def describe(self) -> str:
        # A set of values is listed sorted, so an answer's JSON is the same whatever the hash seed.
        value = sorted(map(str, self.value)) if isinstance(self.value, set | frozenset) else self.value
        return f"{self.fact} {self.op.value} {value}"


class Rule(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    effect: Effect
    clauses: tuple[str, ...]
    when: tuple[Condition, ...]
    summary: str  # one sentence a person can read, used in extractive answers
    obligation: str | None = None  # what a `require` rule asks of the customer
    in_force_from: date | None = None
    in_force_until: date | None = None
    line: int = 0  # where the rule starts in rules.yaml, for error messages

    def in_force(self, on: date) -> bool:
        return (self.in_force_from is None or self.in_force_from <= on) and (
            self.in_force_until is None or on <= self.in_force_until
        )


class FiredRule(BaseModel):
    """A rule that decided (or could decide) the answer, with the conditions behind it."""

    model_config = ConfigDict(frozen=True)  # shared by the decisions of the same outcome (bot/rules/evaluate.py)

    id: str
    effect: Effect
    clause_ids: list[str]
    matched: list[str] = Field(default_factory=list)
    unknown: list[str] = Field(default_factory=list)  # facts that would decide it (clarification only)
    summary: str = ""
    obligation: str | None = None


class Decision(BaseModel):
    model_config = ConfigDict(frozen=True)  # one object answers every evaluation with the same outcome
    verdict: Verdict
    rules: list[FiredRule] = Field(default_factory=list)
    missing_facts: list[str] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)  # the clarifying question for each missing fact
    obligations: list[str] = Field(default_factory=list)

    def questions_to_ask(self) -> list[str]:
        """The clarifying questions for the missing facts (the knowledge base's, else the shipped vocabulary's)."""
        if self.questions or not self.missing_facts:
            return list(self.questions)
        from bot.rules.vocabulary import shipped_vocabulary  # the vocabulary is data loaded on first use

        return [shipped_vocabulary().question(fact) for fact in self.missing_facts]

    def clause_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for rule in self.rules:
            for cid in rule.clause_ids:
                seen.setdefault(cid, None)
        return list(seen)
