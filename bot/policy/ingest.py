"""Add policy documents to a knowledge base folder: all or nothing.

Every file is parsed before anything is written; files are staged next to the knowledge base and
moved in only when all of them are good; the whole knowledge base (rules included) must still load
afterwards, or the change is undone.

Replacing a document (`replace=True`, same document id) keeps the ids of the clauses the new text
carries on, matched by content (bot/policy/versions.py: stable_ids); the ids that differ from the
parsed ones go to clause-ids.yaml, which is part of the change (backed up, and restored by undo).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import DocumentError, KnowledgeBaseError
from bot.policy.knowledge import (
    CLAUSE_IDS_FILE,
    DOCUMENT_SUFFIXES,
    load_knowledge_base,
    read_clause_ids,
    write_clause_ids,
)
from bot.policy.models import Document
from bot.policy.parsing import parse_document
from bot.policy.versions import ingest_notes


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)  # document ids written
    unchanged: list[str] = field(default_factory=list)  # identical files already present
    renumbered: dict[str, str] = field(default_factory=dict)  # replaced documents: kept id → id of its new number
    notes: list[str] = field(default_factory=list)  # what each new text changes, and rules it affects
    new_versions: list[tuple[str, str]] = field(default_factory=list)  # (superseded id, new id) pairs
    _undo: list[tuple[Path, Path | None]] = field(default_factory=list)  # (target, backup or None if new)
    _backup_dir: Path | None = None

    def undo(self) -> None:
        """Put the knowledge base back as it was (used when indexing the new documents fails)."""
        for target, backup in reversed(self._undo):
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                shutil.move(str(backup), str(target))
        self._undo.clear()
        self.commit()

    def commit(self) -> None:
        if self._backup_dir is not None:
            shutil.rmtree(self._backup_dir, ignore_errors=True)
            self._backup_dir = None


def ingest_files(paths: list[Path], kb_dir: Path, *, replace: bool = False) -> IngestResult:
    if not paths:
        raise DocumentError("give at least one document to ingest")
    parsed = []
    for path in paths:
        if not path.is_file():
            raise DocumentError(f"{path}: no such file")
        if path.suffix.lower() not in DOCUMENT_SUFFIXES:
            raise DocumentError(
                f"{path}: unsupported file type {path.suffix or '(none)'}; use {', '.join(DOCUMENT_SUFFIXES)}"
            )
        parsed.append((path, parse_document(path)))  # raises DocumentError naming the file

    kb_dir.mkdir(parents=True, exist_ok=True)
    current = load_knowledge_base(kb_dir) if any(kb_dir.iterdir()) else None
    existing = current.documents if current is not None else {}
    ids_by_file = {Path(d.path).name: d.id for d in existing.values()}
    applied = current.clause_ids if current is not None else {}
    stored = {doc_id: entries for doc_id, entries in read_clause_ids(kb_dir).items() if entries}
    stable = dict(stored)
    seen: dict[str, Path] = {}
    result = IngestResult()
    plan: list[tuple[Path, Path]] = []
    for path, doc in parsed:
        if doc.meta.id in seen:
            raise DocumentError(f"{path}: document id {doc.meta.id!r} is also given by {seen[doc.meta.id]}")
        seen[doc.meta.id] = path
        target = kb_dir / path.name
        if target.exists() and target.read_bytes() == path.read_bytes():
            result.unchanged.append(doc.meta.id)
            continue
        owner = next((name for name, did in ids_by_file.items() if did == doc.meta.id), None)
        clash = (target.exists() or (owner is not None and owner != target.name)) and not replace
        if clash:
            raise DocumentError(
                f"{path}: the knowledge base already has {target.name if target.exists() else owner} "
                f"(document {doc.meta.id!r}); use --replace to overwrite it"
            )
        plan.append((path, target))
        result.added.append(doc.meta.id)
        previous = existing.get(doc.meta.id) or existing.get(doc.meta.supersedes or "")
        cited = {cid for rule in current.rules for cid in rule.clauses} if current is not None else set()
        old_ids = _full_ids(previous, applied) if previous is not None else {}
        parsed_previous = _as_parsed(previous, old_ids) if previous is not None else None
        changes = ingest_notes(parsed_previous, doc.meta.id, doc.clauses, cited, old_ids)  # versions.py: by content
        result.renumbered.update(changes.renumbered)
        result.notes += changes.notes
        if previous is not None and previous.id != doc.meta.id:
            result.new_versions.append((previous.id, doc.meta.id))
        prefix = f"{doc.meta.id}/"  # entries for this id start afresh: a new document drops stale ones
        stable[doc.meta.id] = {
            parsed.removeprefix(prefix): known.removeprefix(prefix)
            for parsed, known in changes.ids.items()
            if known != parsed
        }
    stable = {doc_id: entries for doc_id, entries in stable.items() if entries}

    result._backup_dir = Path(tempfile.mkdtemp(prefix=".ingest-backup-", dir=kb_dir))
    try:
        for source, target in plan:
            backup = None
            if target.exists():
                backup = result._backup_dir / target.name
                shutil.move(str(target), str(backup))
            result._undo.append((target, backup))
            staged = result._backup_dir / f".staged-{target.name}"
            shutil.copyfile(source, staged)
            staged.replace(target)
        if stable != stored:
            ids_file = kb_dir / CLAUSE_IDS_FILE
            backup = None
            if ids_file.exists():
                backup = result._backup_dir / CLAUSE_IDS_FILE
                shutil.move(str(ids_file), str(backup))
            result._undo.append((ids_file, backup))
            if stable:
                write_clause_ids(ids_file, stable)
        load_knowledge_base(kb_dir)  # the knowledge base as a whole (rules included) must still load
    except KnowledgeBaseError as exc:
        result.undo()
        about_rules = [note for note in result.notes if note.startswith("rules.yaml cites")]
        if about_rules:  # e.g. a rule names a clause the new text removed: say which
            raise type(exc)(f"{exc} ({'; '.join(about_rules)})") from exc
        raise
    except OSError:
        result.undo()
        raise
    return result


def _full_ids(document: Document, applied: dict[str, dict[str, str]]) -> dict[str, str]:
    """A loaded document's clause-ids.yaml entries as full ids: parsed id → the id its clause is known by."""
    prefix = f"{document.id}/"
    return {prefix + parsed: prefix + known for parsed, known in applied.get(document.id, {}).items()}


def _as_parsed(document: Document, old_ids: dict[str, str]) -> Document:
    """The document with its clauses under their parsed ids (what its numbering gives), for matching by number."""
    parsed_id = {known: parsed for parsed, known in old_ids.items()}
    clauses = tuple(c.model_copy(update={"id": parsed_id.get(c.id, c.id)}) for c in document.clauses)
    return Document(meta=document.meta, path=document.path, clauses=clauses)
