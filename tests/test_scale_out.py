"""Two `policybot serve --http` replicas sharing one database behind the same signed events: one answer each.

The replicas are real processes on loopback ports, each with its own data folder (index) and both with
the same POLICYBOT_DATABASE_URL: a SQLite file, and PostgreSQL at 127.0.0.1:5432 when it answers (a
fresh schema, dropped afterwards). Slack is one fake Web API that both post to.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from bot.audit.store import AuditStore
from tests.audit_helpers import pg_reachable, pg_schema
from tests.fakes.slack_api import FakeSlackAPI
from tests.servers import chroma_server, free_port, post_signed
from tests.slack_helpers import SECRET, event_callback, mention

ROOT = Path(__file__).resolve().parents[1]
DISTINCT = 24  # distinct events, split across the replicas
QUESTION = "Can the Chicago Police Department use facial recognition? (case {n})"


@contextmanager
def _replica(fake: FakeSlackAPI, database_url: str, data_dir: Path, chroma_port: int) -> Iterator[int]:
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.base_url,
        "SLACK_APP_TOKEN": "",
        "OPENAI_API_KEY": "",
        "OPENAI_BASE_URL": "",
        "POLICYBOT_DATA_DIR": str(data_dir),
        "POLICYBOT_DATABASE_URL": database_url,
        "CHROMA_HOST": "127.0.0.1",  # one Chroma server holds the index for every replica
        "CHROMA_PORT": str(chroma_port),
    }
    log = open(data_dir.parent / f"replica-{port}.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--http", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield port
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        log.close()


def _wait_ready(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"replica on port {port} was not ready in {seconds:.0f} s")


def _metric(port: int, prefix: str) -> float:
    """The sum of the series whose line starts with `prefix` (a name, or a name with some labels)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        text = r.read().decode()
    return sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(prefix))


def _all_at_once(jobs: list[tuple[int, str]]) -> list[int]:
    """POST every (port, body) at the same moment; the HTTP statuses, in order."""
    statuses = [0] * len(jobs)
    barrier = threading.Barrier(len(jobs))

    def send(i: int) -> None:
        barrier.wait()
        statuses[i] = post_signed(*jobs[i])

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return statuses


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared' / 'audit.db'}"
        return
    if not pg_reachable():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    with pg_schema() as url:
        yield url


def test_two_replicas_answer_each_event_once_and_record_it_once(database_url: str, tmp_path: Path) -> None:
    setup = AuditStore(database_url)
    setup.migrate()  # as a deployment would before scaling out (replicas also do it)
    setup.close()
    with ExitStack() as stack:
        fake = stack.enter_context(FakeSlackAPI())
        chroma = stack.enter_context(chroma_server(tmp_path / "chroma"))
        ports = [stack.enter_context(_replica(fake, database_url, tmp_path / f"data-{i}", chroma)) for i in range(2)]
        for port in ports:
            _wait_ready(port)

        same_ts = fake.next_ts()
        same = json.dumps(event_callback(mention(QUESTION.format(n=0), same_ts), "EvSCALE0"))
        jobs = [(ports[0], same), (ports[1], same), (ports[0], same), (ports[1], same)]  # one event, four deliveries
        thread_ts = {same_ts: 0}
        for n in range(1, DISTINCT + 1):
            ts = fake.next_ts()
            thread_ts[ts] = n
            asked = mention(QUESTION.format(n=n), ts, user=f"U{n:04d}")  # one person each: no rate limit
            jobs.append((ports[n % 2], json.dumps(event_callback(asked, f"EvSCALE{n}"))))
        assert _all_at_once(jobs) == [200] * len(jobs)

        expected = DISTINCT + 1
        assert fake.wait_for(lambda f: len(f.calls_to("chat.postMessage")) >= expected, 90)
        time.sleep(1.0)  # a second answer to any event would have arrived by now
        posted = Counter(call.body.get("thread_ts") for call in fake.calls_to("chat.postMessage"))
        assert posted == dict.fromkeys(thread_ts, 1)

        answered = [_metric(p, "policybot_answers_total{") for p in ports]
        duplicates = sum(_metric(p, 'policybot_events_dropped_total{reason="duplicate"}') for p in ports)
        assert (sum(answered), duplicates) == (expected, 3)
        assert min(answered) > 0  # both replicas did work

    store = AuditStore(database_url)
    rows = [json.loads(line) for line in store.export()]
    stats = store.stats()
    store.close()
    assert Counter(r["question"] for r in rows) == {QUESTION.format(n=n): 1 for n in range(expected)}
    assert {r["surface"] for r in rows} == {"slack"}
    assert stats.events_claimed == expected
    logs = "".join(p.read_text() for p in tmp_path.glob("replica-*.log"))
    assert "dense retrieval unavailable" not in logs  # both replicas searched the shared Chroma server
