"""Policy versions: clause matching by content and number, `policybot diff`, what-changed questions, dates."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.answer.changes import asks_what_changed, diff_summary
from bot.answer.dates import date_in_question
from bot.answer.quotes import normalise
from bot.answer.service import PolicyService
from bot.policy.ingest import ingest_files
from bot.policy.knowledge import KnowledgeBase
from bot.policy.models import Clause, Document, DocumentMeta
from bot.policy.parsing import parse_text_source
from bot.policy.versions import diff_documents, ingest_notes, match_clauses, renamed_ids, render_words
from bot.rules.model import Verdict
from tests.conftest import KNOWLEDGE, knowledge_copy


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=120)


def clauses(markdown: str, doc_id: str = "doc") -> tuple[Clause, ...]:
    return parse_text_source(markdown, "markdown", DocumentMeta(id=doc_id)).clauses


def kinds(changes: list) -> list[tuple[str, str | None, str | None]]:  # type: ignore[type-arg]
    return [(c.kind, c.old and c.old.id, c.new and c.new.id) for c in changes if c.kind != "unchanged"]


# --- the two versions of the code of conduct -------------------------------------------------------


def test_coc_2023_to_2024_is_exactly_the_section_3_changes(kb: KnowledgeBase) -> None:
    diff = diff_documents(kb.documents["coc-2023"], kb.documents["coc-2024"])
    assert kinds(diff.changed()) == [
        ("changed", "coc-2023/3.1", "coc-2024/3.1"),
        ("added", None, "coc-2024/3.2"),
        ("added", None, "coc-2024/3.3"),
    ]
    assert diff.count("unchanged") == len(kb.documents["coc-2023"].clauses) - 1
    changed = diff.changed()[0]
    assert 0.25 <= changed.similarity < 0.6  # a rewrite kept under its number, not a near copy
    shown = render_words(changed.words, ("[-", "-]"), ("{+", "+}"))
    assert "[-No integration may use-]" in shown
    assert "{+must not be used for+}" in shown
    # Every clause of 2023 lives on in 2024 under the same number: the lineage rules and audits can follow.
    assert renamed_ids(diff.changes) == {
        c.id: c.id.replace("coc-2023", "coc-2024") for c in kb.documents["coc-2023"].clauses
    }


def test_cli_diff_text_json_markdown_and_files(tmp_path: Path) -> None:
    proc = run("diff", "coc-2023", "coc-2024", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["summary"] == {"changed": 1, "added": 2, "removed": 0, "renumbered": 0, "unchanged": 43}
    assert [(c["kind"], c["old_id"], c["new_id"]) for c in data["changes"]] == [
        ("changed", "coc-2023/3.1", "coc-2024/3.1"),
        ("added", None, "coc-2024/3.2"),
        ("added", None, "coc-2024/3.3"),
    ]
    assert data["changes"][0]["new_title"] == "No facial recognition for police in the United States"
    assert {"op", "old", "new"} <= data["changes"][0]["words"][0].keys()
    text = run("diff", "coc-2023", "coc-2024").stdout
    assert "1 clause changed, 2 clauses added" in text
    assert run("diff", "coc-2023", "coc-2024", "--md").stdout.startswith("# coc-2023 → coc-2024")
    by_path = json.loads(
        run(
            "diff", str(KNOWLEDGE / "code-of-conduct-2023.md"), str(KNOWLEDGE / "code-of-conduct-2024.md"), "--json"
        ).stdout
    )
    assert by_path["summary"] == data["summary"]
    for bad in (["coc-2023", "coc-2099"], ["coc-2023", str(tmp_path / "missing.md")]):
        failed = run("diff", *bad)
        assert failed.returncode != 0 and "Traceback" not in failed.stderr
        assert len(failed.stderr.strip().splitlines()) == 1


# --- matching by content as well as by number -------------------------------------------------------

OLD = """# Policy

## 1. Rules

### 1.1 Keep records
Keep records of every request for seven years.

### 1.2 No spam
Do not use the service to send unsolicited bulk messages to anyone.

