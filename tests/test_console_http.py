"""The console over HTTP, on an audit store filled by the real pipeline: what each page shows, and who may see it."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.console.app import Request
from bot.console.auth import FREE_FAILURES, ConsoleAuth
from bot.console.server import ConsoleHTTPServer
from tests.conftest import TODAY
from tests.console_helpers import TOKEN, Client, Filled, console_for, csrf_of, fill, in_last_days, store_at

Served = tuple[Any, Filled, Path]
PAGES = ["/admin/", "/admin/silent", "/admin/feedback", "/admin/overrides", "/admin/policies", "/admin/search"]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Filled, Path]]:
    db = tmp_path_factory.mktemp("console") / "audit.db"
    moment = [datetime.now(UTC)]
    store = store_at(db, moment)
    filled = fill(store, moment)
    app = console_for(store)
    server = ConsoleHTTPServer(app, "127.0.0.1", 0)
    server.start_in_thread()
    try:
        yield server, filled, db
    finally:
        server.shutdown()
        server.server_close()
        store.close()


@pytest.fixture
def client(served: Served) -> Client:
    client = Client(served[0].port)
    status, _, _ = client.login()
    assert status == 303
    return client


def _text(page: str) -> str:
    """The page's visible text, tags dropped and spaces folded (what a reader sees)."""
    main = page.split('<main id="main">', 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).strip()


# ---- who may see it


@pytest.mark.parametrize(
    "path", [*PAGES, "/admin/answers/1", "/admin/clauses/coc-2024/3.1", "/admin/export.csv", "/admin/nope", "/admin"]
)
def test_without_a_session_every_console_url_redirects_to_login_or_answers_401(served: Served, path: str) -> None:
    anonymous = Client(served[0].port)
    status, headers, body = anonymous.get(path)
    assert status == 303 and headers["Location"].startswith("/admin/login?next=")
    assert body == ""
    status, headers, body = anonymous.get(path, Authorization="Bearer not-the-token")
    served[0].app.auth.throttle.succeeded("127.0.0.1")  # a wrong token counts as a failed login; forget it
    assert status == 401 and "Bearer" in headers["WWW-Authenticate"]
    assert "Sign in first" in body and "/admin/answers/" not in body


def test_a_script_reads_pages_with_the_bearer_token(served: Served) -> None:
    status, _, body = Client(served[0].port).get("/admin/", Authorization=f"Bearer {TOKEN}")
    assert status == 200 and "Answers per day by verdict" in body


def test_login_sets_a_signed_httponly_strict_cookie_and_logout_ends_the_session(
    served: Served,
) -> None:
    client = Client(served[0].port)
    status, _, page = client.get("/admin/login")
    status, headers, _ = client.request("POST", "/admin/login", {"token": TOKEN, "csrf": csrf_of(page)})
    assert status == 303 and headers["Location"] == "/admin/"
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and TOKEN not in cookie
    session = dict(client.cookies)
    status, _, page = client.get("/admin/")
    assert status == 200
    # a forged signature is no session
    forged = Client(served[0].port)
    sid = session["pb_console"].split(".")[0]
    forged.cookies = {"pb_console": sid + "." + "0" * 64}
    assert forged.get("/admin/")[0] == 303
    # logout needs the CSRF token
    assert client.request("POST", "/admin/logout", {"csrf": "wrong"})[0] == 403
    status, headers, _ = client.request("POST", "/admin/logout", {"csrf": csrf_of(page)})
    assert status == 303 and "/admin/login" in headers["Location"]
    replay = Client(served[0].port)
    replay.cookies = session  # the old cookie, kept by someone: the server ended it
    assert replay.get("/admin/")[0] == 303


def test_login_refuses_a_form_without_its_csrf_token_and_a_wrong_token(served: Served) -> None:
    client = Client(served[0].port)
    client.get("/admin/login")
    status, headers, body = client.request("POST", "/admin/login", {"token": TOKEN, "csrf": "forged"})
    assert status == 403 and "pb_console=" not in headers.get("Set-Cookie", "")
    status, _, body = client.request("POST", "/admin/login", {"token": "guess", "csrf": csrf_of(body)})
    assert status == 401 and "not right" in body and "guess" not in body


