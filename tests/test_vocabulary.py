"""The vocabulary is data: validated with file:line errors, and a policy owner extends it without Python."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from bot.errors import RulesError
from bot.policy.knowledge import load_knowledge_base
from bot.rules.checks import unmatchable_literals, vocabulary_problems
from bot.rules.dead_literals import DeadLiteral, dead_literals, dead_phrase
from bot.rules.extract import extract_facts
from bot.rules.extract.text import fold
from bot.rules.vocabulary import load_vocabulary, shipped_vocabulary
from tests.conftest import KNOWLEDGE, knowledge_copy, write_vocabulary
from tests.test_cli import run

GOOD = """\
facts:
  capabilities:
    kind: set
    question: What will it do?
    values:
      exam_cheating:
        harmful: true
        description: Taking exams or assessments on someone else's behalf.
        cues: ['sit the exam for', 'take * exam for', 'exam answers during']
        examples: ['Answer the questions of my online exam while it is running.']
"""


def test_a_small_vocabulary_loads_and_its_cues_read_a_question(tmp_path: Path) -> None:
    vocab = load_vocabulary(write_vocabulary(tmp_path, GOOD))
    assert vocab.harmful_values() == {"exam_cheating"}
    facts = extract_facts("Can it take the bar exam for my cousin?", vocabulary=vocab)
    assert facts.capabilities == {"exam_cheating"}
    near_miss = extract_facts("Can it help me revise for the bar exam?", vocabulary=vocab)
    assert not near_miss.capabilities


@pytest.mark.parametrize(
    ("broken", "line", "words"),
    [
        (GOOD.replace("kind: set", "kind: list"), 3, "kind must be one of"),
        (GOOD.replace("        harmful: true\n", "        harmfull: true\n"), 7, "unknown key(s) harmfull"),
        (
            GOOD.replace("'sit the exam for', ", "'sit the exam for', 7, "),
            9,
            "cues must be a list of non-empty strings",
        ),
        (GOOD + "        patterns: ['(unclosed']\n", 11, "malformed pattern"),
        (GOOD.replace("    question: What will it do?\n", ""), 3, "needs a `question`"),
        (GOOD + "        together: [[no_such_term]]\n", 6, "neither a term nor a fact"),
        (GOOD + "        implies: [no_such_use]\n", 6, "implies 'no_such_use', not a capabilities value"),
        (GOOD + "        supersedes_unless: no_such_term\n", 11, "unknown term 'no_such_term'"),
        (GOOD + "        read_by_meaning_unless: no_such_term\n", 11, "unknown term 'no_such_term'"),
        ("facts: [1, 2]\n", 1, "must map each fact"),
        (GOOD.replace("    values:", "    values: [a", 1), 6, "invalid YAML"),
        # read for kinds of use only: on another fact it would load and do nothing
        (
            GOOD
            + "  operational:\n    kind: bool\n    question: Steps?\n    values:\n      true:\n"
            + "        cues: ['step by step']\n        requires_term: face\n",
            17,
            "requires_term is read for capabilities only",
        ),
        # `together` is read for kinds of use and yes/no facts: on a fact of words it would do nothing
        (
            GOOD
            + "  setting:\n    kind: enum\n    question: Where?\n    values:\n      outdoors:\n"
            + "        cues: ['outside']\n        together: [[face]]\n",
            17,
            "together is read for capabilities and yes/no facts only",
        ),
        # a yes/no fact is read together from words (terms): another fact's name there would never be read
        (
            GOOD
            + "  amplified:\n    kind: bool\n    question: More persuasive?\n    values:\n      true:\n"
            + "        cues: ['punchier']\n        together: [[capabilities]]\n",
            15,
            "together names 'capabilities', not a term",
        ),
        # an objection is said of a fact about the use; a kind of use that tells against it is harmful instead
        (GOOD + "        objection: true\n", 11, "objection is true or false, on a fact other than capabilities"),
        # evidence kept when a yes/no fact holds: a fact of another kind holds no single way
        (
            GOOD + "        keeps_evidence_if: no_such_fact\n",
            6,
            "keeps_evidence_if names 'no_such_fact', not a yes/no fact",
        ),
        # what a use does about a harm is said by its purpose or its work against a harm, never by the harm itself
        (
            GOOD + "        toward_harm: works_against\n",
            11,
            "toward_harm is works_against or speaks_of, on a value that is not a harm",
        ),
        # what denies nothing is a term: a phrase there would name nothing the engine can blank
        ("denies_nothing: [no_such_term]\n" + GOOD, 1, "denies_nothing names 'no_such_term', which is not a term"),
        ("denies_nothing: without buying\n" + GOOD, 1, "`denies_nothing:` must list term names"),
        # a key given twice: YAML would keep the second and drop the first's cues without a word
        (GOOD + "        cues: ['exam taker']\n", 11, "duplicate key 'cues' (first on line 9)"),
    ],
)
def test_one_error_names_the_file_the_line_and_the_reason(tmp_path: Path, broken: str, line: int, words: str) -> None:
    path = write_vocabulary(tmp_path, broken)
    with pytest.raises(RulesError) as raised:
        load_vocabulary(path)
    message = str(raised.value)
    assert message.startswith(f"{path}:{line}:"), message
    assert words in message


def test_what_a_purpose_does_about_a_harm_is_the_vocabularys_to_say(tmp_path: Path) -> None:
    """`toward_harm:` names the purposes that work against a harm or only speak of it; the weigher reads no value
    names (bot/answer/weighing.py), so a policy owner's new purpose counts once its value says so."""
    purposes = (
        "  purpose:\n    kind: enum\n    question: Why?\n    values:\n"
        "      fact_checking:\n        toward_harm: works_against\n        cues: ['fact-check*']\n"
        "      lecture:\n        toward_harm: speaks_of\n        cues: ['lecture on']\n"
        "      marketing:\n        cues: ['campaign']\n"
    )
    vocab = load_vocabulary(write_vocabulary(tmp_path, GOOD + purposes))
    said = {
        q: vocab.stance_toward_harm(extract_facts(q, vocabulary=vocab))
        for q in (
            "Can it fact-check these posts?",
            "Can it draft a lecture on exam fraud?",
            "Can it plan our campaign?",
        )
    }
    assert list(said.values()) == ["works_against", "speaks_of", None]
    with pytest.raises(RulesError, match="toward_harm is works_against or speaks_of"):
        load_vocabulary(write_vocabulary(tmp_path, GOOD + purposes.replace("speaks_of", "teaches")))


