"""The console's pure parts: the chart, the topic clustering, sessions and the login backoff."""

from __future__ import annotations

import re
from datetime import date, timedelta

import numpy as np
import pytest

from bot.console.auth import FREE_FAILURES, ConsoleAuth, LoginThrottle
from bot.console.charts import nice_ceiling, stacked_bars
from bot.console.clusters import cluster, hashed_words
from bot.console.topics import QuestionVectors, draft_command


def test_stacked_bars_draw_each_days_verdicts_at_their_share_of_the_peak() -> None:
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(3)]
    svg = stacked_bars(days, {"prohibited": [4, 0, 1], "permitted": [4, 2, 0]}, height=240)
    heights = [float(h) for h in re.findall(r'height="([\d.]+)" fill', svg)]
    assert len(heights) == 4  # no segment for a zero
    plot = 240 - 28 - 10
    assert heights[0] == pytest.approx(plot * 4 / 8, abs=0.1)  # the peak is 8
    assert "2026-01-01: 4 prohibited" in svg and "2026-01-02: 2 permitted" in svg


def test_chart_text_is_escaped() -> None:
    svg = stacked_bars([date(2026, 1, 1)], {"<b>x</b>": [1]}, markers={date(2026, 1, 1): "<script>"})
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;" in svg


@pytest.mark.parametrize(("value", "ceiling"), [(0, 4), (3, 4), (7, 8), (11, 20), (150, 200), (501, 800), (2001, 4000)])
def test_nice_ceiling(value: int, ceiling: int) -> None:
    assert nice_ceiling(value) == ceiling


def test_clustering_joins_close_vectors_and_keeps_far_ones_apart() -> None:
    vectors = np.array([[1, 0, 0], [0.95, 0.1, 0], [0, 1, 0], [0, 0.97, 0.1], [0, 0, 1]], dtype=np.float32)
    groups = cluster(vectors, [1, 5, 2, 2, 1])
    assert [g.members for g in groups] == [[0, 1], [2, 3], [4]]  # largest first, by weight
    assert [g.weight for g in groups] == [6, 4, 1]


def test_clustering_is_deterministic_and_handles_nothing() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(40, 8)).astype(np.float32)
    first = [g.members for g in cluster(vectors, [1] * 40)]
    assert first == [g.members for g in cluster(vectors, [1] * 40)]
    assert sorted(i for members in first for i in members) == list(range(40))
    assert cluster(np.zeros((0, 8), dtype=np.float32), []) == []


def test_hashed_words_make_shared_words_similar() -> None:
    a, b, c = hashed_words(["predict turbine failures", "turbine failures predicted", "capital of France"])
    assert a @ b > a @ c


def test_question_vectors_fall_back_to_words_when_the_model_fails() -> None:
    def broken(texts: list[str]) -> np.ndarray:
        raise OSError("no model")

    vectors = QuestionVectors(broken)
    out = vectors.vectors(["a question", "another question"])
    assert out.shape[0] == 2 and vectors.kind == "words"


def test_question_vectors_are_cached() -> None:
    calls: list[list[str]] = []

    def embed(texts: list[str]) -> np.ndarray:
        calls.append(texts)
        return np.ones((len(texts), 4), dtype=np.float32)

    vectors = QuestionVectors(embed)
    vectors.vectors(["a", "b"])
    vectors.vectors(["b", "c", "a"])
    assert calls == [["a", "b"], ["c"]]


def test_draft_command_names_the_clauses() -> None:
    assert (
        draft_command(2, ["coc/1.1"], "kb")
        == "policybot rules draft --kb kb --out rules-draft-topic-2.yaml  # for coc/1.1"
    )


def test_sessions_are_signed_ended_and_expire() -> None:
    now = [0.0]
    auth = ConsoleAuth("secret-token", clock=lambda: now[0])
    cookie = auth.open_session()
    assert "secret-token" not in cookie
    session = auth.session(cookie)
    assert session is not None
    assert auth.session(cookie[:-1] + ("0" if cookie[-1] != "0" else "1")) is None
    assert auth.csrf_ok(session.sid, auth.csrf_for(session.sid)) and not auth.csrf_ok(session.sid, "x")
    other = ConsoleAuth("another-token")
    assert other.session(cookie) is None  # a cookie signed under another token is no session
    auth.end_session(session.sid)
    assert auth.session(cookie) is None
    fresh = auth.open_session()
    now[0] += 9 * 3600
    assert auth.session(fresh) is None


def test_bearer_needs_the_exact_token() -> None:
    auth = ConsoleAuth("t0k")
    assert auth.bearer_ok("Bearer t0k") and auth.bearer_ok("bearer t0k")
    assert not auth.bearer_ok("Bearer t0") and not auth.bearer_ok("Basic t0k") and not auth.bearer_ok("Bearer ")


def test_the_login_wait_doubles_after_the_free_tries_and_resets_on_success() -> None:
    now = [0.0]
    throttle = LoginThrottle(lambda: now[0])
    waits = [throttle.failed("a") for _ in range(FREE_FAILURES + 3)]
    assert waits == [0.0] * FREE_FAILURES + [2.0, 4.0, 8.0]
    assert throttle.wait_for("a") == 8.0 and throttle.wait_for("b") == 0.0
    throttle.succeeded("a")
    assert throttle.wait_for("a") == 0.0
