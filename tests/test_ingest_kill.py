"""Real `policybot ingest` processes killed at each phase leave the knowledge base exactly before or after.

Each ingest is stopped deterministically with the test hook POLICYBOT_TEST_PAUSE_AT (bot/policy/ingest.py),
or, for the large document, while its progress bar shows it embedding; then it gets SIGTERM, SIGINT or
SIGKILL. The next command (`ask`) must finish or undo what was left; the test then checks the folder
(exact listing and contents), the index (the clauses and content hashes of its active generation are the
folder's) and the answer.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.policy.knowledge import load_knowledge_base
from bot.retrieval.index import clause_hash, kb_key
from bot.retrieval.lexical import clause_search_text
from tests.conftest import KNOWLEDGE, ROOT

QUESTION = "Can a police department in Texas use the service for facial recognition?"


def generated_policy(doc_id: str, sections: int, per_section: int) -> str:
    """A policy document with sections × per_section clauses, about nothing the shipped questions ask."""
    lines = [f"---\nid: {doc_id}\ntitle: Ledger handbook {doc_id}\n---\n# Ledger handbook\n"]
    for s in range(1, sections + 1):
        lines.append(f"## {s}. Ledger section {s}\n")
        for c in range(1, per_section + 1):
            lines.append(
                f"### {s}.{c} Ledger rule {s}-{c}\nStaff archive the {doc_id} zebra ledger number "
                f"{s * 100 + c} in cabinet {c} of room {s} before the audit week.\n"
            )
    return "\n".join(lines)


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "SLACK_"))}
    base.pop("POLICYBOT_ANNOUNCE_CHANNEL", None)
    return {**base, "PYTHONPATH": str(ROOT), "POLICYBOT_AUDIT": "0", **extra}


Listing = dict[str, object]


def listing(folder: Path) -> Listing:
    """Every entry of the folder, hidden ones included: file name → bytes, folder name → its listing."""
    return {p.name: (listing(p) if p.is_dir() else p.read_bytes()) for p in sorted(folder.iterdir())}


def _ctrl_c_as_in_a_terminal() -> None:
    """SIGINT back to its default in the child, as for a command run in a terminal: a test run started as a
    background job (`.ci/run &`) has SIGINT ignored, which the child would inherit and Python would keep."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Ingest:
    """A running `policybot ingest` whose stderr is read as it comes."""

    def __init__(self, *args: str, **extra_env: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "ingest", *args, "--no-announce"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env(**extra_env),
            preexec_fn=_ctrl_c_as_in_a_terminal,
        )
        self.stderr = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        while chunk := self.proc.stderr.read(1):
            self.stderr += chunk

    def wait_for(self, marker: str, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while marker not in self.stderr:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop(signal.SIGKILL)
                pytest.fail(f"ingest never showed {marker!r}: {self.stderr}")
            time.sleep(0.02)

    def stop(self, signum: int) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signum)
        code = self.proc.wait(timeout=30)
        self._reader.join(timeout=5)
        assert self.proc.stderr is not None
        self.proc.stderr.close()
        return code


def index_matches_folder(kb_dir: Path, data_dir: Path) -> bool:
    """The active index generation holds exactly the folder's clauses, each under its current content hash."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    kb = load_knowledge_base(kb_dir, with_rules=False)
    client = chromadb.PersistentClient(
        path=str(data_dir / "index"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    try:
        meta = client.get_collection(f"pb-{kb_key(kb)}").metadata or {}
        stored = client.get_collection(meta["active"]).get(include=["metadatas"])
        hashes = {cid: (m or {}).get("hash") for cid, m in zip(stored["ids"], stored["metadatas"] or [], strict=True)}
        expected = {
            c.id: clause_hash(meta["embedder"], clause_search_text(c.section, c.text)) for c in kb.clauses.values()
        }
        return hashes == expected
    finally:
        # Its own system only (Client has close(), the ClientAPI type does not): the next look opens a fresh
        # one that sees what the commands wrote, and other tests' clients are left alone.
        client.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def data_dir() -> Path:
    return Path(os.environ["POLICYBOT_DATA_DIR"])  # tests/conftest.py: one per session; the model cache is shared


@pytest.fixture(scope="module")
def kb_dir(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """One knowledge base folder for every kill (its index is keyed by the folder): indexed before the first."""
    kb_dir = tmp_path_factory.mktemp("killed") / "kb"
    reset(kb_dir)
    check_next_command(kb_dir, data_dir, listing(kb_dir))
    return kb_dir


def reset(kb_dir: Path) -> None:
    """The shipped knowledge base's files, as before every ingest; the index is left as the last test left it."""
    shutil.rmtree(kb_dir, ignore_errors=True)
    shutil.copytree(KNOWLEDGE, kb_dir)  # deals/ included: a folder the staged view links to, never deletes