def test_repeated_failed_logins_are_slowed_down_per_client(served: Served) -> None:
    app = console_for(served[0].app.data.audit)
    now = [1000.0]
    app.auth = ConsoleAuth(TOKEN, clock=lambda: now[0])

    def login(token: str, client: str) -> int:
        page = app.handle(Request("GET", "/admin/login", client=client))
        nonce = re.search(r"pb_console_login=([^;]+)", dict(page.headers)["Set-Cookie"]).group(1)  # type: ignore[union-attr]
        form = f"token={token}&csrf={csrf_of(page.body.decode())}".encode()
        return app.handle(
            Request("POST", "/admin/login", "", {"cookie": f"pb_console_login={nonce}"}, form, client)
        ).status

    for _ in range(FREE_FAILURES):
        assert login("wrong", "10.0.0.1") == 401
    assert login("wrong", "10.0.0.1") == 401  # this one earns a wait
    assert login(TOKEN, "10.0.0.1") == 429  # even the right token waits
    assert login(TOKEN, "10.0.0.2") == 303  # another client is not held up
    now[0] += 3
    assert login(TOKEN, "10.0.0.1") == 303


# ---- what the pages show


def test_overview_shows_the_periods_figures(client: Client, served: Served) -> None:
    filled = served[1]
    rows = in_last_days(filled, 30)
    status, _, page = client.get("/admin/?days=30")
    text = _text(page)
    assert status == 200
    assert f"{len(rows)} answers" in text
    assert f"{sum(r['overridden'] for r in rows)} overruled the LLM" in text
    ids = {r["id"] for r in rows}
    down = sum(1 for answer_id, _ in filled.down if answer_id in ids)
    up = sum(1 for i, r in enumerate(filled.rows) if r["id"] in ids and i % 9 == 1)
    assert f"({up} up · {down} down)" in text  # a thumbs down with its reason counts once
    channels = Counter(r["channel"] for r in rows if r["channel"])
    top, n = channels.most_common(1)[0]
    assert re.search(rf">{top}</a></td><td class=\"num\">{n}<", page)


def test_the_chart_has_one_bar_segment_per_day_and_verdict(client: Client, served: Served) -> None:
    rows = in_last_days(served[1], 30)
    expected = Counter((r["day"].isoformat(), r["verdict"].replace("_", " ")) for r in rows)
    _, _, page = client.get("/admin/?days=30")
    drawn = {
        (day, verdict): int(n)
        for day, n, verdict in re.findall(r"<title>(\d{4}-\d\d-\d\d): (\d+) ([a-z ]+)</title>", page)
    }
    assert drawn == dict(expected)
    assert "<svg" in page and "<script" not in page


def test_the_silent_page_groups_undecided_questions_by_topic(client: Client, served: Served) -> None:
    rows = in_last_days(served[1], 30)
    silent = [r for r in rows if r["verdict"] in ("needs_review", "out_of_scope")]
    assert silent, "the fixture should hold undecided answers"
    status, _, page = client.get("/admin/silent?days=30")
    assert status == 200 and f"{len(silent)} such answers" in _text(page)
    topics = page.split('<section class="topic"')[1:]
    assert sum(int(re.search(r"· (\d+) answer", t).group(1)) for t in topics) == len(silent)  # type: ignore[union-attr]
    turbines = [t for t in topics if "wind turbines" in t]
    if {r["kind"] for r in silent} >= {"turbines", "turbines2"}:
        assert len(turbines) == 1, "two wordings of one question should fall in one group"
    assert all("policybot rules draft" in t for t in topics)
    assert all("/admin/answers/" in t for t in topics)


def test_feedback_lists_each_thumbs_down_with_its_reason_escaped(client: Client, served: Served) -> None:
    rows = {r["id"] for r in in_last_days(served[1], 30)}
    down = [(i, reason) for i, reason in served[1].down if i in rows]
    _, _, page = client.get("/admin/feedback?days=30")
    assert f"{2 * len(down)} thumbs down in the period" in _text(page)  # the vote and the reason, as given
    answer_id, reason = down[0]
    assert f'href="/admin/answers/{answer_id}"' in page
    assert reason.replace("<", "&lt;").replace(">", "&gt;") in page and reason not in page


def test_overrides_lists_what_the_guard_changed(client: Client, served: Served) -> None:
    rows = [r for r in in_last_days(served[1], 30) if r["overridden"]]
    _, _, page = client.get("/admin/overrides?days=30")
    assert f"{len(rows)} answers overruled the LLM" in _text(page)
    assert "<td>verdict</td><td>permitted</td>" in page
    newest = max(rows, key=lambda r: (r["day"], -r["id"]))
    assert f'href="/admin/answers/{newest["id"]}"' in page


def test_an_answer_shows_its_record_and_its_clauses_link_to_their_text(client: Client, served: Served) -> None:
    row = next(r for r in served[1].rows if r["kind"] == "police")
    status, _, page = client.get(f"/admin/answers/{row['id']}")
    assert status == 200 and "prohibited" in page
    quote = re.search(r"<blockquote>(.+?)</blockquote>", page, re.S).group(1)  # type: ignore[union-attr]
    link = re.search(r'<a href="(/admin/clauses/[^"]+)">', page).group(1)  # type: ignore[union-attr]
    status, _, clause = client.get(link)
    assert status == 200 and " ".join(quote.split())[:60] in " ".join(clause.split())
    assert client.get("/admin/answers/999999")[0] == 404
    assert client.get("/admin/answers/x'1")[0] == 404


