"""The ingest journal: what recovery decides (pure), and that it leaves a running ingest alone."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from bot.errors import DocumentError, KnowledgeBaseError
from bot.policy import journal
from bot.policy.ingest import ingest_files
from bot.policy.journal import JOURNAL_FILE, JOURNAL_TEMP, Journal, Step, decode, encode, recover, recovery_steps
from bot.policy.knowledge import load_knowledge_base

STAGE = ".ingest-stage-abc"
POLICY = "---\nid: {id}\ntitle: {id}\n---\n# Tools\n\n## 1. Weapons\n\nNo help building weapons.\n"


def test_without_a_journal_every_staging_folder_is_deleted() -> None:
    assert recovery_steps(None, [STAGE, ".ingest-stage-def"], set()) == [
        Step("unlink", JOURNAL_TEMP),
        Step("rmtree", STAGE),
        Step("rmtree", ".ingest-stage-def"),
    ]


def test_with_a_journal_the_files_still_staged_are_moved_in_then_the_journal_goes() -> None:
    written = Journal(stage=STAGE, put=("a.md", "b.md", "clause-ids.yaml"), remove=())
    steps = recovery_steps(written, [STAGE], {f"{STAGE}/view/b.md", f"{STAGE}/view/clause-ids.yaml"})
    assert steps == [
        Step("move", f"{STAGE}/view/b.md", "b.md"),  # a.md was moved in before the kill
        Step("move", f"{STAGE}/view/clause-ids.yaml", "clause-ids.yaml"),
        Step("unlink", JOURNAL_FILE),
        Step("unlink", JOURNAL_TEMP),
        Step("rmtree", STAGE),
    ]
    emptied = Journal(stage=STAGE, put=("a.md",), remove=("clause-ids.yaml",))
    assert Step("unlink", "clause-ids.yaml") in recovery_steps(emptied, [STAGE], set())


def test_a_journal_reads_back_and_a_foreign_one_is_refused(tmp_path: Path) -> None:
    written = Journal(stage=STAGE, put=("a.md",), remove=("clause-ids.yaml",))
    assert decode(encode(written), tmp_path) == written
    foreign = [
        "{",
        "[]",
        '{"stage": "/etc", "put": [], "remove": []}',
        f'{{"stage": "{STAGE}", "put": ["../../etc/passwd"], "remove": []}}',
        f'{{"stage": "{STAGE}", "put": ["a.md"]}}',
    ]
    for text in foreign:
        with pytest.raises(KnowledgeBaseError, match="not a journal"):
            decode(text, tmp_path)


def test_a_running_ingest_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = tmp_path / "kb"
    (kb / STAGE / "view").mkdir(parents=True)
    (kb / STAGE / "view" / "a.md").write_text(POLICY.format(id="a"))
    fd = os.open(kb, os.O_RDONLY)  # another ingest holds the folder
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert recover(kb) is None
        assert (kb / STAGE).is_dir()  # not taken for a leftover
        with pytest.raises(KnowledgeBaseError, match="another `policybot ingest`"):
            ingest_files([kb / STAGE / "view" / "a.md"], kb)
        (kb / JOURNAL_FILE).write_text(encode(Journal(stage=STAGE, put=("a.md",))))
        monkeypatch.setattr(journal, "SWITCH_WAIT_S", 0.2)  # it is switching: wait for it, a little here
        assert recover(kb) is None
    finally:
        os.close(fd)
    assert load_knowledge_base(kb).documents.keys() == {"a"}  # once it is gone, the switch is finished
    assert sorted(p.name for p in kb.iterdir()) == ["a.md"]


def test_a_folder_is_ingested_whole(tmp_path: Path) -> None:
    source = tmp_path / "policies"
    source.mkdir()
    for name in ("a", "b"):
        (source / f"{name}.md").write_text(POLICY.format(id=name))
    (source / "notes.docx").write_bytes(b"PK\x03\x04")
    (source / ".hidden.md").write_text(POLICY.format(id="hidden"))
    result = ingest_files([source], tmp_path / "kb")
    assert result.added == ["a", "b"]
    assert sorted(p.name for p in (tmp_path / "kb").iterdir()) == ["a.md", "b.md"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DocumentError, match="no document to ingest in this folder"):
        ingest_files([empty], tmp_path / "kb")
    with pytest.raises(DocumentError, match="no such file or folder"):
        ingest_files([tmp_path / "missing"], tmp_path / "kb")
