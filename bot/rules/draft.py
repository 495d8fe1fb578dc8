"""A draft that closes the rule book's gaps: vocabulary values, rules and golden questions, for review.

For each uncovered clause (bot/rules/coverage.py) the draft proposes a new value of the
`capabilities` fact (description, cues, examples, question), a rule enforcing the clause when a
question has that capability (effect `prohibit` or `require`, from the clause's modality) and one
golden question. Without an LLM the proposal is a deterministic skeleton read from the clause: its
first sentence as the summary, key phrases as cues. With one, bot/rules/draft_llm.py words the
same fields and this module checks and assembles them. The draft is one YAML document, written for a
policy owner to review and move into place; it is never read by the product.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml

from bot.policy.modality import heading_modality
from bot.policy.models import Clause
from bot.rules.coverage import body, short_text
from bot.rules.facts import Capability

FACT = "capabilities"
MAX_CUES = 6
_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’-]*")
_SPLIT = re.compile(
    r"[,;:()\[\]—–/]|\s-\s|\b(?:or|and|including|includes|such\s+as|for\s+example|e\.g\.|i\.e\.|that|which|who|"
    r"whom|where|when|while|how|whether|unless|except|without|if|by|with|through|via|as|than|on\s+behalf\s+of)\b",
    re.IGNORECASE,
)
_STOP = frozenset(
    """a an the of to for in on at from into onto any all other others another this that these those it its
    our your their his her them they we you us is are be been being was were has have had do does did not no
    never must shall should may might can could will would use used uses using must agree allow others
    services service products product acme ai customer customers user users developer developers engage
    promote facilitate generate create make also only more most such some each every whether either
    anyone anything someone something one way ways purpose purposes including""".split()
)
_VERBS = frozenset(
    """access assess build bully bypass categorize categorise circumvent classify collect compromise conduct
    coordinate create deceive depict deploy develop disclose distribute evaluate exploit expand facilitate harass
    identify impersonate incite infer interfere manipulate mislead monitor obtain operate plan post predict process
    produce profile provide run scrape sell send share solicit spread store surveil target track train
    violate""".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


@dataclass(frozen=True)
class ClauseDraft:
    """The words proposed for one uncovered clause; the structure around them is fixed."""

    clause: Clause
    value_id: str
    description: str
    cues: tuple[str, ...]
    examples: tuple[str, ...]
    question: str
    summary: str
    golden_question: str


def key_phrases(clause: Clause, limit: int = MAX_CUES) -> list[str]:
    """Distinctive phrases of a clause, as plain lower-case text: its own heading, then noun phrases."""
    phrases: list[str] = []
    titles = [line for line in clause.text.split("\n") if line in set(clause.section)]
    if titles and heading_modality(titles[-1]) is None:  # "Emotion inference", not "Prohibited uses"
        phrases += _chunks(re.sub(r"^\W*[\d.]+\s*", "", titles[-1]))
    for sentence in _SENTENCE_END.split(body(clause))[:2]:
        phrases += _chunks(sentence)
    unique = list(dict.fromkeys(p for p in phrases if p))
    return ([p for p in unique if " " in p] + [p for p in unique if " " not in p])[:limit]


def _chunks(text: str) -> list[str]:
    out = []
    for piece in _SPLIT.split(text):
        words = [w.strip("'’-").lower() for w in _WORD.findall(piece)]
        words = [w for w in words if w]
        while words and words[0] in _STOP:
            words.pop(0)
        while words and words[-1] in _STOP:
            words.pop()
        if 1 <= len(words) <= 6 and any(len(w) >= 4 and w not in _STOP for w in words):
            out.append(" ".join(words))
    return out


def _to_or_for(phrase: str) -> str:
    """ "to compromise the privacy" but "for malware": a phrase opening with a common verb takes "to"."""
    return "to" if phrase.split(" ", 1)[0] in _VERBS else "for"


def first_sentence(clause: Clause, limit: int = 200) -> str:
    text = body(clause).strip()
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0] if text else clause.text
    return short_text(sentence, limit)


def skeleton(clause: Clause) -> ClauseDraft:
    """The deterministic proposal for one clause: first sentence, key phrases, questions built from them."""
    phrases = key_phrases(clause) or [short_text(body(clause), 40).lower()]
    lead = phrases[0]
    return ClauseDraft(
        clause=clause,
        value_id=slug(lead, "_"),
        description=short_text(body(clause), 300),
        cues=tuple(phrases),
        examples=(),
        question=f"Will the service be used {_to_or_for(lead)} {lead}?",
        summary=first_sentence(clause),
        golden_question=f"Can we use the service {_to_or_for(lead)} {lead}?",
    )


def slug(text: str, sep: str, limit: int = 48) -> str:
    """`text` as an identifier: lower-case ASCII letters and digits joined by `sep`, starting with a letter."""
    words = re.findall(r"[a-z0-9]+", text.lower().encode("ascii", "ignore").decode())
    joined = sep.join(words)[:limit].strip(sep)
    return joined if joined[:1].isalpha() else f"x{sep}{joined}".strip(sep)


def assemble(drafts: Iterable[ClauseDraft], taken_values: set[str], taken_rules: set[str]) -> dict[str, Any]:
    """The draft document: vocabulary values, rules and golden questions, ids unique against the knowledge base."""
    values: dict[str, Any] = {}
    rules: list[dict[str, Any]] = []
    golden: list[dict[str, Any]] = []
    used_values = set(taken_values) | {c.value for c in Capability}
    used_rules = set(taken_rules)
    for draft in drafts:
        clause = draft.clause
        value_id = _unique(draft.value_id, used_values, "_")
        rule_id = _unique(slug(clause.id, "-", 80), used_rules, "-")
        prohibits = clause.modality == "prohibits"
        values[value_id] = {
            "description": draft.description,
            "cues": list(draft.cues),
            "examples": list(draft.examples),
            "question": draft.question,
            "clauses": [clause.id],
            **({"harmful": True} if prohibits else {}),
        }
        rule: dict[str, Any] = {
            "id": rule_id,
            "effect": "prohibit" if prohibits else "require",
            "clauses": [clause.id],
            "summary": draft.summary,
        }
        if not prohibits:
            rule["obligation"] = draft.summary
        rule["when"] = [{"fact": FACT, "op": "has", "value": value_id}]
        rules.append(rule)
        golden.append(
            {
                "id": f"draft-{rule_id}",
                "question": draft.golden_question,
                "expect": "prohibited" if prohibits else "needs_review",
                "cites": [clause.id],
                "tags": ["draft", value_id],
            }
        )
    return {"vocabulary": {FACT: {"values": values}}, "rules": rules, "golden": golden}


def _unique(wanted: str, used: set[str], sep: str) -> str:
    candidate, n = wanted, 1
    while candidate in used:
        n += 1
        candidate = f"{wanted}{sep}{n}"
    used.add(candidate)
    return candidate


HEADER = """\
# DRAFT for review: proposals to close the rule book's gaps (`policybot rules draft`, {how}).
# Never active by itself: the product does not read this file. Review every entry, edit it, then
# move each part into the knowledge base ({kb}):
#   vocabulary.capabilities.values -> vocabulary.yaml, under facts: capabilities: values:
#   rules                          -> rules.yaml (check with `policybot rules check`)
#   golden                         -> golden.yaml (run `policybot eval`)
# Each rule enforces one clause that prohibits or requires something and no rule enforced yet
# (`policybot rules coverage` lists them).
"""


def render(document: dict[str, Any], kb: str, how: str) -> str:
    """The draft as YAML with its header; `[]`-free when there is nothing to propose."""
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=110)
    return HEADER.format(kb=kb, how=how) + text
