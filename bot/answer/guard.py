"""The guard between an LLM draft and the user: pure functions, no I/O.

- The verdict is the stricter of the rules' and the LLM's, and the LLM alone never makes anything
  `permitted`: that takes a rule that permits it (docs/architecture.md, "Rules").
- The clauses of the rules that decided are always cited.
- A citation survives only if its clause exists and was shown to the LLM or behind the decision,
  and its quote is verbatim in the clause (whitespace, quote marks and case aside); a bad quote is
  replaced by the clause's own text, a bad clause id is dropped, and each repair is a warning.
- The LLM's explanation is used only when it argues for the final verdict and quotes or names
  nothing that is not in the clauses; otherwise the rules' own explanation is given. Either way
  the conditions of a permission and the questions of a clarification are shown.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from bot.answer.extractive import extractive_answer, verdict_opener
from bot.answer.llm_schema import AnswerDraft, DraftCitation
from bot.answer.models import Override
from bot.answer.quotes import find_verbatim, normalise, quote_of
from bot.policy.models import Clause
from bot.rules.model import STRICTNESS, Decision, Verdict, stricter

SHOWN_WHEN_UNCITED = 3  # clauses cited when a prohibited or review answer would otherwise cite none

# A quoted passage of four words or more, in straight or curly double quotes.
_QUOTED = re.compile(r"[\"\u201c\u201e\u00ab]([^\"\u201c\u201d\u201e\u00ab\u00bb\n]{12,}?)[\"\u201d\u00bb]")
# Something written like a clause id: "coc-2024/3.1", "face-la/2.1", "doc/s2.3.p1", or "[anything-1.2]".
_SLASHED_ID = re.compile(r"(?<![\w/])[a-z][a-z0-9_-]*/(?=[a-z0-9.]*\d)[a-z0-9][a-z0-9._-]*[a-z0-9](?![\w/])", re.I)
_BRACKETED_ID = re.compile(r"\[([^\]\s]{2,60})\]")


@dataclass(frozen=True)
class CheckedCitation:
    clause_id: str
    quote: str  # verbatim in the clause's text


@dataclass
class GuardResult:
    verdict: Verdict
    answer: str
    citations: list[CheckedCitation]
    used_llm_text: bool
    warnings: list[str] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)


def final_verdict(rules: Verdict, llm: Verdict) -> Verdict:
    """The stricter of the two; a `permitted` from the LLM counts for nothing (the rules' verdict stands)."""
    if llm is Verdict.PERMITTED:
        return rules
    return stricter(rules, llm)


def at_least_as_strict(verdict: Verdict, than: Verdict) -> bool:
    return STRICTNESS.index(verdict) <= STRICTNESS.index(than)


def check_citations(
    drafts: Sequence[DraftCitation], clauses: Mapping[str, Clause], allowed: Collection[str]
) -> tuple[list[CheckedCitation], list[str], list[Override]]:
    """The draft's citations that hold, quotes repaired where they do not; warnings for each repair."""
    by_lower = {cid.lower(): cid for cid in clauses}
    checked: dict[str, CheckedCitation] = {}
    warnings: list[str] = []
    overrides: list[Override] = []

    def repair(what: str, used: str, reason: str) -> None:
        warnings.append(reason)
        overrides.append(Override(kind="citation", llm=what[:300], used=used, reason=reason))

    for draft in drafts:
        raw_id = draft.clause_id.strip()
        cid = by_lower.get(raw_id.lower())
        if cid is None:
            repair(raw_id, "dropped", f"dropped a citation of {raw_id!r}: there is no such clause")
            continue
        if cid not in allowed:
            repair(cid, "dropped", f"dropped a citation of {cid}: it was neither retrieved nor behind the decision")
            continue
        if cid in checked:
            continue
        clause = clauses[cid]
        quote = find_verbatim(draft.quote, clause.text)
        if quote is None:
            quote = quote_of(clause)
            repair(
                f"{cid}: {draft.quote}",
                f"{cid}: the clause's text",
                f"replaced the quote of {cid} with the clause's own text: the LLM's quote is not in the clause",
            )
        checked[cid] = CheckedCitation(cid, quote)
    return list(checked.values()), warnings, overrides


def text_problems(text: str, sources: Sequence[str], known_ids: Collection[str]) -> list[str]:
    """What in an explanation cannot be checked against the clauses: invented quotes or clause ids."""
    problems = []
    haystack = [normalise(s) for s in sources]
    for match in _QUOTED.finditer(text):
        passage = normalise(match.group(1).strip(" .,;:"))
        if len(passage.split()) >= 4 and not any(passage in h for h in haystack):
            problems.append(f"it quotes words that are in none of the clauses ({match.group(1)[:80]!r})")
    named = set(_SLASHED_ID.findall(text))
    named |= {m for m in _BRACKETED_ID.findall(text) if any(ch.isdigit() for ch in m) and ("/" in m or "-" in m)}
    known = {k.lower() for k in known_ids}
    for ref in sorted(named):
        if ref.lower() not in known:
            problems.append(f"it names a clause that was not given to it ({ref})")
    return problems


def guard(
    rules: Decision,
    draft: AnswerDraft,
    clauses: Mapping[str, Clause],
    shown: Sequence[str],
    question: str,
) -> GuardResult:
    """Turn an LLM draft into what may be shown, given the rules' decision and the clauses the LLM saw."""
    warnings: list[str] = []
    overrides: list[Override] = []
    verdict = final_verdict(rules.verdict, draft.verdict)
    if verdict is not draft.verdict:
        reason = (
            f"the LLM said {draft.verdict.value!r} but the rule check says {rules.verdict.value!r}; "
            f"the answer gives {verdict.value!r}"
        )
        warnings.append(reason)
        overrides.append(Override(kind="verdict", llm=draft.verdict.value, used=verdict.value, reason=reason))
    elif verdict is not rules.verdict:
        reason = (
            f"the LLM's verdict {draft.verdict.value!r} is stricter than the rule check's "
            f"{rules.verdict.value!r}; the stricter one is given"
        )
        warnings.append(reason)
        overrides.append(Override(kind="verdict", llm=draft.verdict.value, used=verdict.value, reason=reason))

    decided_by = rules.clause_ids()
    allowed = [cid for cid in dict.fromkeys([*decided_by, *shown]) if cid in clauses]
    checked, citation_warnings, citation_overrides = check_citations(draft.citations, clauses, set(allowed))
    warnings += citation_warnings
    overrides += citation_overrides
    by_id = {c.clause_id: c for c in checked}
    citations = [by_id.pop(cid) if cid in by_id else CheckedCitation(cid, quote_of(clauses[cid])) for cid in decided_by]
    citations += list(by_id.values())
    if not citations and verdict in (Verdict.PROHIBITED, Verdict.NEEDS_REVIEW):
        citations = [CheckedCitation(cid, quote_of(clauses[cid])) for cid in shown[:SHOWN_WHEN_UNCITED]]

    problems = text_problems(draft.answer, [*(clauses[c].text for c in allowed), question], allowed)
    used_llm_text = verdict is draft.verdict and bool(draft.answer.strip()) and not problems
    if used_llm_text:
        text = with_rule_details(draft.answer.strip(), rules, verdict)
    else:
        text = fallback_text(rules, verdict)
        if problems:
            reason = "the LLM's explanation was replaced by the rules' own: " + "; ".join(problems)
            warnings.append(reason)
            overrides.append(
                Override(kind="answer", llm=draft.answer[:300], used="the rules' explanation", reason=reason)
            )
    return GuardResult(verdict, text, citations, used_llm_text, warnings, overrides)


def with_rule_details(text: str, rules: Decision, verdict: Verdict) -> str:
    """What the rules require the user to see, whatever the LLM wrote: the conditions of a permission,
    the questions that would settle a clarification."""
    if verdict is not rules.verdict:
        return text
    if verdict is Verdict.PERMITTED and rules.obligations:
        text += "\nConditions:\n" + "\n".join(f"- {o}" for o in rules.obligations)
    elif verdict is Verdict.NEEDS_CLARIFICATION and rules.questions_to_ask():
        text += "\nPlease tell me:\n" + "\n".join(f"- {q}" for q in rules.questions_to_ask())
    return text


def fallback_text(rules: Decision, verdict: Verdict) -> str:
    """The rules' explanation; when the final verdict is stricter than theirs, an answer that says so."""
    if verdict is rules.verdict:
        return extractive_answer(rules)
    return (
        f"{verdict_opener(verdict)}\nThe rule check alone found {rules.verdict.value.replace('_', ' ')}, "
        "but the clauses below point to the stricter reading; ask the policy team before going ahead."
    )
