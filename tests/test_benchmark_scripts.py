"""The ContractNLI and PolicyQA benchmark scripts run end to end on tiny files of their formats (written
here, not taken from the data sets) and write predictions the scorers read, with late interaction on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SENTENCES = [
    "1. The Recipient shall keep the Confidential Information secret.",
    "2. The Recipient may disclose it to its employees who need to know it.",
    "3. On request the Recipient shall return or destroy all copies.",
    "4. This Agreement is governed by the laws of Delaware.",
]
NDA = " ".join(SENTENCES)


def _spans() -> list[list[int]]:
    spans, at = [], 0
    for sentence in SENTENCES:
        spans.append([at, at + len(sentence)])
        at += len(sentence) + 1
    return spans


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args], capture_output=True, text=True, timeout=300
    )


def test_contractnli_script_ranks_every_span_and_reports_late_interaction(tmp_path: Path) -> None:
    spans = _spans()
    data = {
        "documents": [
            {
                "id": n,
                "file_name": f"nda-{n}.txt",
                "text": NDA,
                "spans": spans,
                "annotation_sets": [
                    {
                        "annotations": {
                            "nda-1": {"choice": "Entailment", "spans": [2]},
                            "nda-2": {"choice": "NotMentioned", "spans": []},
                        }
                    }
                ],
            }
            for n in (1, 2)
        ],
        "labels": {
            "nda-1": {
                "short_description": "return",
                "hypothesis": "The Receiving Party shall destroy or return copies.",
            },
            "nda-2": {"short_description": "law", "hypothesis": "The Agreement is governed by the laws of Texas."},
        },
    }
    source = tmp_path / "tiny.json"
    source.write_text(json.dumps(data))
    out = tmp_path / "preds.jsonl"
    proc = _run("contractnli.py", str(source), "--out", str(out), "--cache", str(tmp_path / "cache"))
    assert proc.returncode == 0, proc.stderr
    assert "late interaction: yes" in proc.stdout and "\n  late " in proc.stdout
    preds = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(preds) == 4 and all(sorted(p["ranked_span_ids"]) == list(range(len(spans))) for p in preds)
    assert preds[0]["ranked_span_ids"][0] == 2  # "return or destroy all copies"
    again = _run("contractnli.py", str(source), "--out", str(out), "--cache", str(tmp_path / "cache"), "--no-late")
    assert again.returncode == 0 and "late interaction: no" in again.stdout


def test_policyqa_script_ranks_every_segment(tmp_path: Path) -> None:
    segments = [
        "We collect your name and email address when you register.",
        "We share your information with advertisers to show relevant ads.",
        "You may ask us to delete your account at any time.",
    ]
    paragraphs = [{"context": text, "qas": []} for text in segments]
    paragraphs[1]["qas"] = [{"id": "q1", "question": "Do you give my data to ad companies?", "answers": []}]
    paragraphs[2]["qas"] = [{"id": "q2", "question": "Can I remove my account?", "answers": []}]
    source = tmp_path / "tiny.json"
    source.write_text(json.dumps({"data": [{"title": "Example policy", "paragraphs": paragraphs}]}))
    out = tmp_path / "preds.jsonl"
    proc = _run("policyqa.py", str(source), "--out", str(out), "--cache", str(tmp_path / "cache"))
    assert proc.returncode == 0, proc.stderr
    preds = {p["question"]: p["ranked_segment_ids"] for p in map(json.loads, out.read_text().splitlines())}
    assert preds["Do you give my data to ad companies?"][0] == 1
    assert preds["Can I remove my account?"][0] == 2
    assert all(sorted(r) == [0, 1, 2] for r in preds.values())