def test_a_term_listed_as_denying_nothing_does_not_negate_what_follows_it(tmp_path: Path) -> None:
    """In "without buying the rights, sell it" the harm is said twice: "without" denies nothing after it once the
    vocabulary says so, and still denies what follows it when it does not."""
    terms = "terms:\n  rights_not_bought:\n    - '\\bwithout buying the rights\\b'\n"
    selling = GOOD.replace("'sit the exam for', ", "'sell it', 'sit the exam for', ")
    question = "Could we without buying the rights sell it on our site?"
    plain = load_vocabulary(write_vocabulary(tmp_path, terms + selling))
    assert not extract_facts(question, vocabulary=plain).capabilities  # "without … sell it": denied
    listed = load_vocabulary(write_vocabulary(tmp_path, terms + "denies_nothing: [rights_not_bought]\n" + selling))
    assert extract_facts(question, vocabulary=listed).capabilities == {"exam_cheating"}
    other = "Could we without a second thought sell it on our site?"  # only the listed words are set aside
    assert not extract_facts(other, vocabulary=listed).capabilities


def test_a_value_that_implies_a_kind_of_use_adds_it_when_no_cue_names_it(tmp_path: Path) -> None:
    implying = (
        GOOD
        + """  purpose:
    kind: enum
    question: Why?
    values:
      proctoring_test:
        implies: [exam_cheating]
        cues: ['test our proctoring']
"""
    )
    vocab = load_vocabulary(write_vocabulary(tmp_path, implying))
    facts = extract_facts("We want to test our proctoring software next week", vocabulary=vocab)
    assert facts.capabilities == {"exam_cheating"}


def test_a_rule_naming_a_value_the_vocabulary_lacks_is_refused(tmp_path: Path) -> None:
    kb_dir = knowledge_copy(tmp_path)
    rules = (kb_dir / "rules.yaml").read_text(encoding="utf-8")
    (kb_dir / "rules.yaml").write_text(rules.replace("value: ip_infringement}", "value: ip_infringment}"))
    with pytest.raises(RulesError, match="'ip_infringment' is not a value of fact 'capabilities'"):
        load_knowledge_base(kb_dir)


