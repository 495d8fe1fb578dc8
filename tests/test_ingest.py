"""Ingesting documents: all or nothing, clear errors, the knowledge base unchanged on bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.errors import DocumentError, KnowledgeBaseError
from bot.policy.ingest import ingest_files
from bot.policy.knowledge import KnowledgeBase, load_knowledge_base
from tests.conftest import KNOWLEDGE

POLICY = "---\nid: acme-tools\ntitle: Tools policy\n---\n# Tools\n\n## 1. Weapons\n\nNo help building weapons.\n"


def failing_index(kb: KnowledgeBase, progress: object) -> None:
    raise RuntimeError("the index could not be built")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_ingest_into_a_new_folder(tmp_path: Path) -> None:
    doc = tmp_path / "tools.md"
    doc.write_text(POLICY)
    result = ingest_files([doc], tmp_path / "kb")
    assert result.added == ["acme-tools"]
    kb = load_knowledge_base(tmp_path / "kb")
    assert "acme-tools/s1.p1" in kb.clauses or any(c.startswith("acme-tools/") for c in kb.clauses)
    assert [p.name for p in (tmp_path / "kb").iterdir()] == ["tools.md"]  # no staging leftovers


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("junk.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8, "junk.pdf"),
        ("binary.md", bytes(range(256)) * 8, "binary.md"),
        ("empty.txt", b"   \n\n", "empty.txt"),
        ("notes.docx", b"PK\x03\x04", "unsupported"),
    ],
)
def test_bad_input_changes_nothing(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, kb)
    before = snapshot(kb)
    good = tmp_path / "tools.md"
    good.write_text(POLICY)
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(DocumentError, match=reason):
        ingest_files([good, bad], kb)
    assert snapshot(kb) == before


def test_same_file_twice_is_a_no_op_and_a_clash_needs_replace(tmp_path: Path) -> None:
    doc = tmp_path / "tools.md"
    doc.write_text(POLICY)
    ingest_files([doc], tmp_path / "kb")
    assert ingest_files([doc], tmp_path / "kb").unchanged == ["acme-tools"]
    doc.write_text(POLICY.replace("weapons", "firearms"))
    with pytest.raises(DocumentError, match="--replace"):
        ingest_files([doc], tmp_path / "kb")
    ingest_files([doc], tmp_path / "kb", replace=True)
    assert "firearms" in (tmp_path / "kb" / "tools.md").read_text()


def test_a_failed_index_leaves_the_previous_documents(tmp_path: Path) -> None:
    doc = tmp_path / "tools.md"
    doc.write_text(POLICY)
    ingest_files([doc], tmp_path / "kb")
    before = snapshot(tmp_path / "kb")
    doc.write_text(POLICY.replace("weapons", "firearms"))
    with pytest.raises(RuntimeError, match="index"):
        ingest_files([doc], tmp_path / "kb", replace=True, index=failing_index)
    assert snapshot(tmp_path / "kb") == before
    assert [p.name for p in (tmp_path / "kb").iterdir() if p.name.startswith(".ingest-")] == []


def test_a_document_that_breaks_the_rules_is_rolled_back(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, kb)
    before = snapshot(kb)
    clash = tmp_path / "copy.md"  # the same document id as a shipped document
    clash.write_text((KNOWLEDGE / "face-limited-access.md").read_text())
    with pytest.raises(KnowledgeBaseError):
        ingest_files([clash], kb, replace=True)
    assert snapshot(kb) == before
