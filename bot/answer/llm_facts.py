"""Facts read by the LLM, merged with the deterministic extractor's so they can only add caution.

Per fact, a risk either side states is kept and a conflict takes the stricter reading. That alone
does not make the decision stricter (a filled-in unknown can close an open prohibition), so the
service also decides on both fact sets and keeps the stricter decision (`stricter_decision`), and
a `permitted` reached only through the LLM's facts is never used.

A capability the LLM adds must come with the words of the question (or of an earlier turn) that
state it: an ungrounded capability is a guess, not something the question states, and an
extractor's risk is never lost by ignoring it (the deterministic facts are the floor).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.answer.llm_schema import CapabilityClaim, FactsDraft
from bot.answer.models import Override
from bot.answer.quotes import normalise
from bot.rules.facts import ActorType, CameraType, Capability, Facts, Setting
from bot.rules.model import STRICTNESS, Decision, Verdict

# Stricter first: the actor more rules apply to (as the deterministic extractor orders them).
ACTOR_STRICTNESS = (
    ActorType.POLICE_DEPARTMENT,
    ActorType.LAW_ENFORCEMENT,
    ActorType.COURT,
    ActorType.GOVERNMENT,
    ActorType.ENTERPRISE,
    ActorType.INDIVIDUAL,
)
_LAW_ENFORCEMENT = (ActorType.POLICE_DEPARTMENT, ActorType.LAW_ENFORCEMENT)
MIN_EVIDENCE_CHARS = 3


def grounded(llm: FactsDraft, text: str) -> tuple[frozenset[str], list[CapabilityClaim]]:
    """The LLM's capabilities whose evidence is in `text`, and the claims that are not."""
    haystack = normalise(text)
    kept: set[str] = set()
    ignored: list[CapabilityClaim] = []
    for claim in llm.capabilities:
        evidence = normalise(claim.evidence).strip(" .,;:!?\"'")
        if len(evidence) >= MIN_EVIDENCE_CHARS and evidence in haystack:
            kept.add(claim.capability)
        else:
            ignored.append(claim)
    return frozenset(kept), ignored


def merge_facts(det: Facts, llm: FactsDraft, capabilities_read: frozenset[str] = frozenset()) -> Facts:
    """The deterministic facts with the LLM's added: risks from either, the stricter reading on conflict.

    `capabilities_read` are the LLM's grounded capabilities (see `grounded`).
    """
    capabilities = (det.capabilities or frozenset()) | capabilities_read
    country, us_state = _place(det, llm)
    merged = Facts(
        actor_type=_first_in(ACTOR_STRICTNESS, det.actor_type, llm.actor_type),
        actor_name=det.actor_name,
        country=country,
        us_state=us_state,
        capabilities=capabilities if capabilities or det.capabilities is not None else None,
        camera_type=_first_in((CameraType.MOBILE, CameraType.STATIONARY), det.camera_type, llm.camera_type),
        setting=_first_in((Setting.UNCONTROLLED, Setting.CONTROLLED), det.setting, llm.setting),
        real_time=_flag(det.real_time, llm.real_time, strict=True),
        consent=_flag(det.consent, llm.consent, strict=False),
        apprehended_suspect=_flag(det.apprehended_suspect, llm.apprehended_suspect, strict=False),
        use_case=det.use_case or llm.use_case,  # a permissive fact: it never overrides the extractor's
        **_vocabulary_facts(det, llm),
    )
    return derive(merged)


def _vocabulary_facts(det: Facts, llm: FactsDraft) -> dict[str, object]:
    """Facts the vocabulary adds: a yes/no fact takes "no" from either side (the strict reading, as the
    extractor does); any other keeps the extractor's reading and only fills an unknown one, so the LLM
    can never read a carve-out the question does not state over the extractor's "none stated"."""
    merged: dict[str, object] = dict(det.__pydantic_extra__ or {})
    for name in type(llm).model_fields.keys() - FactsDraft.model_fields.keys():
        said = getattr(llm, name)
        if said is None:
            continue
        mine = merged.get(name)
        if isinstance(said, bool):
            merged[name] = _flag(mine if isinstance(mine, bool) else None, said, strict=False)
        elif mine is None:
            merged[name] = frozenset(said) if isinstance(said, list) else said
    return merged