def test_the_shipped_vocabulary_passes_its_own_checks() -> None:
    kb = load_knowledge_base(KNOWLEDGE)
    assert vocabulary_problems(kb.vocabulary, kb.rules, kb.clauses) == []
    assert kb.vocabulary.path == KNOWLEDGE / "vocabulary.yaml"


@pytest.mark.parametrize(
    ("source", "dead"),
    [
        (r"\bGPS tracking\b", [DeadLiteral("GPS tracking", "gps tracking")]),
        ("ich weiß|wir wissen", [DeadLiteral("ich weiß", "ich weiss")]),
        ("(?:ai|ＡＩ)に", [DeadLiteral("ＡＩ", "ai")]),
        ("か？|włamać|była|ø|æ", [DeadLiteral(s, fold(s)) for s in ("か？", "włamać", "była", "ø", "æ")]),
        ("[A-Z]{3}", [DeadLiteral("[A-Z]", "")]),  # a class is dead only when all of it is
        ("(?!Überwachung)x", [DeadLiteral("Überwachung", "uberwachung")]),  # a lookahead that never fires
        ("(?i)GPS|(?i:ITAR)", []),  # any case of the letters matches
        (r"[A-Za-z]+|[^É]|[ßs]|\S+\W\B", []),  # a live member, a negation, escapes
        ("gps|lgbt|ai|usb|〜|ー|。|[？?]", []),
        ("(unclosed", []),  # reported as malformed, not here
        (r"caf\u00e9|\x41I", [DeadLiteral("café", "cafe"), DeadLiteral("AI", "ai")]),  # written by code
    ],
)
def test_literals_folded_text_never_holds_are_dead(source: str, dead: list[DeadLiteral]) -> None:
    assert dead_literals(source) == dead


def test_folding_twice_changes_nothing_so_what_fold_changes_is_never_in_folded_text() -> None:
    for text in ("ŒUVRE", "Straẞe", "Đorđe", "Ǿre ǽ", "ＡＩ？", "“x” «  y  »"):
        assert fold(fold(text)) == fold(text), text
    assert fold("ŒUVRE Straẞe Đorđe") == "oeuvre strasse dorde"
    assert dead_phrase("gps tracking") is None
    assert dead_phrase("GPS") == DeadLiteral("GPS", "gps")


def test_the_check_names_the_line_and_text_of_a_pattern_or_term_no_folded_question_can_match(tmp_path: Path) -> None:
    text = "terms:\n  export_ban:\n    - 'embargo'\n    - '\\bITAR\\b'\n" + GOOD.replace(
        "        examples:", "        patterns:\n          - 'cheat'\n          - 'GPS|gps'\n        examples:"
    )
    path = write_vocabulary(tmp_path, text)
    problems = unmatchable_literals(load_vocabulary(path))
    assert problems == [
        f"{path}:16: capabilities.exam_cheating: a pattern holds 'GPS', which folded text never holds (write 'gps')",
        f"{path}:4: term 'export_ban': a pattern holds 'ITAR', which folded text never holds (write 'itar')",
    ]


def test_plain_cues_are_folded_when_read_so_none_of_them_is_dead(tmp_path: Path) -> None:
    path = write_vocabulary(tmp_path, GOOD.replace("'exam answers during'", "'Prüfung ÜBER GPS', 'ＡＩ試験'"))
    assert unmatchable_literals(load_vocabulary(path)) == []


def test_rules_check_refuses_a_dead_pattern_naming_file_line_and_text(tmp_path: Path) -> None:
    kb_dir = knowledge_copy(tmp_path)
    vocabulary = kb_dir / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    assert "'\\bbwcs?\\b'" in text
    vocabulary.write_text(text.replace("'\\bbwcs?\\b'", "'\\bBWCs?\\b'"), encoding="utf-8")
    line = 1 + text[: text.index("'\\bbwcs?\\b'")].count("\n")
    proc = run("rules", "check", "--kb", str(kb_dir))
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"{vocabulary}:{line}: camera_type.mobile: a pattern holds 'BWC', which folded text never holds (write 'bwc')"
    )


def test_the_shipped_vocabulary_has_no_dead_literal() -> None:
    assert unmatchable_literals(shipped_vocabulary()) == []


