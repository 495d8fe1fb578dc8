"""The policies page: documents and versions over time, what changed between versions, rule coverage."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.answer.changes import version_pairs
from bot.policy.knowledge import KnowledgeBase
from bot.policy.versions import diff_documents, local_id


def timeline(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Every document, oldest first, with the days it is in force and whether it is in force today."""
    today = date.today()
    docs = sorted(kb.documents.values(), key=lambda d: (d.meta.effective or date.min, d.id))
    return [
        {
            "id": d.id,
            "title": d.meta.title or d.id,
            "version": d.meta.version,
            "effective": d.meta.effective,
            "expires": d.meta.expires,
            "supersedes": d.meta.supersedes,
            "clauses": len(d.clauses),
            "in_force": d.meta.in_force(today),
        }
        for d in docs
    ]


def version_diffs(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """For each document that supersedes another: the counts of each kind of change and the changed clauses."""
    out = []
    for old, new in version_pairs(kb):
        diff = diff_documents(old, new)
        changes = []
        for change in diff.changed():
            changes.append(
                {
                    "kind": change.kind,
                    "old": change.old.id if change.old else None,
                    "new": change.new.id if change.new else None,
                    "label": local_id(change.new or change.old),  # type: ignore[arg-type]
                    "words": list(change.words),
                    "text": (change.new or change.old).text if change.kind in ("added", "removed") else "",  # type: ignore[union-attr]
                }
            )
        counts = {kind: diff.count(kind) for kind in ("added", "removed", "changed", "renumbered", "unchanged")}
        out.append({"old": old.meta, "new": new.meta, "counts": counts, "changes": changes})
    return out


def coverage(kb: KnowledgeBase, on: date | None = None) -> list[str]:
    """The prohibiting or requiring clauses in force that no rule enforces (`policybot rules coverage`)."""
    from bot.rules.coverage import uncovered_clauses

    return [c.id for c in uncovered_clauses(kb, on or date.today())]
