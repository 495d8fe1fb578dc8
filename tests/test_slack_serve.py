"""`policybot serve` as a process, the way Slack (and the black-box check) meets it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.slack_api import FakeSlackAPI
from tests.servers import free_port, post_signed
from tests.slack_helpers import SECRET, event_callback, mention, text_of

ROOT = Path(__file__).resolve().parents[1]


def _cli(args: list[str], env: dict[str, str], **kwargs: object) -> subprocess.Popen[str]:
    full = {**os.environ, "SLACK_APP_TOKEN": "", "OPENAI_API_KEY": "", "OPENAI_BASE_URL": "", **env}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=full,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,  # type: ignore[call-overload]
    )


@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        (["--http"], {"SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": ""}, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]),
        (["--http"], {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "  "}, ["SLACK_SIGNING_SECRET"]),
        (["--socket"], {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": ""}, ["SLACK_APP_TOKEN"]),
    ],
)
def test_missing_settings_fail_fast_naming_the_variable(args: list[str], env: dict[str, str], named: list[str]) -> None:
    proc = _cli(["serve", *args], env)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "Traceback" not in out
    for name in named:
        assert name in out
    assert ("SLACK_BOT_TOKEN" in out) == ("SLACK_BOT_TOKEN" in named)


def test_a_rejected_token_fails_at_start_up() -> None:
    with FakeSlackAPI() as fake:
        fake.fail("auth.test", "invalid_auth")
        proc = _cli(
            ["serve", "--http", "--port", "0"],
            {"SLACK_BOT_TOKEN": "xoxb-bad", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": fake.base_url},
        )
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "invalid_auth" in out and "SLACK_BOT_TOKEN" in out and "Traceback" not in out


@pytest.fixture
def served() -> Iterator[tuple[FakeSlackAPI, int, subprocess.Popen[str]]]:
    with FakeSlackAPI() as fake:
        port = free_port()
        env = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.base_url}
        proc = _cli(["serve", "--http", "--port", str(port)], env, start_new_session=True)
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                        if r.status == 200:
                            break
                except OSError:
                    if proc.poll() is not None:
                        pytest.fail(f"serve exited: {proc.stdout.read() if proc.stdout else ''}")
                    time.sleep(0.2)
            yield fake, port, proc
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=10)


def test_serve_http_answers_a_signed_mention_in_its_thread_and_stops_on_sigterm(
    served: tuple[FakeSlackAPI, int, subprocess.Popen[str]],
) -> None:
    fake, port, proc = served
    ts = "1700000000.000100"
    body = json.dumps(event_callback(mention("Can the Chicago Police Department use facial recognition?", ts)))
    assert post_signed(port, body, timeout=5) == 200
    assert fake.wait_for(lambda f: bool(f.calls_to("chat.postMessage")), 30)
    answer = fake.calls_to("chat.postMessage")[0].body
    assert answer["thread_ts"] == ts and "prohibit" in text_of(answer).lower()
    os.killpg(proc.pid, signal.SIGTERM)
    assert proc.wait(15) == 0
