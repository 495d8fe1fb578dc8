"""The Answer every surface renders (CLI, Slack, deal vetting): the public JSON contract."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from bot.rules.model import Decision, Verdict


class Citation(BaseModel):
    clause_id: str
    document_id: str
    version: str
    quote: str  # a verbatim substring of the clause's text
    title: str = ""
    source_url: str | None = None


class Override(BaseModel):
    """Where the answer departs from what the LLM said, and why (the rules, or a failed check)."""

    kind: Literal["verdict", "facts", "citation", "answer"]
    llm: str  # what the LLM said
    used: str  # what the answer gives instead
    reason: str


class Usage(BaseModel):
    """What one answer cost on the LLM side."""

    prompt_tokens: int = 0  # as the server reported them
    completion_tokens: int = 0
    total_tokens: int = 0
    calls: int = 0  # HTTP requests, retries included
    llm_seconds: float = 0.0  # time spent waiting on the server
    prompt_tokens_counted: int = 0  # our own count of the prompts sent, by `token_counter`
    token_counter: str = ""  # "tiktoken:cl100k_base", or "estimate" when no tokenizer file is available


class Answer(BaseModel):
    verdict: Verdict
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    decision: Decision
    facts: dict[str, Any] = Field(default_factory=dict)
    mode: Literal["extractive", "llm"] = "extractive"
    warnings: list[str] = Field(default_factory=list)
    as_of: date
    policy_versions: list[str] = Field(default_factory=list)  # "coc-2024 (2024)": the versions the answer used
    question: str = ""
    overrides: list[Override] = Field(default_factory=list)  # LLM mode: what the guard changed
    usage: Usage | None = None  # LLM mode: tokens and time
    llm_fallback: str | None = None  # LLM mode: why the LLM's draft was not used (the text is extractive)
    possible_prohibitions: list[str] = Field(default_factory=list)  # prohibiting clauses the question may fall under

    def to_json_dict(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        data["decision"] = {
            "verdict": data["decision"]["verdict"],
            "rules": [
                {k: rule[k] for k in ("id", "effect", "clause_ids", "matched", "unknown")}
                for rule in data["decision"]["rules"]
            ],
            "missing_facts": data["decision"]["missing_facts"],
            "obligations": data["decision"]["obligations"],
        }
        return data
