"""Loopback servers for tests: free ports, a real `chroma run`, and signed posts to a served Slack app."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.slack_helpers import SECRET, sign


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def chroma_server(path: Path, seconds: float = 60) -> Iterator[int]:
    """A real `chroma run` storing under `path`; yields its port and stops it afterwards (skips without the CLI)."""
    exe = shutil.which("chroma")
    if exe is None:
        pytest.skip("the chroma CLI is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + seconds
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline:
                pytest.fail(f"chroma run did not listen on port {port} within {seconds:.0f} s")
            time.sleep(0.3)
        yield port
    finally:
        proc.terminate()
        proc.wait(10)


def post_signed(port: int, body: str, timeout: float = 10) -> int:
    """POST a Slack event body, signed with the tests' secret, to a served app; returns the HTTP status."""
    stamp = str(int(time.time()))
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events",
        data=body.encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": sign(SECRET, stamp, body),
        },
    )
    with urllib.request.urlopen(request, timeout=timeout) as r:
        return int(r.status)
