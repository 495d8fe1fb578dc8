"""Bytes → text: UTF-8 (with or without BOM), else Windows-1252 when that yields clean text."""

from __future__ import annotations

import codecs
import re

from bot.errors import DocumentError

# Control characters a text document has no business containing (tab, line breaks, form feed allowed).
_STRAY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_STRAY_CONTROLS_PER_CHAR = 1 / 1000  # a few strays are tolerated; more means binary data


def decode_text(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DocumentError(f"{name}: the file is UTF-16; save it as UTF-8")
    if b"\x00" in data:
        raise DocumentError(f"{name}: looks like a binary file, not text")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]  # utf-8-sig: offsets count from after the BOM
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        text = _windows_1252(data, name, utf8_error)
    if len(_STRAY_CONTROL.findall(text)) > 1 + len(text) * _MAX_STRAY_CONTROLS_PER_CHAR:
        raise DocumentError(f"{name}: looks like a binary file, not text")
    return text


def _windows_1252(data: bytes, name: str, utf8_error: UnicodeDecodeError) -> str:
    reason = f"{name}: not UTF-8 text (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start})"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise DocumentError(reason) from utf8_error
    if _STRAY_CONTROL.search(text):
        raise DocumentError(reason) from utf8_error
    return text
