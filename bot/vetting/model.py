"""The deal intake model: who the customer is, where, which services, and what each use case does.

A deal file (YAML) is read into these models by intake.py, which also accepts the usual variants of
each field's name and value; once built, a Deal holds only typed, validated values.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from bot.rules.facts import ActorType, CameraType, Capability, Setting, UseCase
from bot.rules.model import Verdict


class Party(BaseModel):
    """The customer, or the end user it serves (a vendor's police customer, say)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = None
    type: ActorType | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    region: str | None = None  # as written: a US state, a province, a Land
    us_state: str | None = None  # USPS code, when the region is a US state

    def is_empty(self) -> bool:
        return not any((self.name, self.type, self.country, self.region))


class Details(BaseModel):
    """What a use case's structured fields say; None is unknown. These win over the description's reading."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    capabilities: frozenset[Capability] | None = None
    camera_type: CameraType | None = None
    setting: Setting | None = None
    real_time: bool | None = None
    consent: bool | None = None
    apprehended_suspect: bool | None = None
    purpose: UseCase | None = None  # the approved kind of face identification/verification

    def given(self) -> dict[str, object]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class DealUseCase(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    description: str = ""
    details: Details = Field(default_factory=Details)
    customer: Party | None = None  # overrides the deal's customer type, country or region for this use case
    end_user: Party | None = None  # overrides the deal's end user for this use case


class Expected(BaseModel):
    """The outcome an example deal must get (checked by the tests)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    verdict: Verdict
    use_cases: tuple[Verdict, ...] = ()


class Deal(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str | None = None
    customer: Party
    end_user: Party | None = None  # who the customer builds for or sells to, when that is someone else
    services: tuple[str, ...] = ()
    use_cases: tuple[DealUseCase, ...] = Field(min_length=1)
    as_of: date | None = None
    notes: str | None = None
    expected: Expected | None = None
    source: str = ""  # the file it came from, for messages
    warnings: tuple[str, ...] = ()  # what intake set aside (unknown top-level fields)
