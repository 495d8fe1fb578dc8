"""The vocabulary's plain cue phrases found in folded text by word look-up, not by regular expressions.

A cue (`sit the exam for`, `emot* recogni*`, `take * exam for`, `顔認証`) used to become a regular
expression, and each value's cues one alternation; compiling thousands of those took most of a cold
start. Here each cue is a short program of four steps (a literal, a `*` stem, the space between words,
a lone `*` standing for up to three words) that reads exactly what its expression read, found from an
index keyed by the first word of a cue; only the values' `patterns` remain regular expressions.

A value's mentions are what `finditer` over the old alternation (its cues in order, then its patterns)
gave: from left to right, at each place the first alternative that matches there, non-overlapping.
`scan` keeps those semantics, so the facts read are the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from bot.rules.vocabulary import Matcher, Mention, Value

_QUOTE_MARKS = "\"'"  # folded text has only these (typographic quotes are folded to them)
LITERAL, STEM, SPACE, WORDS = range(4)  # WORDS: a lone `*`, up to three words
_MAX_SKIPPED_WORDS = 3
_WORD_RUN = re.compile(r"\w+")

Step = tuple[int, str]
K = TypeVar("K")


def is_word_char(char: str) -> bool:
    """What `\\w` matches in a str pattern (sre: alphanumeric in Unicode's sense, or the underscore)."""
    return char.isalnum() or char == "_"


@dataclass(frozen=True)
class Phrase:
    """One cue as steps. `bounded`: an all-ASCII cue must start and end at word edges; other scripts
    (Japanese, Chinese) write no spaces between words, so their cues match anywhere."""

    steps: tuple[Step, ...]
    bounded: bool

    def match(self, text: str, at: int) -> int:
        """Where the cue, matched from `at` as its regular expression would be, ends; -1 if it does not match."""
        if self.bounded and at > 0 and is_word_char(text[at - 1]):
            return -1
        return _match(text, at, self.steps, 0, self.bounded)


def phrase(words: Sequence[str]) -> Phrase | None:
    """The steps of a cue given as folded words; None for a shape left to the regular expression (a lone
    `*` first or last, a word of stars alone): rare, and read exactly there."""
    steps: list[Step] = []
    for word in words:
        if word == "*":
            steps.append((WORDS, ""))
            continue
        literal = word.rstrip("*")
        if not literal:
            return None
        steps.append((LITERAL, literal))
        if word.endswith("*"):
            steps.append((STEM, ""))
        steps.append((SPACE, ""))
    if steps and steps[-1][0] == SPACE:
        steps.pop()
    if not steps or steps[0][0] != LITERAL or steps[-1][0] == WORDS:
        return None
    return Phrase(tuple(steps), " ".join(words).isascii())


def _match(text: str, at: int, steps: tuple[Step, ...], i: int, bounded: bool) -> int:
    end = len(text)
    while i < len(steps):
        kind, literal = steps[i]
        if kind == LITERAL:
            if not text.startswith(literal, at):
                return -1
            at += len(literal)
        elif kind == STEM:  # `\w*`: the rest of the word (what follows never starts with a word character)
            while at < end and is_word_char(text[at]):
                at += 1
        elif kind == SPACE:  # `["']?\s+(?:["'](?=\S))?`: scare quotes may split a cue (a name that "sounds foreign")
            if at < end and text[at] in _QUOTE_MARKS:
                at += 1
            start = at
            while at < end and text[at].isspace():
                at += 1
            if at == start:
                return -1
            if at + 1 < end and text[at] in _QUOTE_MARKS and not text[at + 1].isspace():
                at += 1
        else:  # `(?:\S+\s+){0,3}`: the most words first, as the greedy expression backtracks
            ends = [at]
            while len(ends) <= _MAX_SKIPPED_WORDS:
                word_end = after = ends[-1]
                while word_end < end and not text[word_end].isspace():
                    word_end += 1
                after = word_end
                while after < end and text[after].isspace():
                    after += 1
                if word_end == ends[-1] or after == word_end:
                    break
                ends.append(after)
            for skipped in reversed(ends):
                found = _match(text, skipped, steps, i + 1, bounded)
                if found >= 0:
                    return found
            return -1
        i += 1
    if bounded and at < end and is_word_char(text[at]):
        return -1
    return at


Hit = tuple[int, int, int]  # start, the cue's place among its value's cues, end


class CueIndex:
    """Every readable cue of every value, found from one pass over a text's words.

    Bounded cues are keyed by the word they start with: its letters up to the first non-word character,
    exactly (`e-mail`, `police`) or as a prefix when that first word is a `*` stem (`emot*`). Cues that
    start with punctuation, and cues in other scripts, are keyed by their first character.
    """

    def __init__(self, cues: Iterable[tuple[int, int, Phrase]]) -> None:
        self._exact: dict[str, list[tuple[int, int, Phrase]]] = {}
        self._prefix: dict[str, list[tuple[int, int, Phrase]]] = {}
        self._by_char_bounded: dict[str, list[tuple[int, int, Phrase]]] = {}
        self._by_char_anywhere: dict[str, list[tuple[int, int, Phrase]]] = {}
        for entry in cues:
            _, _, cue = entry
            literal = cue.steps[0][1]
            if not cue.bounded:
                self._by_char_anywhere.setdefault(literal[0], []).append(entry)
                continue
            head = _WORD_RUN.match(literal)
            if head is None:
                self._by_char_bounded.setdefault(literal[0], []).append(entry)
            elif head.end() == len(literal) and len(cue.steps) > 1 and cue.steps[1][0] == STEM:
                self._prefix.setdefault(literal, []).append(entry)
            else:
                self._exact.setdefault(head.group(0), []).append(entry)
        self._prefix_lengths = sorted({len(key) for key in self._prefix})

    def scan(self, text: str) -> dict[int, list[Hit]]:
        """Each value's cue matches in `text`, by value slot: (start, cue order, end), in no set order."""
        found: dict[int, list[Hit]] = {}

        def attempt(entries: list[tuple[int, int, Phrase]], at: int) -> None:
            for slot, order, cue in entries:
                end = cue.match(text, at)
                if end >= 0:
                    found.setdefault(slot, []).append((at, order, end))

        exact, prefix, lengths = self._exact, self._prefix, self._prefix_lengths
        for run in _WORD_RUN.finditer(text):
            word, at = run.group(0), run.start()
            entries = exact.get(word)
            if entries:
                attempt(entries, at)
            for length in lengths:
                if length > len(word):
                    break
                entries = prefix.get(word[:length])
                if entries:
                    attempt(entries, at)
        if self._by_char_bounded or (self._by_char_anywhere and not text.isascii()):
            bounded, anywhere = self._by_char_bounded, self._by_char_anywhere
            for at, char in enumerate(text):
                if char in bounded:
                    attempt(bounded[char], at)
                if char in anywhere:
                    attempt(anywhere[char], at)
        return found


def value_matches(
    text: str,
    cue_hits: list[Hit],
    patterns: Sequence[re.Pattern[str]],
    joined: Callable[[], re.Pattern[str]],
) -> list[tuple[int, int]]:
    """A value's mentions, as `finditer` over its cues then its patterns joined in one alternation gave them.

    Leftmost first; at one place the alternative listed first wins: any cue before any pattern, and among
    cues or patterns the earlier one. `patterns` may leave out those that cannot match the text. Should a
    pattern match the empty string, the joined expression itself (`joined()`) reads the text: its rules
    for empty matches are its own.
    """
    if not patterns and not cue_hits:
        return []
    hits = sorted(cue_hits)  # by start, then cue order
    spans: list[tuple[int, int]] = []
    at = 0
    next_hit = 0
    pending = [pattern.search(text) for pattern in patterns]  # each pattern's leftmost match from `at`
    while True:
        while next_hit < len(hits) and hits[next_hit][0] < at:
            next_hit += 1
        first: re.Match[str] | None = None
        for i, found in enumerate(pending):
            if found is not None and found.start() < at:
                found = pending[i] = patterns[i].search(text, at)
            if found is not None and (first is None or found.start() < first.start()):
                first = found
        cue = hits[next_hit] if next_hit < len(hits) else None
        if cue is not None and (first is None or cue[0] <= first.start()):
            spans.append((cue[0], cue[2]))
            at = cue[2]
        elif first is not None:
            if first.end() == first.start():
                return [m.span() for m in joined().finditer(text)]
            spans.append(first.span())
            at = first.end()
        else:
            return spans


def _matches(text: str, starts: re.Pattern[str], cue: re.Pattern[str]) -> list[tuple[int, int]]:
    """Every place a cue's expression matches in the text, and where that match ends."""
    found = []
    for at in starts.finditer(text):
        match = cue.match(text, at.start())
        if match is not None:
            found.append((at.start(), match.end()))
    return found


def _joined_of(spec: Value) -> Callable[[], re.Pattern[str]]:
    return lambda: spec.matcher


class CueReader:
    """A vocabulary's values read in a text: the cue index for their plain phrases, each value's joined
    `patterns`, and each cue of a shape the index leaves alone by its own expression, wherever it matches."""

    def __init__(self, matchers: Sequence[Matcher]) -> None:
        self._matchers = tuple(matchers)
        # Per slot, its cues of a shape the index leaves alone: (cue order, where it matches, the cue itself). A
        # value with one of 237 cues read by its expression once took its whole joined expression to read.
        self._odd: dict[int, list[tuple[int, re.Pattern[str], re.Pattern[str]]]] = {}
        indexed: list[tuple[int, int, Phrase]] = []
        for slot, matcher in enumerate(self._matchers):
            for order, cue in enumerate(matcher.spec.cues):
                if cue.words is None:
                    continue  # a pattern: read with the value's `patterns`
                found = phrase(cue.words)
                if found is not None:
                    indexed.append((slot, order, found))
                else:
                    starts = re.compile(f"(?=(?:{cue.source}))")  # every place it matches, overlapping or not
                    self._odd.setdefault(slot, []).append((order, starts, re.compile(cue.source)))
        self._index = CueIndex(indexed)
        # Each pattern is tried only when the text holds a literal it needs (or it cannot say which it needs).
        self._patterns = PossibleByLiterals(
            ((slot, order), pattern.needs)
            for slot, matcher in enumerate(self._matchers)
            for order, pattern in enumerate(matcher.spec.patterns)
        )

    def mentions(self, text: str, only: Callable[[Matcher], bool] | None = None) -> list[Mention]:
        hits = self._index.scan(text)
        possible: dict[int, list[int]] = {}  # slot -> its patterns the text may hold, in their order
        for slot, order in sorted(self._patterns.possible(text)):
            possible.setdefault(slot, []).append(order)
        found: list[Mention] = []
        for slot in sorted({*hits, *possible, *self._odd}):  # the values that may be mentioned, in the file's order
            matcher = self._matchers[slot]
            if only is not None and not only(matcher):
                continue
            spec = matcher.spec
            cue_hits = hits.get(slot, [])
            odd = [(at, order, end) for order, *cue in self._odd.get(slot, ()) for at, end in _matches(text, *cue)]
            if any(at == end for at, _, end in odd):  # an odd cue matched nothing: its joined expression decides
                found += [(matcher, *m.span()) for m in spec.matcher.finditer(text)]
                continue
            patterns = [spec.patterns[order].compiled for order in possible.get(slot, ())]
            if not patterns and not cue_hits and not odd:
                continue
            spans = value_matches(text, cue_hits + odd, patterns, _joined_of(spec))
            found += [(matcher, start, end) for start, end in spans]
        return found


class LiteralIndex:
    """Which of many literals occur in a text. The text's substrings of each short length are gathered in sets, and
    intersected with the literals of that length; a longer literal is looked for only when the text has its first
    `HEAD` characters. Looking up each literal that starts with a pair of characters the text has took 0.4 ms a
    question: a pair like "co" starts hundreds of them."""

    HEAD = 4

    def __init__(self, literals: Iterable[str]) -> None:
        self._short: dict[int, set[str]] = {}  # literals shorter than HEAD, by length
        self._by_head: dict[str, list[str]] = {}  # the others, by their first HEAD characters
        for literal in dict.fromkeys(literals):
            if not literal:
                continue
            if len(literal) < self.HEAD:
                self._short.setdefault(len(literal), set()).add(literal)
            else:
                self._by_head.setdefault(literal[: self.HEAD], []).append(literal)
        self._heads = frozenset(self._by_head)

    def present(self, text: str) -> set[str]:
        found: set[str] = set()
        for length, literals in self._short.items():
            found |= literals.intersection([text[at : at + length] for at in range(len(text) - length + 1)])
        if self._heads:
            head = self.HEAD
            for start in self._heads.intersection([text[at : at + head] for at in range(len(text) - head + 1)]):
                found.update(literal for literal in self._by_head[start] if len(literal) == head or literal in text)
        return found


class PossibleByLiterals(Generic[K]):
    """Which of many things (patterns, terms) may occur in a text, each known to need one of some literals (None:
    it cannot say): those with a literal the text holds, found from the literals present, not by testing each."""

    def __init__(self, needs: Iterable[tuple[K, frozenset[str] | None]]) -> None:
        self._always: set[K] = set()
        self._by_literal: dict[str, list[K]] = {}
        for key, needed in needs:
            if needed is None:
                self._always.add(key)
            for literal in needed or ():
                self._by_literal.setdefault(literal, []).append(key)
        self._literals = LiteralIndex(self._by_literal)

    def possible(self, text: str) -> set[K]:
        found = set(self._always)
        for literal in self._literals.present(text):
            found.update(self._by_literal[literal])
        return found
