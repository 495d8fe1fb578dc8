"""The parsed vocabulary kept on disk, so a new process (each CLI command is one) need not read it again.

Reading the vocabulary (its YAML, every cue folded, every pattern read for the literals it needs) takes
about a sixth of a second; loading the result takes a third of that. The file is keyed by the vocabulary's
text and by the source of the code that parses it, so an edit to either is read afresh; a missing,
unreadable or stale file is simply rebuilt, and only the newest few are kept. Only a vocabulary that
loaded without error is kept.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.files import keep_newest, write_atomically

if TYPE_CHECKING:
    from bot.rules.vocabulary import Vocabulary

log = logging.getLogger(__name__)

KEPT = 8  # parsed vocabularies kept: enough for a few knowledge bases in turn; older ones are edits gone by
_PARSERS = ("vocabulary.py", "extract/cues.py", "extract/literals.py", "extract/text.py")  # under bot/rules


def cached(text: str, build: Callable[[], Vocabulary], cache_dir: Path | None) -> Vocabulary:
    """The vocabulary `text` parses to: from the cache when it holds it, else built (and kept)."""
    if cache_dir is None:
        return build()
    path = cache_dir / f"vocabulary-{_key(text)}.pickle"
    try:
        with path.open("rb") as cached_file:
            return pickle.load(cached_file)  # our own file, written below
    except FileNotFoundError:
        pass
    except Exception as exc:  # a truncated or foreign file: read the vocabulary again
        log.warning("vocabulary cache %s unreadable (%s); rebuilding", path, exc)
    vocabulary = build()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomically(path, pickle.dumps(vocabulary, protocol=pickle.HIGHEST_PROTOCOL))
        keep_newest(path, "vocabulary-*.pickle", KEPT)
    except (OSError, pickle.PicklingError) as exc:
        log.warning("could not keep the parsed vocabulary at %s (%s)", path, exc)
    return vocabulary


def _key(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8"))
    rules = Path(__file__).resolve().parent
    for name in _PARSERS:
        digest.update((rules / name).read_bytes())
    return digest.hexdigest()[:24]