def derive(facts: Facts) -> Facts:
    """The extractor's inferences, re-applied to the merged facts (DESIGN: live identification in public)."""
    update: dict[str, object] = {}
    setting = facts.setting
    if setting is None and facts.camera_type is CameraType.MOBILE and facts.actor_type in _LAW_ENFORCEMENT:
        setting = update["setting"] = Setting.UNCONTROLLED
    caps = facts.capabilities or frozenset()
    if Capability.FACIAL_RECOGNITION in caps and facts.real_time and setting is Setting.UNCONTROLLED:
        update["capabilities"] = caps | {Capability.SURVEILLANCE}
        if facts.consent is None:
            update["consent"] = False
    return facts.model_copy(update=update) if update else facts


def stricter_decision(rules: Decision, candidate: Decision) -> Decision:
    """`candidate` (decided on the merged facts) only when it is strictly stricter and not a permission."""
    if candidate.verdict is Verdict.PERMITTED or candidate.verdict is rules.verdict:
        return rules
    if STRICTNESS.index(candidate.verdict) < STRICTNESS.index(rules.verdict):
        return candidate
    return rules


def _first_in(order: tuple, a: object, b: object) -> object:
    for value in order:
        if value in (a, b):
            return value
    return None


def _flag(det: bool | None, llm: bool | None, strict: bool) -> bool | None:
    if strict in (det, llm):
        return strict
    return det if det is not None else llm


def _place(det: Facts, llm: FactsDraft) -> tuple[str | None, str | None]:
    """Where: the extractor's place, unless it names none; on conflict the United States (stricter rules)."""
    llm_country = "US" if llm.us_state and not llm.country else llm.country
    llm_state = llm.us_state if llm_country == "US" else None
    if det.country is None:
        return llm_country, llm_state
    if llm_country == det.country or llm_country is None:
        return det.country, det.us_state or (llm_state if det.country == "US" else None)
    if llm_country == "US":
        return "US", llm_state
    return det.country, det.us_state


@dataclass(frozen=True)
class FactsStep:
    """The LLM's facts weighed: the decision and facts to use, and what to tell the user about it."""

    decision: Decision
    facts: Facts
    warnings: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()


def with_llm_facts(
    read: FactsDraft, said: str, facts: Facts, decision: Decision, decide: Callable[[Facts], Decision]
) -> FactsStep:
    """The decision on the merged facts when it is stricter; the rules' own otherwise. Notes what differed.

    `said` is the text the LLM's evidence must come from; `decide` decides merged facts as the service does.
    """
    capabilities, ignored = grounded(read, said)
    warnings: list[str] = []
    overrides: list[Override] = []
    for claim in ignored:
        reason = f"the LLM read {claim.capability!r} without quoting words that say so; it was not used"
        warnings.append(reason)
        overrides.append(Override(kind="facts", llm=claim.capability, used="ignored", reason=reason))
    merged = merge_facts(facts, read, capabilities)
    if merged == facts:
        return FactsStep(decision, facts, tuple(warnings), tuple(overrides))
    considered = decide(merged)
    chosen = stricter_decision(decision, considered)
    if considered.verdict is not decision.verdict:
        kept = "used" if chosen is considered else "not used: the rules' own reading is kept"
        reason = (
            f"with the facts the LLM read, the rules give {considered.verdict.value!r} instead of "
            f"{decision.verdict.value!r}; {kept}"
        )
        warnings.append(reason)
        overrides.append(Override(kind="facts", llm=facts_text(merged), used=chosen.verdict.value, reason=reason))
    used = (considered, merged) if chosen is considered else (decision, facts)
    return FactsStep(*used, tuple(warnings), tuple(overrides))


def facts_text(facts: Facts) -> str:
    return ", ".join(f"{k}={v}" for k, v in facts.known().items()) or "nothing"
