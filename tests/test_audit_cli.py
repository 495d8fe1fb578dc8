"""Answers are recorded at the edge, and `policybot audit export|stats|retention` read the store."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from bot.answer.models import Answer
from bot.audit.recording import AuditedService
from bot.audit.store import AuditStore, open_audit_store
from bot.config import Settings
from bot.errors import AuditError
from bot.wiring import Deps
from tests.conftest import TODAY, make_service

QUESTION = "Can the Chicago Police Department use facial recognition on CCTV footage?"


def run(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """policybot with its own audit database (the session's data folder keeps the index: no re-embedding)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "POLICYBOT_DATABASE_URL": f"sqlite:///{db}", **env},
    )


class FailingAudit:
    def record_answer(self, answer: Answer, **fields: Any) -> int:
        raise AuditError("could not record an answer in the audit store sqlite:///x: disk I/O error")


class ListAudit:
    def __init__(self) -> None:
        self.records: list[tuple[Answer, dict[str, Any]]] = []

    def record_answer(self, answer: Answer, **fields: Any) -> int:
        self.records.append((answer, fields))
        return len(self.records)


def test_the_audited_service_records_each_answer_with_its_latency() -> None:
    audit = ListAudit()
    ticks = iter([1.0, 1.25])
    service = AuditedService(
        make_service().kb, audit=audit, user="alice", today=lambda: TODAY, clock=lambda: next(ticks)
    )
    answer = service.ask(QUESTION)
    assert answer.verdict.value == "prohibited"
    [(recorded, fields)] = audit.records
    assert recorded is answer
    assert fields == {
        "user": "alice",
        "channel": None,
        "surface": "cli",
        "latency_ms": 250.0,
        "model": None,
    }
    assert service.last_answer_id == 1


def test_a_failing_audit_store_costs_a_warning_not_the_answer(caplog: pytest.LogCaptureFixture) -> None:
    service = AuditedService(make_service().kb, audit=FailingAudit(), today=lambda: TODAY)
    with caplog.at_level(logging.WARNING):
        answer = service.ask(QUESTION)
    assert answer.verdict.value == "prohibited"
    assert service.last_answer_id is None
    assert "not recorded in the audit store" in caplog.text and "disk I/O error" in caplog.text


def test_settings_choose_the_audit_store(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.audit_url == f"sqlite:///{tmp_path / 'audit.db'}"
    store = open_audit_store(settings)
    assert isinstance(store, AuditStore) and store.dialect == "sqlite" and not store.redact
    store.close()
    pg = Settings(database_url="postgresql://u@db:5432/audit", redact_pii=True)
    store = open_audit_store(pg)
    assert isinstance(store, AuditStore) and store.url.startswith("postgresql+psycopg://") and store.redact
    store.close()
    assert open_audit_store(Settings(audit_enabled=False)) is None
    assert "audit" in {f.name for f in fields(Deps)}  # wiring hands the store to every surface


def test_cli_ask_records_and_audit_commands_read_the_store(tmp_path: Path) -> None:
    data = tmp_path / "audit.db"
    batch = tmp_path / "batch.jsonl"
    questions = [
        QUESTION,
        "What is the capital of France?",
        "Reach me at jo@acme.com: may we read emotions off webcams?",
    ]
    batch.write_text("".join(json.dumps({"question": q}) + "\n" for q in questions))
    asked = run(data, "ask", "--batch", str(batch), "--no-llm", POLICYBOT_REDACT_PII="1")
    assert asked.returncode == 0, asked.stderr

    stats = run(data, "audit", "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    summary = json.loads(stats.stdout)
    assert summary["answers"] == 3
    assert summary["by_verdict"] == {"out_of_scope": 1, "prohibited": 2}
    assert summary["by_surface"] == {"cli": 3} and len(summary["slowest"]) == 3

    out = tmp_path / "export.csv"
    export = run(data, "audit", "export", "--since", "2000-01-01", "--format", "csv", "--out", str(out))
    assert export.returncode == 0, export.stderr
    assert "exported 3 answer(s)" in export.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [r["verdict"] for r in rows] == ["prohibited", "out_of_scope", "prohibited"]
    assert "[email]" in rows[2]["question"] and "jo@acme.com" not in out.read_text()

    lines = run(data, "audit", "export").stdout.splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["question"] == QUESTION

    text = run(data, "audit", "stats")
    assert text.returncode == 0 and "prohibited" in text.stdout and "slowest answers" in text.stdout

    dry = run(data, "audit", "retention", "--days", "30", "--dry-run")
    assert dry.returncode == 0 and "would delete 0 answer(s)" in dry.stderr
    kept = run(data, "audit", "retention", POLICYBOT_AUDIT_RETENTION_DAYS="1")
    assert kept.returncode == 0 and "deleted 0 answer(s)" in kept.stderr and "1 day(s)" in kept.stderr


def test_audit_commands_fail_in_one_line(tmp_path: Path) -> None:
    for args, words in (
        (("audit", "export", "--since", "last week"), "not a date"),
        (("audit", "export", "--format", "xml"), "csv or jsonl"),
    ):
        proc = run(tmp_path / "audit.db", *args)
        assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr
        assert words in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    bad = run(tmp_path / "audit.db", "audit", "stats", POLICYBOT_DATABASE_URL="nonsense://")
    assert bad.returncode == 1 and "POLICYBOT_DATABASE_URL" in bad.stderr and "Traceback" not in bad.stderr


def test_ask_still_answers_when_the_audit_store_is_unusable(tmp_path: Path) -> None:
    (tmp_path / "audit.db").mkdir()  # a folder where the database file should be
    proc = run(tmp_path / "audit.db", "ask", QUESTION, "--no-llm", "--json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["verdict"] == "prohibited"
    assert "not recorded in the audit store" in proc.stderr


def test_blank_audit_variables_count_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("POLICYBOT_DATABASE_URL", "POLICYBOT_AUDIT", "POLICYBOT_REDACT_PII", "POLICYBOT_AUDIT_RETENTION_DAYS"):
        monkeypatch.setenv(name, " ")
    settings = Settings()
    assert settings.audit_url.startswith("sqlite:///") and settings.audit_enabled and not settings.redact_pii
    assert settings.audit_retention_days == 365
