"""The LLM side of an answer: read facts, draft an answer. Prompts are filled with JSON-encoded data.

Every value that comes from a user or a policy document is JSON-encoded inside a tagged block, so it
cannot close its block or pose as an instruction; the prompts say that only the system message
instructs. Each prompt is cut to the token budget: earlier turns go first, then the lowest-ranked
retrieved clauses (never the clauses behind the decision), then the tail of a very long question.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.answer.conversation import Turn
from bot.answer.llm_client import ChatLLM, Deadline, UsageMeter
from bot.answer.llm_schema import AnswerDraft, FactsDraft, facts_draft_model
from bot.answer.prompts import PromptBook
from bot.answer.tokens import TokenCounter, count_messages, default_counter
from bot.errors import LLMUnavailable
from bot.policy.models import Clause
from bot.policy.profile import KbProfile
from bot.rules.model import Decision
from bot.rules.vocabulary import Vocabulary, shipped_vocabulary

HISTORY_ANSWER_CHARS = 600  # an earlier answer, as the prompt recalls it
MIN_QUESTION_CHARS = 200  # a question is never cut shorter than this to fit the budget

Messages = list[dict[str, str]]


def as_data(value: Any) -> str:
    """JSON that cannot close the tagged block it sits in ("</question>" becomes "<\\/question>")."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("</", "<\\/")


def fact_guide(vocabulary: Vocabulary | None = None) -> str:
    """The facts the LLM may read, from the same vocabulary the extractor uses."""
    lines = []
    for spec in (vocabulary or shipped_vocabulary()).facts.values():
        if spec.name == "actor_name":
            continue
        if spec.kind == "enum":
            kind = "one of " + ", ".join(sorted(spec.allowed() or ())) + ", or null"
        elif spec.kind == "set":
            kind = "a list of " + ", ".join(sorted(spec.allowed() or ()))
        elif spec.kind == "bool":
            kind = "true, false or null"
        else:
            kind = "a code, or null"
        lines.append(f"- {spec.name}: {kind}. ({spec.question})")
    return "\n".join(lines)


def history_data(turns: Sequence[Turn]) -> list[dict[str, str]]:
    return [
        {"question": t.question, "verdict": t.verdict.value, "answer": t.answer[:HISTORY_ANSWER_CHARS]} for t in turns
    ]


def rule_check_data(decision: Decision) -> dict[str, Any]:
    return {
        "verdict": decision.verdict.value,
        "rules": [
            {"id": r.id, "effect": r.effect.value, "summary": r.summary, "clause_ids": r.clause_ids}
            for r in decision.rules
        ],
        "missing_facts": decision.questions_to_ask(),
        "obligations": decision.obligations,
    }


def clause_data(clause: Clause) -> dict[str, Any]:
    return {
        "clause_id": clause.id,
        "document": clause.document_id,
        "version": clause.version,
        "section": " > ".join(clause.section),
        "text": clause.text,
    }


@dataclass
class Fitted:
    messages: Messages
    tokens: int
    clauses: list[Clause]  # the clauses the prompt shows
    notes: list[str]


def fit(
    render: Callable[[Sequence[Turn], Sequence[Clause], str], Messages],
    history: Sequence[Turn],
    clauses: Sequence[Clause],
    keep_clauses: int,
    question: str,
    budget: int,
    counter: TokenCounter,
) -> Fitted:
    """The fullest prompt within `budget` tokens; LLMUnavailable when even the bare one does not fit."""
    turns, shown, text = list(history), list(clauses), question
    while True:
        messages = render(turns, shown, text)
        tokens = count_messages(counter, messages)
        if tokens <= budget:
            break
        if turns:
            turns.pop(0)
        elif len(shown) > keep_clauses:
            shown.pop()
        elif len(text) > MIN_QUESTION_CHARS:
            text = text[: max(MIN_QUESTION_CHARS, int(len(text) * 0.7))]
        else:
            raise LLMUnavailable(f"the prompt needs {tokens} tokens, over the budget of {budget}")
    notes = []
    if len(turns) < len(history):
        notes.append(f"{len(history) - len(turns)} earlier turn(s) were left out of the prompt to fit its token budget")
    if len(shown) < len(clauses):
        notes.append(f"{len(clauses) - len(shown)} retrieved clause(s) were left out of the prompt to fit its budget")
    if len(text) < len(question):
        notes.append(f"only the first {len(text):,} characters of the question were sent to the LLM")
    return Fitted(messages, tokens, shown, notes)


