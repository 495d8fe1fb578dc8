"""Where the rule book has gaps: prohibiting or requiring clauses in force that no rule enforces.

A rule enforces the clause ids in its `clauses:`. A clause that prohibits or requires something
(its modality, read at parse time: bot/policy/modality.py) and that no rule names is a gap: the
deterministic backstop cannot decide on it, so a policy owner should write a rule for it (`policybot
rules draft` proposes one). A knowledge base without rules.yaml has every such clause as a gap.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.policy.knowledge import KnowledgeBase
from bot.policy.models import Clause

ENFORCEABLE = ("prohibits", "requires")
SHORT_TEXT = 160


def uncovered_clauses(kb: KnowledgeBase, on: date) -> list[Clause]:
    """Prohibiting or requiring clauses of the documents in force on `on` that no rule enforces, in document order."""
    enforced = {clause_id for rule in kb.rules for clause_id in rule.clauses}
    return [
        clause
        for document in sorted(kb.documents_in_force(on), key=lambda d: d.id)
        for clause in document.clauses
        if clause.modality in ENFORCEABLE and clause.id not in enforced
    ]


def gap_json(clause: Clause) -> dict[str, Any]:
    """The public JSON of one gap (`policybot rules coverage --json`)."""
    return {
        "clause_id": clause.id,
        "document_id": clause.document_id,
        "version": clause.version,
        "section": list(clause.section),
        "modality": clause.modality,
        "text": short_text(body(clause)),
    }


def body(clause: Clause) -> str:
    """The clause's own words: its text without the heading lines folded into it."""
    titles = set(clause.section)
    lines = clause.text.split("\n")
    kept = [line for line in lines if line not in titles]
    return "\n".join(kept) if kept else clause.text


def short_text(text: str, limit: int = SHORT_TEXT) -> str:
    """One line of at most `limit` characters, cut at a word and marked with an ellipsis when cut."""
    line = re.sub(r"\s+", " ", text).strip()
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
