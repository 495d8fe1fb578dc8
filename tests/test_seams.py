"""The seams (bot/seams.py): the real classes and the fakes that stand in for them in tests fit the same Protocols."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer.service import PolicyService
from bot.audit.recording import AuditedService
from bot.audit.store import AuditStore
from bot.retrieval.lazy import LazyRetriever
from bot.retrieval.retriever import LexicalRetriever
from bot.seams import Answerer, AnswerRecorder, Asker, AuditSink, Retriever, Service
from tests.conftest import TODAY, make_service
from tests.fakes import models
from tests.fakes.llm import make_llm
from tests.fakes.openai_server import FakeOpenAI
from tests.test_audit_cli import FailingAudit, ListAudit
from tests.test_fast_start import CountingRetriever
from tests.test_slack_audit import BrokenAudit


def test_retrievers_real_lazy_and_fake() -> None:
    kb = make_service().kb
    for retriever in (LexicalRetriever(kb), LazyRetriever(lambda: LexicalRetriever(kb)), CountingRetriever()):
        assert isinstance(retriever, Retriever), type(retriever)
    assert not isinstance(object(), Retriever)


def test_the_llm_answerer_against_the_fake_openai_server() -> None:
    with FakeOpenAI(models.good_model) as server:
        llm = make_llm(server)
        try:
            assert isinstance(llm, Answerer)
            service = PolicyService(make_service().kb, today=lambda: TODAY, llm=llm)
            assert service.ask("Can the NYPD use facial recognition?").mode == "llm"
        finally:
            llm.close()


def test_services_ask_and_answer_facts(tmp_path: Path) -> None:
    base = make_service()
    audited = AuditedService(base.kb, audit=ListAudit(), today=lambda: TODAY)
    for service in (base, audited):
        assert isinstance(service, Service) and isinstance(service, Asker)


@pytest.mark.parametrize("fake", [ListAudit(), FailingAudit()], ids=["list", "failing"])
def test_answer_recorders_real_and_fake(fake: object, tmp_path: Path) -> None:
    store = AuditStore(f"sqlite:///{tmp_path / 'audit.sqlite3'}")
    try:
        assert isinstance(store, AnswerRecorder) and isinstance(store, AuditSink)
        assert isinstance(fake, AnswerRecorder)
        assert not isinstance(fake, AuditSink)  # a recorder alone cannot claim Slack events
        assert isinstance(BrokenAudit(), AuditSink)  # every call raises, as a store whose database is gone
    finally:
        store.close()


def test_the_seams_hold_for_mypy_too() -> None:
    """Typed assignments: `mypy tests/test_seams.py` (pyproject's mypy files) checks each class against its Protocol."""
    kb = make_service().kb
    retriever: Retriever = LexicalRetriever(kb)
    lazy: Retriever = LazyRetriever(lambda: retriever)
    service: Service = make_service()
    recorder: AnswerRecorder = ListAudit()
    failing: AnswerRecorder = FailingAudit()
    assert all(x is not None for x in (lazy, service, recorder, failing))
