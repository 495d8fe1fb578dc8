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