def test_search_filters_and_exports_exactly_the_matching_rows(client: Client, served: Served) -> None:
    first, last = TODAY - timedelta(days=44), TODAY
    wanted = [
        r for r in served[1].rows if r["verdict"] == "prohibited" and r["channel"] == "C0" and first <= r["day"] <= last
    ]
    assert wanted, "the fixture should hold prohibited answers in channel C0"
    query = f"verdict=prohibited&channel=C0&from={first}&to={last}"
    status, _, page = client.get(f"/admin/search?{query}")
    assert status == 200 and f"{len(wanted)} answers match" in page
    shown = [int(i) for i in re.findall(r'<td><a href="/admin/answers/(\d+)">\1</a></td>', page)]
    newest_first = [r["id"] for r in sorted(wanted, key=lambda r: (r["at"], r["id"]), reverse=True)]
    assert shown == newest_first[:50]
    status, headers, body = client.get(f"/admin/export.csv?{query}")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    exported = list(csv.DictReader(io.StringIO(body)))
    assert sorted(int(r["id"]) for r in exported) == sorted(r["id"] for r in wanted)
    assert {r["verdict"] for r in exported} == {"prohibited"} and {r["channel_id"] for r in exported} == {"C0"}
    _, _, body = client.get(f"/admin/export.jsonl?{query}&page=1")
    lines = [json.loads(line) for line in body.splitlines()]
    assert [line["id"] for line in lines] == shown


def test_text_search_finds_the_question_and_markup_stays_text(client: Client, served: Served) -> None:
    kinds = [r for r in served[1].rows if r["kind"] == "script" and r["day"] >= TODAY - timedelta(days=29)]
    status, _, page = client.get("/admin/search?q=%3Cscript&days=30")
    assert status == 200 and f"{len(kinds)} answers match" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    answer_page = client.get(f"/admin/answers/{kinds[0]['id']}")[2]
    assert "<script>" not in answer_page and "[email]" in answer_page  # recorded redacted, shown redacted
    assert "jane.doe@example.com" not in answer_page


def test_no_page_shows_the_token_or_the_database_address(client: Client, served: Served) -> None:
    db = served[2]
    for path in [*PAGES, "/admin/answers/1", "/admin/login", "/admin/nope"]:
        body = client.get(path)[2]
        assert TOKEN not in body and str(db) not in body and "sqlite:" not in body


def test_an_error_page_says_nothing_of_its_cause(served: Served) -> None:
    app = console_for(served[0].app.data.audit)

    def broken(what: str, work: Any) -> Any:
        raise RuntimeError(f"could not read from sqlite:///{served[2]} password=hunter2")

    app.data.read = broken  # type: ignore[method-assign]
    response = app.handle(Request("GET", "/admin/", "", {"authorization": f"Bearer {TOKEN}"}))
    body = response.body.decode()
    assert response.status == 500 and "hunter2" not in body and "sqlite" not in body and "Traceback" not in body


def test_policies_show_versions_diff_and_coverage(client: Client) -> None:
    status, _, page = client.get("/admin/policies")
    text = _text(page)
    assert status == 200 and "What changed" in text
    assert re.search(r"\d+ added · \d+ removed · \d+ changed", text)
    assert "Coverage" in text


def test_unknown_parameters_fall_back_to_defaults(client: Client) -> None:
    for query in ("days=abc", "from=2026-13-01&to=x", "page=-1", "verdict=<b>", "days=99999"):
        status, _, page = client.get(f"/admin/search?{query}")
        assert status == 200 and "answers match" in page and "<b>" not in page


def test_serve_http_hands_admin_urls_to_the_console_and_keeps_its_own(served: Served) -> None:
    from bot.console.server import mount
    from bot.slack.server import SlackHTTPServer

    slack = SlackHTTPServer(app=None, host="127.0.0.1", port=0)  # type: ignore[arg-type]  # no Slack request is sent
    mount(slack.prefix_routes, served[0].app)
    slack.start_in_thread()
    try:
        client = Client(slack.port)
        assert client.get("/healthz")[0] == 200
        assert client.get("/admin/")[0] == 303
        assert client.request("POST", "/admin/logout", {"csrf": "x"})[0] == 401
        assert client.get("/administrator")[0] == 404  # only /admin and what is under it
        status, _, body = client.get("/admin/overrides", Authorization=f"Bearer {TOKEN}")
        assert status == 200 and "overruled the LLM" in body
    finally:
        slack.shutdown()
        slack.server_close()
