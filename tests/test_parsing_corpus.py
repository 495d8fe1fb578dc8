"""Every real policy in ../shared/corpus/policies parses into clauses that cover and quote it faithfully."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from bot.policy.parsing import MAX_CLAUSE_CHARS, ParsedDocument, parse_document

CORPUS = Path(__file__).parents[2] / "shared" / "corpus" / "policies"
FILES = sorted(CORPUS.iterdir()) if CORPUS.is_dir() else []

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not FILES, reason=f"no policy corpus at {CORPUS}"),
]

_PARSED: dict[Path, ParsedDocument] = {}


def parsed(path: Path) -> ParsedDocument:
    if path not in _PARSED:
        _PARSED[path] = parse_document(path)
    return _PARSED[path]


def coverage(doc: ParsedDocument) -> float:
    covered = bytearray(len(doc.source))
    for start, end in [*((c.start, c.end) for c in doc.clauses), *doc.dropped]:
        covered[start:end] = b"\x01" * (end - start)
    body = [i for i in range(doc.body_start, len(doc.source)) if not doc.source[i].isspace()]
    return sum(covered[i] for i in body) / max(len(body), 1)


def missing_word(text: str, source_slice: str) -> str | None:
    """The first word of text not found, in order, among the words of the slice."""
    stream, position = "".join(re.findall(r"\w+", source_slice)), 0
    for word in re.findall(r"\w+", text):
        position = stream.find(word, position)
        if position < 0:
            return word
        position += len(word)
    return None


def non_blank(text: str) -> int:
    return len("".join(text.split()))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_policy_parses_into_faithful_clauses(path: Path) -> None:
    doc = parsed(path)
    assert doc.clauses
    assert coverage(doc) >= 0.99
    ids = [c.id for c in doc.clauses]
    assert len(ids) == len(set(ids))
    for clause in doc.clauses:
        source_slice = doc.source[clause.start : clause.end]
        assert missing_word(clause.text, source_slice) is None, clause.id
        assert 0 < len(clause.text) <= MAX_CLAUSE_CHARS, clause.id
        assert clause.document_id == doc.meta.id and clause.id.startswith(f"{doc.meta.id}/")
    # spans hold the clause and its markup, not much more
    raw_size = sum(non_blank(doc.source[c.start : c.end]) for c in doc.clauses)
    assert raw_size <= 1.5 * sum(non_blank(c.text) for c in doc.clauses)


def test_the_mistral_policy_pasted_twice_keeps_one_copy() -> None:
    [path] = [p for p in FILES if p.name.startswith("mistral-usage-policy")]
    doc = parsed(path)
    second_copy = doc.source.index("Scope\n-----", doc.source.index("Scope\n-----") + 1)
    assert all(clause.end <= second_copy for clause in doc.clauses)
    assert 0.4 <= len(doc.dropped) / (len(doc.dropped) + len(doc.clauses)) <= 0.6
    assert sum("Non-consensual intimate imagery" in c.text for c in doc.clauses) == 1


def test_the_largest_policy_parses_well_under_a_second() -> None:
    [path] = [p for p in FILES if p.name.startswith("aws-service-terms")]
    started = time.perf_counter()
    parse_document(path)
    assert time.perf_counter() - started < 1.0  # typically about 0.1 s
