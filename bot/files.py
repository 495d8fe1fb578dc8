"""Files written whole or not at all: a temporary file next to the target, renamed over it.

A reader (another process, a crash's next start) sees the old file or the new one, never half of one.
"""

from __future__ import annotations

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
