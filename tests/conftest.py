from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

import pytest

from bot.answer.service import PolicyService
from bot.policy.knowledge import KnowledgeBase, load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
SHARED = ROOT.parent / "shared"
TODAY = date(2026, 11, 29)


@functools.cache
def make_service() -> PolicyService:
    """One service over the shipped knowledge base, answering as of a fixed day."""
    return PolicyService(load_knowledge_base(KNOWLEDGE), today=lambda: TODAY)


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
