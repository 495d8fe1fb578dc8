"""Prompt files with declared variables (docs/architecture.md, "House style").

A prompt is a Markdown file in prompts/ with YAML front matter declaring its `variables`, and
`{{ name }}` placeholders in the body. Loading checks that the placeholders and the declaration
agree; rendering requires exactly the declared variables. Values are inserted in one pass, so a
value that itself contains `{{ ... }}` (a question, a clause) is never expanded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.errors import PromptError

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


@dataclass(frozen=True)
class Prompt:
    name: str
    variables: frozenset[str]
    body: str

    def render(self, **values: str) -> str:
        missing = self.variables - values.keys()
        if missing:
            raise PromptError(f"prompt {self.name}: missing variable(s) {', '.join(sorted(missing))}")
        extra = values.keys() - self.variables
        if extra:
            raise PromptError(f"prompt {self.name}: undeclared variable(s) {', '.join(sorted(extra))}")
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], self.body)


def parse_prompt(name: str, text: str) -> Prompt:
    match = _FRONT_MATTER.match(text)
    if not match:
        raise PromptError(f"prompt {name}: no front matter (a '---' block declaring `variables:`)")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise PromptError(f"prompt {name}: invalid front matter: {exc}") from None
    declared = meta.get("variables") if isinstance(meta, dict) else None
    if not isinstance(declared, list) or not all(isinstance(v, str) for v in declared):
        raise PromptError(f"prompt {name}: front matter must declare `variables:` as a list of names")
    body = text[match.end() :].strip() + "\n"
    used = set(_PLACEHOLDER.findall(body))
    if undeclared := used - set(declared):
        raise PromptError(f"prompt {name}: undeclared variable(s) {', '.join(sorted(undeclared))} in the body")
    if unused := set(declared) - used:
        raise PromptError(f"prompt {name}: declared variable(s) {', '.join(sorted(unused))} are never used")
    return Prompt(name=name, variables=frozenset(declared), body=body)


def load_prompt(folder: Path, name: str) -> Prompt:
    path = folder / f"{name}.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PromptError(f"cannot read prompt {path}: {exc.strerror or exc}") from None
    return parse_prompt(name, text)


@dataclass(frozen=True)
class PromptBook:
    """The prompts the LLM answerer uses, loaded (and checked) once at start-up."""

    facts_system: Prompt
    facts_user: Prompt
    answer_system: Prompt
    answer_user: Prompt

    @classmethod
    def load(cls, folder: Path) -> PromptBook:
        return cls(
            facts_system=load_prompt(folder, "facts_system"),
            facts_user=load_prompt(folder, "facts_user"),
            answer_system=load_prompt(folder, "answer_system"),
            answer_user=load_prompt(folder, "answer_user"),
        )
