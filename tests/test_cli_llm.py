"""`policybot ask` and `policybot chat` with OPENAI_BASE_URL pointing at a local fake server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import KNOWLEDGE
from tests.fakes import models
from tests.fakes.openai_server import FakeOpenAI

TEXAS = "Can a police department in Texas use the service for facial recognition?"


@pytest.fixture(scope="module")
def adversary() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(models.adversarial_model) as fake:
        yield fake


def run(*args: str, base_url: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        OPENAI_BASE_URL=base_url,
        OPENAI_API_KEY="sk-test",
        POLICYBOT_LLM_TIMEOUT="2",
        POLICYBOT_LLM_BUDGET="4",
        POLICYBOT_LLM_RETRIES="1",
    )
    for name in ("AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_DEPLOYMENT"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, input=stdin, env=env, timeout=120
    )


def clause_texts() -> dict[str, str]:
    from tests.conftest import make_service

    return {cid: c.text for cid, c in make_service().kb.clauses.items()}


def assert_verified(answer: dict) -> None:
    texts = clause_texts()
    for citation in answer["citations"]:
        assert citation["quote"] in texts[citation["clause_id"]]


def test_ask_json_uses_the_llm_and_the_backstop_holds(adversary: FakeOpenAI) -> None:
    proc = run("ask", TEXAS, "--json", base_url=adversary.base_url)
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["mode"] == "llm"
    assert answer["verdict"] == "prohibited"
    assert "coc-2024/3.1" in {c["clause_id"] for c in answer["citations"]}
    assert_verified(answer)
    assert answer["usage"]["calls"] == 2
    assert any(o["kind"] == "verdict" for o in answer["overrides"])


def test_ask_batch_uses_the_llm_for_every_line(adversary: FakeOpenAI, tmp_path: Path) -> None:
    batch = tmp_path / "questions.jsonl"
    questions = [
        {"question": TEXAS},
        {"question": "Can a retailer in Canada use face verification for loyalty sign-up?", "as_of": "2024-02-01"},
        {"question": "Can police use facial recognition?"},
    ]
    batch.write_text("".join(json.dumps(q) + "\n" for q in questions))
    proc = run("ask", "--batch", str(batch), "--json", base_url=adversary.base_url)
    assert proc.returncode == 0, proc.stderr
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [a["verdict"] for a in answers] == ["prohibited", "prohibited", "needs_clarification"]
    assert all(a["mode"] == "llm" for a in answers)
    for answer in answers:
        assert_verified(answer)


def test_chat_follows_up_and_ends_cleanly_at_end_of_input() -> None:
    with FakeOpenAI(models.good_model) as good:
        proc = run("chat", "--json", base_url=good.base_url, stdin=f"{TEXAS}\n\nand what about in Canada?\n")
    assert proc.returncode == 0, proc.stderr
    first, second = (json.loads(line) for line in proc.stdout.splitlines())
    assert (first["verdict"], second["verdict"]) == ("prohibited", "needs_clarification")
    assert second["facts"]["country"] == "CA" and second["facts"]["actor_type"] == "police_department"
    assert second["mode"] == "llm"


def test_chat_in_text_without_an_llm() -> None:
    proc = run(
        "chat", "--no-llm", "--kb", str(KNOWLEDGE), base_url="", stdin=f"{TEXAS}\n/new\n   \n/quit\nnever read\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("Prohibited") == 1
    assert "new conversation" in proc.stderr and "Traceback" not in proc.stderr


def test_an_unreachable_llm_still_answers_with_a_warning() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/v1"
    proc = run("ask", TEXAS, "--json", base_url=closed)
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["verdict"] == "prohibited" and answer["llm_fallback"]
    assert any("comes from the rules alone" in w for w in answer["warnings"])
