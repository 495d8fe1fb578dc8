"""Clause-level changes between two versions of a policy, clauses matched by content as well as by number.

`match_clauses(old, new)` pairs every clause of the old version with the clause of the new version
that carries it on, in three passes:

1. the same words (numbers aside): `unchanged`, or `renumbered` when the number moved;
2. similar words under the same number: `changed` (a rewrite of clause 3.1 is still clause 3.1);
3. very similar words under another number: `changed` and renumbered (a clause that moved and was edited).

What is left over is `added` (new only) or `removed` (old only). Matching is pure and deterministic.

How ingestion uses it to keep clause ids stable: parsed clause ids are `<document id>/<number>`, so
a new text whose clause 3.2 became 3.3 would silently point every rule, citation and audit record
that names "3.2" at different text. When `policybot ingest --replace` replaces a document (same id),
`stable_ids(changes, old_ids)` gives every clause of the new text the id it is known by: the old id
for a clause that carries an old one on (`unchanged`, `renumbered`, or `changed` under the same
number); its parsed id for any other, or, when that id is already taken (kept by another clause, or
the id of an old clause that did not survive), the parsed id with `~new` appended (`~new2`, `~new3`,
... if that is taken too). Ingestion stores the ids that differ from the parsed ones in the knowledge
base's `clause-ids.yaml`, which `load_knowledge_base` applies (`bot/policy/knowledge.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal, NamedTuple

from bot.policy.models import Clause, Document, DocumentMeta
from bot.policy.parsing.numbering import paragraph_number, without_number

ChangeKind = Literal["unchanged", "renumbered", "changed", "added", "removed"]

SAME_NUMBER_MIN = 0.25  # word similarity above which a clause under the same number is "the same clause, changed"
MOVED_MIN = 0.6  # word similarity above which a clause under another number is the same clause, moved
NUMBER_BONUS = 0.3  # how much keeping its number counts for when a clause could be matched two ways
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class WordOp:
    """One step of a word-level diff: text kept, deleted, inserted, or replaced."""

    op: Literal["equal", "delete", "insert", "replace"]
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class ClauseChange:
    kind: ChangeKind
    old: Clause | None = None
    new: Clause | None = None
    similarity: float = 0.0  # of the clauses' words, 1.0 when unchanged
    words: tuple[WordOp, ...] = ()  # the word-level diff of a changed clause's body (titles are compared whole)

    @property
    def renumbered(self) -> bool:
        return self.old is not None and self.new is not None and local_id(self.old) != local_id(self.new)


@dataclass(frozen=True)
class DocumentDiff:
    old: DocumentMeta
    new: DocumentMeta
    changes: tuple[ClauseChange, ...] = field(default_factory=tuple)  # every clause, unchanged ones included

    def changed(self) -> list[ClauseChange]:
        """What a reader wants to see: everything but the clauses left as they were."""
        return [c for c in self.changes if c.kind != "unchanged"]

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for c in self.changes if c.kind == kind)


def local_id(clause: Clause) -> str:
    """The clause's number within its document: "coc-2024/3.2" → "3.2"."""
    return clause.id.split("/", 1)[1] if "/" in clause.id else clause.id


def own_title(clause: Clause) -> str:
    """The clause's own heading when its text opens with it (folded parent headings are not its own)."""
    if not clause.section:
        return ""
    lines = clause.text.split("\n")
    leading = []
    for line in lines[:-1]:
        if line.strip() not in clause.section:
            break
        leading.append(line.strip())
    return clause.section[-1] if clause.section[-1] in leading else ""


def body(clause: Clause) -> str:
    """The clause's text without the heading lines it opens with."""
    lines = clause.text.split("\n")
    headings = set(clause.section)
    while len(lines) > 1 and lines[0].strip() in headings:
        lines.pop(0)
    return "\n".join(lines).strip()


def content(clause: Clause) -> str:
    """What a clause says, numbers aside: its own title and its body."""
    text = unnumbered_body(clause)
    title = without_number(own_title(clause))
    return f"{title}\n{text}" if title else text


def unnumbered_body(clause: Clause) -> str:
    """The body without a paragraph number it opens with ("1.1. You may ..." → "You may ...")."""
    text = body(clause)
    number = paragraph_number(text)
    return text[len(number) + 1 :].strip() if number is not None else text


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _key(words: list[str]) -> tuple[str, ...]:
    return tuple(w.lower().strip(".,;:!?\"'()") for w in words)


def similarity(a: list[str], b: list[str]) -> float:
    return SequenceMatcher(None, _key(a), _key(b), autojunk=False).ratio()


