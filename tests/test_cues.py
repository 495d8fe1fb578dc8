"""The cue reader finds a vocabulary's cues and patterns exactly where the joined regular expressions did,
without compiling them: plain cues by word look-up, patterns only when a question holds what they need."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from bot.errors import RulesError
from bot.rules.extract import extract_facts
from bot.rules.extract.cues import LiteralIndex, PossibleByLiterals, phrase
from bot.rules.extract.literals import absent, needs, read
from bot.rules.extract.text import fold
from bot.rules.vocabulary import Vocabulary, load_vocabulary, shipped_vocabulary

VOCABULARY = """\
facts:
  capabilities:
    kind: set
    question: What will it do?
    values:
      exam_cheating:
        harmful: true
        cues: ['sit the exam for', 'take * exam for', 'exam answer* during', 'e-mail the answers']
      emotion_inference:
        cues: ['emot* recogni*', 'read * moods', "competitors'", '顔認証', 'ai 模型']
        patterns: ['\\bhow (?:angry|sad) (?:they|people) (?:are|feel)\\b', '\\bmood\\w* (?:score|rating)s?\\b']
  consent:
    kind: bool
    question: Have they agreed?
    values:
      true:
        cues: ['with their consent', 'they agreed']
      false:
        cues: ['secretly', 'without telling']
"""


def joined_spans(vocab: Vocabulary, text: str) -> list[tuple[str, str, int, int]]:
    """What the extractor read before: finditer over each value's cues and patterns joined in one expression."""
    return [
        (m.fact, str(m.value), found.start(), found.end())
        for m in vocab.matchers
        for found in m.spec.matcher.finditer(text)
    ]


def read_spans(vocab: Vocabulary, text: str) -> list[tuple[str, str, int, int]]:
    return [(m.fact, str(m.value), start, end) for m, start, end in vocab.mentions(text)]


@pytest.fixture()
def vocab(tmp_path: Path) -> Vocabulary:
    path = tmp_path / "vocabulary.yaml"
    path.write_text(VOCABULARY, encoding="utf-8")
    return load_vocabulary(path)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("could it sit the exam for me", [("exam_cheating", 9, 25)]),
        ("take the bar exam for my cousin", [("exam_cheating", 0, 21)]),  # a lone `*` stands for words
        ("take exam for me", [("exam_cheating", 0, 13)]),  # …or for none
        ("take one two three four exam for me", []),  # …but at most three
        ("post exam answers during the test", [("exam_cheating", 5, 24)]),  # `answer*` is a stem
        ("exam answersheet during", [("exam_cheating", 0, 23)]),
        ("retake the exam for me", []),  # an ASCII cue starts at a word's edge…
        ("sit the exam format", []),  # …and ends at one
        ("e-mail the answers now", [("exam_cheating", 0, 18)]),  # punctuation inside a cue
        ('sit "the exam" for me', [("exam_cheating", 0, 18)]),  # scare quotes may split a cue's words
        ("sit the \u201cexam for\u201d me", [("exam_cheating", 0, 17)]),  # typographic ones too, once folded
        ("emotion recognition at work", [("emotion_inference", 0, 19)]),
        ("our emotional recognizers", [("emotion_inference", 4, 25)]),
        ("read their moods", [("emotion_inference", 0, 16)]),
        ("the competitors' prices", [("emotion_inference", 4, 16)]),
        ("店舗で顔認証を使う", [("emotion_inference", 3, 6)]),  # other scripts: anywhere, no word edges
        ("用ai 模型写", [("emotion_inference", 1, 6)]),
        ("how angry people are", [("emotion_inference", 0, 20)]),  # a pattern
        ("their mood scores", [("emotion_inference", 6, 17)]),
        ("nothing here", []),
    ],
)
def test_cues_read_where_their_expressions_matched(vocab: Vocabulary, text: str, found: list) -> None:
    spans = read_spans(vocab, fold(text))
    assert [(value, start, end) for _, value, start, end in spans] == found
    assert spans == joined_spans(vocab, fold(text))


def test_matches_are_leftmost_first_and_do_not_overlap(vocab: Vocabulary) -> None:
    text = fold("take the exam for the exam for emotion recognition, emotion recognizers how sad they feel")
    assert read_spans(vocab, text) == joined_spans(vocab, text)
    assert [start for _, _, start, _ in read_spans(vocab, text)] == [0, 31, 52, 72]


def test_negation_reads_the_same_mentions(vocab: Vocabulary) -> None:
    assert extract_facts("We do it with their consent.", vocabulary=vocab).consent is True
    # A negated cue reads as the other value; the strict reading (no consent) wins.
    assert extract_facts("We do it, not with their consent.", vocabulary=vocab).consent is False
    assert extract_facts("We never do it secretly.", vocabulary=vocab).consent is True
    assert extract_facts("They agreed, but we do it secretly.", vocabulary=vocab).consent is False
    facts = extract_facts("We will not take the exam for anyone.", vocabulary=vocab)
    assert not facts.capabilities


