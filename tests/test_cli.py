"""The public CLI contract, driven as a user would: a subprocess per command.

The contract: docs/architecture.md, "The public contract", and the README's "CLI reference".
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import KNOWLEDGE


def run(*args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, input=stdin, timeout=timeout
    )


def assert_clean_failure(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    for word in words:
        assert word in proc.stderr


def test_ask_json_contract_and_verbatim_quotes() -> None:
    proc = run("ask", "Can a police department in Texas use the service for facial recognition?", "--json", "--no-llm")
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert {"verdict", "answer", "citations", "decision", "facts", "mode", "warnings"} <= answer.keys()
    assert answer["verdict"] == "prohibited"
    assert answer["mode"] == "extractive"
    assert {"verdict", "rules", "missing_facts"} <= answer["decision"].keys()
    cited = {c["clause_id"] for c in answer["citations"]}
    assert "coc-2024/3.1" in cited
    for citation in answer["citations"]:
        clause = json.loads(run("clause", citation["clause_id"], "--json").stdout)
        assert citation["quote"] in clause["text"]
        assert {"clause_id", "document_id", "version", "section", "modality", "text"} <= clause.keys()


def test_as_of_selects_the_version_in_force() -> None:
    question = "Can a retailer in Canada use face verification for loyalty sign-up?"
    old = json.loads(run("ask", question, "--json", "--as-of", "2024-02-01").stdout)
    assert old["verdict"] == "prohibited"
    assert [c["clause_id"] for c in old["citations"]] == ["coc-2023/3.1"]
    assert json.loads(run("ask", question, "--json").stdout)["verdict"] != "prohibited"


def test_batch_answers_every_line_and_reports_bad_ones(tmp_path: Path) -> None:
    batch = tmp_path / "questions.jsonl"
    batch.write_text(
        "\n".join(
            [
                json.dumps({"question": "Can the NYPD use face recognition?"}),
                json.dumps({"question": "Can a bank verify selfies against IDs?", "as_of": "2024-03-01"}),
                '{"question": not json',
                json.dumps({"question": "What is the capital of France?", "as_of": "yesterday"}),
                json.dumps({"questions": "a typo in the key"}),
            ]
        )
        + "\n"
    )
    proc = run("ask", "--batch", str(batch), "--json")
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line.get("verdict") for line in lines] == ["prohibited", "prohibited", None, None, None]
    assert lines[2]["line"] == 3 and "JSON" in lines[2]["error"]
    assert "date" in lines[3]["error"]
    assert lines[4]["line"] == 5 and "question" in lines[4]["error"]
    assert proc.returncode == 1


def test_batch_takes_plain_text_one_question_a_line(tmp_path: Path) -> None:
    batch = tmp_path / "questions.txt"
    batch.write_text("Can the NYPD use face recognition?\n\nWhat is the capital of France?\n")
    proc = run("ask", "--batch", str(batch), "--json", "--no-llm")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line["verdict"] for line in lines] == ["prohibited", "out_of_scope"]
    assert lines[0]["question"] == "Can the NYPD use face recognition?"


@pytest.mark.parametrize("question", ["", "   ", "\x01\x02\u200b"])
def test_empty_questions_fail_cleanly(question: str) -> None:
    assert_clean_failure(run("ask", question, "--json"), "empty")


def test_a_100kb_question_is_answered_with_a_warning() -> None:
    proc = run("ask", "Can the NYPD use facial recognition? " + "x" * 100_000, "--json")
    answer = json.loads(proc.stdout)
    assert answer["verdict"] == "prohibited"
    assert any("characters" in w for w in answer["warnings"])


def test_bad_date_and_unknown_clause_fail_cleanly() -> None:
    assert_clean_failure(run("ask", "Can the NYPD use face rec?", "--as-of", "2024-13-01"), "date")
    assert_clean_failure(run("clause", "coc-2024/9.9"), "coc-2024/9.9")


@pytest.mark.parametrize(
    ("args", "error"),
    [(("asq", "Can we?"), "No such command 'asq'"), (("clause",), "Missing argument"), (("rules", "chek"), "No such")],
)
def test_a_mistyped_command_gets_the_usage_and_exit_2(args: tuple[str, ...], error: str) -> None:
    proc = run(*args)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "internal error" not in proc.stderr
    assert "Usage:" in proc.stderr
    assert "--help' for help." in proc.stderr
    assert f"Error: {error}" in proc.stderr
    if "No such" in error:  # the commands the user could have meant, of the group they typed into
        listed = proc.stderr.split("Commands: ", 1)[1]
        assert ("ask" in listed) if args[0] == "asq" else ("coverage" in listed and "ask" not in listed)


def test_rules_check_names_file_and_line_of_a_broken_rules_file(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, kb)
    assert run("rules", "check", "--kb", str(kb)).returncode == 0
    rules = kb / "rules.yaml"
    good = rules.read_text()
    rules.write_text(good + "\n- id: broken\n  effect: [unclosed\n")
    assert_clean_failure(run("rules", "check", "--kb", str(kb)), "rules.yaml")
    line = good.count("\n") + 2
    rules.write_text(
        good + "\n- id: typo\n  effect: prohibit\n  clauses: [coc-2024/3.1]\n  summary: x\n"
        "  when:\n    - {fact: actr_type, op: eq, value: police_department}\n"
    )
    assert_clean_failure(run("rules", "check", "--kb", str(kb)), f"rules.yaml:{line}", "actr_type")
    rules.write_text(
        good + "\n- id: ghost\n  effect: prohibit\n  clauses: [coc-2024/99]\n  summary: x\n"
        "  when:\n    - {fact: country, op: eq, value: US}\n"
    )
    assert_clean_failure(run("rules", "check", "--kb", str(kb)), "coc-2024/99")
    # a key given twice: YAML would keep the last one, and the rule would lose its first `id` unseen
    rules.write_text(
        good + "\n- id: twice\n  effect: prohibit\n  clauses: [coc-2024/3.1]\n  summary: x\n  id: again\n"
        "  when:\n    - {fact: country, op: eq, value: US}\n"
    )
    assert_clean_failure(run("rules", "check", "--kb", str(kb)), f"rules.yaml:{line + 4}", "duplicate key 'id'")


def test_a_bad_document_stops_the_knowledge_base_with_its_name(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, kb)
    (kb / "broken.pdf").write_bytes(b"%PDF-1.7 truncated")
    assert_clean_failure(run("ask", "Can the NYPD use face rec?", "--kb", str(kb)), "broken.pdf")


def test_check_facts_decides_without_text_and_rejects_bad_facts() -> None:
    facts = {"actor_type": "police_department", "country": "US", "capabilities": ["facial_recognition"]}
    decision = json.loads(run("check", "--facts", json.dumps(facts), "--as-of", "2024-06-01").stdout)
    assert decision["verdict"] == "prohibited"
    assert_clean_failure(run("check", "--facts", '{"actor_type": "pirate"}'), "actor_type")
    assert_clean_failure(run("check", "--facts", "{not json"), "facts")


def test_eval_passes_on_the_shipped_golden_questions() -> None:
    proc = run("eval", "--no-show-failures", timeout=900)  # thousands of questions: a busy machine takes minutes
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "false permits: 0" in proc.stdout


def test_search_gives_offsets_into_the_source_file() -> None:
    data = json.loads(run("search", "police facial recognition United States", "--json", "--k", "3").stdout)
    assert data["results"]
    modality = {r["clause_id"]: r["modality"] for r in data["results"]}
    assert modality["coc-2024/3.1"] == modality["face-la/2.1"] == "prohibits"
    assert set(modality.values()) <= {"prohibits", "requires", "permits", "defines", "informs"}
    for result in data["results"]:
        doc = next(p for p in KNOWLEDGE.glob("*.md") if f"\nid: {result['document_id']}\n" in p.read_text())
        source = doc.read_text(encoding="utf-8")
        assert result["text"].split("\n")[-1][:40] in source[result["start"] : result["end"]]


def test_ingest_then_search_a_real_policy(tmp_path: Path, corpus: Path) -> None:
    doc = corpus / "meta-llama-3-acceptable-use-policy.md"
    kb = tmp_path / "kb"
    proc = run("ingest", str(doc), "--kb", str(kb))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(run("search", "Can I use it to build guns?", "--kb", str(kb), "--json", "--k", "5").stdout)
    assert any("weapon" in r["text"].lower() for r in data["results"])
    source = doc.read_text(encoding="utf-8")
    for r in data["results"]:
        words = r["text"].split()
        assert words[0].strip("*") in source[r["start"] : r["end"]]

    junk = tmp_path / "junk.pdf"
    junk.write_bytes(bytes(range(256)) * 16)
    before = sorted(p.name for p in kb.iterdir())
    assert_clean_failure(run("ingest", str(junk), "--kb", str(kb)), "junk.pdf")
    assert sorted(p.name for p in kb.iterdir()) == before
    assert run("search", "weapons", "--kb", str(kb), "--json").returncode == 0
