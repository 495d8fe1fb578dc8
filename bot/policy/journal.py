"""What makes an ingest all or nothing even when it is killed: a staging folder, then an intent file.

An ingest builds the knowledge base as it will be in a hidden staging folder inside it
(`.ingest-stage-*/view`), checks and indexes that, and only then writes `.ingest-journal.json`
(atomically: a temporary file renamed) naming the files to move in and to remove. That write is
the switch point. A staging folder without a journal is an ingest that never reached it: deleting
the folder rolls it back. A journal means every staged file is complete: the moves are redone
(each one a rename, so redoing them is safe) and the ingest rolled forward. Whoever comes next
does this, the ingest itself or any command that loads the knowledge base after a kill
(bot/policy/knowledge.py: load_knowledge_base calls `recover`).

What to do is decided by `recovery_steps` (pure); `recover`, `write_journal` and `settle` touch the files.
An ingest holds an exclusive lock (flock on the folder) from its start to its end, so a command that
runs beside it never takes its staging folder for a leftover.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.errors import KnowledgeBaseError

log = logging.getLogger(__name__)

JOURNAL_FILE = ".ingest-journal.json"
JOURNAL_TEMP = ".ingest-journal.json.tmp"
STAGE_PREFIX = ".ingest-stage-"
VIEW = "view"  # inside a staging folder: the knowledge base as the ingest will leave it
SWITCH_WAIT_S = 60.0  # how long a reader waits for a running ingest to finish its switch (renames only)

_held: set[Path] = set()  # knowledge bases whose ingest lock this process holds (never recovered under it)


@dataclass(frozen=True)
class Journal:
    stage: str  # the staging folder's name, inside the knowledge base
    put: tuple[str, ...]  # files moved from the staging view into the knowledge base
    remove: tuple[str, ...] = ()  # files the ingest deletes from the knowledge base (an emptied clause-ids.yaml)

    def staged(self, name: str) -> str:
        return f"{self.stage}/{VIEW}/{name}"


@dataclass(frozen=True)
class Step:
    action: Literal["move", "unlink", "rmtree"]
    path: str  # relative to the knowledge base
    target: str = ""  # for a move


def encode(journal: Journal) -> str:
    return json.dumps({"stage": journal.stage, "put": list(journal.put), "remove": list(journal.remove)}) + "\n"


def decode(text: str, where: Path) -> Journal:
    """The journal an ingest wrote; a malformed one is reported, never guessed at."""
    try:
        raw = json.loads(text)
        names = [*raw["put"], *raw["remove"]]
        ok = isinstance(raw["stage"], str) and raw["stage"].startswith(STAGE_PREFIX)
        ok = ok and all(isinstance(n, str) and n and "/" not in n and not n.startswith(".") for n in names)
    except (ValueError, KeyError, TypeError):
        ok = False
    if not ok:
        raise KnowledgeBaseError(f"{where}: not a journal of `policybot ingest`; remove it after checking the folder")
    return Journal(stage=raw["stage"], put=tuple(raw["put"]), remove=tuple(raw["remove"]))


def recovery_steps(journal: Journal | None, stages: list[str], present: set[str]) -> list[Step]:
    """What to do with what ingests left: finish the one whose journal was written, delete every staging folder.

    `present` holds the staged files (relative paths) still waiting to be moved in.
    """
    steps: list[Step] = []
    if journal is not None:
        steps += [Step("move", journal.staged(n), n) for n in journal.put if journal.staged(n) in present]
        steps += [Step("unlink", n) for n in journal.remove]
        steps.append(Step("unlink", JOURNAL_FILE))  # before the staging folder: without it, that is garbage
    steps.append(Step("unlink", JOURNAL_TEMP))
    steps += [Step("rmtree", stage) for stage in sorted(stages)]
    return steps


def leftovers(root: Path) -> bool:
    """Whether an ingest left anything in the knowledge base (cheap: one listing, no lock, no write)."""
    try:
        names = os.listdir(root)
    except OSError:
        return False
    return any(n.startswith(STAGE_PREFIX) or n in (JOURNAL_FILE, JOURNAL_TEMP) for n in names)


def recover(root: Path) -> str | None:
    """Finish or undo what a killed ingest left in `root`; says which, or None when there was nothing to do."""
    if root.resolve() in _held or not leftovers(root):
        return None
    with _locked(root, wait=(root / JOURNAL_FILE).exists()) as got:
        if not got:  # an ingest is running and has not reached its switch: the folder is as it was
            return None
        done = settle(root)
    if done:
        log.warning("%s: %s", root, done)
    return done


@contextmanager
def ingest_lock(root: Path) -> Iterator[None]:
    """Hold the knowledge base for one ingest, after clearing what a killed one left; a second ingest is refused."""
    with _locked(root, wait=False) as got:
        if not got:
            raise KnowledgeBaseError(f"another `policybot ingest` into {root} is running; try again when it ends")
        settle(root)
        _held.add(root.resolve())
        try:
            yield
        finally:
            _held.discard(root.resolve())


def write_journal(root: Path, journal: Journal) -> None:
    """Pass the switch point: the staged files made durable, then the journal written in one rename."""
    for name in journal.put:
        _fsync(root / journal.staged(name))
    _fsync(root / journal.stage / VIEW)
    temp = root / JOURNAL_TEMP
    with temp.open("w", encoding="utf-8") as out:
        out.write(encode(journal))
        out.flush()
        os.fsync(out.fileno())
    temp.replace(root / JOURNAL_FILE)
    _fsync(root)


def settle(root: Path, on_step: Callable[[], None] = lambda: None) -> str | None:
    """Finish the ingest whose journal is written, delete every staging folder; call under the lock."""
    journal_path = root / JOURNAL_FILE
    journal = decode(journal_path.read_text(encoding="utf-8"), journal_path) if journal_path.exists() else None
    stages = [n for n in os.listdir(root) if n.startswith(STAGE_PREFIX)]
    if journal is None and not stages and not (root / JOURNAL_TEMP).exists():
        return None
    present = {journal.staged(n) for n in journal.put if (root / journal.staged(n)).exists()} if journal else set()
    for step in recovery_steps(journal, stages, present):
        path = root / step.path
        if step.action == "move":
            path.replace(root / step.target)
            on_step()
        elif step.action == "unlink":
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path, ignore_errors=True)
    _fsync(root)
    if journal is not None:
        return f"finished an interrupted ingest ({', '.join(journal.put + journal.remove)})"
    return "undid an interrupted ingest (it had not reached its switch)"


@contextmanager
def _locked(root: Path, *, wait: bool) -> Iterator[bool]:
    """The ingest lock (flock on the folder itself): False while another process holds it (waits if `wait`)."""
    try:
        fd = os.open(root, os.O_RDONLY)
    except OSError as exc:
        raise KnowledgeBaseError(f"{root}: cannot lock the knowledge base folder ({exc})") from None
    try:
        deadline = time.monotonic() + (SWITCH_WAIT_S if wait else 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.05)
        yield True
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def _fsync(path: Path) -> None:
    """Make a file or folder durable (best effort: some file systems refuse it on folders)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
