"""Announcing a new policy version in Slack: the message (pure), and `policybot ingest` / `policybot announce`
posting it through the real slack_sdk client to a local Slack Web API."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.answer.changes import diff_summary
from bot.policy.knowledge import KnowledgeBase
from bot.policy.versions import diff_documents
from bot.slack import messages
from bot.slack.blocks import MAX_BLOCKS, build_announcement_blocks
from bot.slack.mrkdwn import SECTION_LIMIT
from tests.conftest import KNOWLEDGE, knowledge_copy
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack_blocks_check import assert_valid_blocks

CHANNEL = "C0POLICY"


def test_the_announcement_is_the_summary_of_changes_in_valid_blocks(kb: KnowledgeBase) -> None:
    summary = diff_summary(diff_documents(kb.documents["coc-2023"], kb.documents["coc-2024"]))
    message = build_announcement_blocks(summary)
    assert_valid_blocks(message.blocks)
    shown = "\n".join(b["text"]["text"] for b in message.blocks if b["type"] == "section")
    assert summary.split("\n")[0] in shown  # the headline: which version replaced which, and the counts
    for line in summary.split("\n")[1:]:
        assert f"• {line.removeprefix('- ')}" in shown
    assert "coc-2024" in message.text and messages.ANNOUNCEMENT_TITLE in message.text


def test_a_huge_summary_stays_within_slacks_limits_and_says_it_was_cut() -> None:
    summary = "Version 9 of the <Code> & co replaced version 8: 2000 clauses changed." + "".join(
        f'\n- Changed 4.{n} "{"Very long title " * 5}" (doc-8/4.{n} → doc-9/4.{n}).' for n in range(2000)
    )
    message = build_announcement_blocks(summary)
    assert_valid_blocks(message.blocks)
    assert len(message.blocks) <= MAX_BLOCKS
    texts = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    assert all(len(t) <= SECTION_LIMIT for t in texts)
    assert "&lt;Code&gt; &amp; co" in texts[0]  # mrkdwn control characters escaped
    assert texts[-1] == messages.ANNOUNCEMENT_CUT


def _new_version(tmp_path: Path) -> Path:
    """coc-2025: the 2024 code with one clause added at the end of section 3."""
    text = (KNOWLEDGE / "code-of-conduct-2024.md").read_text(encoding="utf-8")
    text = text.replace("id: coc-2024", "id: coc-2025").replace("supersedes: coc-2023", "supersedes: coc-2024")
    text = text.replace("effective: 2024-05-01", "effective: 2025-06-01").replace('version: "2024"', 'version: "2025"')
    added = "### 3.9 Voice cloning\nNo cloning of a real person's voice without their consent.\n\n"
    text = text.replace("### 4.1 ", added + "### 4.1 ", 1)
    path = tmp_path / "code-of-conduct-2025.md"
    path.write_text(text, encoding="utf-8")
    return path


def _run(slack: FakeSlackAPI, *args: str, channel: str | None = CHANNEL) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slack.base_url}
    env.pop("POLICYBOT_ANNOUNCE_CHANNEL", None)
    if channel:
        env["POLICYBOT_ANNOUNCE_CHANNEL"] = channel
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env, timeout=180)


@pytest.fixture
def slack() -> FakeSlackAPI:
    with FakeSlackAPI() as api:
        yield api


def test_ingesting_a_new_version_announces_it_in_the_channel(tmp_path: Path, slack: FakeSlackAPI) -> None:
    kb_dir = knowledge_copy(tmp_path)
    proc = _run(slack, "ingest", str(_new_version(tmp_path)), "--kb", str(kb_dir))
    assert proc.returncode == 0, proc.stderr
    posts = slack.calls_to("chat.postMessage")
    assert len(posts) == 1
    body = posts[0].body
    assert body["channel"] == CHANNEL
    assert "coc-2025" in body["text"] and "coc-2024" in body["text"]
    sections = "\n".join(b["text"]["text"] for b in body["blocks"] if b["type"] == "section")
    assert "Added 3.9" in sections and "(coc-2025/3.9)" in sections
    assert posts[0].headers.get("authorization") == "Bearer xoxb-test"
    assert f"announced coc-2025 (superseding coc-2024) in {CHANNEL}" in proc.stderr


def test_no_announcement_without_a_channel_with_no_announce_or_for_a_replaced_document(
    tmp_path: Path, slack: FakeSlackAPI
) -> None:
    kb_dir = knowledge_copy(tmp_path)
    assert _run(slack, "ingest", str(_new_version(tmp_path)), "--kb", str(kb_dir), channel=None).returncode == 0
    other = tmp_path / "other"
    other.mkdir()
    kb2 = knowledge_copy(other)
    assert _run(slack, "ingest", str(_new_version(other)), "--kb", str(kb2), "--no-announce").returncode == 0
    corrected = tmp_path / "code-of-conduct-2024.md"  # same id, --replace: a correction, not a new version
    corrected.write_text((KNOWLEDGE / "code-of-conduct-2024.md").read_text().replace("must not", "shall not", 1))
    proc = _run(slack, "ingest", str(corrected), "--kb", str(kb_dir), "--replace")
    assert proc.returncode == 0, proc.stderr
    assert slack.calls_to("chat.postMessage") == []


def test_a_refused_announcement_is_a_warning_and_the_document_stays_ingested(
    tmp_path: Path, slack: FakeSlackAPI
) -> None:
    kb_dir = knowledge_copy(tmp_path)
    slack.fail("chat.postMessage", "not_in_channel", times=1)
    proc = _run(slack, "ingest", str(_new_version(tmp_path)), "--kb", str(kb_dir))
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr
    assert "not_in_channel" in proc.stderr and "`policybot announce coc-2025`" in proc.stderr
    assert (kb_dir / "code-of-conduct-2025.md").exists()
    # Posted by hand once the bot is in the channel (the fake refuses only once).
    again = _run(slack, "announce", "coc-2025", "--kb", str(kb_dir))
    assert again.returncode == 0, again.stderr
    assert slack.calls_to("chat.postMessage")[-1].body["channel"] == CHANNEL


def test_announce_explains_what_it_cannot_do(tmp_path: Path, slack: FakeSlackAPI) -> None:
    kb_dir = knowledge_copy(tmp_path)
    for args, words in [
        (("announce", "coc-2023", "--kb", str(kb_dir)), "does not supersede"),
        (("announce", "coc-1999", "--kb", str(kb_dir)), "no document 'coc-1999'"),
    ]:
        proc = _run(slack, *args)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert words in proc.stderr
    proc = _run(slack, "announce", "coc-2024", "--kb", str(kb_dir), channel=None)
    assert proc.returncode == 1 and "POLICYBOT_ANNOUNCE_CHANNEL" in proc.stderr
    slack.fail("chat.postMessage", "channel_not_found")
    proc = _run(slack, "announce", "coc-2024", "--kb", str(kb_dir), "--channel", "CNOPE")
    assert proc.returncode == 1 and "channel_not_found" in proc.stderr and "CNOPE" in proc.stderr
