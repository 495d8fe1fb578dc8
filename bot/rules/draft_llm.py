"""Drafting with an LLM: the words of each proposal come from prompts/rules_draft.md, validated like answers.

The reply must be JSON of `RulesDraftReply`; each entry is checked again here (the clause asked
about, a usable value id, cues that are plain phrases). A clause whose entry is missing or invalid,
or a batch the LLM could not answer, gets the deterministic skeleton instead, and a note says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from pydantic import BaseModel, ConfigDict, Field

from bot.answer.llm_client import ChatLLM, Deadline, UsageMeter
from bot.answer.prompts import Prompt
from bot.errors import LLMError
from bot.policy.models import Clause
from bot.rules.coverage import body, short_text
from bot.rules.draft import FACT, ClauseDraft, skeleton

BATCH = 8  # clauses per request: a long policy's gaps are drafted in several calls
MAX_CUES, MAX_CUE_CHARS, MAX_EXAMPLES = 10, 80, 6
_VALUE_ID = re.compile(r"[a-z][a-z0-9_]{2,47}")


class DraftedValue(BaseModel):
    """One clause's proposal as the LLM words it (lengths are capped after parsing, as answers' are)."""

    model_config = ConfigDict(extra="ignore")

    clause_id: str = Field(description="The id of a clause given in <clauses>, exactly as written there.")
    value_id: str = Field(description="snake_case name of the kind of use.")
    description: str
    cues: list[str] = Field(description="Short plain phrases, no regular expressions.")
    examples: list[str]
    question: str
    summary: str
    golden_question: str


class RulesDraftReply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    drafts: list[DraftedValue]


Ask = Callable[[list[dict[str, str]]], RulesDraftReply]  # one structured call; raises LLMError


def draft_with_llm(clauses: Sequence[Clause], prompt: Prompt, ask: Ask) -> tuple[list[ClauseDraft], list[str]]:
    """A proposal per clause, worded by the LLM where its reply holds up; notes say where it did not."""
    drafts: list[ClauseDraft] = []
    notes: list[str] = []
    for start in range(0, len(clauses), BATCH):
        batch = list(clauses[start : start + BATCH])
        data = [{"clause_id": c.id, "modality": c.modality, "text": short_text(body(c), 1500)} for c in batch]
        message = prompt.render(fact=FACT, clauses=json.dumps(data, ensure_ascii=False, indent=1))
        try:
            reply = ask([{"role": "user", "content": message}])
        except LLMError as exc:
            notes.append(f"the LLM could not draft {', '.join(c.id for c in batch)} ({exc}); skeletons instead")
            drafts += [skeleton(c) for c in batch]
            continue
        by_id = {d.clause_id: d for d in reply.drafts}
        for clause in batch:
            proposal = _checked(clause, by_id.get(clause.id))
            if proposal is None:
                notes.append(f"the LLM's draft for {clause.id} was missing or unusable; skeleton instead")
                proposal = skeleton(clause)
            drafts.append(proposal)
    return drafts, notes


def _checked(clause: Clause, drafted: DraftedValue | None) -> ClauseDraft | None:
    """The LLM's words when they can be used as they are; None when they cannot."""
    if drafted is None or not _VALUE_ID.fullmatch(drafted.value_id):
        return None
    cues = tuple(dict.fromkeys(c.strip().lower() for c in drafted.cues if 0 < len(c.strip()) <= MAX_CUE_CHARS))
    fields = (drafted.description, drafted.question, drafted.summary, drafted.golden_question)
    if not cues or not all(f.strip() for f in fields) or any("\n" in c for c in cues):
        return None
    return ClauseDraft(
        clause=clause,
        value_id=drafted.value_id,
        description=short_text(drafted.description, 400),
        cues=cues[:MAX_CUES],
        examples=tuple(short_text(e, 200) for e in drafted.examples if e.strip())[:MAX_EXAMPLES],
        question=short_text(drafted.question, 200),
        summary=short_text(drafted.summary, 300),
        golden_question=short_text(drafted.golden_question, 200),
    )


def structured_ask(chat: ChatLLM, budget_s: float) -> Ask:
    """Bind a ChatLLM to the draft's schema, with `budget_s` seconds for each batch."""

    def ask(messages: list[dict[str, str]]) -> RulesDraftReply:
        return chat.structured(messages, RulesDraftReply, "rules_draft", Deadline.after(budget_s), UsageMeter())

    return ask
