"""A fast start: retrieval is built only when an answer needs it, and `policybot --help` loads no domain code."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from bot.retrieval.lazy import LazyRetriever

PROBE = """
import json, sys
from bot.cli import main
sys.argv = ["policybot", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nLOADED " + json.dumps(sorted(m for m in sys.modules if "." not in m)) + "\\n")
"""

HEAVY = {"chromadb", "onnxruntime", "numpy", "openai", "tiktoken", "slack_bolt", "tokenizers"}


def loaded(*args: str) -> tuple[set[str], str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))], capture_output=True, text=True, timeout=300
    )
    line = [x for x in proc.stderr.splitlines() if x.startswith("LOADED ")][-1]
    return set(json.loads(line.removeprefix("LOADED "))), proc.stdout


def test_a_question_the_rules_decide_opens_no_index_and_loads_no_model() -> None:
    modules, out = loaded("ask", "Can the NYPD use facial recognition on CCTV footage?", "--json", "--no-llm")
    answer = json.loads(out)
    assert answer["verdict"] == "prohibited"
    assert answer["citations"]  # the clauses come from the knowledge base, by the rules' clause ids
    assert not modules & HEAVY, modules & HEAVY


def test_a_question_left_for_review_still_retrieves_related_clauses() -> None:
    question = "Can we classify written product reviews as positive or negative with the language model?"
    modules, out = loaded("ask", question, "--json", "--no-llm")
    answer = json.loads(out)
    assert answer["verdict"] == "needs_review"
    assert answer["citations"]
    assert "chromadb" in modules  # the hybrid retriever was built for it


def test_help_loads_neither_the_service_nor_its_libraries() -> None:
    modules, out = loaded("--help")
    assert "ask" in out
    assert not modules & (HEAVY | {"sqlalchemy", "pydantic_settings", "yaml"}), modules


class CountingRetriever:
    def __init__(self) -> None:
        self.searches: list[tuple[Any, ...]] = []

    def search(self, query: str, k: int = 5, on: Any = None, **options: Any) -> list[str]:
        self.searches.append((query, k, on, options))
        return [query]


def test_the_lazy_retriever_builds_once_on_the_first_search() -> None:
    built: list[CountingRetriever] = []

    def build() -> CountingRetriever:
        built.append(CountingRetriever())
        return built[-1]

    lazy = LazyRetriever(build)
    assert not built and not lazy.built
    assert lazy.search("a", 3, None, neighbours=1) == ["a"]
    assert lazy.search("b") == ["b"]
    assert len(built) == 1 and lazy.built
    assert built[0].searches == [("a", 3, None, {"neighbours": 1}), ("b", 5, None, {})]
