"""`policybot console` as a process: off without a token, and serving the audit store's answers with one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[1]


def _console(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "console", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def test_the_console_is_off_without_a_token(tmp_path: Path) -> None:
    proc = _console({"POLICYBOT_DATA_DIR": str(tmp_path), "POLICYBOT_ADMIN_TOKEN": ""})
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "POLICYBOT_ADMIN_TOKEN" in out and "Traceback" not in out


def test_the_console_serves_recorded_answers_and_logs_where(tmp_path: Path) -> None:
    env = {"POLICYBOT_DATA_DIR": str(tmp_path), "POLICYBOT_ADMIN_TOKEN": "cli-token-123"}
    asked = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "Can we summarise <i>meeting</i> notes?", "--no-llm", "--json"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert asked.returncode == 0, asked.stderr
    port = free_port()
    proc = _console(env, "--port", str(port))
    try:
        body = ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not body:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/admin/search", headers={"Authorization": "Bearer cli-token-123"}
            )
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    body = response.read().decode()
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                time.sleep(0.3)
        assert "1 answers match" in body and "&lt;i&gt;meeting&lt;/i&gt;" in body
        os.killpg(proc.pid, signal.SIGTERM)
        out, _ = proc.communicate(timeout=15)
        assert f"127.0.0.1:{port}/admin/" in out and "cli-token-123" not in out
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=10)
