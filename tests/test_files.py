"""Files are written whole or not at all (bot/files.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.files import keep_newest, write_atomically


def test_text_and_bytes_replace_the_file_and_leave_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    write_atomically(target, "first\n")
    write_atomically(target, b"second\n")
    assert target.read_bytes() == b"second\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]


def test_a_failed_write_leaves_the_target_untouched(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("kept\n", encoding="utf-8")
    (tmp_path / "dir-in-the-way").mkdir()
    with pytest.raises(OSError):
        write_atomically(tmp_path / "dir-in-the-way", "x")
    assert target.read_text(encoding="utf-8") == "kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir-in-the-way", "out.yaml"]


def test_keep_newest_keeps_the_file_written_and_the_newest_others(tmp_path: Path) -> None:
    for age, name in enumerate(["old.npy", "older.npy", "oldest.npy"]):
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, ns=(10**18 - age * 10**9, 10**18 - age * 10**9))
    written = tmp_path / "new.npy"
    written.write_bytes(b"x")
    os.utime(written, ns=(1, 1))  # kept although its clock says otherwise: it is the one just written
    (tmp_path / "other.txt").write_text("not a match", encoding="utf-8")
    keep_newest(written, "*.npy", 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.npy", "old.npy", "other.txt"]