def test_the_shipped_vocabulary_reads_as_its_joined_expressions_did() -> None:
    vocab = shipped_vocabulary()
    rng = random.Random(11)
    phrases = [" ".join(c.words) for m in vocab.matchers for c in m.spec.cues if c.words]
    fillers = ["the", "not", "a", ",", "(", "我们", "'s", "police", "data", '"', "'"]
    texts = []
    for _ in range(400):
        words = " ".join(rng.sample(phrases, 2)).replace("*", rng.choice(["", "s", "ing"])).split()
        for _ in range(rng.randint(0, 3)):
            words.insert(rng.randint(0, len(words)), rng.choice(fillers))
        texts += [" ".join(words), "".join(words), "  ".join(words)]
    for text in texts:
        assert read_spans(vocab, text) == joined_spans(vocab, text), text


def test_odd_cue_shapes_are_left_to_their_expression(tmp_path: Path) -> None:
    assert phrase(["*", "exam"]) is None
    assert phrase(["exam", "*"]) is None
    assert phrase(["**"]) is None
    path = tmp_path / "vocabulary.yaml"
    path.write_text(VOCABULARY.replace("'sit the exam for'", "'* exam for'"), encoding="utf-8")
    vocab = load_vocabulary(path)
    for text in ("please sit the exam for me", "exam for", "a b c d exam for"):
        assert read_spans(vocab, text) == joined_spans(vocab, text)
    # A lone `*` last matches only before a non-word character; the value's other cues are still read as before.
    path.write_text(
        VOCABULARY.replace("'sit the exam for'", "'exam answers *', 'exam answer* during'"), encoding="utf-8"
    )
    vocab = load_vocabulary(path)
    texts = ["exam answers  now", "exam answers (all)", "exam answers during", "the exam answers ", "take x exam for"]
    for text in (*texts, "exam answers - during exam answers during ?", "exam answers a b c ; e-mail the answers"):
        assert read_spans(vocab, text) == joined_spans(vocab, text), text
    assert read_spans(vocab, "exam answers (all)")


def test_the_literal_index_finds_exactly_the_literals_a_text_holds() -> None:
    literals = ["co", "con", "cont", "contre", "contrat", "x", "ai 模型", "模", "police", "e-mail", " on patrol"]
    index = LiteralIndex(literals)
    rng = random.Random(7)
    alphabet = "contreaipx lm-模型"
    for text in [
        "",
        "contrat",
        "officers on patrol e-mail",
        "ai 模型",
        *("".join(rng.choices(alphabet, k=30)) for _ in range(300)),
    ]:
        assert index.present(text) == {literal for literal in literals if literal in text}


def test_only_what_a_text_may_hold_is_possible() -> None:
    possible = PossibleByLiterals(
        [("a", frozenset({"police", "cop"})), ("b", None), ("c", frozenset()), ("d", frozenset({"cop"}))]
    )
    assert possible.possible("the cops came") == {"a", "b", "d"}
    assert possible.possible("the police came") == {"a", "b"}
    assert possible.possible("nothing") == {"b"}


@pytest.mark.parametrize(
    ("source", "needed"),
    [
        (r"\bpolice\b", {"police"}),
        (r"\b(?:state )?troopers?\b", {"trooper"}),
        (r"\bofficers? on patrol\b", {" on patrol"}),
        (r"(?:ai|ml) models?", {" model"}),
        (r"(?:ai|ml)\w+", {"ai", "ml"}),
        (r"公安|경찰청", {"公安", "경찰청"}),
        (r"\b[a-z]{1,5}pd\b", {"pd"}),
        (r"ab+c", {"ab"}),
        (r"x|y?", None),  # a branch that needs nothing
        (r"[a-z]+", None),
    ],
)
def test_a_pattern_needs_literals(source: str, needed: set[str] | None) -> None:
    assert needs(source) == (frozenset(needed) if needed is not None else None)
    assert read(source)[0]


@pytest.mark.parametrize(
    "source",
    [
        "(unclosed",
        "closed)",
        "(?i)police",
        "(?P<name>x)",
        "(x)\\1",
        "a**",
        "\\b*",
        "[z-a]",
        "x{2,1}",
        "x{",
        "[\\d-z]",
        "(?<=a+)b",
        "police\\",
    ],
)
def test_what_it_does_not_read_is_left_to_re(source: str) -> None:
    assert read(source) == (False, None)


def test_every_pattern_it_reads_compiles_and_needs_what_its_matches_hold() -> None:
    rng = random.Random(5)
    sources = [e.source for m in shipped_vocabulary().matchers for e in m.spec.patterns]
    alphabet = [*"()[]{}|?*+\\^$.-,:=!<>aby 1", "\\b", "\\w", "(?:", "(?=", "(?<!", "{1,3}"]
    mutated = []
    for source in sources[:300]:
        for _ in range(3):
            at = rng.randrange(len(source) + 1)
            mutated.append(source[:at] + rng.choice(alphabet) + source[at + rng.randint(0, 2) :])
    for source in sources + mutated:
        plain, needed = read(source)
        if not plain:
            continue
        compiled = re.compile(source)  # raises if the reading let a malformed pattern through
        for text in ("police officer on patrol", "the ai model", "顔認証", "x"):
            if compiled.search(text):
                assert not absent(needed, text), (source, text)


def test_a_malformed_pattern_is_refused_when_the_vocabulary_loads(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.yaml"
    path.write_text(VOCABULARY.replace("'\\bmood\\w* (?:score|rating)s?\\b'", "'(?:mood'"), encoding="utf-8")
    with pytest.raises(RulesError, match="malformed pattern"):
        load_vocabulary(path)
