"""YAML front matter at the top of a Markdown file, and the DocumentMeta built from it.

Keys follow DocumentMeta (id, title, version, effective, expires, supersedes, source_url, family);
other keys (slug, description, ms.date, ...) are ignored. Missing values are derived: the id from
the file name, the title from the first heading.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml

from bot.errors import DocumentError
from bot.policy.models import DocumentMeta

_OPENING = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)", re.MULTILINE)
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_TEXT_KEYS = ("title", "supersedes", "source_url", "family")
_DATE_KEYS = ("effective", "expires")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    yaml_text: str
    body_start: int  # offset of the first character after the closing fence


def split_front_matter(source: str, name: str) -> FrontMatter | None:
    """The front matter block when the source opens with "---"; None when it has none."""
    opening = _OPENING.match(source)
    if opening is None:
        return None
    closing = _CLOSING.search(source, opening.end())
    if closing is None:
        raise DocumentError(f"{name}: front matter opened with --- on line 1 is never closed with ---")
    return FrontMatter(source[opening.end() : closing.start()], closing.end())


def read_front_matter(front: FrontMatter, name: str) -> dict[str, Any]:
    """The recognised keys, checked and converted; raises DocumentError naming the file and the key."""
    try:
        loaded = yaml.safe_load(front.yaml_text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""  # +2: 0-based, after the fence
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise DocumentError(f"{name}: front matter is not valid YAML{where}: {problem}") from error
    except (ValueError, RecursionError) as error:  # e.g. a timestamp like 2024-02-30
        raise DocumentError(f"{name}: front matter has a bad value ({error})") from error
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise DocumentError(f"{name}: front matter must be a mapping of keys to values")
    fields: dict[str, Any] = {}
    if "id" in loaded:
        fields["id"] = _document_id(loaded["id"], name)
    if "version" in loaded:
        fields["version"] = _text(loaded["version"], "version", name)
    for key in _TEXT_KEYS:
        if loaded.get(key) is not None:
            fields[key] = _text(loaded[key], key, name)
    for key in _DATE_KEYS:
        if loaded.get(key) is not None:
            fields[key] = _date(loaded[key], key, name)
    if fields.get("effective") and fields.get("expires") and fields["expires"] < fields["effective"]:
        raise DocumentError(f"{name}: front matter expires {fields['expires']} before it is effective")
    return fields


def _text(value: object, key: str, name: str) -> str:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value).strip()
        if text:
            return text
    raise DocumentError(f"{name}: front matter {key} must be a short text, not {value!r}")


def _document_id(value: object, name: str) -> str:
    text = _text(value, "id", name)
    if not _ID.fullmatch(text):
        raise DocumentError(f"{name}: front matter id {text!r} may only use letters, digits, '.', '_', '-'")
    return text


def _date(value: object, key: str, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise DocumentError(f"{name}: front matter {key} {value!r} is not a date (YYYY-MM-DD)")


def slugify(stem: str) -> str:
    """A document id from a file name: "Meta Llama 3.1 AUP" → "meta-llama-3-1-aup"."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-") or "document"


def build_meta(fields: dict[str, Any], *, stem: str, first_heading: str | None) -> DocumentMeta:
    """Front matter fields completed with values derived from the file: id, title, version "1"."""
    completed = {"id": slugify(stem), "title": first_heading or stem, "version": "1", **fields}
    return DocumentMeta(**completed)
