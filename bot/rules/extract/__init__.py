"""Deterministic fact extraction from a question's text."""

from bot.rules.extract.extractor import extract_facts, is_in_scope, signs_of_harm

__all__ = ["extract_facts", "is_in_scope", "signs_of_harm"]
