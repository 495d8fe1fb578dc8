"""Documents and the clauses the assistant quotes."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from bot.policy.modality import Modality


class Clause(BaseModel):
    """One quotable unit of a policy: every citation quotes a substring of `text`."""

    model_config = ConfigDict(frozen=True)

    id: str  # stable and readable, e.g. "coc-2024/3.2"
    document_id: str
    version: str
    section: tuple[str, ...] = ()  # heading path from the document root
    text: str
    start: int  # character offsets of the clause in the source file
    end: int
    modality: Modality = "informs"  # what the clause does, read at parse time (bot/policy/modality.py)
    # The bold line and list lead-ins it sits under ("You agree not to use X to:"), outermost first: they tell
    # which clauses only open a list, and what a terse item is said of; never quoted (other clauses' words).
    lead_ins: tuple[str, ...] = ()


class DocumentMeta(BaseModel):
    """Front matter of a policy document; only `id` is required."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str = ""
    version: str = "1"
    effective: date | None = None  # first day in force
    expires: date | None = None  # last day in force, when a later version replaced it
    supersedes: str | None = None
    source_url: str | None = None
    family: str | None = None  # documents that are versions of one another share a family

    def in_force(self, on: date) -> bool:
        return (self.effective is None or self.effective <= on) and (self.expires is None or on <= self.expires)


class Document(BaseModel):
    model_config = ConfigDict(frozen=True)

    meta: DocumentMeta
    path: str
    clauses: tuple[Clause, ...] = Field(default_factory=tuple)

    @property
    def id(self) -> str:
        return self.meta.id
