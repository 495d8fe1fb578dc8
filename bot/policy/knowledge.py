"""A knowledge base is a folder: policy documents plus rules.yaml. Loading it validates everything.

clause-ids.yaml (written by `policybot ingest --replace`, reviewed in git like the rest) keeps clause
ids stable across new texts of a document: `document id → {parsed id: the id the clause is known by}`,
both without the document prefix, only where they differ. Loading applies it; an entry whose document
or clause is gone is ignored.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path

import yaml

from bot.errors import ClauseNotFound, KnowledgeBaseError
from bot.files import write_atomically
from bot.policy.journal import recover
from bot.policy.models import Clause, Document, DocumentMeta
from bot.policy.parsing import parse_document
from bot.policy.profile import KbProfile, load_profile
from bot.rules.book import Period, load_rules
from bot.rules.model import Rule
from bot.rules.vocabulary import Vocabulary, shipped_vocabulary, vocabulary_for

# Words of policy titles that name no product ("Acceptable Use Policy", "Code of Conduct").
_TITLE_WORDS = frozenset(
    "acceptable use usage policy policies terms conditions code conduct of the and for services service "
    "agreement guidelines prohibited limited access transparency note developer extension generative "
    "artificial intelligence model models version updated".split()
)
DOCUMENT_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf")
RULES_FILE = "rules.yaml"
CLAUSE_IDS_FILE = "clause-ids.yaml"


@dataclass(frozen=True)
class KnowledgeBase:
    root: Path
    documents: dict[str, Document]
    rules: tuple[Rule, ...] = ()
    clauses: dict[str, Clause] = field(default_factory=dict)
    clause_ids: dict[str, dict[str, str]] = field(default_factory=dict)  # the clause-ids.yaml entries applied
    vocabulary: Vocabulary = field(default_factory=shipped_vocabulary)  # vocabulary.yaml, or the shipped one
    profile: KbProfile = field(default_factory=KbProfile)  # kb.yaml: whose policies, where to ask a person

    def clause(self, clause_id: str) -> Clause:
        try:
            return self.clauses[clause_id]
        except KeyError:
            raise ClauseNotFound(f"no clause {clause_id!r} in {self.root}{_suggest(clause_id, self.clauses)}") from None

    def document_of(self, clause: Clause) -> Document:
        return self.documents[clause.document_id]

    def in_force(self, clause_id: str, on: date) -> bool:
        clause = self.clauses.get(clause_id)
        return clause is not None and self.documents[clause.document_id].meta.in_force(on)

    def documents_in_force(self, on: date) -> list[Document]:
        return [d for d in self.documents.values() if d.meta.in_force(on)]

    @cached_property
    def version_dates(self) -> dict[str, date]:
        """Version labels that name a year ("2023") → the day that version took effect ("under the 2023 code")."""
        dated = sorted((d.meta.effective, d.meta.version) for d in self.documents.values() if d.meta.effective)
        return {version: effective for effective, version in dated if re.search(r"\d{4}", version)}

    @cached_property
    def clause_numbers(self) -> frozenset[str]:
        """Its clauses by number ("3.2"), as a question may name them bare ("3.2 vs 3.3"): read once."""
        return frozenset(clause.id.rsplit("/", 1)[-1] for doc in self.documents.values() for clause in doc.clauses)

    @cached_property
    def scope_names(self) -> tuple[str, ...]:
        """Names that make a question about these services: the organisation's, the services', and the
        distinctive words of the documents' titles ("Llama" in "Meta Llama 3 Acceptable Use Policy")."""
        words = {w for d in self.documents.values() for w in re.findall(r"[A-Za-z][A-Za-z-]{2,}", d.meta.title)}
        distinctive = sorted(w for w in words if w.lower() not in _TITLE_WORDS)
        return (*self.profile.names(), *distinctive)

    @cached_property
    def known_words(self) -> frozenset[str]:
        """Every word the policies use: correctly spelt by definition, so never "corrected"."""
        words: set[str] = set()
        for clause in self.clauses.values():
            words.update(re.findall(r"[a-z][a-z'-]*", clause.text.lower()))
        return frozenset(words)