def test_the_check_names_values_no_question_can_say_and_clauses_that_do_not_exist(tmp_path: Path) -> None:
    text = GOOD + "        clauses: [coc-2024/99.9]\n      silent_value:\n        description: nothing says it\n"
    vocab = load_vocabulary(write_vocabulary(tmp_path, text))
    problems = vocabulary_problems(vocab, (), ["coc-2024/1.1"])
    assert any("silent_value has no cues" in p for p in problems)
    assert any("names clause 'coc-2024/99.9', which does not exist" in p for p in problems)


def test_the_check_compiles_every_pattern_the_answers_compile_only_on_first_use(tmp_path: Path) -> None:
    vocab = load_vocabulary(write_vocabulary(tmp_path, GOOD + "        patterns: ['exam (?:paper|script)s?']\n"))
    value = vocab.value("capabilities", "exam_cheating")
    assert value is not None and value.patterns
    broken = replace(value, patterns=(replace(value.patterns[0], source="exam (?:paper"),))
    facts = {"capabilities": replace(vocab.facts["capabilities"], values={"exam_cheating": broken})}
    problems = vocabulary_problems(replace(vocab, facts=facts), (), [])
    assert any("capabilities.exam_cheating: malformed pattern" in p for p in problems), problems


def test_a_policy_owner_adds_a_kind_of_prohibited_use_with_data_alone(tmp_path: Path) -> None:
    """A clause, a vocabulary value, a rule and golden questions: `policybot ask --kb COPY` then prohibits it."""
    kb_dir = knowledge_copy(tmp_path)
    question = "Can a student use the service to take the final exam for her classmate?"
    before = json.loads(run("ask", question, "--json", "--no-llm", "--kb", str(kb_dir)).stdout)
    assert before["verdict"] != "prohibited"

    code = kb_dir / "code-of-conduct-2024.md"
    code.write_text(
        code.read_text(encoding="utf-8")
        + "\n## 9. Assessments\n\n### 9.1 Cheating in exams\n"
        + "Acme AI Services must not be used to sit an exam or assessment on another person's behalf.\n",
        encoding="utf-8",
    )
    vocabulary = yaml.safe_load((kb_dir / "vocabulary.yaml").read_text(encoding="utf-8"))
    vocabulary["facts"]["capabilities"]["values"]["exam_cheating"] = {
        "harmful": True,
        "description": "Sitting an exam or assessment on someone else's behalf.",
        "cues": ["take the * exam for", "take * exam for", "sit the exam for", "do my exam for me"],
        "examples": ["Answer my online exam for me while the proctor is watching."],
        "clauses": ["coc-2024/9.1"],
    }
    (kb_dir / "vocabulary.yaml").write_text(yaml.safe_dump(vocabulary, allow_unicode=True), encoding="utf-8")
    with (kb_dir / "rules.yaml").open("a", encoding="utf-8") as rules:
        rules.write(
            "\n- id: exam-cheating\n  effect: prohibit\n  clauses: [coc-2024/9.1]\n"
            "  summary: Sitting an exam on another person's behalf is prohibited.\n"
            "  when:\n    - {fact: capabilities, op: has, value: exam_cheating}\n"
        )
    golden = tmp_path / "golden.yaml"
    golden.write_text(
        yaml.safe_dump(
            [
                {"id": "exam-for-classmate", "question": question, "expect": "prohibited", "cites": ["coc-2024/9.1"]},
                {
                    "id": "exam-revision",
                    "question": "Can a student use it to summarise revision notes?",
                    "expect": "permitted",
                },
            ]
        ),
        encoding="utf-8",
    )

    check = run("rules", "check", "--kb", str(kb_dir))
    assert check.returncode == 0, check.stderr
    after = json.loads(run("ask", question, "--json", "--no-llm", "--kb", str(kb_dir)).stdout)
    assert after["verdict"] == "prohibited"
    assert after["citations"][0]["clause_id"] == "coc-2024/9.1"
    assert "exam_cheating" in after["facts"]["capabilities"]
    evaluated = run("eval", "--kb", str(kb_dir), "--cases", str(golden), "--min-exact", "1.0")
    assert evaluated.returncode == 0, evaluated.stdout + evaluated.stderr


