"""Stable clause ids: `ingest --replace` keeps the ids of clauses the new text carries on (clause-ids.yaml)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.errors import KnowledgeBaseError, RulesError
from bot.policy.ingest import ingest_files
from bot.policy.knowledge import CLAUSE_IDS_FILE, KnowledgeBase, load_knowledge_base


def failing_index(kb: KnowledgeBase, progress: object) -> None:
    raise RuntimeError("the index could not be built")


V1 = """---
id: acme
title: Acme acceptable use
---
# Acceptable use

### 1.1 Keep records
Keep records of every request for seven years.

### 1.2 No spam
Do not use the service to send unsolicited bulk messages to anyone.

### 1.3 Report abuse
Report abuse of the service to the trust team within one day of finding it.
"""

# A clause inserted before 1.2 renumbers everything after it; 1.1 is rewritten under its own number.
V2 = (
    V1.replace("seven years", "ten years")
    .replace("### 1.2 No spam", "### 1.2 No malware\nDo not distribute malware through the service.\n\n### 1.3 No spam")
    .replace("### 1.3 Report abuse", "### 1.4 Report abuse")
)

RULES = """- id: acme-no-spam
  effect: prohibit
  clauses: [acme/1.2]
  summary: Sending spam through the service is prohibited.
  when:
    - {fact: capabilities, op: has, value: facial_recognition}
"""

SPAM = "Do not use the service to send unsolicited bulk messages to anyone."


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def knowledge_base(tmp_path: Path) -> tuple[Path, Path]:
    """A knowledge base holding V1 and a rule citing acme/1.2 (the clause V2 moves); the source file to edit."""
    kb_dir, source = tmp_path / "kb", tmp_path / "acme.md"
    source.write_text(V1)
    ingest_files([source], kb_dir)
    (kb_dir / "rules.yaml").write_text(RULES)
    return kb_dir, source


def replace(kb_dir: Path, source: Path, text: str) -> None:
    source.write_text(text)
    ingest_files([source], kb_dir, replace=True)


def test_moved_clauses_keep_their_ids_and_text_and_a_new_clause_gets_a_new_id(tmp_path: Path) -> None:
    kb_dir, source = knowledge_base(tmp_path)
    replace(kb_dir, source, V2)
    kb = load_knowledge_base(kb_dir)  # rules.yaml still cites acme/1.2 and validates
    assert kb.rules[0].clauses == ("acme/1.2",)
    assert SPAM in kb.clause("acme/1.2").text  # numbered 1.3 in the text now
    assert "trust team" in kb.clause("acme/1.3").text  # numbered 1.4
    assert "ten years" in kb.clause("acme/1.1").text  # changed under its own number: same id
    assert "malware" in kb.clause("acme/1.2~new").text  # new, its number taken by a kept clause
    assert [c.id for c in kb.documents["acme"].clauses] == ["acme/1.1", "acme/1.2~new", "acme/1.2", "acme/1.3"]
    assert len(kb.clauses) == len({c.id for d in kb.documents.values() for c in d.clauses})
    # Only the ids that differ from the parsed ones are stored, without the document prefix.
    stored = yaml.safe_load((kb_dir / CLAUSE_IDS_FILE).read_text())
    assert stored == {"acme": {"1.2": "1.2~new", "1.3": "1.2", "1.4": "1.3"}}
    assert load_knowledge_base(kb_dir).clauses == kb.clauses  # survives a reload


def test_policybot_clause_shows_the_kept_id(tmp_path: Path) -> None:
    kb_dir, source = knowledge_base(tmp_path)
    replace(kb_dir, source, V2)
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "clause", "acme/1.2", "--kb", str(kb_dir), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert SPAM in json.loads(proc.stdout)["text"]


def test_ids_carry_over_a_second_replacement(tmp_path: Path) -> None:
    kb_dir, source = knowledge_base(tmp_path)
    replace(kb_dir, source, V2)
    # Edit the spam clause under its (new) number 1.3: it keeps the id it had, acme/1.2.
    replace(kb_dir, source, V2.replace("unsolicited bulk messages", "unsolicited bulk email or texts"))
    kb = load_knowledge_base(kb_dir)
    assert "bulk email or texts" in kb.clause("acme/1.2").text
    assert "malware" in kb.clause("acme/1.2~new").text
    assert [c.id for c in kb.documents["acme"].clauses] == ["acme/1.1", "acme/1.2~new", "acme/1.2", "acme/1.3"]


def test_a_failed_index_leaves_the_clause_ids_file(tmp_path: Path) -> None:
    kb_dir, source = knowledge_base(tmp_path)
    before = snapshot(kb_dir)
    source.write_text(V2)
    with pytest.raises(RuntimeError):
        ingest_files([source], kb_dir, replace=True, index=failing_index)
    assert snapshot(kb_dir) == before  # no clause-ids.yaml was there: none is left
    replace(kb_dir, source, V2)
    before = snapshot(kb_dir)
    source.write_text(V1)  # back to the first text: every clause gets its parsed id again
    seen: list[dict[str, dict[str, str]]] = []

    def index_then_fail(kb: KnowledgeBase, progress: object) -> None:
        seen.append(kb.clause_ids)  # the staged knowledge base: every clause has its parsed id again
        raise RuntimeError("the index could not be built")

    with pytest.raises(RuntimeError):
        ingest_files([source], kb_dir, replace=True, index=index_then_fail)
    assert seen == [{}]
    assert snapshot(kb_dir) == before
    assert SPAM in load_knowledge_base(kb_dir).clause("acme/1.2").text


def test_a_cited_clause_that_is_removed_refuses_the_ingest_and_says_why(tmp_path: Path) -> None:
    kb_dir, source = knowledge_base(tmp_path)
    before = snapshot(kb_dir)
    # 1.2 is replaced by unrelated text: its id is retired, not handed to the new clause.
    source.write_text(V1.replace(SPAM, "Wear a hat on Fridays and sing loudly in the corridors."))
    with pytest.raises(RulesError, match=r"acme/1\.2.*rules.yaml cites acme/1.2, which acme removes"):
        ingest_files([source], kb_dir, replace=True)
    assert snapshot(kb_dir) == before
    (kb_dir / "rules.yaml").unlink()
    ingest_files([source], kb_dir, replace=True)
    kb = load_knowledge_base(kb_dir)
    assert "acme/1.2" not in kb.clauses
    assert "hat" in kb.clause("acme/1.2~new").text


def test_stale_entries_are_ignored_and_clashing_or_malformed_ones_are_errors(tmp_path: Path) -> None:
    kb_dir, _ = knowledge_base(tmp_path)
    ids_file = kb_dir / CLAUSE_IDS_FILE
    ids_file.write_text(yaml.safe_dump({"gone-document": {"1.1": "9.9"}, "acme": {"7.7": "1.1", "1.1": "1.1"}}))
    assert [c.id for c in load_knowledge_base(kb_dir).documents["acme"].clauses] == ["acme/1.1", "acme/1.2", "acme/1.3"]
    ids_file.write_text(yaml.safe_dump({"acme": {"1.3": "1.2"}}))  # hand-edited: two clauses named 1.2
    with pytest.raises(KnowledgeBaseError, match=r"two clauses named acme/1\.2"):
        load_knowledge_base(kb_dir)
    ids_file.write_text("acme:\n  1.3: 1.2\n")  # unquoted numbers are floats
    with pytest.raises(KnowledgeBaseError, match="quoted strings"):
        load_knowledge_base(kb_dir)
