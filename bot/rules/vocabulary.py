"""The facts rules may test, as data: knowledge/vocabulary.yaml, validated at load with file:line errors.

Each fact has a kind (enum, set, bool, text), the clarifying question to ask when it decides an answer,
and values; each value has a description, cue phrases (any language), regular-expression patterns,
example questions (for the semantic match), the clauses it relates to, and optionally `together`
groups of named terms that mean the value when all of them occur in a question. A harmful value may also
carry `signs`: phrases and term groups that are weaker evidence of it (never read as the value; they only
stop a permit that does not name it, bot/answer/weighing.py), and `topics`: the words naming its subject, read only
where the English model cannot read the question. Nothing here knows what any fact means: the
extractor is an engine over this data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from bot.errors import RulesError

if TYPE_CHECKING:
    from bot.rules.extract.cues import CueReader, PossibleByLiterals

Mention = tuple["Matcher", int, int]  # a value's matcher, and where in the text it matched

VOCABULARY_FILE = "vocabulary.yaml"
KINDS = ("enum", "set", "bool", "text")
_FACT_KEYS = {"kind", "question", "values", "hedgeable", "default", "description"}
_VALUE_KEYS = {
    "description",
    "cues",
    "patterns",
    "together",
    "examples",
    "clauses",
    "requires_term",
    "otherwise",
    "supersedes",
    "supersedes_unless",
    "keeps_evidence_if",
    "implies",
    "harmful",
    "read_by_meaning",
    "read_by_meaning_unless",
    "question",
    "signs",
    "topics",
    "objection",
    "toward_harm",
}

# What a use does about a harm it speaks of, said by a value (`toward_harm:` on a purpose, or on work against a harm):
# it works against it (detects, moderates, defends), or it only speaks of it (teaches, reports on, tests). A stated
# purpose's stance is weighed (bot/answer/weighing.py); any value with one is the asker's own to state, never a
# passage's they put out (bot/rules/extract/extractor.py).
WORKS_AGAINST = "works_against"
SPEAKS_OF = "speaks_of"
STANCES = (WORKS_AGAINST, SPEAKS_OF)


@dataclass(frozen=True)
class Cue:
    """One way a question can say that `fact` has `value`: a regular expression over folded text. A plain
    cue phrase also keeps its folded words, which the extractor reads without the expression."""

    fact: str
    value: object
    expression: str | None  # a pattern as written; None for a plain phrase
    words: tuple[str, ...] | None = None  # a plain phrase's folded words; None for a pattern
    line: int = field(default=0, compare=False)  # where the file writes it, for `policybot rules check`

    @cached_property
    def source(self) -> str:
        """The regular expression (for a plain phrase, the one its words mean: built only when asked for)."""
        return self.expression if self.expression is not None else _phrase(self.words or ())

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.source)


@dataclass(frozen=True)
class Expression:
    """A value's pattern (or all of them joined), compiled on first use unless compiled at load."""

    source: str
    needs: frozenset[str] | None = None  # literals of which any match contains one (None: cannot say)
    # A term's patterns as written, each with its line: what `policybot rules check` names (bot/rules/checks.py).
    written: tuple[tuple[int, str], ...] = field(default=(), compare=False)

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.source)


@dataclass(frozen=True)
class Matcher:
    """The cues of one value: its mentions in a question (Vocabulary.mentions), or all of them joined in
    one pattern (`pattern`, compiled on first use)."""

    fact: str
    value: object
    spec: Value

    @property
    def pattern(self) -> re.Pattern[str]:
        return self.spec.matcher


