"""The parsed vocabulary is kept on disk for the next process, and never trusted when stale or broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import RulesError
from bot.rules.vocabulary import Vocabulary, load_vocabulary, shipped_vocabulary
from bot.rules.vocabulary_cache import KEPT, cached
from tests.conftest import KNOWLEDGE


def test_a_kept_vocabulary_is_loaded_without_building_it_again(tmp_path: Path) -> None:
    built: list[int] = []

    def build() -> Vocabulary:
        built.append(1)
        return shipped_vocabulary()

    first = cached("text", build, tmp_path)
    second = cached("text", build, tmp_path)
    assert built == [1]
    assert second.facts.keys() == first.facts.keys()
    assert second.harmful_values() == first.harmful_values()


def test_other_text_is_built_afresh_and_a_broken_file_is_rebuilt(tmp_path: Path) -> None:
    built: list[str] = []

    def build(name: str) -> Vocabulary:
        built.append(name)
        return shipped_vocabulary()

    cached("one", lambda: build("one"), tmp_path)
    cached("two", lambda: build("two"), tmp_path)
    for kept in tmp_path.glob("vocabulary-*.pickle"):
        kept.write_bytes(b"not a pickle")
    cached("one", lambda: build("one again"), tmp_path)
    assert built == ["one", "two", "one again"]


def test_a_vocabulary_with_an_error_is_never_kept(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.yaml"
    path.write_text("facts: [1, 2]\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RulesError):
            load_vocabulary(path, tmp_path / "cache")
    assert not list(tmp_path.glob("cache/vocabulary-*.pickle"))


def test_a_good_vocabulary_is_kept_where_asked(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.yaml"
    path.write_text((KNOWLEDGE / "vocabulary.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    load_vocabulary(path, tmp_path / "cache")
    assert len(list(tmp_path.glob("cache/vocabulary-*.pickle"))) == 1


def test_only_the_newest_vocabularies_are_kept_as_the_text_is_edited(tmp_path: Path) -> None:
    vocabulary = shipped_vocabulary()
    for edit in range(KEPT + 3):
        cached(f"edit {edit}", lambda: vocabulary, tmp_path)
    assert len(list(tmp_path.glob("vocabulary-*.pickle"))) == KEPT
    built: list[int] = []
    cached(f"edit {KEPT + 2}", lambda: built.append(1) or vocabulary, tmp_path)  # the newest edit is still kept
    assert built == []


def test_a_server_can_compile_every_expression_of_a_kept_vocabulary_at_once(tmp_path: Path) -> None:
    # A kept vocabulary unpickles its expressions as text; compile_all leaves none to compile on first use.
    cached("text", shipped_vocabulary, tmp_path)
    vocabulary = cached("text", lambda: pytest.fail("kept, so not built again"), tmp_path)
    expressions = [p for f in vocabulary.facts.values() for v in f.values.values() for p in v.patterns]
    expressions += vocabulary.terms.values()
    assert not all("compiled" in e.__dict__ for e in expressions)
    assert vocabulary.compile_all() == len(expressions)
    assert all("compiled" in e.__dict__ for e in expressions)
