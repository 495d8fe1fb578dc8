"""Where 👍/👎 feedback goes: the audit store's feedback table, linked to the answer it is about.

A button's value is the answer's feedback reference, `pa-1a2b3c4d/42`: the reference the person can
quote, then the audit answer id (absent when the answer could not be recorded). Any replica can take
the click, since the id is in the message. Without an audit store (POLICYBOT_AUDIT=0) feedback goes to
a small SQLite file under the data folder instead.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from bot.errors import AuditError
from bot.slack.blocks import audit_answer_id


class FeedbackStore(Protocol):
    def record_feedback(self, answer_ref: str, user: str, value: str, reason: str | None) -> None:
        """Keep one person's verdict ("up" or "down") on one answer; a later one (with a reason) replaces it."""
        ...


class AuditFeedbackStore:
    """Feedback into the audit store (bot.audit.store.AuditStore): one row per vote, and one per reason given."""

    def __init__(self, audit: Any) -> None:
        self.audit = audit

    def record_feedback(self, answer_ref: str, user: str, value: str, reason: str | None) -> None:
        answer_id = audit_answer_id(answer_ref)
        if answer_id is None:
            raise AuditError(f"answer {answer_ref!r} was not recorded in the audit store, so neither is its feedback")
        self.audit.record_feedback(answer_id, user or None, value, reason or None)


class SqliteFeedbackStore:
    """A small SQLite table under the data folder: one row per answer and person."""

    def __init__(self, path: Path, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS slack_feedback ("
                " answer_ref TEXT NOT NULL, user TEXT NOT NULL, value TEXT NOT NULL CHECK (value IN ('up', 'down')),"
                " reason TEXT, at TEXT NOT NULL, PRIMARY KEY (answer_ref, user))"
            )

    def record_feedback(self, answer_ref: str, user: str, value: str, reason: str | None) -> None:
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT INTO slack_feedback (answer_ref, user, value, reason, at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (answer_ref, user) DO UPDATE SET value = excluded.value,"
                " reason = COALESCE(excluded.reason, slack_feedback.reason), at = excluded.at",
                (answer_ref, user, value, reason or None, self._clock().isoformat()),
            )

    def rows(self) -> list[tuple[str, str, str, str | None]]:
        with self._connect() as db:
            return list(db.execute("SELECT answer_ref, user, value, reason FROM slack_feedback ORDER BY at"))

    def _connect(self) -> _Connection:
        return _Connection(self.path)


class _Connection:
    """A connection used for one transaction and closed after it (sqlite3's own context manager only commits)."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, timeout=10)

    def __enter__(self) -> sqlite3.Connection:
        return self._db.__enter__()

    def __exit__(self, *exc: object) -> None:
        with closing(self._db):
            self._db.__exit__(*exc)  # type: ignore[arg-type]
