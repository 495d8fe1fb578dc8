"""Files are written whole or not at all (bot/files.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.files import write_atomically


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