@dataclass(frozen=True)
class Value:
    fact: str
    id: object  # a string, or True/False for a bool fact
    description: str = ""
    cues: tuple[Cue, ...] = ()
    together: tuple[tuple[str, ...], ...] = ()  # groups of term names that all must occur
    examples: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()
    # Its `patterns`: each alone, compiled when a question holds what it needs (bot/rules/extract/literals.py
    # reads them as plain, so they compile), or, when one is not that plain, all joined and compiled at load.
    patterns: tuple[Expression, ...] = ()
    requires_term: str | None = None  # the value counts only when this term occurs too…
    otherwise: str | None = None  # …and reads as this value of the same fact when it does not
    supersedes: tuple[str, ...] = ()  # values of the same fact this one makes redundant…
    supersedes_unless: str | None = None  # …unless this term occurs ("how to keep our phishing site up")…
    # What it supersedes stays weaker evidence of harm (a sign, a match by meaning) when this yes/no fact holds
    keeps_evidence_if: str | None = None
    implies: tuple[str, ...] = ()  # kinds of use (capabilities) this value says are in play, cued or not
    harmful: bool = False  # a kind of use some code of conduct forbids: never permitted by default
    read_by_meaning: bool = True  # False: a semantic match only sends to review; only cues read the value
    # A match by meaning alone does not read the value as a fact when this term occurs (what its clause exempts is
    # said: "a nurse approves every dose before it is given"); it still stops a permit (bot/answer/weighing.py).
    read_by_meaning_unless: str | None = None
    question: str = ""  # what to ask to tell whether this value applies (the fact's question otherwise)
    # Weaker evidence of a harm: plain phrases, and groups of term names that all occur. Never the value itself.
    signs: tuple[Cue, ...] = ()
    sign_groups: tuple[tuple[str, ...], ...] = ()
    # Words that name the harm's subject (a bomb, a ballot, an overdose), in the languages the semantic model cannot
    # read: where it cannot, they stand in for its weak match, and only stop a permit (bot/answer/weighing.py).
    topics: tuple[Cue, ...] = ()
    # Said against the use ("she hasn't agreed", "no one reviews it"): a permit that does not test this fact proves
    # nothing of it, so the answer goes to a person (bot/rules/proof.py, unweighed_objections).
    objection: bool = False
    toward_harm: str | None = None  # WORKS_AGAINST or SPEAKS_OF: what the use does about the harms it speaks of
    line: int = 0

    @cached_property
    def sign_spec(self) -> Value:
        """Its sign phrases as a value's cues: what the cue reader reads for them."""
        return replace(self, cues=self.signs, patterns=(), signs=(), sign_groups=(), topics=())

    @cached_property
    def topic_spec(self) -> Value:
        """Its topic words as a value's cues: what the cue reader reads for them."""
        return replace(self, cues=self.topics, patterns=(), signs=(), sign_groups=(), topics=())

    @cached_property
    def matcher(self) -> re.Pattern[str]:
        """Its cues and patterns joined in one expression, compiled on first use: what the cue reader
        (bot/rules/extract/cues.py) reads the same as, and falls back to for shapes it leaves alone."""
        return re.compile("|".join(f"(?:{cue.source})" for cue in self.cues))


@dataclass(frozen=True)
class Fact:
    name: str
    kind: str
    question: str
    values: dict[object, Value] = field(default_factory=dict)
    hedgeable: bool = False  # "could be fixed or body-worn" leaves it unknown
    default: object | None = None  # the value when a question says nothing (closed world)
    line: int = 0

    def allowed(self) -> frozenset[str] | None:
        return frozenset(str(v) for v in self.values) if self.kind in ("enum", "set") else None


