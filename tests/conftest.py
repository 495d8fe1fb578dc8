from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.answer.service import PolicyService
from bot.policy.knowledge import KnowledgeBase, load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
SHARED = ROOT.parent / "shared"
TODAY = date(2026, 11, 29)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base(KNOWLEDGE)


@pytest.fixture(scope="session")
def service(kb: KnowledgeBase) -> PolicyService:
    return PolicyService(kb, today=lambda: TODAY)


@pytest.fixture(scope="session")
def corpus() -> Path:
    folder = SHARED / "corpus" / "policies"
    if not folder.is_dir():
        pytest.skip("../shared/corpus is not here")
    return folder
