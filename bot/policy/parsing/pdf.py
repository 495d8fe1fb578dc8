"""PDF → text with pypdf: pages joined by a blank line, then read as plain text."""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from bot.errors import DocumentError


def extract_pdf_text(data: bytes, name: str) -> str:
    """The text of every page, joined with "\\n\\n"; clause offsets refer to this text."""
    from pypdf import PdfReader  # here, not at import: most knowledge bases have no PDF

    try:
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentError(f"{name}: the PDF is encrypted with a password")
            pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception as error:  # pypdf raises many types (PdfReadError, KeyError, ValueError...) on damage
        reason = str(error).splitlines()[0] if str(error).strip() else type(error).__name__
        raise DocumentError(f"{name}: not a readable PDF ({reason})") from error
    text = "\n\n".join(pages)
    if not text.strip():
        raise DocumentError(f"{name}: the PDF has no extractable text (a scanned image?)")
    return text


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf warns and logs about damage it recovers from; the caller reports what matters in one line."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
