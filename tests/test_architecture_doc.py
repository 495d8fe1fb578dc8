"""docs/architecture.md stays true to the tree: every path it names exists, and the code cites it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT

DOC = ROOT / "docs" / "architecture.md"
TOP_FOLDERS = ("bot", "knowledge", "prompts", "tests", "benchmarks", "docs")
# A path under one of the top folders, not part of a longer path ("../shared/x") or a dotted name.
_PATH = re.compile(rf"(?<![\w./-])(?:{'|'.join(TOP_FOLDERS)})/[\w.*/-]*")
OLD_DESIGN = "DESIGN" + ".md"  # spelt in two parts so this file does not cite it
CITERS = ("bot", "tests", "benchmarks", "knowledge", "README.md")


def named_paths(text: str) -> set[str]:
    """The repository paths a Markdown text names: `bot/answer/guard.py`, `bot/cli/`, `knowledge/deals/*.yaml`."""
    return {match.rstrip(".,") for match in _PATH.findall(text)}


def missing(paths: set[str], root: Path) -> list[str]:
    """The paths that name nothing under `root` (a glob names something when it matches a file)."""
    gone = []
    for path in sorted(paths):
        exists = any(root.glob(path)) if "*" in path else (root / path).exists()
        if not exists or (path.endswith("/") and not (root / path).is_dir()):
            gone.append(path)
    return gone


def test_the_path_reader_finds_files_folders_and_globs_and_ignores_other_paths() -> None:
    text = (
        "See `bot/answer/guard.py`, the folder bot/cli/ and `knowledge/deals/*.yaml`. "
        "Not ../shared/corpus/x.md, not bot.wiring, not mybot/x.py."
    )
    assert named_paths(text) == {"bot/answer/guard.py", "bot/cli/", "knowledge/deals/*.yaml"}


def test_a_path_that_is_gone_is_reported(tmp_path: Path) -> None:
    (tmp_path / "bot" / "cli").mkdir(parents=True)
    (tmp_path / "bot" / "wiring.py").write_text("", encoding="utf-8")
    paths = {"bot/wiring.py", "bot/cli/", "bot/wiring.py/", "bot/old.py", "bot/gone/", "bot/*.toml"}
    assert missing(paths, tmp_path) == ["bot/*.toml", "bot/gone/", "bot/old.py", "bot/wiring.py/"]


def test_every_path_the_architecture_page_names_exists() -> None:
    paths = named_paths(DOC.read_text(encoding="utf-8"))
    assert len(paths) >= 50, "the page should map the pipeline's steps to their modules"
    assert missing(paths, ROOT) == [], "docs/architecture.md names paths that are gone: update the page"


def test_the_architecture_page_covers_each_package() -> None:
    paths = named_paths(DOC.read_text(encoding="utf-8"))
    packages = sorted(p.name for p in (ROOT / "bot").iterdir() if (p / "__init__.py").exists())
    unmapped = [name for name in packages if not any(path.startswith(f"bot/{name}/") for path in paths)]
    assert unmapped == []


def test_the_code_and_readme_cite_the_architecture_page_not_the_old_design_file() -> None:
    citing = []
    for name in CITERS:
        where = ROOT / name
        files = [where] if where.is_file() else [p for p in where.rglob("*") if p.suffix in (".py", ".md", ".yaml")]
        for path in files:
            if OLD_DESIGN in path.read_text(encoding="utf-8", errors="ignore"):
                citing.append(str(path.relative_to(ROOT)))
    assert citing == []
