"""`policybot rules check`: the rule book and the vocabulary agree with each other and with the policies."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.rules.dead_literals import DeadLiteral, dead_literals, dead_phrase
from bot.rules.model import Rule
from bot.rules.vocabulary import Vocabulary


def vocabulary_problems(vocab: Vocabulary, rules: Iterable[Rule], clause_ids: Iterable[str]) -> list[str]:
    """What a policy owner must fix: values no question can express, clauses that do not exist, patterns
    or signs that do not compile, and literals no folded question holds (bot/rules/dead_literals.py).

    (That every fact and value a rule names exists is checked when rules.yaml loads.)
    """
    where = str(vocab.path or "vocabulary")
    known = set(clause_ids)
    problems: list[str] = []
    for fact in vocab.facts.values():
        for value in fact.values.values():
            expressible = value.cues or value.examples or value.together or value.id == fact.default
            if not expressible and fact.kind in ("enum", "set"):
                problems.append(
                    f"{where}:{value.line}: {fact.name}.{value.id} has no cues, patterns, examples or `together`: "
                    "no question can ever say it"
                )
            for clause in value.clauses:
                if clause not in known:
                    problems.append(
                        f"{where}:{value.line}: {fact.name}.{value.id} names clause {clause!r}, which does not exist"
                    )
            for expression in value.patterns:  # compiled on first use when answering: every one, here
                try:
                    _ = expression.compiled
                except re.error as exc:
                    problems.append(f"{where}:{value.line}: {fact.name}.{value.id}: malformed pattern ({exc})")
            if value.signs:  # read by word look-up when answering; their joined expression is what they mean
                try:
                    _ = value.sign_spec.matcher
                except re.error as exc:
                    problems.append(f"{where}:{value.line}: {fact.name}.{value.id}: a sign does not compile ({exc})")
            for group in value.sign_groups:
                missing = [name for name in group if name not in vocab.terms]
                if missing:  # load_vocabulary refuses this already; kept so the check stands on its own
                    problems.append(f"{where}:{value.line}: {fact.name}.{value.id}: sign term {missing[0]!r} unknown")
    problems += unmatchable_literals(vocab)
    for rule in rules:
        for clause in rule.clauses:
            if clause not in known:  # load_rules refuses this already; kept so the check stands on its own
                problems.append(
                    f"rules.yaml:{rule.line}: rule {rule.id!r} names clause {clause!r}, which does not exist"
                )
    return problems


def unmatchable_literals(vocab: Vocabulary) -> list[str]:
    """Each cue, pattern, sign, topic and term written with text the folded question never holds ("GPS", "weiß",
    "？"): that alternative can never match. Named by file, line and text, with the folded form to write instead."""
    where = str(vocab.path or "vocabulary")
    problems: list[str] = []
    for fact in vocab.facts.values():
        for value in fact.values.values():
            named = f"{fact.name}.{value.id}"
            for kind, cues in (("cue", value.cues), ("sign", value.signs), ("topic", value.topics)):
                for cue in cues:
                    line = cue.line or value.line
                    if cue.words is not None:  # a plain phrase: its words as read, never compiled
                        dead = dead_phrase(" ".join(cue.words))
                        problems += [_message(where, line, f"{named}: a {kind}", dead)] if dead else []
                    else:
                        problems += _dead(where, line, f"{named}: a pattern", cue.source)
    for name, term in vocab.terms.items():
        for line, source in term.written:
            problems += _dead(where, line, f"term {name!r}: a pattern", source)
    return problems


def _dead(where: str, line: int, what: str, source: str) -> list[str]:
    return [_message(where, line, what, dead) for dead in dead_literals(source)]


def _message(where: str, line: int, what: str, dead: DeadLiteral) -> str:
    return f"{where}:{line}: {what} holds {dead.text!r}, which folded text never holds" + (
        f" (write {dead.folded!r})" if dead.folded else " (lower case, no accents, plain width)"
    )
