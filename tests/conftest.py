from __future__ import annotations

import functools
import os
from datetime import date
from pathlib import Path

import pytest

from bot.answer.service import PolicyService
from bot.policy.knowledge import KnowledgeBase, load_knowledge_base
from bot.rules.model import Verdict

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
SHARED = ROOT.parent / "shared"
TODAY = date(2026, 11, 29)


@pytest.fixture(scope="session", autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Indexes built by tests (and the commands they run) go to a temporary folder, never ~/.policybot."""
    os.environ["POLICYBOT_DATA_DIR"] = str(tmp_path_factory.mktemp("policybot-data"))


def write_vocabulary(tmp_path: Path, text: str) -> Path:
    """A vocabulary file with this text, for tests that load a small vocabulary of their own."""
    path = tmp_path / "vocabulary.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@functools.cache
def knowledge_copy(tmp_path: Path) -> Path:
    """The shipped knowledge base's files, copied into tmp_path/kb for a test to change."""
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    for path in KNOWLEDGE.iterdir():
        if path.is_file():
            (kb_dir / path.name).write_bytes(path.read_bytes())
    return kb_dir


@functools.cache
def make_service() -> PolicyService:
    """One service over the shipped knowledge base, answering as of a fixed day, with the semantic match
    of the product (the local model; its value vectors are cached in the test data folder)."""
    from bot.config import load_settings
    from bot.wiring import semantic_matcher

    kb = load_knowledge_base(KNOWLEDGE)
    return PolicyService(kb, today=lambda: TODAY, semantic=semantic_matcher(load_settings(), kb))


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return make_service().kb


@pytest.fixture(scope="session")
def service() -> PolicyService:
    return make_service()


@pytest.fixture(scope="session")
def corpus() -> Path:
    folder = SHARED / "corpus" / "policies"
    if not folder.is_dir():
        pytest.skip("../shared/corpus is not here")
    return folder


def assert_reviewed_beside_its_near_miss(service: PolicyService, near_miss: str, question: str, clause: str) -> None:
    """The near miss stays permitted; the question is reviewed, with `clause` among the possible prohibitions."""
    assert service.ask(near_miss).verdict is Verdict.PERMITTED
    answer = service.ask(question)
    assert answer.verdict is Verdict.NEEDS_REVIEW
    assert clause in answer.possible_prohibitions
