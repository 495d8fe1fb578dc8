"""'What changed in the May 2024 update?': answered from the clause-level diff, citing both versions.

A small deterministic path: the service hands such questions here before any fact extraction.
There is no use to judge, so the verdict is `informational` (it explains the policy); the answer text
lists the changes and the citations quote the old and the new clause of each.

The same module renders a diff for `policybot diff` (text, Markdown, JSON) and for announcing a
new version (`diff_summary`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from bot.answer.models import Answer, Citation
from bot.answer.question import Question
from bot.policy.knowledge import KnowledgeBase
from bot.policy.models import Clause, Document, DocumentMeta
from bot.policy.parsing.numbering import without_number
from bot.policy.versions import ClauseChange, DocumentDiff, diff_documents, local_id, own_title, render_words
from bot.rules.extract.text import fold
from bot.rules.model import Decision, Verdict

_MONTHS = "january february march april may june july august september october november december".split()

_WHAT_CHANGED = re.compile(
    r"\bwhat(?:'s|s| is| has| have| was| were)? (?:\w+ ){0,2}(?:changed|new|different|updated|added|removed)\b"
    r"|\bwhat (?:are|were) the (?:\w+ )?(?:changes|differences|updates|amendments)\b"
    r"|\b(?:changes|differences|diff|amendments|changelog|change log|what's changed)\b[^?.!]{0,60}"
    r"\b(?:between|from|since|in|of|to)\b[^?.!]{0,60}\b(?:version|versions|update|code|policy|polic\w*|20\d\d|"
    r"release|revision|edition)\b"
    r"|\bhow (?:has|have|did|does|do) (?:the )?(?:code|policy|policies|rules?|version|clause|section)\b[^?.!]{0,60}"
    r"\b(?:change|changed|differ|evolve|evolved)\b"
    r"|\b(?:summar\w+|list|show)\b[^?.!]{0,20}\b(?:changes|differences|update|amendments)\b"
    r"|\bwhich (?:clauses|rules|sections) (?:changed|were (?:added|removed|changed|updated))\b"
    # The same question in the other languages the vocabulary covers.
    r"|\bque (?:ha |han )?cambiado\b|\bque cambi(?:o|aron)\b|\bque cambios\b|\bqu.est-ce qui a change\b"
    r"|\bce qui a change\b|\bquels? (?:sont les |ont ete les )?(?:changements|modifications)\b"
    r"|\bwas hat sich\b[^?.!]{0,60}\b(?:geandert|verandert)\b"
    r"|\bwas (?:ist|wurde) (?:\w+ ){0,3}(?:neu|geandert)\b|\bwelche anderungen\b|\bcosa (?:e |e. )?cambiat[oa]\b"
    r"|\bquali (?:sono (?:state )?le )?modifiche\b|\bo que mudou\b|\bquais (?:foram )?as (?:mudancas|alteracoes)\b"
    r"|\bwat is er (?:\w+ ){0,3}veranderd\b|\bwelke wijzigingen\b|\bco sie (?:\w+ ){0,3}zmienil\w*\b|\bjakie zmiany\b"
    r"|何が変わ|どう変わ|何を変え|变化了什么|有什么变化|有什麼變化|有哪些变化|有哪些變化|改了什么|改了什麼|有何变化|有何變化"
    r"|무엇이 바뀌|뭐가 바뀌|무엇이 달라|뭐가 달라|어떻게 바뀌|어떤 변경|바뀐 점|달라진 점"
    # whether something changed between two versions named by year ("è cambiata tra il codice 2023 e quello 2024")
    r"|\b(?:chang\w*|cambiat[oa]|cambiad[oa]|cambio|change|geandert|verandert|mudou|mudad[oa]|alterad[oa]|veranderd"
    r"|gewijzigd|zmienil\w*|zmienion\w*)\b[^?.!]{0,40}\b(?:between|tra|fra|entre|zwischen|tussen|miedzy|from|dal|del|de|"
    r"da|du|von|van|od)\b[^?.!]{0,30}\b20\d\d\b"
    r"|20\d\d[^。？?！!]{0,20}(?:で|と)[^。？?！!]{0,10}変わ|20\d\d[^。？?！!]{0,20}(?:之间|之間)[^。？?！!]{0,10}(?:变化|變化|改变|改變|不同)"
    r"|20\d\d[^.?!]{0,20}사이에[^.?!]{0,10}(?:바뀌|달라)"
)
# "Can police still use it after the update changed things?" asks about a use, not about the changes.
# "Can someone give me the gist of what changed…?" asks for the changes all the same.
_MAY_WE = re.compile(
    r"^\W*(?:(?:can|may|could)(?! (?:some ?one|somebody|any ?one|anybody|you|u) (?:please |quickly |just )?"
    r"(?:give|tell|explain|summari[sz]e|walk|list|show|spell|outline|point|sum up|break down)\b)"
    r"|are we|is it|am i|do we|is (?:the|a|an)|are (?:the|police))\b"
)
_MONTH_YEAR = re.compile(rf"\b({'|'.join(_MONTHS)})\s+(\d{{4}})\b")
_YEAR = re.compile(r"\b(20\d\d|19\d\d)\b")
_LATEST = re.compile(r"\b(?:latest|last|recent|newest|current|new)\b")


def asks_what_changed(text: str) -> bool:
    folded = fold(text)
    return bool(_WHAT_CHANGED.search(folded)) and not _MAY_WE.search(folded)


def version_pairs(kb: KnowledgeBase) -> list[tuple[Document, Document]]:
    """(old, new) for every document that supersedes another in the knowledge base, oldest update first."""
    pairs = [
        (kb.documents[d.meta.supersedes], d)
        for d in kb.documents.values()
        if d.meta.supersedes is not None and d.meta.supersedes in kb.documents
    ]
    return sorted(pairs, key=lambda p: (p[1].meta.effective or date.min, p[1].id))


def choose_update(kb: KnowledgeBase, text: str, on: date) -> tuple[tuple[Document, Document] | None, list[str]]:
    """The update a question asks about: one it names by month, year or version, else the latest in force on `on`."""
    pairs = version_pairs(kb)
    if not pairs:
        return None, []
    folded = fold(text)
    notes: list[str] = []
    named = [p for p in pairs if _names_versions(folded, p)]
    if named:
        return named[-1], notes
    if m := _MONTH_YEAR.search(folded):
        month, year = _MONTHS.index(m[1]) + 1, int(m[2])
        in_month = [
            p
            for p in pairs
            if p[1].meta.effective and (p[1].meta.effective.year, p[1].meta.effective.month) == (year, month)
        ]
        if in_month:
            return in_month[-1], notes
    years = [int(y) for y in _YEAR.findall(folded)]
    in_year = [p for p in pairs if p[1].meta.effective and p[1].meta.effective.year in years]
    if in_year:
        return in_year[-1], notes
    if years or _MONTH_YEAR.search(folded):
        notes.append("no update of the policies took effect on the date the question names; the latest one is shown")
    in_force = [p for p in pairs if p[1].meta.effective is None or p[1].meta.effective <= on]
    return (in_force or pairs)[-1], notes


def _names_versions(folded: str, pair: tuple[Document, Document]) -> bool:
    """Both versions named ("between 2023 and 2024", "coc-2023 vs coc-2024")."""
    return all(_named(folded, d.meta) for d in pair)


def _named(folded: str, meta: DocumentMeta) -> bool:
    return (
        bool(re.search(rf"(?<![\w-]){re.escape(meta.version.lower())}(?![\w-])", folded)) or meta.id.lower() in folded
    )


def answer_changes(kb: KnowledgeBase, question: Question, on: date, cite: Callable[[Clause], Citation]) -> Answer:
    """The answer to a what-changed question, citing the old and the new text of every change."""
    chosen, warnings = choose_update(kb, question.text, on)
    if chosen is None:
        text = "The knowledge base holds only one version of each policy, so nothing has changed between versions."
        return _answer(question, text, [], on, [], warnings)
    old, new = chosen
    diff = diff_documents(old, new)
    citations: list[Citation] = []
    for change in diff.changed():
        for clause in (change.old, change.new):
            if clause is not None:
                citations.append(cite(clause))
    versions = [f"{d.id} ({d.meta.version})" for d in (old, new)]
    return _answer(question, diff_summary(diff), citations, on, versions, warnings)


def _answer(
    question: Question, text: str, citations: list[Citation], on: date, versions: list[str], warnings: list[str]
) -> Answer:
    return Answer(
        verdict=Verdict.INFORMATIONAL,
        answer=text,
        citations=citations,
        decision=Decision(verdict=Verdict.INFORMATIONAL),
        as_of=on,
        policy_versions=versions,
        question=question.text,
        warnings=[*question.warnings, *warnings],
    )


def diff_summary(diff: DocumentDiff) -> str:
    """Plain sentences (and Slack mrkdwn-safe): which version replaced which, then one line per change."""
    old, new = diff.old, diff.new
    since = f", in force from {new.effective}," if new.effective else ""
    counts = _counts(diff)
    unchanged = diff.count("unchanged")
    lines = [
        f"Version {new.version} of the {new.title or new.id} ({new.id}){since} replaced version {old.version} "
        f"({old.id}): {counts}; the other {unchanged} clause{'s' if unchanged != 1 else ''} "
        f"{'are' if unchanged != 1 else 'is'} unchanged."
        if diff.changed()
        else f"Version {new.version} ({new.id}) has the same clauses as version {old.version} ({old.id})."
    ]
    for change in diff.changed():
        lines.append(f"- {_change_line(change)}")
    return "\n".join(lines)


def _counts(diff: DocumentDiff) -> str:
    parts = []
    for kind in ("changed", "added", "removed", "renumbered"):
        n = diff.count(kind)
        if n:
            parts.append(f"{n} clause{'s' if n != 1 else ''} {kind}")
    return ", ".join(parts) or "no clause changed"


def _title(clause: Clause) -> str:
    title = without_number(own_title(clause))
    return f' "{title}"' if title else ""


def _change_line(change: ClauseChange) -> str:
    old, new = change.old, change.new
    if change.kind == "added" and new is not None:
        return f"Added {local_id(new)}{_title(new)} ({new.id})."
    if change.kind == "removed" and old is not None:
        return f"Removed {local_id(old)}{_title(old)} ({old.id})."
    assert old is not None and new is not None
    if change.kind == "renumbered":
        return f"Renumbered {local_id(old)} → {local_id(new)}{_title(new)}, text unchanged ({old.id} → {new.id})."
    where = local_id(new) if not change.renumbered else f"{local_id(old)} → {local_id(new)}"
    retitled = (
        f"{_title(old)} is now{_title(new)}"
        if _title(old) != _title(new) and _title(old) and _title(new)
        else _title(new)
    )
    return f"Changed {where}{retitled} ({old.id} → {new.id})."


def _meta_json(meta: DocumentMeta) -> dict[str, Any]:
    return {
        "document_id": meta.id,
        "title": meta.title,
        "version": meta.version,
        "effective": meta.effective.isoformat() if meta.effective else None,
        "expires": meta.expires.isoformat() if meta.expires else None,
    }


def diff_json(diff: DocumentDiff, *, include_unchanged: bool = False) -> dict[str, Any]:
    shown = diff.changes if include_unchanged else tuple(diff.changed())
    return {
        "old": _meta_json(diff.old),
        "new": _meta_json(diff.new),
        "summary": {k: diff.count(k) for k in ("changed", "added", "removed", "renumbered", "unchanged")},
        "changes": [
            {
                "kind": c.kind,
                "old_id": c.old.id if c.old else None,
                "new_id": c.new.id if c.new else None,
                "old_title": without_number(own_title(c.old)) if c.old else None,
                "new_title": without_number(own_title(c.new)) if c.new else None,
                "renumbered": c.renumbered,
                "similarity": c.similarity,
                "old_text": c.old.text if c.old else None,
                "new_text": c.new.text if c.new else None,
                "words": [{"op": w.op, "old": w.old, "new": w.new} for w in c.words],
            }
            for c in shown
        ],
    }


def diff_markdown(diff: DocumentDiff) -> str:
    lines = [f"# {diff.old.id} → {diff.new.id}", "", diff_summary(diff).split("\n")[0], ""]
    for c in diff.changed():
        lines += [f"## {_change_line(c)}", ""]
        if c.kind == "changed":
            lines += [render_words(c.words, ("~~", "~~"), ("**", "**")), ""]
        else:
            clause = c.new or c.old
            assert clause is not None
            lines += ["\n".join(f"> {line}" for line in clause.text.splitlines()), ""]
    return "\n".join(lines).rstrip() + "\n"
