"""`policybot rules coverage` and `policybot rules draft`, driven as a policy owner would."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.policy.knowledge import load_knowledge_base
from bot.policy.models import Clause
from bot.rules.coverage import ENFORCEABLE, uncovered_clauses
from bot.rules.draft import key_phrases
from tests.conftest import KNOWLEDGE, ROOT, TODAY
from tests.fakes.openai_server import FakeOpenAI, Reply

POLICY = """---
id: widgets-aup
title: Widgets Acceptable Use Policy
version: "2"
---
# Widgets Acceptable Use Policy

Thank you for choosing Widgets.

## Prohibited uses

You agree you will not use Widgets to:

* Create or expand facial recognition databases without consent
* Generate malware, spyware or ransomware

## Your obligations

Customers must disclose to end users that they are talking to an AI system.

## Contact

Questions? Write to policy@widgets.example.
"""


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**base, "PYTHONPATH": str(ROOT), **(env or {})},
    )


@pytest.fixture()
def new_kb(tmp_path: Path) -> Path:
    """A knowledge base as `policybot ingest` leaves it: one policy, no rules.yaml."""
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "widgets-aup.md").write_text(POLICY, encoding="utf-8")
    return kb


def test_the_shipped_knowledge_base_has_no_gaps() -> None:
    proc = run("rules", "coverage", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_shipped_coverage_lists_exactly_the_unenforced_prohibiting_or_requiring_clauses_in_force() -> None:
    kb = load_knowledge_base(KNOWLEDGE)
    gaps = {c.id for c in uncovered_clauses(kb, TODAY)}
    enforced = {cid for rule in kb.rules for cid in rule.clauses}
    for clause in kb.clauses.values():
        should_list = clause.modality in ENFORCEABLE and kb.in_force(clause.id, TODAY) and clause.id not in enforced
        assert (clause.id in gaps) == should_list, clause.id
    assert not any(g.startswith("coc-2023/") for g in gaps)  # superseded: not in force


def test_a_knowledge_base_without_rules_lists_its_prohibiting_and_requiring_clauses(new_kb: Path) -> None:
    proc = run("rules", "coverage", "--kb", str(new_kb), "--json")
    assert proc.returncode == 0, proc.stderr
    gaps = json.loads(proc.stdout)
    assert [(g["clause_id"], g["modality"]) for g in gaps] == [  # the lead-in s1.1.p1 goes with its items
        ("widgets-aup/s1.1.p2", "prohibits"),
        ("widgets-aup/s1.1.p3", "prohibits"),
        ("widgets-aup/s1.2.p1", "requires"),
    ]
    first = gaps[0]
    assert first == {
        "clause_id": "widgets-aup/s1.1.p2",
        "document_id": "widgets-aup",
        "version": "2",
        "section": ["Widgets Acceptable Use Policy", "Prohibited uses"],
        "modality": "prohibits",
        "text": "Create or expand facial recognition databases without consent",
    }
    text = run("rules", "coverage", "--kb", str(new_kb)).stdout
    assert "widgets-aup (version 2) › Widgets Acceptable Use Policy › Prohibited uses" in text
    assert "3 clause(s) in force" in text


def test_a_rule_naming_a_clause_closes_its_gap(new_kb: Path) -> None:
    (new_kb / "rules.yaml").write_text(
        "- id: no-face-databases\n  effect: prohibit\n  clauses: [widgets-aup/s1.1.p2]\n"
        "  summary: No facial recognition databases.\n"
        "  when:\n    - {fact: capabilities, op: has, value: facial_recognition}\n",
        encoding="utf-8",
    )
    gaps = json.loads(run("rules", "coverage", "--kb", str(new_kb), "--json").stdout)
    assert [g["clause_id"] for g in gaps] == ["widgets-aup/s1.1.p3", "widgets-aup/s1.2.p1"]


def test_the_skeleton_draft_proposes_a_value_a_rule_and_a_golden_question_per_gap(new_kb: Path) -> None:
    proc = run("rules", "draft", "--kb", str(new_kb))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# DRAFT for review")
    assert "Never active by itself" in proc.stdout and "deterministic skeleton" in proc.stdout
    draft = yaml.safe_load(proc.stdout)
    assert list(draft) == ["vocabulary", "rules", "golden"]
    values = draft["vocabulary"]["capabilities"]["values"]
    gaps = json.loads(run("rules", "coverage", "--kb", str(new_kb), "--json").stdout)
    assert [r["clauses"] for r in draft["rules"]] == [[g["clause_id"]] for g in gaps]
    for rule, gap, golden in zip(draft["rules"], gaps, draft["golden"], strict=True):
        assert rule["effect"] == ("prohibit" if gap["modality"] == "prohibits" else "require")
        assert ("obligation" in rule) == (gap["modality"] == "requires")
        [condition] = rule["when"]
        assert condition["fact"] == "capabilities" and condition["op"] == "has"
        value = values[condition["value"]]
        assert value["cues"] and value["examples"] == [] and value["clauses"] == [gap["clause_id"]]
        assert golden["cites"] == [gap["clause_id"]] and golden["question"].startswith("Can we use the service ")
        assert golden["expect"] == ("prohibited" if gap["modality"] == "prohibits" else "needs_review")
    face = values[draft["rules"][0]["when"][0]["value"]]
    assert "expand facial recognition databases" in face["cues"]
    assert len({r["id"] for r in draft["rules"]}) == len(draft["rules"])
    assert run("rules", "draft", "--kb", str(new_kb)).stdout == proc.stdout  # deterministic


def test_draft_out_writes_the_whole_file_and_nothing_else(new_kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "drafts" / "rules-draft.yaml"
    out.parent.mkdir()
    proc = run("rules", "draft", "--kb", str(new_kb), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["rules"]
    assert [p.name for p in out.parent.iterdir()] == ["rules-draft.yaml"]
    bad = run("rules", "draft", "--kb", str(new_kb), "--out", str(tmp_path / "missing" / "d.yaml"))
    assert bad.returncode != 0 and "cannot write" in bad.stderr and "Traceback" not in bad.stderr


def test_nothing_to_draft_when_every_gap_is_closed(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "notes.md").write_text("---\nid: notes\n---\n# Notes\n\nWe update this page yearly.\n", encoding="utf-8")
    assert json.loads(run("rules", "coverage", "--kb", str(kb), "--json").stdout) == []
    proc = run("rules", "draft", "--kb", str(kb))
    assert proc.returncode == 0 and proc.stdout == "" and "nothing to draft" in proc.stderr


def test_key_phrases_are_plain_distinctive_phrases() -> None:
    clause = Clause(
        id="x/1", document_id="x", version="1", text="Do not build spyware or stalkerware apps", start=0, end=40
    )
    assert key_phrases(clause) == ["build spyware", "stalkerware apps"]


def _clauses_asked(request: dict[str, Any]) -> list[dict[str, Any]]:
    text = request["messages"][-1]["content"]
    match = re.search(r"<clauses>\n(.*?)\n</clauses>", text, re.S)
    assert match, text
    return json.loads(match.group(1))


def drafting_model(request: dict[str, Any]) -> Reply:
    """Words a proposal for every clause asked about, except that it skips the last one."""
    asked = _clauses_asked(request)
    drafts = [
        {
            "clause_id": c["clause_id"],
            "value_id": f"llm_value_{n}",
            "description": "A kind of use the clause is about.",
            "cues": ["first cue", "second cue"],
            "examples": ["Can we do this?"],
            "question": "Is the use of this kind?",
            "summary": "The clause forbids this kind of use.",
            "golden_question": "Can we use Widgets for this?",
        }
        for n, c in enumerate(asked[:-1])
    ]
    return Reply(json.dumps({"drafts": drafts}))


def test_with_an_llm_the_draft_is_worded_by_it_and_falls_back_to_skeletons(new_kb: Path) -> None:
    with FakeOpenAI(drafting_model) as fake:
        proc = run(
            "rules",
            "draft",
            "--kb",
            str(new_kb),
            env={"OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": "sk-test", "POLICYBOT_LLM_RETRIES": "0"},
        )
        asked = [c["clause_id"] for r in fake.requests for c in _clauses_asked(r)]
    assert proc.returncode == 0, proc.stderr
    assert "worded by the LLM" in proc.stdout
    draft = yaml.safe_load(proc.stdout)
    values = draft["vocabulary"]["capabilities"]["values"]
    assert list(values)[:2] == ["llm_value_0", "llm_value_1"]
    assert values["llm_value_0"]["cues"] == ["first cue", "second cue"]
    assert draft["rules"][0]["summary"] == "The clause forbids this kind of use."
    assert asked == [r["clauses"][0] for r in draft["rules"]]
    assert "note: the LLM's draft for widgets-aup/s1.2.p1 was missing" in proc.stderr
    assert draft["rules"][2]["effect"] == "require"  # the skipped clause got its skeleton


def test_bad_llm_output_gives_skeletons_not_an_error(new_kb: Path) -> None:
    with FakeOpenAI(lambda request: Reply("this is not JSON at all")) as fake:
        proc = run(
            "rules",
            "draft",
            "--kb",
            str(new_kb),
            env={"OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": "sk-test", "POLICYBOT_LLM_RETRIES": "0"},
        )
    assert proc.returncode == 0, proc.stderr
    skeleton = run("rules", "draft", "--kb", str(new_kb)).stdout
    assert yaml.safe_load(proc.stdout) == yaml.safe_load(skeleton)
    assert "skeletons instead" in proc.stderr


def test_the_draft_prompt_declares_what_it_uses() -> None:
    from bot.answer.prompts import load_prompt

    prompt = load_prompt(ROOT / "prompts", "rules_draft")
    assert prompt.variables == {"fact", "clauses"}
    assert "<clauses>\n[]\n</clauses>" in prompt.render(fact="capabilities", clauses="[]")


def test_a_lead_in_without_items_of_its_own_is_a_gap(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "p.md").write_text(
        "---\nid: p\n---\n# P\n\nYou must not use the service to:\n\n"
        "## Contact\n\nWrite to us.\n\n## Rules\n\nDo not spy on people, including:\n\n* Reading private mail\n",
        encoding="utf-8",
    )
    gaps = [c.id for c in uncovered_clauses(load_knowledge_base(kb), TODAY)]
    assert gaps == ["p/s1.p1", "p/s1.2.p2"]
