"""The answer without an LLM: built from the decision alone, so it says exactly what the rules say."""

from __future__ import annotations

from bot.policy.profile import KbProfile
from bot.rules.model import Decision, Effect, Verdict


def _opener(verdict: Verdict, profile: KbProfile) -> str:
    return {
        Verdict.PROHIBITED: "No, this is prohibited.",
        Verdict.PERMITTED: "Yes, this is permitted.",
        Verdict.NEEDS_CLARIFICATION: "It depends: a prohibition may apply, and I need more details to tell.",
        Verdict.NEEDS_REVIEW: (
            "No rule in the code of conduct clearly permits or prohibits this; "
            f"ask {profile.contact_name} to review it."
        ),
        Verdict.INFORMATIONAL: "Here is what the code of conduct says:",
        Verdict.OUT_OF_SCOPE: (
            f"This does not look like a question about using {profile.services_name}, so the code of conduct has "
            "no answer for it. Ask me whether a use of the services is allowed, e.g. "
            '"Can we use it to summarise our meeting notes?"'
        ),
    }[verdict]


def extractive_answer(
    decision: Decision,
    possible: list[str] | None = None,
    profile: KbProfile = KbProfile(),  # noqa: B008 - frozen
) -> str:
    """The answer the rules give; `possible` names the clauses that appear to prohibit the use."""
    if possible and decision.verdict is Verdict.NEEDS_REVIEW:
        return (
            f"This may be prohibited: {', '.join(possible)} appear{'s' if len(possible) == 1 else ''} to prohibit it, "
            f"and no rule clearly permits it. Ask {profile.contact_name} to review it before going ahead."
        )
    permits = [r for r in decision.rules if r.effect is Effect.PERMIT]
    if permits and decision.verdict is Verdict.NEEDS_REVIEW:  # held for review (proof.held_for_review)
        return "\n".join(
            [
                "A rule permits this kind of work, but not everything the question says could be weighed; "
                f"ask {profile.contact_name} to review it before going ahead.",
                *(f"- {r.summary} ({', '.join(r.clause_ids)})" for r in permits),
            ]
        )
    lines = [_opener(decision.verdict, profile)]
    if decision.verdict is Verdict.PROHIBITED:
        lines += [f"- {r.summary} ({', '.join(r.clause_ids)})" for r in decision.rules]
    elif decision.verdict is Verdict.NEEDS_CLARIFICATION:
        lines += [f"- {r.summary} ({', '.join(r.clause_ids)})" for r in decision.rules]
        lines.append("Please tell me:")
        lines += [f"- {q}" for q in decision.questions_to_ask()]
    elif decision.verdict is Verdict.PERMITTED:
        lines += [f"- {r.summary} ({', '.join(r.clause_ids)})" for r in decision.rules if r.effect is Effect.PERMIT]
        if decision.obligations:
            lines.append("Conditions:")
            lines += [f"- {o}" for o in decision.obligations]
    return "\n".join(lines)


def verdict_opener(verdict: Verdict, profile: KbProfile = KbProfile()) -> str:  # noqa: B008 - frozen
    """The first sentence of any answer with this verdict."""
    return _opener(verdict, profile)
