"""Add policy documents to a knowledge base folder: all or nothing, even when the ingest is killed.

Every file is parsed before anything is written. The knowledge base as it will be is staged in a
hidden folder inside it (bot/policy/journal.py), must load as a whole (rules included), and is
indexed (the `index` callback) before the switch: the journal is written, then the staged files are
renamed into place. Stopped before the switch (an error, Ctrl-C, SIGTERM), the staging folder is
deleted; killed outright, the next command that loads the knowledge base deletes it, or finishes
the switch if the journal was written. Folder and index so always agree: the index built is the
one of the folder the switch leaves, and a command that searches re-syncs it against the folder.

Replacing a document (`replace=True`, same document id) keeps the ids of the clauses the new text
carries on, matched by content (bot/policy/versions.py: stable_ids); the ids that differ from the
parsed ones go to clause-ids.yaml, which is part of the change.

Test hook: POLICYBOT_TEST_PAUSE_AT=<phase> (parsing, copying, embedding, indexed, switching) makes an
ingest print `policybot-test-pause: <phase>` on stderr and sleep there (POLICYBOT_TEST_PAUSE_S, default
30 s), so tests/test_ingest_kill.py can kill it at that point.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.errors import DocumentError, KnowledgeBaseError, Terminated
from bot.policy.journal import JOURNAL_FILE, STAGE_PREFIX, VIEW, Journal, ingest_lock, settle, write_journal
from bot.policy.knowledge import (
    CLAUSE_IDS_FILE,
    DOCUMENT_SUFFIXES,
    KnowledgeBase,
    load_knowledge_base,
    read_clause_ids,
    write_clause_ids,
)
from bot.policy.models import Document
from bot.policy.parsing import parse_document
from bot.policy.versions import ingest_notes

PAUSE_AT = "POLICYBOT_TEST_PAUSE_AT"
PAUSE_S = "POLICYBOT_TEST_PAUSE_S"

Progress = Callable[[int, int], None]
Indexer = Callable[[KnowledgeBase, Progress], Any]  # builds the index of a knowledge base, returns its report


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)  # document ids written
    unchanged: list[str] = field(default_factory=list)  # identical files already present
    renumbered: dict[str, str] = field(default_factory=dict)  # replaced documents: kept id → id of its new number
    notes: list[str] = field(default_factory=list)  # what each new text changes, and rules it affects
    new_versions: list[tuple[str, str]] = field(default_factory=list)  # (superseded id, new id) pairs
    index_report: Any = None  # what the `index` callback returned


class IngestStopped(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped an ingest; the knowledge base is as before (or, past the switch, as after)."""

    def __init__(self, cause: KeyboardInterrupt, *, finished: bool) -> None:
        self.signal_name = "SIGTERM" if isinstance(cause, Terminated) else "Ctrl-C"
        self.exit_code = 143 if isinstance(cause, Terminated) else 130
        self.finished = finished
        state = "it had passed its switch, so the documents are in" if finished else "the knowledge base is as it was"
        super().__init__(f"ingest stopped by {self.signal_name}: {state}")


def document_paths(paths: list[Path]) -> list[Path]:
    """The files to ingest: each file given, and every supported file directly inside each folder given."""
    if not paths:
        raise DocumentError("give at least one document to ingest")
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and _supported(p) and not p.name.startswith("."))
            if not found:
                raise DocumentError(f"{path}: no document to ingest in this folder; use {', '.join(DOCUMENT_SUFFIXES)}")
            files += found
        elif not path.is_file():
            raise DocumentError(f"{path}: no such file or folder")
        elif not _supported(path):
            raise DocumentError(
                f"{path}: unsupported file type {path.suffix or '(none)'}; use {', '.join(DOCUMENT_SUFFIXES)}"
            )
        else:
            files.append(path)
    return files


