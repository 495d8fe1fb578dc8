"""Permits need proof of harmlessness: the semantic evidence's pure rules (bot/rules/proof.py)."""

from __future__ import annotations

from bot.rules.proof import leading_harms, weak_harms
from bot.rules.semantic import Thresholds, ValueMatch


def match(value: str, score: float, harmful: bool, readable: bool = True) -> ValueMatch:
    return ValueMatch("capabilities", value, score, harmful, (), readable)


THRESHOLDS = Thresholds(block=0.43, leading_floor=0.38, block_lead=0.10)


def test_a_harm_below_block_that_clearly_leads_every_ordinary_use_stops_a_permit() -> None:
    matches = [match("self_harm_promotion", 0.405, True), match("satire_fiction", 0.27, False)]
    assert weak_harms(matches, THRESHOLDS.block) == []  # too faint for the block on its own
    assert leading_harms(matches, THRESHOLDS) == ["self_harm_promotion"]


def test_a_harm_that_leads_by_less_or_lies_under_the_floor_proves_nothing() -> None:
    assert leading_harms([match("fraud", 0.42, True), match("productivity", 0.35, False)], THRESHOLDS) == []
    assert leading_harms([match("fraud", 0.36, True), match("productivity", 0.20, False)], THRESHOLDS) == []


def test_a_harm_the_use_supersedes_or_only_cues_may_read_is_not_leading() -> None:
    matches = [match("fraud", 0.41, True, readable=False), match("productivity", 0.25, False)]
    assert leading_harms(matches, THRESHOLDS) == []
    matches = [match("fraud", 0.41, True), match("productivity", 0.25, False)]
    assert leading_harms(matches, THRESHOLDS, superseded={"fraud"}) == []


def test_work_against_a_harm_that_makes_its_material_supersedes_nothing() -> None:
    """A warning about scams supersedes fraud as evidence; a thousand fake articles "to train our detector" do not
    (the vocabulary's `keeps_evidence_if: harm_produced` on counter_harm)."""
    from bot.rules.facts import Facts
    from bot.rules.proof import superseded
    from bot.rules.vocabulary import shipped_vocabulary

    vocab = shipped_vocabulary()
    warning = Facts(capabilities=frozenset({"counter_harm", "fraud"}))
    assert "fraud" in superseded(warning, vocab)
    making = warning.model_copy(update={"harm_produced": True})
    assert superseded(making, vocab) == set()