def load_knowledge_base(root: Path, *, with_rules: bool = True, cache_dir: Path | None = None) -> KnowledgeBase:
    if not root.is_dir():
        raise KnowledgeBaseError(f"knowledge base folder {root} does not exist")
    recover(root)  # an ingest killed midway is finished or undone first (bot/policy/journal.py)
    documents: dict[str, Document] = {}
    stable = read_clause_ids(root)
    applied: dict[str, dict[str, str]] = {}
    for path in sorted(
        p
        for p in root.iterdir()
        if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES and not p.name.startswith(".")
    ):
        parsed = parse_document(path)
        if parsed.meta.id in documents:
            other = documents[parsed.meta.id].path
            raise KnowledgeBaseError(f"{path}: document id {parsed.meta.id!r} is also used by {other}")
        own, applied[parsed.meta.id] = _with_stable_ids(parsed.meta.id, parsed.clauses, stable.get(parsed.meta.id, {}))
        documents[parsed.meta.id] = Document(meta=parsed.meta, path=str(path), clauses=own)
    documents = _with_expiry(documents)
    clause_ids = {doc_id: entries for doc_id, entries in applied.items() if entries}
    clauses = {c.id: c for d in documents.values() for c in d.clauses}
    rules: tuple[Rule, ...] = ()
    rules_path = root / RULES_FILE
    vocabulary = vocabulary_for(root, cache_dir)  # cache_dir: parsed vocabularies kept for the next process
    if with_rules and rules_path.exists():
        periods = {
            c.id: Period(documents[c.document_id].meta.effective, documents[c.document_id].meta.expires)
            for c in clauses.values()
        }
        rules = load_rules(rules_path, periods, vocabulary)
    return KnowledgeBase(
        root=root,
        documents=documents,
        rules=rules,
        clauses=clauses,
        clause_ids=clause_ids,
        vocabulary=vocabulary,
        profile=load_profile(root),
    )


@functools.cache
def shipped_knowledge_base() -> KnowledgeBase:
    """The shipped knowledge base, loaded once per process: a policy brought without rules borrows its rule book as
    evidence of harm (bot/answer/weighing.py), as it borrows its vocabulary."""
    from bot.config import shipped_path  # the config module imports settings machinery: only when needed

    return load_knowledge_base(shipped_path("knowledge"))


def read_clause_ids(root: Path) -> dict[str, dict[str, str]]:
    """clause-ids.yaml: document id → {parsed clause id: stable clause id}, ids without the document prefix."""
    path = root / CLAUSE_IDS_FILE
    if not path.exists():
        return {}
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read the clause ids ({exc})") from None
    if raw is None:
        return {}
    well_formed = isinstance(raw, dict) and all(
        isinstance(doc_id, str)
        and isinstance(entries, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in entries.items())
        for doc_id, entries in raw.items()
    )
    if not well_formed:
        raise KnowledgeBaseError(
            f"{path}: must map each document id to {{parsed clause id: stable clause id}}, all quoted strings"
        )
    return {doc_id: dict(entries) for doc_id, entries in raw.items()}


def write_clause_ids(path: Path, entries: dict[str, dict[str, str]]) -> None:
    """Write clause-ids.yaml in one step (a temporary file next to it, then renamed over it)."""
    header = (
        "# Stable clause ids, kept by `policybot ingest --replace` (bot/policy/versions.py: stable_ids):\n"
        "# document id -> {id the text's numbering gives a clause: id it keeps}. Only ids that differ.\n"
    )
    body = yaml.safe_dump({d: dict(sorted(e.items())) for d, e in sorted(entries.items()) if e}, sort_keys=False)
    write_atomically(path, header + body)


def _with_stable_ids(
    doc_id: str, clauses: tuple[Clause, ...], entries: dict[str, str]
) -> tuple[tuple[Clause, ...], dict[str, str]]:
    """The clauses under their stable ids, and the entries that applied (those of clauses that exist)."""
    prefix = f"{doc_id}/"
    applied = {k: v for k, v in entries.items() if f"{prefix}{k}" in {c.id for c in clauses} and k != v}
    if not applied:
        return clauses, {}
    out = tuple(
        c.model_copy(update={"id": prefix + applied[c.id[len(prefix) :]]}) if c.id[len(prefix) :] in applied else c
        for c in clauses
    )
    seen: dict[str, str] = {}
    for before, after in zip(clauses, out, strict=True):
        if after.id in seen:
            raise KnowledgeBaseError(
                f"{CLAUSE_IDS_FILE}: {doc_id} would have two clauses named {after.id} "
                f"({seen[after.id]} and {before.id} in the text); fix or remove its entries"
            )
        seen[after.id] = before.id
    return out, applied


def _is_document(path: Path) -> bool:
    """Policy documents: supported files, not hidden ones (ingest stages its work in hidden files)."""
    return path.is_file() and path.suffix.lower() in DOCUMENT_SUFFIXES and not path.name.startswith(".")


def _with_expiry(documents: dict[str, Document]) -> dict[str, Document]:
    """A superseded version without an explicit end date ends the day before its successor starts."""
    ends: dict[str, date] = {}
    for doc in documents.values():
        old = doc.meta.supersedes
        if old in documents and doc.meta.effective and documents[old].meta.expires is None:
            ends[old] = doc.meta.effective - timedelta(days=1)
    out = {}
    for doc_id, doc in documents.items():
        if doc_id in ends:
            meta = DocumentMeta(**{**doc.meta.model_dump(), "expires": ends[doc_id]})
            doc = Document(meta=meta, path=doc.path, clauses=doc.clauses)
        out[doc_id] = doc
    return out


def _suggest(clause_id: str, clauses: dict[str, Clause]) -> str:
    prefix = clause_id.split("/")[0] + "/"
    near = sorted(c for c in clauses if c.startswith(prefix))[:8]
    return f"; clauses of {prefix[:-1]}: {', '.join(near)}" if near else ""