class LLMAnswerer:
    """Reads facts and drafts answers with an LLM; knows nothing of rules or guards."""

    def __init__(
        self,
        llm: ChatLLM,
        prompts: PromptBook,
        *,
        max_prompt_tokens: int = 6000,
        total_budget_s: float = 45.0,
        counter: TokenCounter | None = None,
        clock: Callable[[], float] = time.monotonic,
        vocabulary: Vocabulary | None = None,
        profile: KbProfile = KbProfile(),  # noqa: B008 - frozen
    ) -> None:
        self.profile = profile
        self.llm = llm
        self.prompts = prompts
        self.max_prompt_tokens = max_prompt_tokens
        self.total_budget_s = total_budget_s
        self.counter = counter or default_counter()
        self._clock = clock
        self.vocabulary = vocabulary or shipped_vocabulary()
        self._guide = fact_guide(self.vocabulary)
        self._facts_model = facts_draft_model(self.vocabulary)

    def close(self) -> None:
        self.llm.close()

    def start(self) -> tuple[Deadline, UsageMeter]:
        """The time budget and the meter of one answer (every LLM call of it shares both)."""
        return Deadline.after(self.total_budget_s, self._clock), UsageMeter()

    def read_facts(self, question: str, history: Sequence[Turn], deadline: Deadline, meter: UsageMeter) -> FactsDraft:
        system = self.prompts.facts_system.render(fact_guide=self._guide, services=self.profile.services_name)

        def render(turns: Sequence[Turn], _: Sequence[Clause], text: str) -> Messages:
            user = self.prompts.facts_user.render(history=as_data(history_data(turns)), question=as_data(text))
            return [{"role": "system", "content": system}, {"role": "user", "content": user}]

        fitted = fit(render, history, [], 0, question, self.max_prompt_tokens, self.counter)
        meter.prompt_tokens_counted += fitted.tokens
        meter.notes += fitted.notes
        return self.llm.structured(fitted.messages, self._facts_model, "policy_facts", deadline, meter)

    def draft(
        self,
        question: str,
        decision: Decision,
        clauses: Sequence[Clause],
        keep_clauses: int,
        history: Sequence[Turn],
        as_of: date,
        deadline: Deadline,
        meter: UsageMeter,
    ) -> tuple[AnswerDraft, list[str]]:
        """The LLM's draft, and the ids of the clauses its prompt showed (the ones it may cite)."""
        system = self.prompts.answer_system.render(
            assistant_of=self.profile.assistant_of, services=self.profile.services_name
        )
        rule_check = as_data(rule_check_data(decision))

        def render(turns: Sequence[Turn], shown: Sequence[Clause], text: str) -> Messages:
            user = self.prompts.answer_user.render(
                history=as_data(history_data(turns)),
                as_of=as_of.isoformat(),
                rule_check=rule_check,
                clauses=as_data([clause_data(c) for c in shown]),
                question=as_data(text),
            )
            return [{"role": "system", "content": system}, {"role": "user", "content": user}]

        fitted = fit(render, history, clauses, keep_clauses, question, self.max_prompt_tokens, self.counter)
        meter.prompt_tokens_counted += fitted.tokens
        meter.notes += fitted.notes
        draft = self.llm.structured(fitted.messages, AnswerDraft, "policy_answer", deadline, meter)
        return draft, [c.id for c in fitted.clauses]
