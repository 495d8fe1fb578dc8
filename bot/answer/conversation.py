"""A conversation: earlier turns and their facts, so a follow-up is read in context.

"And what about in Canada?" after "Can Texas police use facial recognition?" keeps the police
and the facial recognition and changes the place. A follow-up's own facts replace the earlier
ones (it changes the hypothetical); what it leaves unsaid is carried. A question that opens with
no follow-up words and names nothing, or names both who and what, starts afresh.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.answer.models import Answer
from bot.rules.extract.text import fold
from bot.rules.facts import Facts
from bot.rules.model import Verdict
from bot.rules.vocabulary import shipped_vocabulary

MAX_TURNS = 10  # kept in memory; the prompt's token budget may keep fewer

_FOLLOW_UP = re.compile(
    r"^\W*(?:and|but|or|so|also|then|now|ok(?:ay)?|what about|how about|what if|if|same|instead|in that case|"
    r"and if|for|with|without|in|on|does (?:that|it|this)|is (?:that|it|this)|would (?:that|it|this)|"
    r"could (?:that|it|this)|can (?:it|they|we still)|does the same|et|und|y|e|en)\b",
    re.I,
)
_SHORT = 5  # words: "Canada?" or "Body cameras?" after a question is a follow-up
_PLACE = ("country", "us_state")


@dataclass(frozen=True)
class Turn:
    question: str
    verdict: Verdict
    answer: str
    facts: Facts
    in_scope: bool


@dataclass
class Conversation:
    turns: list[Turn] = field(default_factory=list)
    named_date: date | None = None  # a date an earlier question named ("as of 2024-03-01") holds for later ones

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    def record(self, answer: Answer, facts: Facts, named_date: date | None = None) -> None:
        self.turns.append(
            Turn(
                question=answer.question,
                verdict=answer.verdict,
                answer=answer.answer,
                facts=facts,
                in_scope=answer.verdict is not Verdict.OUT_OF_SCOPE,
            )
        )
        del self.turns[:-MAX_TURNS]
        if named_date is not None:
            self.named_date = named_date

    def reset(self) -> None:
        self.turns.clear()
        self.named_date = None


@dataclass(frozen=True)
class InContext:
    """A question's facts once its conversation is taken into account."""

    facts: Facts
    follow_up: bool
    retrieval_query: str


def in_context(text: str, facts: Facts, conversation: Conversation | None) -> InContext:
    last = conversation.last if conversation else None
    if last is None or not last.in_scope or not is_follow_up(text, facts):
        return InContext(facts, False, text)
    return InContext(carry(last.facts, facts, names_actor(text)), True, f"{last.question}\n{text}")


def is_follow_up(text: str, facts: Facts) -> bool:
    if _FOLLOW_UP.match(text):
        return True
    stated = bool(facts.known())
    return stated and len(text.split()) <= _SHORT and not (facts.actor_type and facts.capabilities)


def carry(previous: Facts, current: Facts, actor_named: bool) -> Facts:
    """`current`'s stated facts over `previous`'s; a place is replaced as a whole; the actor only when named."""
    update: dict[str, object] = {}
    for name in Facts.model_fields:
        value = getattr(current, name)
        if name in _PLACE:
            if current.country is not None or current.us_state is not None:
                update[name] = value
        elif name == "actor_type":
            if actor_named and value is not None:
                update[name] = value
        elif value is not None:
            update[name] = value
    return previous.model_copy(update=update)


def names_actor(text: str) -> bool:
    """Whether the text names who (police, a bank, a court…), rather than "we" by default."""
    folded = fold(text)
    return shipped_vocabulary().names(folded, lambda cue: cue.fact == "actor_type")