def ingest_files(
    paths: list[Path],
    kb_dir: Path,
    *,
    replace: bool = False,
    index: Indexer | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Parse, stage, check, index, switch; the knowledge base is never left between before and after."""
    try:
        return _ingest(paths, kb_dir, replace, index, progress)
    except IngestStopped:
        raise
    except KeyboardInterrupt as exc:  # before the switch: what was staged is gone (or left for the next command)
        raise IngestStopped(exc, finished=False) from exc


def _ingest(
    paths: list[Path], kb_dir: Path, replace: bool, index: Indexer | None, progress: Progress | None
) -> IngestResult:
    parsed = []
    for path in document_paths(paths):
        parsed.append((path, parse_document(path)))  # raises DocumentError naming the file
        _pause("parsing")

    kb_dir.mkdir(parents=True, exist_ok=True)
    with ingest_lock(kb_dir):  # clears what a killed ingest left, and keeps others out until the switch is done
        current = load_knowledge_base(kb_dir)
        result, plan, stable, stored = _plan(parsed, kb_dir, current, replace)
        if not plan and stable == stored:  # nothing changes: only make sure the index is current
            if index is not None:
                result.index_report = index(current, _pausing(progress))
            return result
        stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=kb_dir))
        try:
            journal = _stage(kb_dir, stage, plan, stable, stable != stored)
            after = _load_staged(stage / VIEW, kb_dir, result.notes)
            if index is not None:
                result.index_report = index(after, _pausing(progress))
            _pause("indexed")
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        written = False
        try:
            write_journal(kb_dir, journal)
            written = True
            settle(kb_dir, on_step=lambda: _pause("switching"))
        except KeyboardInterrupt as exc:  # past the switch point the only way is forward; before it, back
            written = written or (kb_dir / JOURNAL_FILE).exists()
            settle(kb_dir)
            raise IngestStopped(exc, finished=written) from exc
    return result


def _plan(
    parsed: list[tuple[Path, Any]], kb_dir: Path, current: KnowledgeBase, replace: bool
) -> tuple[IngestResult, list[tuple[Path, str]], dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Which files go in under which names, what they change, and the clause-ids.yaml entries before and after."""
    existing = current.documents
    ids_by_file = {Path(d.path).name: d.id for d in existing.values()}
    applied = current.clause_ids
    stored = {doc_id: entries for doc_id, entries in read_clause_ids(kb_dir).items() if entries}
    stable = dict(stored)
    cited = {cid for rule in current.rules for cid in rule.clauses}
    seen: dict[str, Path] = {}
    result = IngestResult()
    plan: list[tuple[Path, str]] = []
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
        plan.append((path, target.name))
        result.added.append(doc.meta.id)
        previous = existing.get(doc.meta.id) or existing.get(doc.meta.supersedes or "")
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
    return result, plan, {d: e for d, e in stable.items() if e}, stored


def _stage(
    kb_dir: Path, stage: Path, plan: list[tuple[Path, str]], stable: dict[str, dict[str, str]], ids_changed: bool
) -> Journal:
    """The knowledge base as it will be, in stage/view: links to what stays, copies of what comes in."""
    view = stage / VIEW
    view.mkdir()
    incoming = {name for _, name in plan}
    for entry in sorted(kb_dir.iterdir()):
        if entry.name.startswith(".") or entry.name in incoming or (ids_changed and entry.name == CLAUSE_IDS_FILE):
            continue
        _link(entry, view / entry.name)
    for source, name in plan:
        shutil.copyfile(source, view / name)
        _pause("copying")
    put = [name for _, name in plan]
    remove: list[str] = []
    if ids_changed:
        if stable:
            write_clause_ids(view / CLAUSE_IDS_FILE, stable)
            put.append(CLAUSE_IDS_FILE)
        elif (kb_dir / CLAUSE_IDS_FILE).exists():
            remove.append(CLAUSE_IDS_FILE)
    return Journal(stage=stage.name, put=tuple(put), remove=tuple(remove))


def _link(source: Path, target: Path) -> None:
    """Put a file or folder that stays into the staged view without copying it where the file system allows."""
    if source.is_dir():
        try:
            target.symlink_to(source.resolve(), target_is_directory=True)
        except OSError:
            shutil.copytree(source, target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _load_staged(view: Path, kb_dir: Path, notes: list[str]) -> KnowledgeBase:
    """The staged knowledge base as a whole (rules included) must load; it is known by the real folder's name."""
    try:
        staged = load_knowledge_base(view)
    except KnowledgeBaseError as exc:
        about_rules = [note for note in notes if note.startswith("rules.yaml cites")]
        if about_rules:  # e.g. a rule names a clause the new text removed: say which
            raise type(exc)(f"{exc} ({'; '.join(about_rules)})") from exc
        raise
    return dataclasses.replace(staged, root=kb_dir)  # the index is keyed by the folder it serves


def _pausing(progress: Progress | None) -> Progress:
    """The indexing progress callback, with the test hook's pause after the first batch embedded."""

    def update(done: int, total: int) -> None:
        if progress is not None:
            progress(done, total)
        _pause("embedding")

    return update


def _pause(phase: str) -> None:
    """Test hook (see the module docstring): stop here, once, so a test can kill the ingest at this phase."""
    if os.environ.get(PAUSE_AT) != phase:
        return
    os.environ.pop(PAUSE_AT)
    sys.stderr.write(f"policybot-test-pause: {phase}\n")
    sys.stderr.flush()
    time.sleep(float(os.environ.get(PAUSE_S, "30")))


def _supported(path: Path) -> bool:
    return path.suffix.lower() in DOCUMENT_SUFFIXES


def _full_ids(document: Document, applied: dict[str, dict[str, str]]) -> dict[str, str]:
    """A loaded document's clause-ids.yaml entries as full ids: parsed id → the id its clause is known by."""
    prefix = f"{document.id}/"
    return {prefix + parsed: prefix + known for parsed, known in applied.get(document.id, {}).items()}


def _as_parsed(document: Document, old_ids: dict[str, str]) -> Document:
    """The document with its clauses under their parsed ids (what its numbering gives), for matching by number."""
    parsed_id = {known: parsed for parsed, known in old_ids.items()}
    clauses = tuple(c.model_copy(update={"id": parsed_id.get(c.id, c.id)}) for c in document.clauses)
    return Document(meta=document.meta, path=document.path, clauses=clauses)
