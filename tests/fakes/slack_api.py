"""A local Slack Web API that records every call, driven through the real slack_sdk WebClient (base_url).

It keeps the messages posted to it, so conversations.replies and conversations.history return a
thread as Slack would (metadata included when asked for). A method can be scripted to fail with a
Slack error code. response_url posts are recorded too, as method "response:<name>".
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM = "T0001"
POSTING = ("chat.postMessage", "chat.postEphemeral", "chat.update")
JSON_FIELDS = ("blocks", "attachments", "view", "metadata", "prompts", "loading_messages")


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # many calls at once must not be refused


@dataclass
class Call:
    method: str
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)  # when it arrived


class FakeSlackAPI:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._failures: dict[str, tuple[str, int | None]] = {}  # method -> (Slack error code, times left)
        self.history: dict[str, list[dict[str, Any]]] = {}  # channel -> messages, oldest first
        self._clock = time.time()
        self._lock = threading.RLock()  # tests' wait_for conditions read the calls under it
        self._changed = threading.Condition(self._lock)
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    # ---- life cycle

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def start(self) -> FakeSlackAPI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def __enter__(self) -> FakeSlackAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- what tests read

    def calls_to(self, *methods: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method in methods or any(c.method.startswith(m + ":") for m in methods)]

    def posts(self) -> list[Call]:
        """Messages people would see: posted, ephemeral, updated, or sent to a response_url."""
        with self._lock:
            return [c for c in self.calls if c.method in POSTING or c.method.startswith("response:")]

    def wait_for(self, test: Callable[[FakeSlackAPI], bool], timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not test(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(min(left, 0.05))
        return True

    def wait_posts(self, count: int = 1, timeout: float = 10.0) -> list[Call]:
        self.wait_for(lambda f: len(f._posts_locked()) >= count, timeout)
        return self.posts()

    def _posts_locked(self) -> list[Call]:
        return [c for c in self.calls if c.method in POSTING or c.method.startswith("response:")]

    # ---- what tests set up

    def fail(self, method: str, error: str, times: int | None = None) -> None:
        """Answer `method` with {"ok": false, "error": error}: `times` times, or always."""
        with self._lock:
            self._failures[method] = (error, times)

    def add_message(self, channel: str, message: dict[str, Any]) -> dict[str, Any]:
        """A message already in a channel (a person's question, say), for conversations.replies/history."""
        with self._lock:
            stored = {"type": "message", **message}
            stored.setdefault("ts", self._next_ts())
            self.history.setdefault(channel, []).append(stored)
            return stored

    def next_ts(self) -> str:
        with self._lock:
            return self._next_ts()

    def _next_ts(self) -> str:
        self._clock += 0.001
        return f"{self._clock:.6f}"

    # ---- the server

    def _answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method in self._failures:
            error, times = self._failures[method]
            if times is not None and times <= 1:
                del self._failures[method]
            elif times is not None:
                self._failures[method] = (error, times - 1)
            return {"ok": False, "error": error}
        if method == "auth.test":
            return {
                "ok": True,
                "user_id": BOT_USER,
                "bot_id": BOT_ID,
                "team_id": TEAM,
                "team": "Acme",
                "user": "policybot",
            }
        if method == "chat.postMessage":
            message = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID, "text": body.get("text", "")}
            message.update(ts=self._next_ts(), blocks=body.get("blocks"))
            if body.get("thread_ts"):
                message["thread_ts"] = body["thread_ts"]
            if body.get("metadata"):
                message["metadata"] = body["metadata"]
            self.history.setdefault(str(body.get("channel")), []).append(message)
            return {"ok": True, "channel": body.get("channel"), "ts": message["ts"], "message": message}
        if method in ("chat.postEphemeral", "chat.update"):
            return {"ok": True, "channel": body.get("channel"), "ts": self._next_ts(), "message_ts": self._next_ts()}
        if method in ("conversations.replies", "conversations.history"):
            return {"ok": True, "messages": self._read(method, body), "has_more": False}
        if method in ("views.open", "views.publish", "views.update"):
            return {"ok": True, "view": {"id": "V1", **(body.get("view") or {})}}
        return {"ok": True}

    def _read(self, method: str, body: dict[str, Any]) -> list[dict[str, Any]]:
        messages = list(self.history.get(str(body.get("channel")), []))
        if method == "conversations.replies":
            root = str(body.get("ts"))
            messages = [m for m in messages if m["ts"] == root or m.get("thread_ts") == root]
        else:
            oldest = float(body.get("oldest") or 0)
            messages = [m for m in messages if float(m["ts"]) > oldest][::-1]  # newest first, as Slack does
        with_metadata = str(body.get("include_all_metadata", "")).lower() in ("1", "true")
        return [m if with_metadata else {k: v for k, v in m.items() if k != "metadata"} for m in messages]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self.do_POST()

            def do_POST(self) -> None:
                url = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                body = _parse(raw, self.headers.get("Content-Type", ""), url.query)
                parts = url.path.strip("/").split("/")
                method = f"response:{parts[-1]}" if parts[0] == "response" else parts[-1]
                with fake._changed:
                    fake.calls.append(Call(method, body, {k.lower(): v for k, v in self.headers.items()}))
                    reply = {"ok": True} if method.startswith("response:") else fake._answer(method, body)
                    fake._changed.notify_all()
                if method.startswith("response:"):
                    self._send(200, b"ok", "text/plain")
                else:
                    self._send(200, json.dumps(reply).encode(), "application/json")

            def _send(self, status: int, data: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _parse(raw: str, content_type: str, query: str) -> dict[str, Any]:
    body: dict[str, Any] = {k: v[0] for k, v in parse_qs(query).items()}
    if "json" in content_type:
        body.update(json.loads(raw or "{}"))
    else:
        body.update({k: v[0] for k, v in parse_qs(raw).items()})
    for key in JSON_FIELDS:
        if isinstance(body.get(key), str):
            with suppress(ValueError):
                body[key] = json.loads(body[key])
    return body