@dataclass(frozen=True)
class Vocabulary:
    facts: dict[str, Fact]
    terms: dict[str, Expression]  # compiled on first use: a cached vocabulary unpickles as text
    path: Path | None = None
    # Terms whose words say how a harm is done with a negation word in them ("without buying the rights", "bez
    # kupowania praw"): read as the harm, they deny nothing after them (bot/rules/extract/extractor.py, _negated).
    denies_nothing: tuple[str, ...] = ()

    def without_what_denies_nothing(self, text: str) -> str:
        """The text with the words of the `denies_nothing` terms blanked: they say the harm, they deny nothing."""
        for name in self.denies_nothing:
            text = self.term(name).sub(" ", text)
        return text

    @cached_property
    def cues(self) -> tuple[Cue, ...]:
        return tuple(cue for fact in self.facts.values() for value in fact.values.values() for cue in value.cues)

    @cached_property
    def matchers(self) -> tuple[Matcher, ...]:
        """The values that have cues or patterns, in the file's order."""
        return tuple(
            Matcher(fact.name, value.id, value)
            for fact in self.facts.values()
            for value in fact.values.values()
            if value.cues
        )

    @cached_property
    def _reader(self) -> CueReader:
        from bot.rules.extract.cues import CueReader  # the extract package imports this module: import on use

        return CueReader(self.matchers)

    @cached_property
    def sign_matchers(self) -> tuple[Matcher, ...]:
        """The values that have sign phrases, in the file's order."""
        return self._matchers_of(lambda value: value.sign_spec if value.signs else None)

    @cached_property
    def topic_matchers(self) -> tuple[Matcher, ...]:
        """The values that have topic words, in the file's order."""
        return self._matchers_of(lambda value: value.topic_spec if value.topics else None)

    def _matchers_of(self, spec_of: Callable[[Value], Value | None]) -> tuple[Matcher, ...]:
        """A matcher for each value `spec_of` gives phrases to read as cues (signs, topics), in the file's order."""
        return tuple(
            Matcher(fact.name, value.id, spec)
            for fact in self.facts.values()
            for value in fact.values.values()
            if (spec := spec_of(value)) is not None
        )

    @cached_property
    def _topic_reader(self) -> CueReader:
        from bot.rules.extract.cues import CueReader  # the extract package imports this module: import on use

        return CueReader(self.topic_matchers)

    @cached_property
    def values_with_sign_groups(self) -> tuple[Value, ...]:
        """The values that have sign groups, in the file's order."""
        return tuple(value for fact in self.facts.values() for value in fact.values.values() if value.sign_groups)

    @cached_property
    def _sign_reader(self) -> CueReader:
        from bot.rules.extract.cues import CueReader  # the extract package imports this module: import on use

        return CueReader(self.sign_matchers)

    @cached_property
    def _terms_needing(self) -> tuple[frozenset[str], PossibleByLiterals[str]]:
        """The terms that need a literal, and which of them a text may hold by the literals it has."""
        from bot.rules.extract.cues import PossibleByLiterals  # the extract package imports this module: import on use

        needing = {name: term.needs for name, term in self.terms.items() if term.needs is not None}
        return frozenset(needing), PossibleByLiterals(needing.items())

    def terms_ruled_out(self, folded: str) -> frozenset[str]:
        """The terms that cannot occur in folded text: none of the literals each needs is there (one look for all)."""
        needing, possible = self._terms_needing
        return needing - possible.possible(folded)

    def sign_mentions(self, folded: str) -> list[Mention]:
        """Every value's sign phrases found in folded text, as `mentions` finds cues."""
        return self._sign_reader.mentions(folded)

    def topic_mentions(self, folded: str) -> list[Mention]:
        """Every value's topic words found in folded text, as `mentions` finds cues."""
        return self._topic_reader.mentions(folded)

    def mentions(self, folded: str, only: Callable[[Matcher], bool] | None = None) -> list[Mention]:
        """Every value's cues and patterns found in folded text: (matcher, start, end), by value in the file's
        order, then by place; `only` limits the values read."""
        return self._reader.mentions(folded, only)

    def names(self, folded: str, only: Callable[[Matcher], bool]) -> bool:
        """Whether any cue or pattern of the values `only` selects occurs in folded text."""
        return bool(self._reader.mentions(folded, only))

    def term(self, name: str) -> re.Pattern[str]:
        return self.terms[name].compiled

    def compile_all(self) -> int:
        """Compile every pattern and term now (a long-running process, in the background): compiled on first use,
        1,815 of them cost a question that first needs one 5–10 ms each. Returns how many."""
        expressions = [p for fact in self.facts.values() for value in fact.values.values() for p in value.patterns]
        expressions += self.terms.values()
        for expression in expressions:
            expression.compiled  # noqa: B018 - the cached property compiles it
        return len(expressions)

    def value(self, fact: str, value: object) -> Value | None:
        spec = self.facts.get(fact)
        return spec.values.get(value) if spec else None

    def values_of(self, fact: str) -> list[Value]:
        spec = self.facts.get(fact)
        return list(spec.values.values()) if spec else []

    def harmful_values(self) -> frozenset[str]:
        return frozenset(str(v.id) for v in self.values_of("capabilities") if v.harmful)

    def objections(self) -> dict[str, frozenset[object]]:
        """Per fact, the values said against a use (`objection: true`)."""
        found: dict[str, frozenset[object]] = {}
        for name, spec in self.facts.items():
            flagged = frozenset(v.id for v in spec.values.values() if v.objection)
            if flagged:
                found[name] = flagged
        return found

    def stance_toward_harm(self, facts: object) -> str | None:
        """What the use does about a harm, by a stated single value that says (`toward_harm`): WORKS_AGAINST,
        SPEAKS_OF. One capability among the use's several says what a part of it does, not the use."""
        for name, stances in self._stances:
            stated = getattr(facts, name, None)
            if isinstance(stated, str | bool) and stated in stances:
                return stances[stated]
        return None

    @cached_property
    def _stances(self) -> tuple[tuple[str, dict[object, str]], ...]:
        """Per single-valued fact, the stance of each value that has one."""
        found = []
        for name, spec in self.facts.items():
            stances = {v.id: v.toward_harm for v in spec.values.values() if v.toward_harm is not None}
            if stances and name != "capabilities":
                found.append((name, stances))
        return tuple(found)

    @cached_property
    def together_values(self) -> tuple[tuple[str, object, tuple[tuple[str, ...], ...]], ...]:
        """A yes/no fact's values read when every term of one group occurs: (fact, value, groups)."""
        return tuple(
            (fact.name, value.id, value.together)
            for fact in self.facts.values()
            if fact.kind == "bool"
            for value in fact.values.values()
            if value.together
        )

    def question(self, fact: str) -> str:
        spec = self.facts.get(fact)
        return spec.question if spec else f"What is the {fact.replace('_', ' ')}?"