def test_every_harmful_value_is_enforced_by_a_prohibition() -> None:
    kb = load_knowledge_base(KNOWLEDGE)
    tested = {
        c.value for rule in kb.rules if rule.effect.value == "prohibit" for c in rule.when if c.fact == "capabilities"
    }
    tested_values = {v for value in tested for v in (value if isinstance(value, frozenset) else {value})}
    assert shipped_vocabulary().harmful_values() <= tested_values


def test_a_term_ruled_out_by_its_literals_never_matches_and_most_are_ruled_out() -> None:
    """The look-up that spares searching a term (`terms_ruled_out`) rules out only terms that cannot match."""
    from bot.evals import GOLDEN_FILE, load_golden
    from bot.rules.extract.text import fold

    vocab = shipped_vocabulary()
    questions = [fold(case.question) for case in load_golden(KNOWLEDGE / GOLDEN_FILE)[::7]]
    ruled_out = 0
    for folded in questions:
        for name in vocab.terms_ruled_out(folded):
            assert not vocab.term(name).search(folded), (name, folded)
            ruled_out += 1
    assert ruled_out > len(questions) * len(vocab.terms) // 2  # the look-up spares most searches


def test_a_permit_that_does_not_test_what_the_question_says_against_the_use_proves_nothing() -> None:
    from bot.rules.facts import Facts
    from bot.rules.model import Decision, Effect, FiredRule, Verdict
    from bot.rules.proof import unweighed_objections
    from tests.conftest import make_service

    kb = make_service().kb
    drafting = FiredRule(id="general-productivity", effect=Effect.PERMIT, clause_ids=["coc-2024/2.1"])
    permitted = Decision(verdict=Verdict.PERMITTED, rules=[drafting])
    objections = kb.vocabulary.objections()
    assert set(objections) >= {"consent", "human_review"}
    said = Facts(capabilities=frozenset({"productivity"}), consent=False)
    assert unweighed_objections(permitted, said, kb.rules, objections) == ["consent"]
    assert unweighed_objections(permitted, Facts(capabilities=frozenset({"productivity"})), kb.rules, objections) == []
    reviewed = Decision(verdict=Verdict.NEEDS_REVIEW)
    assert unweighed_objections(reviewed, said, kb.rules, objections) == []


def test_a_drafting_task_for_someone_who_has_not_agreed_goes_to_a_person() -> None:
    from bot.rules.model import Verdict
    from tests.conftest import make_service

    ask = make_service().ask
    assert ask(
        "Draft ten posts in the voice of a famous investor, to go out under his name. He hasn't agreed."
    ).verdict in (
        Verdict.NEEDS_REVIEW,
        Verdict.PROHIBITED,
    )
    assert ask("Can we draft the monthly newsletter for customers who opted in to it?").verdict is Verdict.PERMITTED


def test_a_use_read_by_meaning_alone_is_not_read_where_the_question_states_its_exemption() -> None:
    """6.20 exempts a machine a person watches and can stop: "a nurse approves every dose before it is given" is no
    prohibition by a match by meaning alone, and no permit either; the same dosing with a log read afterwards is."""
    from bot.rules.extract import unread_by_meaning
    from bot.rules.model import Verdict
    from tests.conftest import make_service

    ask = make_service().ask
    watched = "We want an insulin pump dosing assistant with the model; a nurse approves every dose before it is given."
    assert unread_by_meaning(watched) == {"autonomous_machinery"}
    assert ask(watched).verdict is Verdict.NEEDS_REVIEW
    unwatched = "The model picks each insulin dose and the pump gives it automatically; a nurse reads the log at night."
    assert unread_by_meaning(unwatched) == frozenset()
    assert ask(unwatched).verdict is Verdict.PROHIBITED


def test_a_yes_no_fact_is_read_by_its_together_terms(tmp_path: Path) -> None:
    """A yes/no fact's `together` groups read it when every term occurs, not negated: "make it punchier" says the
    material is made more persuasive, in any language the term covers, and nothing is read when no term occurs."""
    vocab = shipped_vocabulary()
    assert extract_facts("For our study, make it punchier so it hooks teenagers.", vocabulary=vocab).get("amplified")
    assert extract_facts("Rends-le plus percutant pour notre étude.", vocabulary=vocab).get("amplified")
    assert extract_facts("Summarise this report for our study.", vocabulary=vocab).get("amplified") is None
    assert extract_facts("We'd then post it on a few Telegram channels.", vocabulary=vocab).get("spread")
