"""Shared by the console tests: an audit store filled by the real pipeline, and a console served over HTTP."""

from __future__ import annotations

import functools
import http.client
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from bot.answer.models import Answer, Override, Usage
from bot.audit.store import AuditStore
from bot.config import Settings
from bot.console.app import ConsoleApp
from bot.console.server import build_console
from tests.conftest import TODAY, make_service

TOKEN = "console-test-token-0123456789"
QUESTIONS = [  # (question, what the tests call it); the verdicts come from the real pipeline
    ("Can the Chicago Police Department use the service for facial recognition on CCTV footage?", "police"),
    ("Can a police department in Georgia use the model to summarize witness interviews?", "summaries"),
    ("Can police use facial recognition?", "unclear"),
    ("We want to predict which wind turbines will fail next month from sensor data. Any policy issue?", "turbines"),
    ("Can we predict when our wind turbines will break down from their sensor readings?", "turbines2"),
    ("Can we generate marketing images of our new sneakers with the image model?", "sneakers"),
    ("What is the capital of France?", "france"),
    ("Can we summarise <script>alert(1)</script> notes? Mail jane.doe@example.com", "script"),
]
ANSWERS = 300
DAYS = 60  # answers are spread over the 60 days before TODAY


@functools.cache
def real_answers() -> tuple[Answer, ...]:
    service = make_service()
    return tuple(service.ask(question) for question, _ in QUESTIONS)


@dataclass
class Filled:
    """What was recorded, so tests can compute the figures the pages must show."""

    ids: list[int] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # per answer: id, day, verdict, channel, user, kind, overridden
    down: list[tuple[int, str]] = field(default_factory=list)  # (answer id, reason)
    up: int = 0


def fill(store: AuditStore, moment: list[datetime], answers: int = ANSWERS) -> Filled:
    """Record `answers` answers from a few real asks, some overruled, with 👍/👎 (the clock is `moment[0]`)."""
    base = real_answers()
    filled = Filled()
    start = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)
    for i in range(answers):
        k = i % len(base)
        answer = base[k]
        overridden = i % 10 == 3 and answer.verdict.value != "permitted"  # the LLM said permitted; the rules did not
        if overridden:  # as the guard records it when the LLM said a looser verdict
            answer = answer.model_copy(
                update={
                    "mode": "llm",
                    "overrides": [Override(kind="verdict", llm="permitted", used=answer.verdict.value, reason="rules")],
                    "usage": Usage(prompt_tokens=100, completion_tokens=20, total_tokens=120, calls=1),
                }
            )
        moment[0] = start - timedelta(days=(i * 37 + i * i // 11) % DAYS, minutes=i)  # uneven days, as in life
        channel = f"C{i % 4}" if i % 5 else None
        user = f"U{i % 7}"
        answer_id = store.record_answer(answer, user=user, channel=channel, surface="slack", latency_ms=50 + i)
        filled.ids.append(answer_id)
        filled.rows.append(
            {
                "id": answer_id,
                "day": moment[0].date(),
                "at": moment[0],
                "verdict": answer.verdict.value,
                "channel": channel,
                "user": user,
                "kind": QUESTIONS[k][1],
                "overridden": overridden,
            }
        )
        if i % 9 == 0:
            store.record_feedback(answer_id, user, "down", None)
            reason = f"wrong clause <b>{i}</b>"
            store.record_feedback(answer_id, user, "down", reason)
            filled.down.append((answer_id, reason))
        elif i % 9 == 1:
            store.record_feedback(answer_id, user, "up", None)
            filled.up += 1
    return filled


def console_for(store: AuditStore, token: str = TOKEN) -> ConsoleApp:
    settings = Settings(admin_token=token)
    app = build_console(settings, store, make_service().kb)
    app.data.today = lambda: TODAY
    return app


def in_last_days(filled: Filled, days: int, today: date = TODAY) -> list[dict]:
    first = today - timedelta(days=days - 1)
    return [r for r in filled.rows if first <= r["day"] <= today]


class Client:
    """A tiny cookie-keeping HTTP client (http.client: no redirects followed, so tests see them)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        all_headers = dict(headers or {})
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urlencode(form).encode() if form is not None else None
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "Max-Age=0" in value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = cookie_value
        conn.close()
        return response.status, dict(response.getheaders()), data

    def get(self, path: str, **headers: str):
        return self.request("GET", path, headers=headers)

    def login(self, token: str = TOKEN, next_page: str = "/admin/"):
        status, _, page = self.get(f"/admin/login?{urlencode({'next': next_page})}")
        assert status == 200, page
        return self.request("POST", "/admin/login", {"token": token, "csrf": csrf_of(page), "next": next_page})


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def store_at(path: Path, moment: list[datetime], redact: bool = True) -> AuditStore:
    return AuditStore(f"sqlite:///{path}", clock=lambda: moment[0], redact=redact)
