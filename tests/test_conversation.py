"""Follow-ups: what a later question leaves unsaid is carried from the earlier turn; what it says wins."""

from __future__ import annotations

import pytest

from bot.answer.conversation import Conversation, carry, is_follow_up
from bot.answer.service import PolicyService
from bot.rules.extract import extract_facts
from bot.rules.facts import ActorType, Capability, Facts
from bot.rules.model import Verdict

TEXAS_POLICE = Facts(
    actor_type=ActorType.POLICE_DEPARTMENT,
    country="US",
    us_state="TX",
    capabilities=frozenset({Capability.FACIAL_RECOGNITION}),
)


@pytest.mark.parametrize(
    "text",
    [
        "and what about in Canada?",
        "What about emotion recognition?",
        "In Canada?",
        "Is that allowed?",
        "What if it's live?",
    ],
)
def test_follow_ups(text: str) -> None:
    assert is_follow_up(text, extract_facts(text))


@pytest.mark.parametrize(
    "text",
    ["What is the capital of France?", "Can a bank in Germany use face verification for sign-up?"],
)
def test_fresh_questions(text: str) -> None:
    assert not is_follow_up(text, extract_facts(text))


def test_a_new_place_replaces_the_old_one_whole() -> None:
    carried = carry(TEXAS_POLICE, Facts(country="CA"), actor_named=False)
    assert (carried.country, carried.us_state) == ("CA", None)
    assert carried.actor_type is ActorType.POLICE_DEPARTMENT and carried.capabilities == TEXAS_POLICE.capabilities


def test_the_actor_changes_only_when_the_follow_up_names_one() -> None:
    we = carry(TEXAS_POLICE, Facts(actor_type=ActorType.ENTERPRISE, country="CA"), actor_named=False)
    assert we.actor_type is ActorType.POLICE_DEPARTMENT  # "what if we do it in Canada?": still the police
    bank = carry(TEXAS_POLICE, Facts(actor_type=ActorType.ENTERPRISE), actor_named=True)
    assert bank.actor_type is ActorType.ENTERPRISE


def test_a_date_named_earlier_holds_for_follow_ups(service: PolicyService) -> None:
    conversation = Conversation()
    first = service.ask(
        "As of 2024-03-01, can a retailer in Canada use face verification for sign-up?", conversation=conversation
    )
    second = service.ask("and in France?", conversation=conversation)
    assert first.verdict is Verdict.PROHIBITED and str(second.as_of) == "2024-03-01"
    assert second.verdict is Verdict.PROHIBITED and second.facts["country"] == "FR"


def test_reset_forgets_turns_and_date(service: PolicyService) -> None:
    conversation = Conversation()
    service.ask("As of 2024-03-01, can Texas police use facial recognition?", conversation=conversation)
    assert conversation.last is not None and conversation.named_date is not None
    conversation.reset()
    assert conversation.last is None and conversation.named_date is None
    assert service.ask("In Canada?", conversation=conversation).verdict is Verdict.OUT_OF_SCOPE
