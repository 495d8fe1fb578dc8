"""Faults: the vector store gone mid-request, structured logs that never carry secrets."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.logs import JSONFormatter, mask
from bot.policy.knowledge import load_knowledge_base
from bot.retrieval.index import ClauseIndex, open_client
from bot.retrieval.retriever import HybridRetriever
from tests.conftest import KNOWLEDGE


class TinyEmbedder:
    name = "fake:tiny"

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.vstack([self.embed_query(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        v = np.ones(4, dtype=np.float32) + len(text) % 3
        return v / np.linalg.norm(v)


class VanishingClient:
    """A chroma client whose server disappears after the index is built."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.gone = False

    def __getattr__(self, name: str) -> object:
        if self.gone:
            raise ConnectionError("Chroma server went away")
        return getattr(self.real, name)


def test_search_falls_back_to_lexical_when_the_vector_store_goes_away(tmp_path: Path) -> None:
    kb_dir = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, kb_dir)
    kb = load_knowledge_base(kb_dir)
    client = VanishingClient(open_client(tmp_path / "store"))
    index = ClauseIndex(client, kb, TinyEmbedder())
    index.sync()
    retriever = HybridRetriever(kb, index, TinyEmbedder())
    assert retriever.search("police facial recognition United States", 3)
    client.gone = True
    index._cached = None  # a later request that must look the collection up again
    hits = retriever.search("police facial recognition United States", 3)
    assert hits and any(h.clause.id == "coc-2024/3.1" for h in hits)


def test_json_logs_mask_tokens_and_keys() -> None:
    record = logging.LogRecord(
        "bot.test",
        logging.WARNING,
        __file__,
        1,
        "token xoxb-123-456-abcdef and key sk-abcdefghijklmnop failed",
        (),
        None,
    )
    record.channel = "C1"
    line = json.loads(JSONFormatter().format(record))
    assert line["level"] == "warning" and line["channel"] == "C1"
    assert "xoxb-123-456-abcdef" not in line["message"] and "sk-abcdefghijklmnop" not in line["message"]
    assert "masked" in mask("Authorization: Bearer abcdefghijkl")


def test_a_killed_ingest_leaves_the_previous_index_answering(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    env = {**os.environ, "POLICYBOT_DATA_DIR": str(tmp_path / "data")}

    def policybot(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env, timeout=300
        )

    kb = tmp_path / "kb"
    first = tmp_path / "tools.md"
    first.write_text("---\nid: tools\n---\n# Tools\n\n## 1. Weapons\n\nNo help building weapons or explosives.\n")
    assert policybot("ingest", str(first), "--kb", str(kb)).returncode == 0
    big = tmp_path / "big.md"
    big.write_text(
        "---\nid: big\n---\n# Big\n\n"
        + "\n\n".join(
            f"## {i}. Topic {i}\n\nRule {i}: the assistant must not be used for activity number {i}."
            for i in range(400)
        )
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "ingest", str(big), "--kb", str(kb)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(4)  # parsing and copying are done; the embeddings of 400 clauses are being computed
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    found = policybot("search", "weapons", "--kb", str(kb), "--json")
    assert found.returncode == 0, found.stderr
    assert any(r["clause_id"].startswith("tools/") for r in json.loads(found.stdout)["results"])
