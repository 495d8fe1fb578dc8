"""The console at the edge: build it from the settings, and serve it over http.server (alone or in `serve --http`)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from bot.console.app import PREFIX, ConsoleApp, Request, Response
from bot.console.auth import ConsoleAuth
from bot.console.pages import ConsoleData
from bot.console.topics import QuestionVectors

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024  # a login or logout form


def build_console(settings: Any, audit: Any, kb: Any | None, kb_arg: str = "") -> ConsoleApp:
    """The console over this audit store and knowledge base; the embedding model loads on first use."""
    token = settings.admin_token.get_secret_value() if settings.admin_token else ""
    embedder: list[Any] = []

    def embed(texts: list[str]) -> Any:
        if not embedder:
            from bot.retrieval.embeddings import make_embedder

            embedder.append(make_embedder(settings))
        return embedder[0].embed_passages(texts)

    closest = None
    if kb is not None:
        from bot.retrieval.retriever import LexicalRetriever

        lexical = LexicalRetriever(kb)

        def closest(question: str) -> list[str]:
            return [hit.clause.id for hit in lexical.search(question, k=3)]

    data = ConsoleData(
        audit=audit,
        kb=kb,
        vectors=QuestionVectors(embed),
        closest=closest,
        kb_arg=kb_arg,
        prohibitions_column=prohibitions_column(audit),
    )
    return ConsoleApp(ConsoleAuth(token), data)


def prohibitions_column(audit: Any) -> Any | None:
    """answers.possible_prohibitions when the audit schema records it (a later migration may add it)."""
    from bot.audit.schema import answers

    column = answers.c.get("possible_prohibitions")
    if column is not None:
        return column
    try:
        names = audit.read(
            "inspect the answers table", lambda conn: [c["name"] for c in sa.inspect(conn).get_columns("answers")]
        )
    except Exception:
        return None
    return sa.column("possible_prohibitions", sa.JSON) if "possible_prohibitions" in names else None


def serve_request(handler: BaseHTTPRequestHandler, app: ConsoleApp) -> None:
    """Answer one /admin request on an http.server handler (GET or POST)."""
    url = urlsplit(handler.path)
    body = b""
    if handler.command == "POST":
        length = handler.headers.get("Content-Length", "0")
        if not length.isdigit() or int(length) > MAX_BODY:
            send(handler, Response(413, "text/plain; charset=utf-8", b"too large"))
            handler.close_connection = True
            return
        body = handler.rfile.read(int(length))
    headers = {name.lower(): value for name, value in handler.headers.items()}
    request = Request(handler.command, url.path, url.query, headers, body, handler.client_address[0])
    send(handler, app.handle(request))


def send(handler: BaseHTTPRequestHandler, response: Response) -> None:
    try:
        handler.send_response(response.status)
        handler.send_header("Content-Type", response.content_type)
        handler.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            handler.send_header(name, value)
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(response.body)
    except OSError as exc:  # the client went away
        log.debug("console: could not send a response: %s", exc)


def is_console_path(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


class ConsoleHTTPServer(ThreadingHTTPServer):
    """`policybot console`: the console alone, for an installation without Slack."""

    daemon_threads = True

    def __init__(self, app: ConsoleApp, host: str = "127.0.0.1", port: int = 8080) -> None:
        self.app = app
        super().__init__((host, port), _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        thread.start()
        return thread


class _Handler(BaseHTTPRequestHandler):
    server: ConsoleHTTPServer
    protocol_version = "HTTP/1.1"
    timeout = 10.0

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._any()

    def do_POST(self) -> None:
        self._any()

    def _any(self) -> None:
        path = urlsplit(self.path).path
        if path == "/":
            send(self, Response(303, headers=[("Location", PREFIX + "/")]))
        elif is_console_path(path):
            serve_request(self, self.server.app)
        else:
            send(self, Response(404, "text/plain; charset=utf-8", b"not found"))


def mount(prefix_routes: dict[str, Callable[[BaseHTTPRequestHandler], None]], app: ConsoleApp) -> None:
    """Serve the console from another http.server (the Slack one) under /admin."""
    prefix_routes[PREFIX] = lambda handler: serve_request(handler, app)