class _Problem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A YAML loader that remembers where each mapping starts, for errors that name the line."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = _LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping.key_lines:  # YAML keeps the last one: the first one's cues would vanish unseen
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {mapping.key_lines[key]})", key_node.start_mark
            )
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _sequence_with_lines(loader: _LineLoader, node: yaml.SequenceNode) -> list[Any]:
    items = _LineList(loader.construct_sequence(node, deep=True))
    items.lines = [item.start_mark.line + 1 for item in node.value]
    return items


class _LineList(list[Any]):
    """A YAML list that remembers the line of each item: a cue or pattern a check refuses is named by its own."""

    lines: list[int]

    def line_of(self, index: int, default: int) -> int:
        lines = getattr(self, "lines", [])
        return lines[index] if index < len(lines) else default


class _LineDict(dict[Any, Any]):
    line = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return getattr(self, "key_lines", {}).get(key, self.line)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence_with_lines)


def load_vocabulary(path: Path, cache_dir: Path | None = None) -> Vocabulary:
    """Parse and validate a vocabulary file; any problem is one error naming the file and line. A file loaded
    before, unchanged since, is not parsed again (every knowledge base over the shipped one shares it); with
    `cache_dir`, nor by the next process (bot/rules/vocabulary_cache.py)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise RulesError(f"{path}: cannot read the vocabulary file ({exc})") from exc
    return _load_vocabulary(path.resolve(), stat.st_mtime_ns, stat.st_size, cache_dir)


@lru_cache(maxsize=16)
def _load_vocabulary(path: Path, _mtime_ns: int, _size: int, cache_dir: Path | None) -> Vocabulary:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"{path}: cannot read the vocabulary file ({exc})") from exc
    from bot.rules.vocabulary_cache import cached  # its own module: the disk is an edge, this module parses

    return cached(text, lambda: _parse(text, path), cache_dir)


def _parse(text: str, path: Path) -> Vocabulary:
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        from bot.rules.book import yaml_error  # book imports this module: import on use

        raise yaml_error(path, "the vocabulary file", exc) from None
    try:
        return _build(data, path)
    except _Problem as problem:
        raise RulesError(f"{path}:{problem.line}: {problem}") from None


def _build(data: Any, path: Path) -> Vocabulary:
    if not isinstance(data, _LineDict) or "facts" not in data:
        raise _Problem(1, "the vocabulary file must be a mapping with `facts:` (and optionally `terms:`)")
    unknown = set(data) - {"facts", "terms", "denies_nothing"}
    if unknown:
        raise _Problem(
            data.line_of(sorted(map(str, unknown))[0]), f"unknown key(s) {', '.join(sorted(map(str, unknown)))}"
        )
    terms = _terms(data.get("terms") or _LineDict(), data.line_of("terms"))
    raw_facts = data["facts"]
    if not isinstance(raw_facts, _LineDict):
        raise _Problem(data.line_of("facts"), "`facts:` must map each fact's name to its definition")
    facts = {name: _fact(str(name), raw, raw_facts.line_of(name), terms) for name, raw in raw_facts.items()}
    _check_references(facts, terms)
    return Vocabulary(facts=facts, terms=terms, path=path, denies_nothing=_denies_nothing(data, terms))


def _denies_nothing(data: _LineDict, terms: dict[str, Expression]) -> tuple[str, ...]:
    raw = data.get("denies_nothing") or []
    line = data.line_of("denies_nothing")
    if not isinstance(raw, list) or not all(isinstance(name, str) for name in raw):
        raise _Problem(line, "`denies_nothing:` must list term names")
    unknown = [name for name in raw if name not in terms]
    if unknown:
        raise _Problem(line, f"denies_nothing names {unknown[0]!r}, which is not a term")
    return tuple(raw)


def _terms(raw: Any, line: int) -> dict[str, Expression]:
    if not isinstance(raw, _LineDict):
        raise _Problem(line, "`terms:` must map each term's name to a list of patterns")
    terms: dict[str, Expression] = {}
    for name, patterns in raw.items():
        where = raw.line_of(name)
        if not isinstance(patterns, list) or not patterns:
            raise _Problem(where, f"term {name!r} needs a non-empty list of patterns")
        joined = "|".join(f"(?:{_checked(p, where)})" for p in patterns)
        _compile(joined, where, f"term {name!r}")  # malformed: one error naming the line, now, not on first use
        written = tuple((_line_of(patterns, i, where), p) for i, p in enumerate(patterns))
        # compiled on first use: most questions need few terms, and one whose literals are absent is never searched
        terms[str(name)] = Expression(joined, _literals_needed(joined), written)
    return terms


def _fact(name: str, raw: Any, line: int, terms: dict[str, Expression]) -> Fact:
    if not isinstance(raw, _LineDict):
        raise _Problem(line, f"fact {name!r} must be a mapping with kind, question and values")
    unknown = set(raw) - _FACT_KEYS
    if unknown:
        first = min(unknown, key=raw.line_of)
        raise _Problem(raw.line_of(first), f"fact {name!r}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _Problem(raw.line_of("kind"), f"fact {name!r}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    question = raw.get("question")
    if not isinstance(question, str) or not question.strip():
        raise _Problem(raw.line, f"fact {name!r} needs a `question` to ask when it decides an answer")
    raw_values = raw.get("values") or _LineDict()
    if not isinstance(raw_values, _LineDict):
        raise _Problem(raw.line_of("values"), f"fact {name!r}: `values:` must map each value to its entry")
    values: dict[object, Value] = {}
    for value_id, entry in raw_values.items():
        where = raw_values.line_of(value_id)
        if kind == "bool" and not isinstance(value_id, bool):
            raise _Problem(where, f"fact {name!r} is true or false; {value_id!r} is not a value of it")
        if kind != "bool" and not isinstance(value_id, str):
            raise _Problem(where, f"fact {name!r}: value {value_id!r} must be a word (quote it)")
        values[value_id] = _value(name, value_id, entry, where, terms)
    if kind in ("enum", "set") and not values:
        raise _Problem(raw.line, f"fact {name!r} lists no values")
    default = raw.get("default")
    if default is not None and default not in values:
        raise _Problem(raw.line_of("default"), f"fact {name!r}: default {default!r} is not one of its values")
    return Fact(name, kind, question.strip(), values, bool(raw.get("hedgeable")), default, line)


def _term_named(raw: Any, key: str, where: str, terms: dict[str, Expression]) -> str | None:
    """The term a value's `key` names (None when it names none), which must be one the vocabulary defines."""
    name = raw.get(key)
    if name is not None and name not in terms:
        raise _Problem(raw.line_of(key), f"{where}: unknown term {name!r}")
    return name


