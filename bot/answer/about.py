"""Questions about the policy itself (a clause, whom to report to, which version is in force): `informational`.

They judge no use, so no rule decides them: the answer quotes what the knowledge base says. A question
that also describes a use ("what does clause 6.5 say about pen tests for a client?") is judged instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from bot.answer.models import Answer, Citation
from bot.answer.question import Question
from bot.policy.knowledge import KnowledgeBase
from bot.policy.models import Clause
from bot.rules.extract.text import fold
from bot.rules.model import Decision, Verdict

_CLAUSE_REF = re.compile(r"\b(?:clause|section|article|paragraph|rule)\s+(\d+(?:\.\d+)*)\b")
_WHAT_IT_SAYS = re.compile(
    r"\b(?:what (?:does|do|did)|show(?: me)?|quote|read(?: me)?|explain|what is in|what's in|text of)\b"
)
_REPORTING = re.compile(
    r"\b(?:who|where|how)\b[^?.!]{0,40}\b(?:report|flag|raise|escalate)\w*\b[^?.!]{0,40}"
    r"\b(?:breach\w*|violations?|misuse|abuse|concerns?|incidents?|suspect\w*)\b"
    r"|\bwho (?:do|should|can) i (?:ask|contact|talk to)\b[^?.!]{0,40}\b(?:polic\w*|code|rules?)\b"
)
_VERSION = re.compile(
    r"\b(?:which|what) (?:version|edition)\b[^?.!]{0,40}\b(?:in force|current|applies|valid|latest|newest)\b"
    r"|\b(?:is|are) (?:the )?[^?.!]{0,30}\b(?:code|polic\w*)\b[^?.!]{0,20}\bstill in force\b"
    r"|\bwhen (?:does|did|will)\b[^?.!]{0,60}\b(?:take effect|come into force|apply|start)\b"
    r"|\b(?:current|latest) version of\b"
)


def asks_about_the_policy(text: str) -> bool:
    folded = fold(text)
    quoted_clause = bool(_CLAUSE_REF.search(folded) and _WHAT_IT_SAYS.search(folded))
    return quoted_clause or bool(_REPORTING.search(folded) or _VERSION.search(folded))


def answer_about_the_policy(
    kb: KnowledgeBase,
    question: Question,
    on: date,
    related: Callable[[str], list[Clause]],
    cite: Callable[[Clause], Citation],
) -> Answer:
    """The clauses the question names, else the versions in force or the closest clauses, quoted."""
    in_force = kb.documents_in_force(on)
    folded = fold(question.text)
    named = [
        clause
        for ref in _CLAUSE_REF.findall(folded)
        for doc in in_force
        for clause in doc.clauses
        if clause.id == f"{doc.id}/{ref}"
    ]
    if named:
        clauses, text = named, "Here is what the code of conduct says:"
    elif _VERSION.search(folded):
        versions = "; ".join(
            f"{d.meta.title or d.id}, version {d.meta.version}"
            + (f", in force since {d.meta.effective.isoformat()}" if d.meta.effective else "")
            for d in in_force
        )
        clauses, text = [], f"In force on {on.isoformat()}: {versions}."
    else:
        clauses, text = related(question.text), "Here is what the code of conduct says:"
    return Answer(
        verdict=Verdict.INFORMATIONAL,
        answer=text,
        citations=[cite(c) for c in clauses],
        decision=Decision(verdict=Verdict.INFORMATIONAL),
        as_of=on,
        policy_versions=[f"{d.id} ({d.meta.version})" for d in in_force],
        question=question.text,
        warnings=list(question.warnings),
    )