### 1.3 Report abuse
Report abuse of the service to the trust team within one day of finding it.
"""


def test_a_clause_inserted_before_others_renumbers_them_and_they_keep_their_identity() -> None:
    new = OLD.replace("### 1.2 No spam", "### 1.2 No malware\nDo not distribute malware.\n\n### 1.3 No spam").replace(
        "### 1.3 Report abuse", "### 1.4 Report abuse"
    )
    changes = match_clauses(clauses(OLD, "v1"), clauses(new, "v2"))
    assert kinds(changes) == [
        ("added", None, "v2/1.2"),
        ("renumbered", "v1/1.2", "v2/1.3"),
        ("renumbered", "v1/1.3", "v2/1.4"),
    ]
    assert renamed_ids(changes) == {"v1/1.1": "v2/1.1", "v1/1.2": "v2/1.3", "v1/1.3": "v2/1.4"}


def test_an_edited_clause_keeps_its_number_and_a_moved_and_edited_one_is_found_by_content() -> None:
    new = (
        OLD.replace("seven years", "ten years")
        .replace("### 1.2 No spam\nDo not use the service to send unsolicited bulk messages to anyone.\n\n", "")
        .replace("### 1.3 Report abuse", "### 1.2 Report abuse")
        .replace("within one day", "within two days")
    )
    changes = match_clauses(clauses(OLD, "v1"), clauses(new, "v2"))
    assert kinds(changes) == [
        ("changed", "v1/1.1", "v2/1.1"),
        ("removed", "v1/1.2", None),
        ("changed", "v1/1.3", "v2/1.2"),
    ]
    assert changes[0].words[1].op == "replace"
    assert (changes[0].words[1].old, changes[0].words[1].new) == ("seven", "ten")


def test_a_rewritten_clause_under_the_same_number_is_a_change_and_an_unrelated_one_is_not() -> None:
    rewritten = OLD.replace(
        "Do not use the service to send unsolicited bulk messages to anyone.",
        "Do not use the service to send spam, that is unsolicited messages in bulk, to anyone at all.",
    )
    assert kinds(match_clauses(clauses(OLD, "v1"), clauses(rewritten, "v2"))) == [("changed", "v1/1.2", "v2/1.2")]
    replaced = OLD.replace(
        "### 1.2 No spam\nDo not use the service to send unsolicited bulk messages to anyone.",
        "### 1.2 Data residency\nCustomer content stays in the region the customer chose when signing up.",
    )
    assert kinds(match_clauses(clauses(OLD, "v1"), clauses(replaced, "v2"))) == [
        ("removed", "v1/1.2", None),
        ("added", None, "v2/1.2"),
    ]


def test_identical_versions_have_no_changes() -> None:
    assert kinds(match_clauses(clauses(OLD, "a"), clauses(OLD, "b"))) == []


# --- what changed? -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "What changed in the May 2024 update?",
        "What's new in the 2024 code of conduct?",
        "What are the differences between the 2023 and 2024 versions?",
        "How has the code of conduct changed?",
        "Summarise the changes in the latest update",
        "Which clauses changed?",
    ],
)
def test_what_changed_questions_are_answered_from_the_diff(service: PolicyService, question: str) -> None:
    answer = service.ask(question)
    assert answer.verdict is Verdict.INFORMATIONAL  # no use is asked about: the answer explains the policy
    assert {c.clause_id for c in answer.citations} == {"coc-2023/3.1", "coc-2024/3.1", "coc-2024/3.2", "coc-2024/3.3"}
    assert {c.document_id for c in answer.citations} == {"coc-2023", "coc-2024"}  # both versions
    for citation in answer.citations:
        assert normalise(citation.quote) in normalise(service.kb.clause(citation.clause_id).text)
    assert "Changed 3.1" in answer.answer and "Added 3.2" in answer.answer and "Added 3.3" in answer.answer
    assert answer.policy_versions == ["coc-2023 (2023)", "coc-2024 (2024)"]


@pytest.mark.parametrize(
    "question",
    [
        "Can police still use face recognition after the May 2024 update?",
        "Can the NYPD use facial recognition?",
        "Has anything changed for retailers using face verification? Can they use it now?",
    ],
)
def test_may_we_questions_are_not_taken_for_what_changed(question: str) -> None:
    assert not asks_what_changed(question)


def test_what_changed_in_the_cli(tmp_path: Path) -> None:
    data = json.loads(run("ask", "What changed in the May 2024 update?", "--json", "--no-llm").stdout)
    assert data["verdict"] == "informational"
    assert {c["document_id"] for c in data["citations"]} == {"coc-2023", "coc-2024"}


def test_diff_summary_names_versions_and_counts(kb: KnowledgeBase) -> None:
    summary = diff_summary(diff_documents(kb.documents["coc-2023"], kb.documents["coc-2024"]))
    first = summary.splitlines()[0]
    assert "coc-2024" in first and "coc-2023" in first and "2024-05-01" in first
    assert "the other 43 clauses are unchanged" in first


# --- the version in force --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Can a bank verify selfies as of 2024-03-01?", date(2024, 3, 1)),
        ("Can a bank verify selfies on 2024/03/01?", date(2024, 3, 1)),
        ("As of March 1, 2024, can a bank verify selfies?", date(2024, 3, 1)),
        ("As of 1 March 2024, can a bank verify selfies?", date(2024, 3, 1)),
        ("In March 2024, could a bank verify selfies?", date(2024, 3, 1)),
        ("Could a bank verify selfies before May 2024?", date(2024, 4, 30)),
        ("Could a bank verify selfies before 2024-05-01?", date(2024, 4, 30)),
        ("Under the 2023 code, could a bank verify selfies?", date(2023, 1, 1)),
        ("Can a bank verify selfies?", None),
        # a month or a span of months in the other languages: the day the use began
        ("Von Januar bis März 2024 hat ein Hotel Selfies mit Ausweisen abgeglichen.", date(2024, 1, 1)),
        ("De noviembre de 2023 a febrero de 2024 un banco verificó selfies.", date(2023, 11, 1)),
        ("Between February and April 2024 a bank verified selfies.", date(2024, 2, 1)),
        ("Nel marzo 2024 una banca verificava i selfie.", date(2024, 3, 1)),
        ("W marcu 2024 bank weryfikował selfie.", date(2024, 3, 1)),
        ("2024年1月から3月まで、銀行が自撮りを照合していました。", date(2024, 1, 1)),
        ("2024년 2월에 은행이 셀카를 확인했어요.", date(2024, 2, 1)),
        ("En mai 2019, une banque vérifiait des selfies.", None),  # before any version: answered for today
        # a day named with the month, in any language: that day
        ("Del 8 de enero al 28 de marzo de 2024 usamos la identificación facial.", date(2024, 1, 8)),
        ("Vom 8. Januar bis 28. März 2024 glich ein Hotel Selfies ab.", date(2024, 1, 8)),
        ("From January 8 to March 28, 2024 a bank verified selfies.", date(2024, 1, 8)),
        ("Le 8 janvier 2024, une banque vérifiait des selfies.", date(2024, 1, 8)),
        ("Dal 20 maggio 2024 una banca verifica i selfie.", date(2024, 5, 20)),
        ("2024年1月8日から3月28日まで、銀行が自撮りを照合していました。", date(2024, 1, 8)),
        # abbreviated months, with or without a full stop
        ("Back in Feb 2024 a gym checked members' faces at the door.", date(2024, 2, 1)),
        ("En janv. 2024, une salle de sport vérifiait les visages.", date(2024, 1, 1)),
        ("Im Dez. 2023 hat ein Fitnessstudio Gesichter geprüft.", date(2023, 12, 1)),
        ("In mrt 2024 controleerde een sportschool gezichten.", date(2024, 3, 1)),
        ("W lut. 2024 siłownia sprawdzała twarze.", date(2024, 2, 1)),
        ("We bought a set of 2024 calendars two years ago.", None),
        # a part of a month: its first day (early 1st, mid 15th, late or end 21st), in the European languages
        ("From mid-March to the end of April 2024 a bank verified selfies.", date(2024, 3, 15)),
        ("Von Mitte März bis Ende April 2024 glich eine Bank Selfies ab.", date(2024, 3, 15)),
        ("De mi-mars à fin avril 2024, une banque vérifiait des selfies.", date(2024, 3, 15)),
        ("A mediados de marzo de 2024 un banco verificó selfies.", date(2024, 3, 15)),
        ("Od połowy marca do końca kwietnia 2024 bank weryfikował selfie.", date(2024, 3, 15)),
        ("In late March 2024 a bank verified selfies.", date(2024, 3, 21)),
        # a version argued to cover a use retroactively is not the date of the use
        ("The 2024 code allows it now, so last year's selfie checks are covered retroactively?", None),
        ("Since the 2024 policy allows it, are our earlier checks covered retroactively?", None),
        ("Since the 2024 policy allows it, are our checks covered?", date(2024, 5, 1)),
    ],
)
def test_dates_and_versions_named_in_a_question(kb: KnowledgeBase, text: str, expected: date | None) -> None:
    assert date_in_question(text, kb.version_dates) == expected


@pytest.mark.parametrize(
    ("question", "versions", "verdict"),
    [
        (
            "Can a retailer in Canada use face verification for loyalty sign-up as of 2024-03-01?",
            "coc-2023",
            "prohibited",
        ),
        (
            "Under the 2023 code, could a retailer in Canada use face verification for loyalty sign-up?",
            "coc-2023",
            "prohibited",
        ),
        ("Can a retailer in Canada use face verification for loyalty sign-up?", "coc-2024", "permitted"),
    ],
)
def test_the_version_in_force_answers(service: PolicyService, question: str, versions: str, verdict: str) -> None:
    answer = service.ask(question)
    assert answer.verdict.value == verdict
    assert any(v.startswith(versions) for v in answer.policy_versions)
    assert all(service.kb.in_force(c.clause_id, answer.as_of) for c in answer.citations)


# --- ingestion: what a new text does to clause ids ------------------------------------------------


def _insert_deepfakes(text: str) -> str:
    text = text.replace(
        "### 4.1 Emotion inference", "### 4.1 Deepfakes\nNo deceptive impersonation.\n\n### 4.2 Emotion inference"
    )
    for n in (6, 5, 4, 3, 2):  # from the last, so no clause moves twice
        text = re.sub(rf"^### 4\.{n} (?!Emotion)", f"### 4.{n + 1} ", text, flags=re.M)
    return text


def test_ingesting_a_new_version_names_each_cited_clause_successor(tmp_path: Path) -> None:
    kb_dir = knowledge_copy(tmp_path)
    source = (KNOWLEDGE / "code-of-conduct-2024.md").read_text()
    new = (
        _insert_deepfakes(source)
        .replace("id: coc-2024", "id: coc-2025")
        .replace("supersedes: coc-2023", "supersedes: coc-2024")
    )
    path = tmp_path / "code-of-conduct-2025.md"
    path.write_text(new.replace("effective: 2024-05-01", "effective: 2025-06-01"))
    result = ingest_files([path], kb_dir)
    assert result.renumbered == {}  # a new document keeps its own ids; the notes carry the lineage
    assert result.notes[0] == "coc-2025 supersedes coc-2024: 1 added, 6 renumbered"
    assert (
        "rules.yaml cites coc-2024/4.6; its text in coc-2025 is coc-2025/4.7 (renumbered): add it there" in result.notes
    )


def test_replacing_a_document_reports_renumbered_clauses_which_keep_their_ids(tmp_path: Path) -> None:
    kb_dir = knowledge_copy(tmp_path)
    path = tmp_path / "code-of-conduct-2024.md"
    path.write_text(_insert_deepfakes((KNOWLEDGE / "code-of-conduct-2024.md").read_text()))
    result = ingest_files([path], kb_dir, replace=True)
    assert result.renumbered["coc-2024/4.1"] == "coc-2024/4.2"  # kept id → the number it now carries
    assert result.renumbered["coc-2024/4.6"] == "coc-2024/4.7"
    assert "rules.yaml cites coc-2024/4.1, now numbered 4.2: it keeps its id" in result.notes


def test_ingest_notes_for_a_changed_and_a_removed_cited_clause() -> None:
    old = clauses(OLD, "p")
    new = clauses(
        OLD.replace("seven years", "ten years").replace("### 1.3 Report abuse\n", "").split("Report abuse")[0], "p"
    )
    document = Document(meta=DocumentMeta(id="p"), path="p.md", clauses=old)
    renumbered, notes, ids = ingest_notes(document, "p", new, {"p/1.1", "p/1.3"})
    assert renumbered == {}
    assert ids == {"p/1.1": "p/1.1", "p/1.2": "p/1.2"}  # the changed clause keeps its id under its number
    assert notes[1:] == [
        "rules.yaml cites p/1.1, whose text changed: check the rule still holds",
        "rules.yaml cites p/1.3, which p removes",
    ]
