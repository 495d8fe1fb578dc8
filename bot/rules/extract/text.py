"""Text folding and typo repair for matching: lower case, no accents, one space, known misspellings fixed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import combinations

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "Ae",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "œ": "oe",
        "Œ": "OE",
        "Đ": "D",
        "ẞ": "SS",
    }
)
# Accents on Latin letters only: kana voicing marks (ボ = ホ + ゛) are part of the letter.
_LATIN_MARKS = re.compile(r"(?<=[A-Za-z\u00c0-\u024f])[\u0300-\u036f]+")
_WORD = re.compile(r"[a-z][a-z'-]*")

# Words whose misspellings matter to a verdict. Only these are ever "corrected" to.
KEYWORDS = (
    "police", "policia", "polizei", "sheriff", "sheriffs", "department", "enforcement", "officers", "troopers",
    "facial", "recognition", "recognise", "recognize", "recognising", "recognizing", "identify", "identifying",
    "identification", "verification", "verify", "surveillance", "surveil", "tracking", "emotion", "emotions",
    "emotional", "camera", "cameras", "bodycam", "bodycams", "dashcam", "dashcams", "body-worn", "patrol",
    "patrols", "realtime", "real-time", "summarize", "summarise", "summarizing", "summarising", "translate",
    "translating", "transcribe", "transcribing", "classify", "biometric", "biometrics", "categorise",
    "categorize", "scoring", "vulnerabilities", "vulnerable", "exploit", "detection", "detect", "consent",
    "suspects", "matching", "footage", "sexual", "orientation", "religion", "ethnicity", "nationality",
    "gender", "monitor", "monitoring", "predictive", "profiling", "rewrite", "proofread",
)  # fmt: skip

_LONGEST_KEYWORD = max(map(len, KEYWORDS))

# Common words one slip away from a keyword; never corrected.
_PROTECTED = frozenset(
    [
        "policy",
        "policies",
        "polite",
        "polish",
        "office",
        "offices",
        "identity",
        "identities",
        "identical",
        "notion",
        "motion",
        "patron",
        "patrons",
        "pattern",
        "content",
        "contest",
        "consult",
        "detect",
        "detail",
        "details",
        "matching",
        "retention",
        "recognition",
        "summary",
        "summaries",
        "translation",
        "transcript",
        "gander",
        "render",
        "monitors",
        "cameos",
        "camel",
        "camels",
        "footnote",
        "profile",
        "profiles",
        "scorings",
        "verity",
        "officer",
        "deportment",
        "emotive",
        # real words a slip or two from a keyword: "rejection letters" are not "detection letters"
        "rejection",
        "rejections",
        "selection",
        "selections",
        "direction",
        "directions",
        "deception",
        "detention",
        "detector",
        "detectors",
        "apartment",
        "apartments",
        "attacking",
        "cracking",
        "tricking",
        "catching",
        "patching",
        "watching",
        "promising",
        "religious",
        "categories",
        "rewire",
        "rewired",
        "rewires",
        "rewind",
        "rewinds",
    ]
)


# The space French sets inside guillemets ("« détoxifier »"): kept, it would make a closing guillemet look like an
# opening one, and the request between two short quotes would be read as a passage handed over.
_GUILLEMET_SPACE = re.compile(r"«\s+|\s+»")


def fold(text: str) -> str:
    """Lower case without accents or typographic quotes, whitespace collapsed."""
    if text.isascii():  # no accents or typographic quotes: the same result, without normalising
        return " ".join(text.lower().split())
    text = _GUILLEMET_SPACE.sub(lambda m: m.group(0).strip(), text)  # « d'enquête » is one short quote, no passage
    # Decomposed first, so that a letter with a mark on one of these (ǿ, ǽ) is spelt out too: folding twice
    # changes nothing, which is what lets `policybot rules check` tell a pattern's dead literals.
    text = unicodedata.normalize("NFKD", text).translate(_QUOTES)
    text = _LATIN_MARKS.sub("", text)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).lower()).strip()


def name_pattern(name: str) -> str:
    """A regular expression for a name in folded text, bounded by letters and digits of the Latin script only:
    Japanese, Chinese and Korean write particles straight after a name ("Acmeには", "Acme로", "在Acme注册")."""
    return rf"(?<![a-z0-9_\u00c0-\u024f]){re.escape(fold(name))}(?![a-z0-9_\u00c0-\u024f])"


def _deletes(word: str, depth: int) -> set[str]:
    return {
        "".join(ch for i, ch in enumerate(word) if i not in drop)
        for n in range(1, depth + 1)
        for drop in combinations(range(len(word)), n)
    }


@lru_cache(maxsize=1)
def _delete_index() -> dict[str, str]:
    """SymSpell-style index: every keyword and its deletions (two for long words) point at the keyword."""
    index: dict[str, str] = {}
    for keyword in KEYWORDS:
        for variant in {keyword} | _deletes(keyword, 2 if len(keyword) >= 9 else 1):
            index.setdefault(variant, keyword)
    return index


@lru_cache(maxsize=4096)
def correct_word(word: str, known: frozenset[str] = frozenset()) -> str:
    """The keyword a misspelt word most likely meant, or the word itself."""
    if not 5 <= len(word) <= _LONGEST_KEYWORD + 2 or word in _PROTECTED or word in known or word in KEYWORDS:
        return word
    index = _delete_index()
    depth = 2 if len(word) >= 9 else 1
    for variant in sorted({word} | _deletes(word, depth), key=len, reverse=True):
        target = index.get(variant)
        if target is not None and _plausible_slip(word, target, depth):
            return target
    return word


def _plausible_slip(word: str, target: str, depth: int) -> bool:
    """Typing slips, not other words: no inflections ("faciale"), no short substitutions ("camaras"), and no more
    edits than the word's length allows (the index meets a word's deletions halfway: "election" is not "detection")."""
    if abs(len(target) - len(word)) > depth or word.startswith(target) or _edits(word, target) > depth:
        return False
    if len(word) == len(target) and len(word) < 8:
        differ = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
        is_swap = len(differ) == 2 and differ[1] == differ[0] + 1 and word[differ[0]] == target[differ[1]]
        return is_swap
    return True


def _edits(a: str, b: str) -> int:
    """Edits between two words: insertions, deletions, substitutions and swaps of neighbours (optimal alignment)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def correct_typos(folded: str, known: Iterable[str] = ()) -> str:
    known_words = frozenset(known)
    return _WORD.sub(lambda m: correct_word(m.group(0), known_words), folded)
