"""The console's routing: a request in, a response out; the login gate in front of every page.

Transport-free (bot/console/server.py adapts it to http.server), so tests call `handle` directly too.
Everything rendered goes through Jinja2 with autoescape on; error pages say what happened, never why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot.console import pages
from bot.console.auth import LOGIN_COOKIE, SESSION_COOKIE, SESSION_S, ConsoleAuth, Session
from bot.console.charts import VERDICT_COLOURS

log = logging.getLogger(__name__)

PREFIX = "/admin"
_HERE = Path(__file__).resolve().parent
STATIC = {"console.css": "text/css; charset=utf-8"}
MAX_FORM = 16 * 1024
SECURITY_HEADERS = [
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
]
NAV = [
    ("", "Overview"),
    ("/silent", "Where the rule book is silent"),
    ("/feedback", "Feedback"),
    ("/overrides", "Overrides"),
    ("/policies", "Policies"),
    ("/search", "Search and export"),
]
PAGES: dict[str, Callable[[pages.ConsoleData, Mapping[str, str]], tuple[str, dict[str, Any]]]] = {
    "/": pages.overview,
    "/silent": pages.silent,
    "/feedback": pages.feedback,
    "/overrides": pages.overrides,
    "/policies": pages.policies,
    "/search": pages.search,
}


@dataclass
class Request:
    method: str
    path: str  # the whole path, /admin/… included
    query: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)  # names in lower case
    body: bytes = b""
    client: str = ""  # the peer's address, for the login backoff


@dataclass
class Response:
    status: int
    content_type: str = "text/html; charset=utf-8"
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)


def template_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_HERE / "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(prefix=PREFIX, nav=NAV, colours=VERDICT_COLOURS, periods=pages.PERIODS, urlencode=urlencode)
    env.filters["when"] = lambda d: d.strftime("%Y-%m-%d %H:%M") if d else ""
    env.filters["label"] = lambda v: str(v).replace("_", " ")
    return env


class ConsoleApp:
    def __init__(self, auth: ConsoleAuth, data: pages.ConsoleData) -> None:
        self.auth = auth
        self.data = data
        self.env = template_environment()

    def handle(self, request: Request) -> Response:
        """Any failure below becomes a plain 500 page; the details go to the log only."""
        try:
            return self._route(request)
        except Exception:
            log.exception("console: %s %s failed", request.method, request.path.split("?")[0])
            return self._error(500, "Something went wrong", "The page could not be shown. The details are in the log.")

    def _route(self, request: Request) -> Response:
        path = request.path[len(PREFIX) :] or "/"
        params = _params(request.query)
        if request.method == "GET" and path.startswith("/static/"):
            return self._static(path[len("/static/") :])
        if path == "/login":
            return self._login_page(request, params) if request.method == "GET" else self._login(request)
        session = self._session(request)
        bearer = False
        if "authorization" in request.headers:  # a script's token: guessing it is slowed down like the form's
            wait = self.auth.throttle.wait_for(request.client)
            if wait > 0:
                return self._error(
                    429, "Too many tries", "Wait before trying again.", [("Retry-After", str(int(wait) + 1))]
                )
            bearer = self.auth.bearer_ok(request.headers["authorization"])
            if not bearer:
                self.auth.throttle.failed(request.client)
        if session is None and not bearer:
            if request.method == "GET" and "authorization" not in request.headers:
                return _redirect(f"{PREFIX}/login?{urlencode({'next': _local_next(request)})}")
            return self._error(
                401,
                "Sign in first",
                "This page needs a console session or the admin token.",
                [("WWW-Authenticate", 'Bearer realm="policybot console"')],
            )
        if request.method == "POST":
            return self._post(request, path, session)
        if request.method != "GET":
            return self._error(405, "Not allowed", "This address only answers GET and POST.")
        return self._get(path, params, session)

    # ---- pages

    def _get(self, path: str, params: dict[str, str], session: Session | None) -> Response:
        csrf = self.auth.csrf_for(session.sid) if session else ""
        try:
            if path in PAGES:
                template, context = PAGES[path](self.data, params)
            elif path.startswith("/answers/"):
                template, context = pages.answer(self.data, path[len("/answers/") :])
            elif path.startswith("/clauses/"):
                template, context = pages.clause(self.data, path[len("/clauses/") :])
            elif path in ("/export.csv", "/export.jsonl"):
                content_type, text = pages.export(self.data, params, path.rsplit(".", 1)[1])
                name = "policybot-answers." + path.rsplit(".", 1)[1]
                return Response(
                    200,
                    content_type,
                    text.encode(),
                    [("Content-Disposition", f'attachment; filename="{name}"'), *SECURITY_HEADERS],
                )
            else:
                raise pages.NotFound
        except pages.NotFound:
            return self._error(404, "Not found", "There is nothing at this address.")
        current = path if path in PAGES else ""
        return self._html(
            200, template, {**context, "csrf": csrf, "signed_in": True, "current": current, "params": params}
        )

    def _post(self, request: Request, path: str, session: Session | None) -> Response:
        if path != "/logout":
            return self._error(404, "Not found", "There is nothing at this address.")
        if session is None:  # a bearer token has no session to end
            return self._error(400, "No session", "There is no console session to end.")
        form = _form(request)
        if not self.auth.csrf_ok(session.sid, form.get("csrf", "")):
            return self._error(403, "Refused", "The form was out of date; reload the page and try again.")
        self.auth.end_session(session.sid)
        return _redirect(f"{PREFIX}/login?out=1", [("Set-Cookie", _cookie(SESSION_COOKIE, "", max_age=0))])

    # ---- login

    def _login_page(self, request: Request, params: dict[str, str], status: int = 200, message: str = "") -> Response:
        if self._session(request) is not None and not message:
            return _redirect(_safe_next(params.get("next", "")))
        nonce = self.auth.login_nonce()
        context = {
            "csrf": self.auth.login_csrf(nonce),
            "next": _safe_next(params.get("next", "")),
            "message": message or ("You are signed out." if params.get("out") else ""),
            "signed_in": False,
            "current": "",
        }
        response = self._html(status, "login.html", context)
        response.headers.append(("Set-Cookie", _cookie(LOGIN_COOKIE, nonce, max_age=3600, path=f"{PREFIX}/login")))
        return response

    def _login(self, request: Request) -> Response:
        if request.method != "POST":
            return self._error(405, "Not allowed", "Sign in with the form.")
        form = _form(request)
        params = {"next": form.get("next", "")}
        wait = self.auth.throttle.wait_for(request.client)
        if wait > 0:
            response = self._login_page(request, params, 429, f"Too many failed sign-ins; try again in {wait:.0f} s.")
            response.headers.append(("Retry-After", str(int(wait) + 1)))
            return response
        if not self.auth.login_csrf_ok(_cookies(request).get(LOGIN_COOKIE), form.get("csrf", "")):
            return self._login_page(request, params, 403, "The form was out of date; please try again.")
        if not self.auth.token_ok(form.get("token", "")):
            self.auth.throttle.failed(request.client)
            return self._login_page(request, params, 401, "That token is not right.")
        self.auth.throttle.succeeded(request.client)
        secure = request.headers.get("x-forwarded-proto", "") == "https"
        cookie = _cookie(SESSION_COOKIE, self.auth.open_session(), max_age=SESSION_S, secure=secure)
        return _redirect(_safe_next(form.get("next", "")), [("Set-Cookie", cookie)])

    # ---- plumbing

    def _session(self, request: Request) -> Session | None:
        return self.auth.session(_cookies(request).get(SESSION_COOKIE))

    def _static(self, name: str) -> Response:
        if name not in STATIC:
            return self._error(404, "Not found", "There is nothing at this address.")
        body = (_HERE / "static" / name).read_bytes()
        return Response(200, STATIC[name], body, [("Cache-Control", "max-age=3600")])

    def _html(self, status: int, template: str, context: dict[str, Any]) -> Response:
        body = self.env.get_template(template).render(**context)
        return Response(status, "text/html; charset=utf-8", body.encode(), list(SECURITY_HEADERS))

    def _error(self, status: int, title: str, text: str, headers: list[tuple[str, str]] | None = None) -> Response:
        response = self._html(status, "error.html", {"title": title, "text": text, "signed_in": False, "current": ""})
        response.headers.extend(headers or [])
        return response


def _params(query: str) -> dict[str, str]:
    return {k: v[-1].strip() for k, v in parse_qs(query, max_num_fields=50).items()}


def _form(request: Request) -> dict[str, str]:
    if len(request.body) > MAX_FORM:
        return {}
    return _params(request.body.decode("utf-8", "replace"))


def _cookies(request: Request) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(request.headers.get("cookie", ""))
    except CookieError:
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def _cookie(name: str, value: str, *, max_age: int, path: str = PREFIX, secure: bool = False) -> str:
    parts = [f"{name}={value}", f"Path={path}", f"Max-Age={max_age}", "HttpOnly", "SameSite=Strict"]
    return "; ".join(parts + (["Secure"] if secure else []))


def _redirect(location: str, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(
        303, "text/plain; charset=utf-8", b"", [("Location", location), *SECURITY_HEADERS, *(headers or [])]
    )


def _local_next(request: Request) -> str:
    return request.path + (f"?{request.query}" if request.query else "")


def _safe_next(target: str) -> str:
    """Only a console page of this server: never another site (an open redirect), never the login page."""
    if not target.startswith(PREFIX + "/") or target.startswith("//") or "\\" in target or "login" in target:
        return PREFIX + "/"
    return target
