"""What a regular expression cannot match without: literal strings, one of which any match contains.

The vocabulary's `patterns` are hundreds of expressions; compiling them all is most of what loading it
costs, while a question has the words of only a few. `needs(source)` reads an expression's text (not
compiled) for literals it must contain (`\\bpolice\\b` needs "police"; `\\b(?:state )?troopers?\\b`
needs "trooper"; `(?:ai|ml) models?` needs "ai" or "ml" and " model"), so an expression whose literals
are all absent from a question is not compiled for it: it could not have matched.

The reading is deliberately narrow. Anything outside plain literals, escapes, classes, groups,
alternation, lookarounds and counted repeats (flags, named or numbered groups, backreferences,
conditionals, a `{` that is not a count, a repeat of nothing) answers None: compile it, as before.
So an expression it reads is also one `re` compiles (tests/test_cues.py checks that on the shipped
vocabulary), and a malformed one is still refused when the vocabulary loads.
"""

from __future__ import annotations

import re
from functools import lru_cache

# One token each: an escape, a class, a group opening, a closing, `|`, a repeat, a run of plain characters.
_TOKENS = re.compile(
    r"\\(?P<escape>.)"
    r"|(?P<klass>\[\^?\]?(?:\\.|[^\]\\])*\])"
    r"|(?P<open>\((?:\?(?:[:=!]|<[=!]))?)"
    r"|(?P<close>\))"
    r"|(?P<bar>\|)"
    r"|(?P<count>\{(?P<low>\d*)(?P<comma>,?)(?P<high>\d*)\})"
    r"|(?P<repeat>[?*+])"
    r"|(?P<anchor>[.^$])"
    r"|(?P<plain>[^\\\[\](){}|?*+.^$]+)",
    re.DOTALL,
)
_ONE_CHARACTER_ESCAPES = frozenset("wWsSdD")  # a class of one character
_ZERO_WIDTH_ESCAPES = frozenset("bB")
_MAX_REPEAT = 65535


class _Unread(Exception):
    """A construct this reading leaves to `re`."""


Needs = frozenset[str]


def needs(source: str) -> Needs | None:
    """Literals of which every match of `source` contains at least one; None when it cannot say."""
    return read(source)[1]


@lru_cache(maxsize=8192)
def read(source: str) -> tuple[bool, Needs | None]:
    """Whether `source` is of the plain kind this module reads (and so compiles, alone or joined with others
    of that kind, to the same matches), and the literals it needs (None: it needs none this can name)."""
    try:
        tokens = _tokenize(source)
        result, at = _alternation(tokens, 0, top=True)
    except _Unread:
        return False, None
    return at == len(tokens), result if at == len(tokens) else None


def absent(needed: Needs | None, text: str) -> bool:
    """Whether no literal `needed` names occurs in text: the expression cannot match it."""
    return needed is not None and not any(literal in text for literal in needed)


_Token = tuple[str, str, re.Match[str]]


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    at = 0
    for match in _TOKENS.finditer(source):
        if match.start() != at:
            raise _Unread  # a `{` or `]` on its own, a trailing backslash
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(0), match))
        at = match.end()
    if at != len(source):
        raise _Unread
    return tokens


# An item of a sequence: ("lit", text) consumes those characters; ("any", "") one character of a class;
# ("zero", "") an anchor or lookaround; ("group", needs) a group whose match needs one of `needs` (or None).
_Item = tuple[str, object]


def _alternation(tokens: list[_Token], at: int, top: bool) -> tuple[Needs | None, int]:
    plain = _plain_words(tokens, at, top)
    if plain is not None:
        return plain
    branches: list[Needs | None] = []
    while True:
        needed, at = _sequence(tokens, at)
        branches.append(needed)
        if at < len(tokens) and tokens[at][0] == "bar":
            at += 1
            continue
        break
    if at < len(tokens) and (top or tokens[at][0] != "close"):
        raise _Unread  # a `)` with no `(`, or a group left open
    if any(b is None for b in branches):
        return None, at
    return frozenset().union(*branches), at  # type: ignore[arg-type]


def _plain_words(tokens: list[_Token], at: int, top: bool) -> tuple[Needs, int] | None:
    """The common shape `word|other words|…` read in one step: each branch needs its own text."""
    words: list[str] = []
    while at < len(tokens) and tokens[at][0] == "plain":
        words.append(tokens[at][1])
        at += 1
        if at < len(tokens) and tokens[at][0] == "bar":
            at += 1
            continue
        break
    else:
        return None  # empty, or ends with `|`
    ends = at == len(tokens) if top else at < len(tokens) and tokens[at][0] == "close"
    return (frozenset(words), at) if ends else None


