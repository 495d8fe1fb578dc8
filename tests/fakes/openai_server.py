"""A local OpenAI-compatible server with scripted replies, driven through the real `openai` client.

Runs on 127.0.0.1 in a thread of the test process (CLI tests point a subprocess at it through
OPENAI_BASE_URL). Replies come from a script, consumed first, and then from a responder function
of the request (tests/fakes/models.py has the scripted models).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    content: str | None = None  # the assistant message's content
    status: int = 200
    delay: float = 0.0  # seconds before answering (a timeout: longer than the client waits)
    headers: dict[str, str] = field(default_factory=dict)
    error: str = "scripted error"


Responder = Callable[[dict[str, Any]], Reply]


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # many answers at once (benchmarks/slack_ack.py) must not be refused


def completion(content: str | None, model: str = "fake") -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


class FakeOpenAI:
    def __init__(self, responder: Responder | None = None, *, json_schema: bool = True) -> None:
        self.responder: Responder = responder or (lambda request: Reply("{}"))
        self.json_schema = json_schema  # False: reject response_format json_schema with 400, like older servers
        self.requests: list[dict[str, Any]] = []
        self._script: list[Reply] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._script.extend(replies)

    def _next(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self._script:
                return self._script.pop(0)
        return self.responder(request)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # one response, no 40 ms wait for a delayed ACK

            def log_message(self, *args: object) -> None:
                pass

            def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (a scripted timeout)

            def do_GET(self) -> None:
                self._send(200, {"object": "list", "data": [{"id": "fake", "object": "model", "owned_by": "tests"}]})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                request = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, {"error": {"message": "no such route"}})
                    return
                fmt = (request.get("response_format") or {}).get("type")
                if fmt == "json_schema" and not fake.json_schema:
                    with fake._lock:
                        fake.requests.append(request)
                    self._send(400, {"error": {"message": "response_format json_schema is not supported"}})
                    return
                reply = fake._next(request)
                if reply.delay and fake._stopping.wait(reply.delay):
                    return
                if reply.status != 200:
                    body = {"error": {"message": reply.error, "type": "server_error", "code": reply.status}}
                    self._send(reply.status, body, reply.headers)
                    return
                self._send(200, completion(reply.content, request.get("model", "fake")), reply.headers)

        return Handler
