"""Block Kit validity as slack_sdk's models see it, plus the limits they do not check."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MAX_BLOCKS = 50


def assert_valid_blocks(blocks: list[dict[str, Any]], max_blocks: int = MAX_BLOCKS) -> None:
    assert blocks, "a message without blocks"
    assert len(blocks) <= max_blocks, f"{len(blocks)} blocks (Slack allows {max_blocks})"
    for raw in blocks:
        parsed = Block.parse(raw)
        assert parsed is not None, f"slack_sdk does not know this block: {raw}"
        parsed.validate_json()
        assert parsed.to_dict()["type"] == raw["type"]
        for element in _elements(raw):
            if "value" in element:
                assert len(element["value"]) <= 2000
            if "action_id" in element:
                assert len(element["action_id"]) <= 255
    ids = [e["action_id"] for b in blocks for e in _elements(b) if "action_id" in e]
    assert len(ids) == len(set(ids)), f"action ids repeat within a message: {ids}"


def assert_valid_view(view: dict[str, Any]) -> None:
    View(**view).validate_json()
    assert_valid_blocks(view["blocks"], 100)


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(block.get("elements") or [])
    if "accessory" in block:
        found.append(block["accessory"])
    if "element" in block:
        found.append(block["element"])
    return [e for e in found if isinstance(e, dict)]
