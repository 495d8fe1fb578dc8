"""LLM facts merged with the extractor's: risks kept, conflicts read strictly, decisions only stricter."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answer.guard import at_least_as_strict
from bot.answer.llm_facts import grounded, merge_facts, stricter_decision
from bot.answer.llm_schema import CapabilityClaim, FactsDraft
from bot.policy.knowledge import load_knowledge_base
from bot.rules.evaluate import closed_world, evaluate
from bot.rules.facts import ActorType, CameraType, Capability, Facts, Setting, UseCase
from bot.rules.model import Decision, Verdict
from tests.conftest import KNOWLEDGE

KB = load_knowledge_base(KNOWLEDGE)
ON = date(2026, 11, 29)


def decide(facts: Facts) -> Decision:
    return evaluate(KB.rules, closed_world(facts, KB.vocabulary), ON, lambda cid: KB.in_force(cid, ON))


def llm(**values: object) -> FactsDraft:
    return FactsDraft.model_validate(values)


def test_a_risk_either_side_states_is_kept() -> None:
    det = Facts(actor_type=ActorType.ENTERPRISE, capabilities=frozenset({Capability.PRODUCTIVITY}))
    read = llm(
        capabilities=[{"capability": "emotion_inference", "evidence": "how callers feel"}], actor_type="individual"
    )
    capabilities, ignored = grounded(read, "Can we summarise calls and tell how callers feel?")
    assert ignored == []
    merged = merge_facts(det, read, capabilities)
    assert merged.capabilities == {Capability.PRODUCTIVITY, Capability.EMOTION_INFERENCE}
    assert merged.actor_type is ActorType.ENTERPRISE  # individual is the less strict reading


def test_a_capability_without_words_of_the_question_behind_it_is_not_used() -> None:
    read = llm(
        capabilities=[
            {"capability": "social_scoring", "evidence": "Use of the service is expressly permitted."},
            "emotion_inference",
            {"capability": "Facial Recognition", "evidence": "  \u201cFACE   matching\u201d "},
        ]
    )
    capabilities, ignored = grounded(read, "Can the police run face matching on CCTV?")
    assert capabilities == {Capability.FACIAL_RECOGNITION}
    assert [c.capability for c in ignored] == [Capability.SOCIAL_SCORING, Capability.EMOTION_INFERENCE]


def test_conflicts_take_the_stricter_reading() -> None:
    det = Facts(
        actor_type=ActorType.ENTERPRISE,
        country="FR",
        camera_type=CameraType.STATIONARY,
        setting=Setting.CONTROLLED,
        real_time=False,
        consent=True,
    )
    merged = merge_facts(
        det,
        llm(
            actor_type="police_department",
            country="US",
            us_state="TX",
            camera_type="mobile",
            setting="uncontrolled",
            real_time=True,
            consent=False,
        ),
    )
    assert merged.actor_type is ActorType.POLICE_DEPARTMENT
    assert (merged.country, merged.us_state) == ("US", "TX")
    assert merged.camera_type is CameraType.MOBILE and merged.setting is Setting.UNCONTROLLED
    assert merged.real_time is True and merged.consent is False


def test_the_llm_cannot_unset_or_soften_what_the_extractor_found() -> None:
    det = Facts(
        actor_type=ActorType.POLICE_DEPARTMENT,
        country="US",
        capabilities=frozenset({Capability.FACIAL_RECOGNITION}),
        real_time=True,
        consent=False,
    )
    merged = merge_facts(
        det,
        llm(
            actor_type="individual",
            country="FR",
            capabilities=[],
            real_time=False,
            consent=True,
            use_case="identity_verification",
        ),
    )
    assert merged.actor_type is ActorType.POLICE_DEPARTMENT
    assert merged.country == "US"
    assert merged.capabilities == {Capability.FACIAL_RECOGNITION}
    assert merged.real_time is True and merged.consent is False


def test_unknown_places_and_words_are_read_leniently_into_codes_or_nothing() -> None:
    facts = llm(country="unknown", us_state="Texas", actor_type="Police Department", capabilities=None)
    assert facts.country is None and facts.us_state is None
    assert facts.actor_type is ActorType.POLICE_DEPARTMENT and facts.capabilities == []
    assert llm(country="usa").country == "US"


def test_live_identification_in_public_is_inferred_after_merging() -> None:
    det = Facts(
        actor_type=ActorType.LAW_ENFORCEMENT, country="FR", capabilities=frozenset({Capability.FACIAL_RECOGNITION})
    )
    merged = merge_facts(det, llm(real_time=True, camera_type="mobile"))
    assert merged.setting is Setting.UNCONTROLLED
    assert Capability.SURVEILLANCE in (merged.capabilities or ()) and merged.consent is False
    assert decide(merged).verdict is Verdict.PROHIBITED


def test_a_permission_reached_only_through_the_llm_is_not_used() -> None:
    det = Facts(actor_type=ActorType.LAW_ENFORCEMENT, capabilities=frozenset({Capability.FACIAL_RECOGNITION}))
    rules = decide(det)
    assert rules.verdict is Verdict.NEEDS_CLARIFICATION
    considered = decide(merge_facts(det, llm(country="FR", real_time=False, apprehended_suspect=True)))
    assert stricter_decision(rules, considered) is rules


maybe = st.none() | st.booleans()
facts_strategy = st.builds(
    Facts,
    actor_type=st.none() | st.sampled_from(ActorType),
    country=st.none() | st.sampled_from(["US", "CA", "FR"]),
    capabilities=st.none() | st.frozensets(st.sampled_from(Capability), max_size=3),
    camera_type=st.none() | st.sampled_from(CameraType),
    setting=st.none() | st.sampled_from(Setting),
    real_time=maybe,
    consent=maybe,
    apprehended_suspect=maybe,
    use_case=st.none() | st.sampled_from(UseCase),
)
llm_strategy = st.builds(
    FactsDraft,
    actor_type=st.none() | st.sampled_from(ActorType),
    country=st.none() | st.sampled_from(["US", "CA", "FR"]),
    capabilities=st.lists(st.builds(CapabilityClaim, capability=st.sampled_from(Capability)), max_size=3),
    camera_type=st.none() | st.sampled_from(CameraType),
    setting=st.none() | st.sampled_from(Setting),
    real_time=maybe,
    consent=maybe,
    apprehended_suspect=maybe,
    use_case=st.none() | st.sampled_from(UseCase),
)


@settings(max_examples=400, deadline=None)
@given(facts_strategy, llm_strategy)
def test_whatever_the_llm_reads_the_decision_only_gets_stricter(det: Facts, read: FactsDraft) -> None:
    rules = decide(det)
    read_all = frozenset(c.capability for c in read.capabilities)  # as if every claim were grounded
    chosen = stricter_decision(rules, decide(merge_facts(det, read, read_all)))
    assert at_least_as_strict(chosen.verdict, rules.verdict)
    if chosen.verdict is Verdict.PERMITTED:
        assert chosen is rules
