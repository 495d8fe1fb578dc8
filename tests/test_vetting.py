"""Deal vetting: every example deal gets its expected outcome; facts merge as documented; bad files fail cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.answer.quotes import normalise
from bot.answer.service import PolicyService
from bot.errors import DealError
from bot.rules.facts import ActorType, CameraType, Capability, Facts, Setting
from bot.rules.model import Verdict
from bot.rules.vocabulary import shipped_vocabulary
from bot.vetting import load_deal, parse_deal, vet_deal
from bot.vetting.render import report_markdown
from bot.vetting.report import CUSTOMER_QUESTIONS, customer_question, use_case_facts
from tests.conftest import KNOWLEDGE

DEALS = sorted((KNOWLEDGE / "deals").glob("*.yaml"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=120)


def test_there_are_enough_example_deals_covering_every_verdict() -> None:
    assert len(DEALS) >= 12
    overall = {load_deal(path).expected.verdict for path in DEALS}  # type: ignore[union-attr]
    assert overall == set(Verdict) - {
        Verdict.INFORMATIONAL
    }  # a deal describes uses: it never only asks about the policy


@pytest.mark.parametrize("path", DEALS, ids=lambda p: p.stem)
def test_example_deal_gets_its_expected_outcome(path: Path, service: PolicyService) -> None:
    deal = load_deal(path)
    assert deal.expected is not None, f"{path.name} has no expected block"
    report = vet_deal(service, deal)
    assert [u.verdict for u in report.use_cases] == list(deal.expected.use_cases)
    assert report.verdict is deal.expected.verdict
    for use in report.use_cases:
        if use.verdict is Verdict.PROHIBITED:
            assert use.citations, f"{use.name}: a prohibited use case without citations"
        for citation in use.citations:  # verbatim, from the version in force
            assert normalise(citation.quote) in normalise(service.kb.clause(citation.clause_id).text)
            assert service.kb.in_force(citation.clause_id, report.as_of)
        if use.verdict is Verdict.NEEDS_CLARIFICATION:
            assert use.questions and use.missing_facts


def test_no_false_permits_across_the_example_deals(service: PolicyService) -> None:
    """Every use case the examples expect to be anything but permitted is not answered permitted."""
    false_permits = []
    for path in DEALS:
        deal = load_deal(path)
        assert deal.expected is not None
        for use, expected in zip(vet_deal(service, deal).use_cases, deal.expected.use_cases, strict=True):
            if use.verdict is Verdict.PERMITTED and expected is not Verdict.PERMITTED:
                false_permits.append(f"{path.name}: {use.name}")
    assert false_permits == []


def test_the_overall_verdict_is_the_strictest(service: PolicyService) -> None:
    report = vet_deal(service, load_deal(KNOWLEDGE / "deals" / "us-city-police-suspect-search.yaml"))
    assert [u.verdict for u in report.use_cases] == [Verdict.PROHIBITED, Verdict.PERMITTED]
    assert report.verdict is Verdict.PROHIBITED


def test_permitted_face_use_lists_the_limited_access_registration(service: PolicyService) -> None:
    report = vet_deal(service, load_deal(KNOWLEDGE / "deals" / "bank-selfie-onboarding.yaml"))
    assert report.verdict is Verdict.PERMITTED
    assert any("limited access" in a for a in report.approvals)
    assert any("limited access" in a for a in report.use_cases[0].approvals)
    assert report.use_cases[1].approvals == []  # the support assistant needs none


def test_clarification_asks_the_customer_in_customer_terms(service: PolicyService) -> None:
    report = vet_deal(service, load_deal(KNOWLEDGE / "deals" / "startup-police-photo-app.yaml"))
    assert report.verdict is Verdict.NEEDS_CLARIFICATION
    asked = {q.fact for q in report.questions}
    assert {"country", "real_time"} <= asked
    for question in report.questions:
        assert question.question == CUSTOMER_QUESTIONS[question.fact]
        assert question.question.endswith("?")
        assert question.use_cases == ["Photo lookup app"]


def test_every_built_in_fact_has_a_question_for_the_customer() -> None:
    assert set(Facts.model_fields) <= set(CUSTOMER_QUESTIONS)


def test_a_fact_the_vocabulary_adds_is_asked_with_its_own_question() -> None:
    assert "human_review" not in CUSTOMER_QUESTIONS
    assert customer_question("human_review") == shipped_vocabulary().question("human_review")


def test_the_deal_date_selects_the_policy_version(service: PolicyService) -> None:
    deal = load_deal(KNOWLEDGE / "deals" / "warehouse-access-control-early-2024.yaml")
    early = vet_deal(service, deal)
    assert early.as_of == date(2024, 2, 15)
    assert "coc-2023 (2023)" in early.policy_versions
    assert [c.clause_id for c in early.use_cases[0].citations] == ["coc-2023/3.1"]
    later = vet_deal(service, deal, as_of=date(2024, 6, 1))  # --as-of wins over the deal's date
    assert later.verdict is Verdict.PERMITTED
    assert "coc-2024 (2024)" in later.policy_versions


# --- how the facts of a use case are put together --------------------------------------------------


def _facts(raw: dict, index: int = 0):  # type: ignore[no-untyped-def]
    deal = parse_deal(raw, "test")
    return use_case_facts(deal, deal.use_cases[index])


def test_structured_fields_win_over_the_description() -> None:
    facts, notes, _ = _facts(
        {
            "customer": {"type": "police_department", "country": "FR"},
            "use_cases": [{"description": "live face matching on body cameras", "real_time": False}],
        }
    )
    assert facts.real_time is False
    assert facts.camera_type is CameraType.MOBILE  # the description still speaks where the details do not
    assert any("real_time" in n for n in notes)


def test_capabilities_add_up() -> None:
    facts, _, _ = _facts(
        {
            "customer": {"type": "enterprise"},
            "use_cases": [{"description": "translate contracts", "capabilities": "fr"}],
        }
    )
    assert facts.capabilities == {Capability.PRODUCTIVITY, Capability.FACIAL_RECOGNITION}


def test_deal_customer_applies_to_every_use_case_unless_one_says_otherwise() -> None:
    raw = {
        "customer": {"type": "government", "country": "DE"},
        "use_cases": [
            {"description": "translate minutes"},
            {"description": "translate minutes", "customer_type": "court", "country": "AT"},
        ],
    }
    first, _, _ = _facts(raw, 0)
    second, _, _ = _facts(raw, 1)
    assert (first.actor_type, first.country) == (ActorType.GOVERNMENT, "DE")
    assert (second.actor_type, second.country) == (ActorType.COURT, "AT")


def test_the_stricter_actor_wins_for_vendors_and_names() -> None:
    vendor, notes, _ = _facts(
        {"customer": {"type": "vendor", "country": "US"}, "use_cases": ["face search for sheriffs' offices"]}
    )
    assert vendor.actor_type is ActorType.POLICE_DEPARTMENT
    assert notes
    named, _, _ = _facts(
        {
            "customer": {"name": "Austin Police Department", "type": "law_enforcement", "country": "US"},
            "use_cases": ["x"],
        }
    )
    assert named.actor_type is ActorType.POLICE_DEPARTMENT
    end_user, _, _ = _facts({"customer": "Camera Co", "end_user": "police", "use_cases": ["face matching"]})
    assert end_user.actor_type is ActorType.POLICE_DEPARTMENT


def test_the_united_states_wins_a_country_clash() -> None:
    facts, notes, _ = _facts(
        {"customer": {"type": "enterprise", "country": "MX"}, "use_cases": ["face matching for the Chicago police"]}
    )
    assert facts.country == "US"
    assert any("United States" in n for n in notes)
    other, _, _ = _facts({"customer": {"type": "enterprise", "country": "GB"}, "use_cases": ["translate into Spanish"]})
    assert other.country == "GB"


def test_law_enforcement_mobile_cameras_are_read_as_in_the_field() -> None:
    facts, _, _ = _facts(
        {
            "customer": {"type": "law enforcement", "country": "DE"},
            "use_cases": [
                {"name": "x", "capabilities": ["facial_recognition"], "cameras": "dash", "real_time": "live"}
            ],
        }
    )
    assert facts.setting is Setting.UNCONTROLLED
    assert Capability.SURVEILLANCE in (facts.capabilities or set())
    assert facts.consent is False


def test_a_use_case_of_a_deal_for_our_services_is_never_out_of_scope(service: PolicyService) -> None:
    raw = {"customer": {"type": "retailer"}, "use_cases": ["Spot known shoplifters when they walk in"]}
    assert vet_deal(service, parse_deal(raw)).verdict is Verdict.OUT_OF_SCOPE
    raw["services"] = ["vision"]
    assert vet_deal(service, parse_deal(raw)).verdict is Verdict.NEEDS_REVIEW


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"customer_name": "Metro PD", "customer_type": "Police Department", "country": "USA", "state": "NY"}, "US"),
        ({"customer": {"type": "police", "region": "TX"}}, "US"),
        ({"customer": {"type": "police", "country": False}}, "NO"),  # YAML's unquoted NO
        ({"customer": {"type": "police", "country": "Deutschland"}}, "DE"),
    ],
)
def test_the_usual_spellings_of_a_deal_are_read(raw: dict, expected: str) -> None:
    deal = parse_deal({**raw, "use_cases": ["face recognition"]})
    assert deal.customer.type is ActorType.POLICE_DEPARTMENT
    assert deal.customer.country == expected


# --- bad deal files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("customer: [unclosed\n", ["not valid YAML", "line"]),
        ("", ["empty"]),
        ("- a list\n", ["mapping"]),
        ("customer: {type: police}\n", ["use_cases", "missing"]),
        ("customer: {type: police}\nuse_cases: []\n", ["use_cases", "at least one"]),
        ("customer: {type: astronaut guild}\nuse_cases: [x]\n", ["customer.type", "astronaut guild"]),
        ("customer: {country: Atlantis}\nuse_cases: [x]\n", ["customer.country", "Atlantis"]),
        ("customer: {type: police}\nuse_cases:\n  - description: x\n    live: sometimes\n", ["use_cases[0].live"]),
        ("customer: {type: police}\nuse_cases:\n  - description: x\n    cameraz: mobile\n", ["cameraz", "camera"]),
        ("customer: {type: police}\nuse_cases:\n  - name: only a name\n", ["use_cases[0]", "description"]),
        ("customer: {}\nuse_cases: [x]\nas_of: next week\n", ["as_of", "YYYY-MM-DD"]),
        ("customer: {}\nuse_cases: [x]\nexpected: {verdict: maybe}\n", ["expected.verdict", "maybe"]),
        ("customer: {}\nuse_cases: [x, y]\nexpected: {verdict: permitted, use_cases: [permitted]}\n", ["1 verdicts"]),
    ],
)
def test_bad_deal_files_name_the_file_and_field(tmp_path: Path, content: str, words: list[str]) -> None:
    path = tmp_path / "deal.yaml"
    path.write_text(content)
    with pytest.raises(DealError) as caught:
        load_deal(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and "\n" not in message
    for word in words:
        assert word in message


def test_unknown_top_level_fields_are_set_aside_with_a_warning(service: PolicyService) -> None:
    deal = parse_deal({"customer": "Acme", "use_cases": ["translate"], "deal_value": 100_000})
    assert any("deal_value" in w for w in deal.warnings)
    assert vet_deal(service, deal).warnings == list(deal.warnings)


def test_cli_vet_json_md_and_clean_failures(tmp_path: Path) -> None:
    deal = KNOWLEDGE / "deals" / "vendor-bodycam-maker-us-police.yaml"
    data = json.loads(run("vet", str(deal), "--json").stdout)
    assert data["verdict"] == "prohibited"
    assert [u["verdict"] for u in data["use_cases"]] == ["prohibited", "permitted"]
    assert {"clause_id", "document_id", "version", "quote"} <= data["use_cases"][0]["citations"][0].keys()
    assert {"verdict", "rules", "missing_facts"} <= data["use_cases"][0]["decision"].keys()
    markdown = run("vet", str(deal), "--md").stdout
    assert markdown.startswith("# Deal vetting: Northbeam Camera Systems")
    assert "coc-2024/3.1" in markdown
    for args in (["vet", str(tmp_path / "missing.yaml")], ["vet", str(deal), "--json", "--md"]):
        proc = run(*args)
        assert proc.returncode != 0
        assert "Traceback" not in proc.stderr + proc.stdout
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("customer: {type: police}\nuse_cases:\n  - description: x\n    real_time: sometimes\n")
    proc = run("vet", str(bad))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == (
        f"error: {bad}: use_cases[0].real_time: 'sometimes' is not yes or no; use true, false or unknown, "
        "or after the fact, after-the-fact, batch, both, either, live"
    )


def test_markdown_report_holds_verdicts_quotes_approvals_and_questions(service: PolicyService) -> None:
    report = vet_deal(service, load_deal(KNOWLEDGE / "deals" / "city-cctv-tracking.yaml"))
    text = report_markdown(report)
    assert "**Overall verdict: Needs clarification**" in text
    assert "| 1 | Movement study | Needs clarification |" in text
    assert "## Questions to ask the customer" in text
    assert CUSTOMER_QUESTIONS["consent"] in text
    quote = report.use_cases[0].citations[0].quote
    assert f"> {quote.splitlines()[0]}" in text


def test_use_cases_and_expectations_by_name_and_a_single_description() -> None:
    deal = parse_deal(
        {
            "customer": {"type": "police", "country": "US"},
            "use_cases": {
                "Suspect search": "face recognition on CCTV",
                "Reports": {"description": "summarise reports"},
            },
            "expected": {
                "overall": "Prohibited",
                "use_cases": {"Reports": "permitted", "Suspect search": "prohibited"},
            },
        }
    )
    assert [u.name for u in deal.use_cases] == ["Suspect search", "Reports"]
    assert deal.expected is not None
    assert deal.expected.use_cases == (Verdict.PROHIBITED, Verdict.PERMITTED)
    single = parse_deal({"customer": "Acme", "description": "translate manuals"})
    assert [u.description for u in single.use_cases] == ["translate manuals"]
