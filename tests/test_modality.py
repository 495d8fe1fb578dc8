"""Each clause's modality, read at parse time from its words, its list's lead-in and its headings.

The policies here are written for the tests (never copied from ../shared/corpus); the measure on real,
blind-labelled policies is benchmarks/modality.py, run at the end of this file when the corpus is here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.policy.modality import MODALITIES, read_sentences
from bot.policy.models import DocumentMeta
from bot.policy.parsing import parse_text_source
from tests.conftest import KNOWLEDGE, ROOT, SHARED


def modalities(source: str, fmt: str = "markdown") -> dict[str, str]:
    """First words of each clause's last line → its modality."""
    parsed = parse_text_source(source, fmt, DocumentMeta(id="t"))
    return {c.text.split("\n")[-1][:24]: c.modality for c in parsed.clauses}


def test_list_items_inherit_their_lead_in_through_nested_lists() -> None:
    got = modalities(
        "Intro paragraph about the tool.\n\n"
        "You agree you will not use the tool to:\n\n"
        "* Break the law, including to:\n"
        "    * Promote violence\n"
        "    * Sell illegal drugs\n"
        "* Run critical infrastructure\n"
    )
    assert got == {
        "Intro paragraph about th": "informs",
        "You agree you will not u": "prohibits",
        "Break the law, including": "prohibits",
        "Promote violence": "prohibits",
        "Sell illegal drugs": "prohibits",
        "Run critical infrastruct": "prohibits",
    }


def test_a_bold_do_not_line_heads_the_lead_in_and_its_items() -> None:
    got = modalities(
        "## Standards\n\n**Do Not Harm Children**\n\nThis includes using our products to:\n\n"
        "* Create abusive material\n* Groom a minor\n\n**Do Not Spam**\n\n* Send bulk unsolicited mail\n"
    )
    assert set(got.values()) == {"prohibits"}


def test_exceptions_do_not_prohibit_but_an_item_with_a_qualifier_still_does() -> None:
    got = modalities(
        "Do not build tools that:\n\n"
        "1. Produce explicit content. This does not include content made for research.\n"
        "2. Infer emotions at work, except when needed for safety\n"
        "3. This does not include medical uses.\n"
        "4. Serve law enforcement. Except for the following permitted uses:\n"
        "    1. Back office summarisation\n"
    )
    assert got == {
        "Do not build tools that:": "prohibits",
        "Produce explicit content": "prohibits",
        "Infer emotions at work, ": "prohibits",
        "This does not include me": "permits",
        "Serve law enforcement. E": "prohibits",
        "Back office summarisatio": "permits",
    }


def test_headings_apply_to_what_they_head() -> None:
    got = modalities(
        "# Acme Prohibited Use Policy\n\nLast modified: 1 May 2024\n\n"
        "## Prohibited uses\n\nGenerating malware or spyware of any kind.\n\n"
        "## Definitions\n\nA model is a trained system.\n\n"
        "## Changelog\n\n* 2024-05-01: We no longer require you to register.\n"
    )
    assert got == {
        "Last modified: 1 May 202": "informs",  # a document's title is not a heading of prohibitions
        "Generating malware or sp": "prohibits",
        "A model is a trained sys": "defines",
        "2024-05-01: We no longer": "informs",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Customers must register before using face identification.", "requires"),
        ("Providers shall keep records, and are required to disclose AI use.", "requires"),
        ("Every customer may use the services for drafting.", "permits"),
        ("Face detection is permitted without registration.", "permits"),
        ('In this code, "law enforcement" means police forces and similar agencies.', "defines"),
        ("A probe image refers to an image submitted for matching.", "defines"),
        ("The services must not be used to infer emotions.", "prohibits"),
        ("Using the services for scams is strictly prohibited.", "prohibits"),
        ("No integration may use the services to identify people.", "prohibits"),
        ("We don't allow bots that impersonate people.", "prohibits"),
        ("Please report violations to safety@example.com.", "informs"),
        # near misses
        ("Uses that do not otherwise violate these terms are fine to discuss.", None),
        ("We cannot predict every abuse of our technology.", None),
        ("Generating fake reviews and other means of fake engagement", None),
        ("Our liability shall not exceed the fees you paid.", None),
        ("If you violate this agreement we may or may not give notice.", None),
        ("These policies may be enforced automatically.", None),
        ("Whether a use is permitted is decided under the version in force.", None),
        ("Be neutral: we believe technology should be as neutral as possible.", None),
        # other languages
        ("Vous ne devez pas utiliser le service pour surveiller des personnes.", "prohibits"),
        ("Der Dienst darf nicht zur Überwachung von Personen verwendet werden.", "prohibits"),
        ("Está prohibido usar el servicio para vigilar a personas.", "prohibits"),
        ("« Modèle » désigne un système entraîné.", "defines"),
        ("Der Kunde muss die Nutzer informieren.", "requires"),
    ],
)
def test_a_text_by_its_own_words(text: str, expected: str | None) -> None:
    assert read_sentences(text) == expected


def test_a_closing_lead_in_speaks_for_its_list_and_the_text_before_it_for_itself() -> None:
    got = modalities(
        "Security: You must encrypt stored personal data. Furthermore, developers must not:\n\n"
        "* Bypass access controls\n\n"
        "Comply with the law—for example, do not:\n\n* Spy on people\n"
    )
    assert got == {
        "Security: You must encry": "requires",
        "Bypass access controls": "prohibits",
        "Comply with the law—for ": "requires",
        "Spy on people": "prohibits",
    }


