"""Deterministic fact extraction from a question's text."""

from bot.rules.extract.extractor import (
    extract_facts,
    hands_over_material,
    is_in_scope,
    signs_of_harm,
    topics_of_harm,
    unread_by_meaning,
)

__all__ = [
    "extract_facts",
    "hands_over_material",
    "is_in_scope",
    "signs_of_harm",
    "topics_of_harm",
    "unread_by_meaning",
]
