"""kb.yaml: who the knowledge base speaks for. Every user-facing text takes its names from here; without
it the wording is neutral, so an answer over another company's policy never speaks of Acme."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from bot.errors import KnowledgeBaseError

PROFILE_FILE = "kb.yaml"


class KbProfile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    organisation: str | None = None  # "Acme"
    services: str | None = None  # what the policies cover: "Acme AI Services"
    contact: str | None = None  # where to ask a person: "the Acme policy team (#ai-policy)"

    @property
    def services_name(self) -> str:
        if self.services:
            return self.services
        return f"{self.organisation}'s AI services" if self.organisation else "the AI services"

    @property
    def contact_name(self) -> str:
        if self.contact:
            return self.contact
        return f"the {self.organisation} policy team" if self.organisation else "your policy team"

    @property
    def assistant_of(self) -> str:
        """Whose assistant this is: "Acme's", or "the organisation's"."""
        return f"{self.organisation}'s" if self.organisation else "the organisation's"

    def names(self) -> list[str]:
        """Words that mark a question as being about these services (for scope)."""
        return [name for name in (self.organisation, self.services) if name]


def load_profile(root: Path) -> KbProfile:
    path = root / PROFILE_FILE
    if not path.exists():
        return KbProfile()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read it ({str(exc).splitlines()[0]})") from None
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"{path}: must be a mapping with organisation, services and contact")
    try:
        return KbProfile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"])) or "kb.yaml"
        raise KnowledgeBaseError(f"{path}: {where}: {first['msg']}") from None