def _value(fact: str, value_id: object, raw: Any, line: int, terms: dict[str, Expression]) -> Value:
    if raw is None:
        raw = _LineDict()
    if not isinstance(raw, _LineDict):
        raise _Problem(line, f"{fact}.{value_id}: a value's entry must be a mapping (description, cues, …)")
    unknown = set(raw) - _VALUE_KEYS
    if unknown:
        first = min(unknown, key=raw.line_of)
        raise _Problem(raw.line_of(first), f"{fact}.{value_id}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    cues = [_cue(c, line_at, fact, value_id) for c, line_at in _strings_with_lines(raw, "cues", fact, value_id)]
    patterns = [Cue(fact, value_id, p, line=at) for p, at in _strings_with_lines(raw, "patterns", fact, value_id)]
    cues += patterns
    expressions = _expressions(patterns, raw.line_of("patterns"), f"{fact}.{value_id}")
    together = raw.get("together") or []
    if not isinstance(together, list) or not all(isinstance(g, list) and g for g in together):
        raise _Problem(raw.line_of("together"), f"{fact}.{value_id}: together must be a list of lists of term names")
    # The extractor reads these for kinds of use only (`together` for yes/no facts too): elsewhere they would load and
    # silently do nothing.
    if together and fact != "capabilities" and not isinstance(value_id, bool):
        raise _Problem(
            raw.line_of("together"), f"{fact}.{value_id}: together is read for capabilities and yes/no facts only"
        )
    for key in (
        "requires_term",
        "otherwise",
        "supersedes",
        "supersedes_unless",
        "keeps_evidence_if",
        "read_by_meaning_unless",
    ):
        if raw.get(key) and fact != "capabilities":
            raise _Problem(raw.line_of(key), f"{fact}.{value_id}: {key} is read for capabilities only")
    harmful = bool(raw.get("harmful"))
    objection = raw.get("objection", False)
    if not isinstance(objection, bool) or (objection and fact == "capabilities"):
        raise _Problem(
            raw.line_of("objection"),
            f"{fact}.{value_id}: objection is true or false, on a fact other than capabilities (those are harmful)",
        )
    toward_harm = raw.get("toward_harm")
    if toward_harm is not None and (toward_harm not in STANCES or harmful):
        raise _Problem(
            raw.line_of("toward_harm"),
            f"{fact}.{value_id}: toward_harm is {' or '.join(STANCES)}, on a value that is not a harm",
        )
    signs, sign_groups = _signs(raw, fact, value_id, terms)
    if (signs or sign_groups) and not (harmful and fact == "capabilities"):
        raise _Problem(
            raw.line_of("signs"), f"{fact}.{value_id}: signs are evidence of a harm: only a harmful capability has them"
        )
    topics = [_cue(t, at, fact, value_id) for t, at in _strings_with_lines(raw, "topics", fact, value_id)]
    if topics and not (harmful and fact == "capabilities"):
        raise _Problem(
            raw.line_of("topics"), f"{fact}.{value_id}: topics name a harm: only a harmful capability has them"
        )
    requires_term = _term_named(raw, "requires_term", f"{fact}.{value_id}", terms)
    supersedes_unless = _term_named(raw, "supersedes_unless", f"{fact}.{value_id}", terms)
    read_by_meaning_unless = _term_named(raw, "read_by_meaning_unless", f"{fact}.{value_id}", terms)
    return Value(
        fact=fact,
        id=value_id,
        description=str(raw.get("description") or "").strip(),
        cues=tuple(cues),
        patterns=expressions,
        together=tuple(tuple(g) for g in together),
        examples=tuple(_strings(raw, "examples", fact, value_id)),
        clauses=tuple(_strings(raw, "clauses", fact, value_id)),
        requires_term=requires_term,
        otherwise=raw.get("otherwise"),
        supersedes=tuple(_strings(raw, "supersedes", fact, value_id)),
        supersedes_unless=supersedes_unless,
        keeps_evidence_if=raw.get("keeps_evidence_if"),
        implies=tuple(_strings(raw, "implies", fact, value_id)),
        harmful=harmful,
        read_by_meaning=raw.get("read_by_meaning", True) is not False,
        read_by_meaning_unless=read_by_meaning_unless,
        question=str(raw.get("question") or "").strip(),
        signs=tuple(signs),
        sign_groups=tuple(sign_groups),
        topics=tuple(topics),
        objection=objection,
        toward_harm=toward_harm,
        line=line,
    )


def _signs(
    raw: _LineDict, fact: str, value_id: object, terms: dict[str, Expression]
) -> tuple[list[Cue], list[tuple[str, ...]]]:
    """A value's `signs`: each a plain phrase (read as a cue is) or a list of term names that must all occur."""
    items = raw.get("signs")
    if items is None:
        return [], []
    line = raw.line_of("signs")
    if not isinstance(items, list) or not items:
        raise _Problem(line, f"{fact}.{value_id}: signs must be a list of phrases and of lists of term names")
    phrases: list[Cue] = []
    groups: list[tuple[str, ...]] = []
    for index, item in enumerate(items):
        if isinstance(item, str) and item.strip():
            phrases.append(_cue(item, _line_of(items, index, line), fact, value_id))
        elif isinstance(item, list) and item and all(isinstance(name, str) for name in item):
            unknown = [name for name in item if name not in terms]
            if unknown:
                raise _Problem(line, f"{fact}.{value_id}: the sign {item} names {unknown[0]!r}, which is not a term")
            groups.append(tuple(item))
        else:
            raise _Problem(line, f"{fact}.{value_id}: a sign is a phrase or a list of term names, not {item!r}")
    return phrases, groups


def _strings(raw: _LineDict, key: str, fact: str, value_id: object) -> list[str]:
    items = raw.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        raise _Problem(raw.line_of(key), f"{fact}.{value_id}: {key} must be a list of non-empty strings")
    return items


def _strings_with_lines(raw: _LineDict, key: str, fact: str, value_id: object) -> list[tuple[str, int]]:
    """A value's list of strings, each with the line it is written on."""
    items = _strings(raw, key, fact, value_id)
    return [(item, _line_of(items, index, raw.line_of(key))) for index, item in enumerate(items)]


def _line_of(items: list[Any], index: int, default: int) -> int:
    return items.line_of(index, default) if isinstance(items, _LineList) else default


def _literals_needed(source: str) -> frozenset[str] | None:
    from bot.rules.extract.literals import needs  # the extract package imports this module: import on use

    return needs(source)


def _expressions(patterns: list[Cue], line: int, what: str) -> tuple[Expression, ...]:
    """Plain patterns stay apart, uncompiled; the others are joined and compiled now, so a malformed one is
    an error naming the line (and when they do not compile together, the pattern that breaks it is named)."""
    from bot.rules.extract.literals import read  # the extract package imports this module: import on use

    reading = [(cue, read(cue.source)) for cue in patterns]
    plain = tuple(Expression(cue.source, needed) for cue, (is_plain, needed) in reading if is_plain)
    others = [cue for cue, (is_plain, _) in reading if not is_plain]
    if not others:
        return plain
    joined = Expression("|".join(f"(?:{cue.source})" for cue in others))
    try:
        joined.compiled  # noqa: B018 - compiled now to refuse a malformed pattern at load
    except re.error:
        for cue in others:
            _compile(cue.source, line, what)
        raise _Problem(line, f"{what}: its patterns do not combine into one") from None
    return (*plain, joined)


def _cue(cue: str, line: int, fact: str, value_id: object) -> Cue:
    """A plain cue phrase: folded like questions are, words in order, `*` ending a word matches any ending."""
    from bot.rules.extract.text import fold  # the extract package imports this module: import on use

    words = fold(cue).split()
    if not words:
        raise _Problem(line, f"{fact}.{value_id}: the cue {cue!r} has no words")
    return Cue(fact, value_id, None, tuple(words), line)


# Between a cue's words: scare quotes may split a cue (a name that "sounds foreign").
_SPACE = r"[\"']?\s+(?:[\"'](?=\S))?"


def _phrase(words: tuple[str, ...]) -> str:
    """The regular expression a cue's words mean (bot/rules/extract/cues.py reads them the same way)."""
    body = ""
    for word in words:
        if word == "*":
            body += r"(?:\S+\s+){0,3}"  # a lone `*` stands for up to three words
        else:
            stem = re.escape(word.rstrip("*")) + (r"\w*" if word.endswith("*") else "")
            body += stem + _SPACE
    body = body.removesuffix(_SPACE)
    bounded = " ".join(words).isascii()  # scripts without spaces between words match anywhere
    return rf"(?<!\w){body}(?!\w)" if bounded else body


def _checked(pattern: Any, line: int) -> str:
    if not isinstance(pattern, str) or not pattern:
        raise _Problem(line, f"a pattern must be a non-empty string, got {pattern!r}")
    return pattern


def _compile(pattern: str, line: int, what: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise _Problem(line, f"{what}: malformed pattern ({exc})") from None


def _check_references(facts: dict[str, Fact], terms: dict[str, Expression]) -> None:
    for fact in facts.values():
        for value in fact.values.values():
            for name in (n for group in value.together for n in group):
                if name not in terms and (name not in facts or fact.name != "capabilities"):
                    # a kind of use may be read together with another fact; a yes/no fact from words alone
                    what = "neither a term nor a fact" if fact.name == "capabilities" else "not a term"
                    raise _Problem(value.line, f"{fact.name}.{value.id}: together names {name!r}, {what}")
            named = value.keeps_evidence_if
            if named is not None and (not isinstance(named, str) or named not in facts or facts[named].kind != "bool"):
                raise _Problem(
                    value.line, f"{fact.name}.{value.id}: keeps_evidence_if names {named!r}, not a yes/no fact"
                )
            for other in (value.otherwise, *value.supersedes):
                if other is not None and other not in fact.values:
                    raise _Problem(value.line, f"{fact.name}.{value.id}: {other!r} is not a value of {fact.name!r}")
            capabilities = facts.get("capabilities")
            for implied in value.implies:
                if capabilities is None or implied not in capabilities.values:
                    raise _Problem(value.line, f"{fact.name}.{value.id}: implies {implied!r}, not a capabilities value")


@lru_cache(maxsize=1)
def shipped_vocabulary() -> Vocabulary:
    """The vocabulary of the shipped knowledge base: the default for a knowledge base that has none."""
    from bot.config import shipped_path  # the config module imports settings machinery: only when needed

    return load_vocabulary(shipped_path("knowledge") / VOCABULARY_FILE)


def vocabulary_for(kb_root: Path, cache_dir: Path | None = None) -> Vocabulary:
    """A knowledge base's own vocabulary.yaml, or the shipped one when it brings none."""
    from bot.config import shipped_path  # the config module imports settings machinery: only when needed

    own = kb_root / VOCABULARY_FILE
    return load_vocabulary(own if own.exists() else shipped_path("knowledge") / VOCABULARY_FILE, cache_dir)