def word_diff(old: str, new: str) -> tuple[WordOp, ...]:
    """The words of `old` turned into those of `new`: equal runs, deletions, insertions, replacements."""
    a, b = _words(old), _words(new)
    ops = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        ops.append(WordOp(tag, " ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return tuple(ops)


def match_clauses(old: list[Clause] | tuple[Clause, ...], new: list[Clause] | tuple[Clause, ...]) -> list[ClauseChange]:
    """Every clause of both versions once: paired when one carries the other on, else added or removed.

    The result is in the new version's order, each removed clause placed after the clause that
    preceded it in the old version.
    """
    old_words = [_words(content(c)) for c in old]
    new_words = [_words(content(c)) for c in new]
    pairs: dict[int, int] = {}  # old index → new index
    taken: set[int] = set()

    # 1. The same words: prefer the same number, then document order.
    by_key: dict[tuple[str, ...], list[int]] = {}
    for j, words in enumerate(new_words):
        by_key.setdefault(_key(words), []).append(j)
    twin_first = sorted(range(len(old)), key=lambda i: not _has_twin(old[i], new, by_key.get(_key(old_words[i]), [])))
    for i in twin_first:
        words = old_words[i]
        free = [j for j in by_key.get(_key(words), []) if j not in taken]
        if free:
            same = [j for j in free if local_id(new[j]) == local_id(old[i])]
            j = (same or free)[0]
            pairs[i] = j
            taken.add(j)

    # 2 and 3. Similar words: the same number with a lower bar, another number with a high one; best first,
    # keeping the number counting for NUMBER_BONUS.
    scores: dict[tuple[int, int], float] = {}
    candidates = []
    for i in range(len(old)):
        if i in pairs:
            continue
        for j in range(len(new)):
            if j in taken:
                continue
            same_number = local_id(old[i]) == local_id(new[j])
            bar = SAME_NUMBER_MIN if same_number else MOVED_MIN
            matcher = SequenceMatcher(None, _key(old_words[i]), _key(new_words[j]), autojunk=False)
            if matcher.real_quick_ratio() < bar or matcher.quick_ratio() < bar:
                continue
            score = matcher.ratio()
            if score >= bar:
                scores[i, j] = score
                candidates.append((-(score + (NUMBER_BONUS if same_number else 0.0)), i, j))
    for _, i, j in sorted(candidates):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)

    return _ordered(old, new, pairs, scores)


def _has_twin(clause: Clause, new: list[Clause] | tuple[Clause, ...], twins: list[int]) -> bool:
    """Whether a clause's text is in the new version under its own number (such clauses are paired first)."""
    return any(local_id(new[j]) == local_id(clause) for j in twins)


def _ordered(
    old: list[Clause] | tuple[Clause, ...],
    new: list[Clause] | tuple[Clause, ...],
    pairs: dict[int, int],
    scores: dict[tuple[int, int], float],
) -> list[ClauseChange]:
    by_new = {j: i for i, j in pairs.items()}
    removed_after: dict[int, list[int]] = {}  # new index after which an old-only clause is shown (-1: first)
    anchor = -1
    for i in range(len(old)):
        if i in pairs:
            anchor = pairs[i]
        else:
            removed_after.setdefault(anchor, []).append(i)
    out = [ClauseChange("removed", old=old[i]) for i in removed_after.get(-1, [])]
    for j, clause in enumerate(new):
        k = by_new.get(j)
        if k is None:
            out.append(ClauseChange("added", new=clause))
        elif (k, j) not in scores:
            kind: ChangeKind = "unchanged" if local_id(old[k]) == local_id(clause) else "renumbered"
            out.append(ClauseChange(kind, old=old[k], new=clause, similarity=1.0))
        else:
            words = word_diff(unnumbered_body(old[k]), unnumbered_body(clause))  # a new title shows as such
            out.append(ClauseChange("changed", old=old[k], new=clause, similarity=round(scores[k, j], 4), words=words))
        out += [ClauseChange("removed", old=old[r]) for r in removed_after.get(j, [])]
    return out


def diff_documents(old: Document, new: Document) -> DocumentDiff:
    return DocumentDiff(old=old.meta, new=new.meta, changes=tuple(match_clauses(old.clauses, new.clauses)))


def renamed_ids(changes: list[ClauseChange] | tuple[ClauseChange, ...]) -> dict[str, str]:
    """For every clause that lives on under another id: old id → new id (the map rules and audits follow)."""
    return {c.old.id: c.new.id for c in changes if c.old is not None and c.new is not None and c.old.id != c.new.id}


def render_words(
    ops: tuple[WordOp, ...],
    deleted: tuple[str, str],
    inserted: tuple[str, str],
    quote: Callable[[str], str] = str,
) -> str:
    """A word diff as one line, deletions and insertions wrapped in the given markers (words escaped by quote)."""
    parts = []
    for op in ops:
        if op.op == "equal":
            parts.append(quote(op.old))
            continue
        if op.old:
            parts.append(f"{deleted[0]}{quote(op.old)}{deleted[1]}")
        if op.new:
            parts.append(f"{inserted[0]}{quote(op.new)}{inserted[1]}")
    return " ".join(p for p in parts if p)


def stable_ids(
    changes: list[ClauseChange] | tuple[ClauseChange, ...], old_ids: Mapping[str, str] | None = None
) -> dict[str, str]:
    """For a document replaced by a new text of itself: each new clause's parsed id → the id it is known by.

    `changes` pair the old clauses under their parsed ids with the new ones; `old_ids` maps an old
    parsed id to the id that clause was known by where they differ (its clause-ids.yaml entries). A
    clause that carries an old one on keeps the old id, unless it moved and changed; any other clause
    gets its parsed id, or `<parsed id>~new` (then `~new2`, ...) when an old clause had that id.
    """
    old_ids = old_ids or {}
    kept = {
        c.new.id: old_ids.get(c.old.id, c.old.id)
        for c in changes
        if c.old is not None and c.new is not None and not (c.kind == "changed" and c.renumbered)
    }
    taken = {old_ids.get(c.old.id, c.old.id) for c in changes if c.old is not None}  # kept or retired: never reused
    ids: dict[str, str] = {}
    for change in changes:
        if change.new is None:
            continue
        parsed = change.new.id
        if parsed in kept:
            ids[parsed] = kept[parsed]
            continue
        candidate, n = parsed, 1
        while candidate in taken:
            candidate = f"{parsed}~new{n if n > 1 else ''}"
            n += 1
        ids[parsed] = candidate
        taken.add(candidate)
    return ids


class IdChanges(NamedTuple):
    renumbered: dict[str, str]  # replaced document: kept id → the parsed id of the number it now carries
    notes: list[str]  # for the person: what the new text changes, and the rules it affects
    ids: dict[str, str]  # replaced document: every new clause's parsed id → the id it is known by; else empty


def ingest_notes(
    previous: Document | None,
    new_id: str,
    new_clauses: tuple[Clause, ...],
    cited: set[str],
    old_ids: Mapping[str, str] | None = None,
) -> IdChanges:
    """What ingesting a new text of a document does to clause ids: the ids kept, and notes for the person.

    `previous` is the document the new one replaces (same id) or supersedes, its clauses under their
    parsed ids; `old_ids` maps those to the ids they are known by where they differ. `cited` are the
    clause ids rules.yaml names. A replaced document's clauses keep their ids where the text carries
    them on (`stable_ids`); a cited clause that was changed or removed, or moved and changed (so it
    lost its id), is named; for a new version, each cited clause's successor is named, since rules
    list the clause of every version they hold in.
    """
    if previous is None:
        return IdChanges({}, [], {})
    old_ids = old_ids or {}
    replacing = previous.id == new_id
    changes = match_clauses(previous.clauses, new_clauses)
    ids = stable_ids(changes, old_ids) if replacing else {}

    def known(clause: Clause, names: Mapping[str, str]) -> str:
        return names.get(clause.id, clause.id)

    renumbered = {
        known(c.old, old_ids): c.new.id
        for c in changes
        if replacing and c.old is not None and c.new is not None and c.renumbered and c.kind != "changed"
    }
    counts = ", ".join(
        f"{n} {kind}" for kind in ("changed", "added", "removed", "renumbered") if (n := _count(changes, kind))
    )
    relation = "replaces" if replacing else "supersedes"
    notes = [f"{new_id} {relation} {previous.id}: {counts or 'no clause changed'}"]
    for change in changes:
        old, new = change.old, change.new
        if old is None or known(old, old_ids) not in cited:
            continue
        old_name = known(old, old_ids)
        if new is None:
            notes.append(f"rules.yaml cites {old_name}, which {new_id} removes")
        elif not replacing:  # a new version: rules name the clause of each version they hold in
            notes.append(f"rules.yaml cites {old_name}; its text in {new_id} is {new.id} ({change.kind}): add it there")
        elif known(new, ids) != old_name:
            notes.append(f"rules.yaml cites {old_name}, whose text moved and changed: it is now {known(new, ids)}")
        elif change.renumbered:
            notes.append(f"rules.yaml cites {old_name}, now numbered {local_id(new)}: it keeps its id")
        elif change.kind == "changed":
            notes.append(f"rules.yaml cites {old_name}, whose text changed: check the rule still holds")
    return IdChanges(renumbered, notes, ids)


def _count(changes: list[ClauseChange], kind: str) -> int:
    return sum(1 for c in changes if c.kind == kind)