def test_label_entries_after_a_lead_in_inherit_like_items() -> None:
    got = modalities(
        "You may not use our models for the following:\n\n"
        "**Violence:** inciting or planning attacks.\n\n"
        "**Fraud:** running scams, through:\n\n- phishing\n\n"
        "We are happy to help with questions about this policy.\n"
    )
    assert got == {
        "You may not use our mode": "prohibits",
        "Violence: inciting or pl": "prohibits",
        "Fraud: running scams, th": "prohibits",
        "phishing": "prohibits",
        "We are happy to help wit": "informs",
    }


def test_statements_by_the_provider_under_a_prohibited_list_inform() -> None:
    got = modalities("We don't allow the following:\n\n* Abuse material\n    * We report it to the authorities.\n")
    assert got["We report it to the auth"] == "informs"
    assert got["Abuse material"] == "prohibits"


def test_html_and_plain_text_lists_inherit_too() -> None:
    html = (
        "<p>You must not use the service to:</p><ul><li>Harm people<ul><li>Build weapons</li></ul></li>"
        "<li>Track people</li></ul><p>Questions? Contact us at help@example.com.</p>"
    )
    assert modalities(html, "html") == {
        "You must not use the ser": "prohibits",
        "Harm people": "prohibits",
        "Build weapons": "prohibits",
        "Track people": "prohibits",
        "Questions? Contact us at": "informs",
    }
    text = "You shall not use the service to:\n- spy on people\n- send spam\n"
    assert set(modalities(text, "text").values()) == {"prohibits"}


SHIPPED = {
    "coc-2023": {
        "s1.p1": "informs",
        "1.1": "informs",
        "1.2": "defines",
        "1.3": "defines",
        "1.4": "informs",
        "2.1": "permits",
        "2.2": "requires",
        "3.1": "prohibits",
        **{f"4.{n}": "prohibits" for n in range(1, 7)},
        "5.1": "informs",
        "5.2": "informs",
        "5.3": "informs",
        **{f"6.{n}": "prohibits" for n in range(1, 24)},
        "7.1": "prohibits",
        "7.2": "requires",
        "7.3": "prohibits",
        "8.1": "informs",
    },
    "coc-2024": {
        "s1.p1": "informs",
        "1.1": "informs",
        "1.2": "defines",
        "1.3": "defines",
        "1.4": "informs",
        "2.1": "permits",
        "2.2": "requires",
        "3.1": "prohibits",
        "3.2": "prohibits",
        "3.3": "permits",
        **{f"4.{n}": "prohibits" for n in range(1, 7)},
        "5.1": "informs",
        "5.2": "informs",
        "5.3": "informs",
        **{f"6.{n}": "prohibits" for n in range(1, 24)},
        "7.1": "prohibits",
        "7.2": "requires",
        "7.3": "prohibits",
        "8.1": "informs",
    },
    "face-la": {
        "s1.p1": "informs",
        "1.1": "requires",
        "1.2": "permits",
        "1.3": "permits",
        "2.1": "prohibits",
        "2.2": "permits",
        "3.1": "permits",
        "3.2": "permits",
        "3.3": "permits",
        "3.4": "permits",
    },
}


def test_every_shipped_clause_has_the_expected_modality(kb) -> None:  # type: ignore[no-untyped-def]
    got = {doc_id: {c.id.split("/", 1)[1]: c.modality for c in doc.clauses} for doc_id, doc in kb.documents.items()}
    assert {d: got[d] for d in SHIPPED} == SHIPPED


def test_clause_json_carries_the_modality() -> None:
    import json

    proc = subprocess.run(
        [sys.executable, "-m", "bot", "clause", "coc-2024/4.1", "--json", "--kb", str(KNOWLEDGE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["modality"] == "prohibits"
    assert set(MODALITIES) >= {data["modality"]}


def _benchmark(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's bot package, whatever is installed
    script = str(ROOT / "benchmarks" / "modality.py")
    return subprocess.run([sys.executable, script, *args], capture_output=True, text=True, timeout=300, env=env)


def test_the_benchmark_scores_prohibits_on_a_labelled_folder(tmp_path: Path) -> None:
    corpus, labels = tmp_path / "corpus", tmp_path / "labels"
    corpus.mkdir()
    labels.mkdir()
    (corpus / "p.md").write_text(
        "Welcome to the policy.\n\nYou must not use it to:\n\n* Spam people\n* Scam people\n", encoding="utf-8"
    )
    (labels / "p.yaml").write_text(
        "document: p.md\nlabels: {s0.p1: informs, s0.p2: prohibits, s0.p3: prohibits, s0.p4: informs}\n",
        encoding="utf-8",
    )
    proc = _benchmark(str(labels), "--corpus", str(corpus), "--min", "0.9")
    assert proc.returncode == 1  # s0.p4 is read as prohibits but labelled informs: precision 2/3
    assert "0.667" in proc.stdout and "1.000" in proc.stdout
    assert "label \\ predicted" in proc.stdout
    (labels / "p.yaml").write_text(
        "document: p.md\nlabels: {s0.p1: informs, s0.p2: prohibits, s0.p3: prohibits, s0.p4: prohibits}\n",
        encoding="utf-8",
    )
    assert _benchmark(str(labels), "--corpus", str(corpus), "--min", "0.9").returncode == 0


@pytest.mark.corpus
@pytest.mark.skipif(not (SHARED / "corpus" / "policies").is_dir(), reason="../shared/corpus is not here")
def test_prohibits_precision_and_recall_on_blind_labelled_real_policies() -> None:
    proc = _benchmark(str(ROOT / "benchmarks" / "data" / "modality_labels"), "--min", "0.95")
    assert proc.returncode == 0, proc.stdout + proc.stderr
