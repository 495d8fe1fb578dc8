"""Files written whole or not at all: a temporary file next to the target, renamed over it.

A reader (another process, a crash's next start) sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path


def write_atomically(path: Path, data: bytes | str) -> None:
    """Write `data` (text as UTF-8) to `path` in one step; on failure the target is untouched and no temporary
    file is left behind. Raises OSError for the caller to report."""
    staged = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        if isinstance(data, str):
            staged.write_text(data, encoding="utf-8")
        else:
            staged.write_bytes(data)
        staged.replace(path)
    except OSError:
        staged.unlink(missing_ok=True)
        raise


def keep_newest(written: Path, pattern: str, keep: int) -> None:
    """Delete all but `written` and the most recently written others among the files beside it matching
    `pattern`, `keep` in all: caches keyed by content would otherwise pile up one file per edit. Best effort:
    a file another process removed, or one that cannot be removed, is left to the next call."""
    try:
        others = [(entry.stat().st_mtime_ns, entry) for entry in written.parent.glob(pattern) if entry != written]
    except OSError:
        return
    for _, stale in sorted(others, key=lambda pair: pair[0], reverse=True)[max(keep - 1, 0) :]:
        with contextlib.suppress(OSError):
            stale.unlink(missing_ok=True)
