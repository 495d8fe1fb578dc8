"""Where the rule book has gaps: prohibiting or requiring clauses in force that no rule enforces.

A rule enforces the clause ids in its `clauses:`. A clause that prohibits or requires something
(its modality, read at parse time: bot/policy/modality.py) and that no rule names is a gap: the
deterministic backstop cannot decide on it, so a policy owner should write a rule for it (`policybot
rules draft` proposes one). A knowledge base without rules.yaml has every such clause as a gap.
A list's lead-in is enforced through its items (see `uncovered_clauses`).
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
    """Prohibiting or requiring clauses of the documents in force on `on` that no rule enforces, in document order.

    A lead-in ("You agree you will not use X to:") is enforced through the items under it, which say
    what it prohibits: it is a gap of its own only when no item of its modality follows it.
    """
    enforced = {clause_id for rule in kb.rules for clause_id in rule.clauses}
    gaps = []
    for document in sorted(kb.documents_in_force(on), key=lambda d: d.id):
        clauses = document.clauses
        for index, clause in enumerate(clauses):
            if clause.modality not in ENFORCEABLE or clause.id in enforced:
                continue
            following = clauses[index + 1] if index + 1 < len(clauses) else None
            if following is not None and _introduces(clause, following):
                continue
            gaps.append(clause)
    return gaps


def _introduces(lead: Clause, following: Clause) -> bool:
    """Whether `lead` ends with a colon and the clause after it, in the same section, carries its modality on."""
    return (
        body(lead).rstrip().endswith(":") and following.section == lead.section and following.modality == lead.modality
    )


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
