"""Who may see the console: the admin token, signed session cookies ended at logout, CSRF tokens, login backoff.

Every secret is derived from POLICYBOT_ADMIN_TOKEN with HMAC, so the token itself never leaves the process
(not in a cookie, not in a page). Sessions are also kept server-side: logout (or a restart) ends them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

SESSION_COOKIE = "pb_console"
LOGIN_COOKIE = "pb_console_login"  # a nonce the login form's CSRF token is bound to (double submit)
SESSION_S = 8 * 3600  # a session ends after this long without a request
FREE_FAILURES = 3  # failed logins from one client before it has to wait
MAX_WAIT_S = 300.0
MAX_CLIENTS = 10_000  # throttle entries kept; the oldest are dropped first


@dataclass
class Session:
    sid: str
    expires: float


class ConsoleAuth:
    """The console's gatekeeper (thread-safe): check a token, open, find and end sessions, sign CSRF tokens."""

    def __init__(self, token: str, clock: Callable[[], float] = time.monotonic) -> None:
        if not token:
            raise ValueError("the console needs an admin token")
        self._token = token.encode()
        self._key = hmac.new(self._token, b"policybot console session key v1", hashlib.sha256).digest()
        self._clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()
        self.throttle = LoginThrottle(clock)

    def token_ok(self, given: str) -> bool:
        return hmac.compare_digest(given.encode(), self._token)

    def bearer_ok(self, authorization: str) -> bool:
        scheme, _, value = authorization.partition(" ")
        return scheme.lower() == "bearer" and bool(value) and self.token_ok(value.strip())

    # ---- sessions

    def open_session(self) -> str:
        """A new session; returns the cookie value (the session id and its signature)."""
        sid = secrets.token_urlsafe(24)
        with self._lock:
            self._prune()
            self._sessions[sid] = Session(sid, self._clock() + SESSION_S)
        return f"{sid}.{self._sign('session', sid)}"

    def session(self, cookie: str | None) -> Session | None:
        """The live session a cookie value names, its idle timer restarted; None when forged, ended or expired."""
        if not cookie or "." not in cookie:
            return None
        sid, _, signature = cookie.partition(".")
        if not hmac.compare_digest(signature, self._sign("session", sid)):
            return None
        with self._lock:
            found = self._sessions.get(sid)
            if found is None or found.expires < self._clock():
                self._sessions.pop(sid, None)
                return None
            found.expires = self._clock() + SESSION_S
            return found

    def end_session(self, sid: str) -> None:
        with self._lock:
            self._sessions.pop(sid, None)

    # ---- CSRF

    def csrf_for(self, sid: str) -> str:
        return self._sign("csrf", sid)

    def csrf_ok(self, sid: str, given: str) -> bool:
        return bool(given) and hmac.compare_digest(given, self.csrf_for(sid))

    def login_nonce(self) -> str:
        return secrets.token_urlsafe(18)

    def login_csrf(self, nonce: str) -> str:
        return self._sign("login", nonce)

    def login_csrf_ok(self, nonce: str | None, given: str) -> bool:
        return bool(nonce) and bool(given) and hmac.compare_digest(given, self.login_csrf(nonce or ""))

    def _sign(self, purpose: str, value: str) -> str:
        return hmac.new(self._key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()

    def _prune(self) -> None:
        now = self._clock()
        for sid in [s for s, session in self._sessions.items() if session.expires < now]:
            del self._sessions[sid]


class LoginThrottle:
    """Per-client backoff on failed logins: a few free tries, then a wait that doubles with each failure."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[str, tuple[int, float]] = {}  # client → (failures, may try again at)
        self._lock = threading.Lock()

    def wait_for(self, client: str) -> float:
        """Seconds this client must wait before its next try (0 when it may try now)."""
        with self._lock:
            _, until = self._failures.get(client, (0, 0.0))
        return max(0.0, until - self._clock())

    def failed(self, client: str) -> float:
        """Count a failure; returns the wait it earns."""
        with self._lock:
            count = self._failures.pop(client, (0, 0.0))[0] + 1
            wait = 0.0 if count <= FREE_FAILURES else min(MAX_WAIT_S, 2.0 ** (count - FREE_FAILURES))
            self._failures[client] = (count, self._clock() + wait)
            while len(self._failures) > MAX_CLIENTS:
                del self._failures[next(iter(self._failures))]
        return wait

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)
