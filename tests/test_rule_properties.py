"""Properties of the backstop: more facts can only keep a prohibition, never lift it."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.policy.knowledge import KnowledgeBase, load_knowledge_base
from bot.rules.evaluate import evaluate
from bot.rules.facts import ActorType, CameraType, Capability, Facts, Setting
from bot.rules.model import Verdict
from tests.conftest import KNOWLEDGE

KB: KnowledgeBase = load_knowledge_base(KNOWLEDGE)

maybe = st.none() | st.booleans()
facts_strategy = st.builds(
    Facts,
    actor_type=st.none() | st.sampled_from(ActorType),
    country=st.none() | st.sampled_from(["US", "CA", "FR", "GB", "DE"]),
    capabilities=st.none() | st.frozensets(st.sampled_from(Capability), max_size=4),
    camera_type=st.none() | st.sampled_from(CameraType),
    setting=st.none() | st.sampled_from(Setting),
    real_time=maybe,
    consent=maybe,
    apprehended_suspect=maybe,
)
dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


def decide(facts: Facts, on: date) -> Verdict:
    return evaluate(KB.rules, facts, on, lambda cid: KB.in_force(cid, on)).verdict


def fill(base: Facts, extra: Facts) -> Facts:
    """`base` with its unknowns filled from `extra` and `extra`'s capabilities added."""
    update = {name: getattr(extra, name) for name in Facts.model_fields if getattr(base, name) is None}
    caps = (base.capabilities or frozenset()) | (extra.capabilities or frozenset())
    if base.capabilities is not None:
        update["capabilities"] = caps
    return base.model_copy(update=update)


@settings(max_examples=400, deadline=None)
@given(facts_strategy, facts_strategy, dates)
def test_adding_facts_never_lifts_a_prohibition(base: Facts, extra: Facts, on: date) -> None:
    if decide(base, on) is Verdict.PROHIBITED:
        assert decide(fill(base, extra), on) is Verdict.PROHIBITED


@settings(max_examples=400, deadline=None)
@given(facts_strategy, facts_strategy, dates)
def test_answering_a_clarification_never_gives_a_permit_while_a_prohibit_matches(
    base: Facts, extra: Facts, on: date
) -> None:
    decision = evaluate(KB.rules, fill(base, extra), on, lambda cid: KB.in_force(cid, on))
    if decision.verdict is Verdict.PERMITTED:
        assert all(rule.effect.value != "prohibit" for rule in decision.rules)