def _sequence(tokens: list[_Token], at: int) -> tuple[Needs | None, int]:
    """The best literal need of one branch: its longest run of required plain characters, or a required
    group's needs, whichever has the longer shortest literal."""
    items: list[tuple[_Item, int]] = []  # (item, least times it occurs)
    while at < len(tokens) and tokens[at][0] not in ("bar", "close"):
        kind, text, match = tokens[at]
        at += 1
        if kind == "plain":
            items.append((("lit", text), 1))
        elif kind == "escape":
            char = match.group("escape")
            if char in _ONE_CHARACTER_ESCAPES:
                items.append((("any", ""), 1))
            elif char in _ZERO_WIDTH_ESCAPES:
                items.append((("zero", ""), 1))
            elif char.isascii() and not char.isalnum():
                items.append((("lit", char), 1))  # `\.`, `\-`, `\ `: the character itself
            else:
                raise _Unread  # \1, \x41, \n, \A …
        elif kind == "klass":
            _check_class(text)
            items.append((("any", ""), 1))
        elif kind == "anchor":
            items.append((("any", ""), 1) if text == "." else (("zero", ""), 1))
        elif kind == "open":
            if text in ("(?<=", "(?<!"):
                _check_fixed_width(tokens, at)
            needed, at = _alternation(tokens, at, top=False)
            if at >= len(tokens):
                raise _Unread  # never closed
            at += 1  # the `)`
            if text in ("(?=", "(?!", "(?<=", "(?<!"):
                items.append((("zero", ""), 1))
            elif text == "(":
                raise _Unread  # a numbered group: joined with others its number would change
            else:
                items.append((("group", needed), 1))
        else:  # a repeat with nothing to repeat, or a stray `)` handled by the caller
            raise _Unread
        while at < len(tokens) and tokens[at][0] in ("repeat", "count"):
            at = _repeat(tokens, at, items)
    return _best(items), at


def _check_fixed_width(tokens: list[_Token], at: int) -> None:
    """A lookbehind must have one width: only characters, classes and anchors, no repeat, group or `|`."""
    while at < len(tokens) and tokens[at][0] != "close":
        if tokens[at][0] in ("open", "bar", "repeat", "count"):
            raise _Unread
        at += 1


def _repeat(tokens: list[_Token], at: int, items: list[tuple[_Item, int]]) -> int:
    kind, text, match = tokens[at]
    (item_kind, payload), times = items[-1]
    if times != 1 or item_kind == "zero":
        raise _Unread  # a repeat of a repeat, or of an anchor or lookaround
    if item_kind == "lit" and len(str(payload)) > 1:  # a repeat applies to the last character of a run
        run = str(payload)
        payload = run[-1]
        items[-1] = (("lit", run[:-1]), 1)
        items.append((("lit", payload), 1))
    if kind == "repeat":
        low = 0 if text in "?*" else 1
    else:
        low_text, comma, high_text = match.group("low"), match.group("comma"), match.group("high")
        if not low_text and not high_text:
            raise _Unread
        low = int(low_text or 0)
        high = int(high_text) if high_text else (low if not comma else _MAX_REPEAT)
        if low > high or high > _MAX_REPEAT:
            raise _Unread
    # The item stays required when it occurs at least once, but nothing after it is adjacent to a fixed run.
    items[-1] = ((item_kind, payload), 0 if low == 0 else 2)
    at += 1
    if at < len(tokens) and tokens[at][0] == "repeat" and tokens[at][1] in "?+":
        at += 1  # lazy `*?` or possessive `*+`
    if at < len(tokens) and tokens[at][0] in ("repeat", "count"):
        raise _Unread  # "multiple repeat"
    return at


def _best(items: list[tuple[_Item, int]]) -> Needs | None:
    candidates: list[Needs] = []
    run = ""
    for (kind, payload), times in items:
        if kind == "lit" and times >= 1:
            run += str(payload)
            if times > 1:  # repeated: the run ends after its first occurrence
                candidates.append(frozenset([run]))
                run = ""
            continue
        if run:
            candidates.append(frozenset([run]))
            run = ""
        if kind == "group" and times >= 1 and payload is not None:
            candidates.append(payload)  # type: ignore[arg-type]
    if run:
        candidates.append(frozenset([run]))
    if not candidates:
        return None
    return max(candidates, key=lambda needed: (min(map(len, needed)), -len(needed)))


def _check_class(text: str) -> None:
    """A class `re` reads without surprises: no nested `[`, only escapes of punctuation or `\\w`-like ones,
    ranges between two characters that go upwards."""
    body = text[1:-1].removeprefix("^")
    if not body or body.startswith("]") or "[" in body:
        raise _Unread
    members: list[tuple[str, bool]] = []  # (character, or "" for a class like \\w; escaped)
    i = 0
    while i < len(body):
        if body[i] == "\\":
            escaped = body[i + 1]
            if escaped in _ONE_CHARACTER_ESCAPES:
                members.append(("", True))
            elif escaped.isascii() and not escaped.isalnum():
                members.append((escaped, True))
            else:
                raise _Unread
            i += 2
        else:
            members.append((body[i], False))
            i += 1
    i = 0
    while i < len(members):
        if i + 2 < len(members) and members[i + 1] == ("-", False):
            (low, _), (high, _) = members[i], members[i + 2]
            if not low or not high or ord(low) > ord(high):
                raise _Unread  # "bad character range"
            i += 3
        else:
            i += 1
