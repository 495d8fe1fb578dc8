"""A small threaded HTTP server around Bolt's request handling: the app's production front door.

POST /slack/events takes events, slash commands and interactivity (Bolt verifies the signature and
answers 401 when it is bad or stale); GET /healthz says the process is up, GET /readyz that it can
take work. `prefix_routes` hands whole subtrees to another app (the console under /admin).
Every request gets its own thread, so an acknowledgement never waits on another.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from slack_bolt import App
from slack_bolt.request import BoltRequest

from bot.slack.priority import AckFirst

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
MAX_BODY = 1 << 20  # Slack's payloads are far smaller
READ_TIMEOUT_S = 10.0


class SlackHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # 50 mentions at once must not wait in the kernel's queue

    def __init__(
        self,
        app: App,
        host: str = "127.0.0.1",
        port: int = 3000,
        ready: Callable[[], bool] | None = None,
        priority: AckFirst | None = None,
    ):
        self.app = app
        self.ready = ready or (lambda: True)
        self.priority = priority or AckFirst()  # share it with the workers so they let acknowledgements go first
        self.get_routes: dict[str, Callable[[], tuple[int, str, str]]] = {
            "/healthz": lambda: (200, "application/json", json.dumps({"status": "ok"})),
            "/readyz": self._readyz,
        }
        # "/admin" → a handler for /admin and everything under it (GET and POST), e.g. bot/console/server.py
        self.prefix_routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        super().__init__((host, port), _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def _readyz(self) -> tuple[int, str, str]:
        ok = self.ready()
        return (200 if ok else 503), "application/json", json.dumps({"ready": ok})

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        thread.start()
        return thread


class _Handler(BaseHTTPRequestHandler):
    server: SlackHTTPServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = READ_TIMEOUT_S

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def _prefix_route(self) -> Callable[[BaseHTTPRequestHandler], None] | None:
        path = urlsplit(self.path).path
        for prefix, route in self.server.prefix_routes.items():
            if path == prefix or path.startswith(prefix + "/"):
                return route
        return None

    def do_GET(self) -> None:
        prefixed = self._prefix_route()
        if prefixed is not None:
            prefixed(self)
            return
        route = self.server.get_routes.get(urlsplit(self.path).path)
        if route is None:
            self._send(404, "application/json", '{"error": "not found"}')
            return
        self._send(*route())

    def do_POST(self) -> None:
        prefixed = self._prefix_route()
        if prefixed is not None:
            prefixed(self)
            return
        url = urlsplit(self.path)
        if url.path != EVENTS_PATH:
            self._send(404, "application/json", '{"error": "not found"}')
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._send(411, "application/json", '{"error": "length required"}')
            return
        if int(length) > MAX_BODY:
            self._send(413, "application/json", '{"error": "too large"}')
            self.close_connection = True
            return
        body = self.rfile.read(int(length)).decode("utf-8", "replace")
        headers: dict[str, str | Sequence[str]] = {}
        for name, value in self.headers.items():
            headers[name.lower()] = [*headers.get(name.lower(), []), value]
        with self.server.priority.acknowledging():
            self._dispatch(url.query, headers, body)

    def _dispatch(self, query: str, headers: dict[str, str | Sequence[str]], body: str) -> None:
        try:
            response = self.server.app.dispatch(BoltRequest(body=body, query=query, headers=headers))
        except Exception:  # Bolt turns listener errors into responses; this is for its own
            log.exception("dispatching a Slack request failed")
            self._send(500, "application/json", '{"error": "internal error"}')
            return
        content_type = "text/plain; charset=utf-8"
        extra: list[tuple[str, str]] = []
        for name, values in response.headers.items():
            for value in values if isinstance(values, list | tuple | set) else [values]:
                if name.lower() == "content-type":
                    content_type = str(value)
                elif name.lower() not in ("content-length", "connection"):
                    extra.append((name, str(value)))
        self._send(response.status, content_type, response.body or "", extra)

    def _send(self, status: int, content_type: str, body: str, extra: list[tuple[str, str]] | None = None) -> None:
        data = body.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra or []:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except OSError as exc:  # the client went away
            log.debug("could not send a response: %s", exc)
