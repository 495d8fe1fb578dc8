"""Load and validate rules.yaml. Every problem names the file, the line and the reason."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.errors import RulesError
from bot.rules.model import Condition, Effect, Operator, Rule
from bot.rules.vocabulary import Vocabulary, shipped_vocabulary

_RULE_KEYS = {"id", "effect", "clauses", "when", "summary", "obligation", "in_force_from", "in_force_until"}
_REQUIRED_KEYS = {"id", "effect", "clauses", "when", "summary"}
_LIST_OPS = {Operator.IN, Operator.NOT_IN, Operator.HAS_ANY, Operator.HAS_NONE}
_OPS_BY_KIND = {
    "enum": {Operator.EQ, Operator.NE, Operator.IN, Operator.NOT_IN},
    "text": {Operator.EQ, Operator.NE, Operator.IN, Operator.NOT_IN},
    "bool": {Operator.EQ, Operator.NE},
    "set": {Operator.HAS, Operator.HAS_ANY, Operator.HAS_NONE},
}


@dataclass(frozen=True)
class Period:
    """When a clause's document is in force (None: open-ended)."""

    start: date | None
    end: date | None


class _Problem(Exception):
    pass


def load_rules(path: Path, clause_periods: dict[str, Period], vocabulary: Vocabulary | None = None) -> tuple[Rule, ...]:
    """Parse and validate a rule book against the clauses and the vocabulary of the knowledge base."""
    vocab = vocabulary or shipped_vocabulary()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"{path}: cannot read the rules file ({exc})") from exc
    entries = _parse_yaml(path, text)
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for line, raw in entries:
        try:
            rule = _build_rule(raw, line, clause_periods, vocab)
        except _Problem as problem:
            name = f" rule {raw.get('id')!r}" if isinstance(raw, dict) and raw.get("id") else ""
            raise RulesError(f"{path}:{line}:{name} {problem}") from None
        if rule.id in seen:
            raise RulesError(f"{path}:{line}: rule id {rule.id!r} is already used at line {seen[rule.id]}")
        seen[rule.id] = line
        rules.append(rule)
    return tuple(rules)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml reads the rules ~8x faster, with the same marks; a key given twice is refused."""


def _mapping_without_repeats(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    """YAML keeps the last of a repeated key: a rule edited into two `id`s or `when`s would lose one unseen."""
    first_lines: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in first_lines:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {first_lines[key]})", key_node.start_mark
            )
        first_lines[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=True)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeats)


def _parse_yaml(path: Path, text: str) -> list[tuple[int, Any]]:
    """The rule entries with the line each starts on."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise yaml_error(path, "the rules file", exc) from None
    finally:
        loader.dispose()
    if node is None or data is None:
        raise RulesError(f"{path}: the rules file is empty")
    if not isinstance(node, yaml.SequenceNode) or not isinstance(data, list):
        raise RulesError(f"{path}:1: the rules file must be a list of rules")
    return [(item.start_mark.line + 1, value) for item, value in zip(node.value, data, strict=True)]


def yaml_error(path: Path, what: str, exc: yaml.YAMLError) -> RulesError:
    """One line naming the file, the line the YAML parser stopped at, and why."""
    mark = getattr(exc, "problem_mark", None)
    where = f":{mark.line + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return RulesError(f"{path}{where}: invalid YAML in {what}: {problem}")


def _build_rule(raw: Any, line: int, clause_periods: dict[str, Period], vocab: Vocabulary) -> Rule:
    if not isinstance(raw, dict):
        raise _Problem("each rule must be a mapping with id, effect, clauses, summary and when")
    missing = _REQUIRED_KEYS - raw.keys()
    if missing:
        raise _Problem(f"missing {', '.join(sorted(missing))}")
    unknown = raw.keys() - _RULE_KEYS
    if unknown:
        raise _Problem(
            f"unknown key(s) {', '.join(sorted(map(str, unknown)))}; allowed: {', '.join(sorted(_RULE_KEYS))}"
        )
    if not isinstance(raw["id"], str) or not raw["id"].strip():
        raise _Problem("id must be a non-empty string")
    effect = _one_of(raw["effect"], Effect, "effect")
    clauses = raw["clauses"]
    if not isinstance(clauses, list) or not clauses or not all(isinstance(c, str) for c in clauses):
        raise _Problem("clauses must be a non-empty list of clause ids")
    for clause_id in clauses:
        if clause_id not in clause_periods:
            raise _Problem(f"clause {clause_id!r} does not exist in the knowledge base")
    when = raw["when"]
    if not isinstance(when, list) or not when:
        raise _Problem("when must be a non-empty list of conditions")
    conditions = tuple(_build_condition(c, vocab) for c in when)
    if effect is Effect.REQUIRE and not raw.get("obligation"):
        raise _Problem("a require rule needs an obligation saying what is required")
    start, end = _default_period(clause_periods[c] for c in clauses)
    try:
        return Rule(
            id=raw["id"],
            effect=effect,
            clauses=tuple(clauses),
            when=conditions,
            summary=str(raw["summary"]),
            obligation=raw.get("obligation"),
            in_force_from=raw.get("in_force_from", start),
            in_force_until=raw.get("in_force_until", end),
            line=line,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        raise _Problem(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None


def _build_condition(raw: Any, vocab: Vocabulary) -> Condition:
    if not isinstance(raw, dict) or set(raw) != {"fact", "op", "value"}:
        raise _Problem(f"a condition must be {{fact, op, value}}, got {raw!r}")
    spec = vocab.facts.get(raw["fact"])
    if spec is None:
        raise _Problem(f"unknown fact {raw['fact']!r}; known facts: {', '.join(vocab.facts)}")
    op = _one_of(raw["op"], Operator, "op")
    if op not in _OPS_BY_KIND[spec.kind]:
        allowed = ", ".join(sorted(o.value for o in _OPS_BY_KIND[spec.kind]))
        raise _Problem(f"op {op.value!r} does not apply to {spec.kind} fact {spec.name!r} (use {allowed})")
    value = raw["value"]
    values = value if op in _LIST_OPS else [value]
    if op in _LIST_OPS and (not isinstance(value, list) or not value):
        raise _Problem(f"op {op.value!r} needs a non-empty list value for fact {spec.name!r}")
    for v in values:
        _check_value(spec.name, spec.kind, spec.allowed(), v)
    frozen = frozenset(value) if op in _LIST_OPS else value
    return Condition(fact=spec.name, op=op, value=frozen)


def _check_value(fact: str, kind: str, allowed: frozenset[str] | None, value: Any) -> None:
    if kind == "bool":
        if not isinstance(value, bool):
            raise _Problem(f"fact {fact!r} is true or false, got {value!r}")
    elif not isinstance(value, str):
        raise _Problem(f"fact {fact!r} takes text values, got {value!r}")
    elif allowed is not None and value not in allowed:
        raise _Problem(f"{value!r} is not a value of fact {fact!r}; allowed: {', '.join(sorted(allowed))}")


def _one_of(raw: Any, enum: Callable[[str], Any], what: str) -> Any:
    try:
        return enum(raw)
    except ValueError:
        choices = ", ".join(m.value for m in enum)  # type: ignore[attr-defined]
        raise _Problem(f"{what} {raw!r} is not one of {choices}") from None


def _default_period(periods: Iterable[Period]) -> tuple[date | None, date | None]:
    """A rule is in force while any of its clauses' documents is."""
    periods = list(periods)
    starts = [p.start for p in periods]
    ends = [p.end for p in periods]
    start = None if None in starts else min(s for s in starts if s is not None)
    end = None if None in ends else max(e for e in ends if e is not None)
    return start, end