@pytest.fixture
def setup(kb_dir: Path, tmp_path: Path) -> tuple[Path, Path, Listing, Listing]:
    """The knowledge base reset, a folder of two new documents, and the folder's listings before and after."""
    reset(kb_dir)
    new = tmp_path / "new"
    new.mkdir()
    (new / "ledger-a.md").write_text(generated_policy("ledger-a", 7, 10))  # 70 clauses: two embedding batches
    (new / "ledger-b.md").write_text(generated_policy("ledger-b", 2, 5))
    (new / "notes.docx").write_bytes(b"PK\x03\x04")  # not a supported type: a folder ingest leaves it out
    before = listing(kb_dir)
    added = {name: (new / name).read_bytes() for name in ("ledger-a.md", "ledger-b.md")}
    return kb_dir, new, before, dict(sorted({**before, **added}.items()))


def check_next_command(kb_dir: Path, data_dir: Path, expected: Listing) -> None:
    """`ask` (the next command) finishes or undoes the ingest; then folder, index and answer are right."""
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "ask", QUESTION, "--kb", str(kb_dir), "--json", "--no-llm"],
        capture_output=True,
        text=True,
        env=env(),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["verdict"] == "prohibited"
    assert "coc-2024/3.1" in {c["clause_id"] for c in answer["citations"]}
    assert listing(kb_dir) == expected
    # The rules answered without the index (it is built on the first search); the next command that
    # searches brings it in line with the folder.
    search = subprocess.run(
        [sys.executable, "-m", "bot", "search", "facial recognition", "--kb", str(kb_dir), "--json"],
        capture_output=True,
        text=True,
        env=env(),
        timeout=120,
    )
    assert search.returncode == 0, search.stderr
    assert index_matches_folder(kb_dir, data_dir)


# (phase the hook pauses at, signal, whether the knowledge base ends as after the ingest)
POINTS = [
    ("parsing", signal.SIGTERM, False),
    ("parsing", signal.SIGKILL, False),
    ("copying", signal.SIGTERM, False),
    ("copying", signal.SIGKILL, False),
    ("embedding", signal.SIGINT, False),
    ("embedding", signal.SIGKILL, False),
    ("indexed", signal.SIGKILL, False),  # the index is already the new one: the next command re-syncs it
    ("switching", signal.SIGTERM, True),  # one of two documents moved in: past the switch, finished
    ("switching", signal.SIGKILL, True),  # the same, finished by the next command
]


@pytest.mark.parametrize(("phase", "signum", "finished"), POINTS, ids=[f"{p}-{s.name}" for p, s, _ in POINTS])
def test_a_killed_ingest_leaves_the_knowledge_base_before_or_after(
    setup: tuple[Path, Path, Listing, Listing],
    data_dir: Path,
    phase: str,
    signum: signal.Signals,
    finished: bool,
) -> None:
    kb_dir, new, before, after = setup
    ingest = Ingest(str(new), "--kb", str(kb_dir), POLICYBOT_TEST_PAUSE_AT=phase, POLICYBOT_TEST_PAUSE_S="60")
    ingest.wait_for(f"policybot-test-pause: {phase}")
    if phase == "switching":
        assert listing(kb_dir) not in (before, after)  # caught between the two: one document moved in
    code = ingest.stop(signum)
    if signum == signal.SIGKILL:
        assert code == -signal.SIGKILL
    else:  # Ctrl-C and SIGTERM: cleaned up in the process, one line, non-zero
        assert code == (143 if signum == signal.SIGTERM else 130), ingest.stderr
        last = ingest.stderr.strip().splitlines()[-1]
        assert last.startswith(f"error: ingest stopped by {'SIGTERM' if signum == signal.SIGTERM else 'Ctrl-C'}")
        assert ("documents are in" in last) == finished
        assert "Traceback" not in ingest.stderr
        assert listing(kb_dir) == (after if finished else before)  # nothing left for the next command
    check_next_command(kb_dir, data_dir, after if finished else before)


def test_sigterm_while_embedding_a_large_document_rolls_back(
    setup: tuple[Path, Path, Listing, Listing], data_dir: Path, tmp_path: Path
) -> None:
    kb_dir, _, before, _ = setup
    big = tmp_path / "big.md"
    big.write_text(generated_policy("ledger-big", 40, 15))  # 600 clauses: several seconds of embedding
    ingest = Ingest(str(big), "--kb", str(kb_dir))
    ingest.wait_for("| 64/")  # the progress bar after its first batch: it is embedding
    started = time.monotonic()
    assert ingest.stop(signal.SIGTERM) == 143, ingest.stderr
    assert time.monotonic() - started < 10  # stopped at the next batch, not at the end
    assert listing(kb_dir) == before
    check_next_command(kb_dir, data_dir, before)


def test_a_folder_without_documents_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.docx").write_bytes(b"PK\x03\x04")
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", str(empty), "--kb", str(tmp_path / "kb")],
        capture_output=True,
        text=True,
        env=env(),
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f"error: {empty}: no document to ingest in this folder; use .md, .markdown, .txt, .html, .htm, .pdf"
    ]
