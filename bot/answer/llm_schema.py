"""What the LLM must return, as pydantic models, and their JSON schemas for structured output.

Nothing here is trusted: a draft is validated for shape only, and the guard decides what of it
reaches the user.
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from bot.rules.facts import ActorType, CameraType, Setting, UseCase
from bot.rules.model import Verdict
from bot.rules.vocabulary import Vocabulary

MAX_ANSWER_CHARS = 4000
MAX_CITATIONS = 12


class DraftCitation(BaseModel):
    model_config = ConfigDict(extra="ignore")

    clause_id: str = Field(description="The id of a clause given in <policy_clauses>, exactly as written there.")
    quote: str = Field(description="Words copied character for character from that clause's text.")


class AnswerDraft(BaseModel):
    """The LLM's answer: a verdict, a short explanation, and the clauses it relies on."""

    model_config = ConfigDict(extra="ignore")

    verdict: Verdict
    answer: str = Field(description="A short plain-language answer for an employee.")
    citations: list[DraftCitation] = Field(default_factory=list)

    @field_validator("verdict", mode="before")
    @classmethod
    def _verdict_words(cls, value: object) -> object:
        return _enum_word(value)

    @field_validator("answer")
    @classmethod
    def _cap_answer(cls, value: str) -> str:
        return value.strip()[:MAX_ANSWER_CHARS]

    @field_validator("citations")
    @classmethod
    def _cap_citations(cls, value: list[DraftCitation]) -> list[DraftCitation]:
        return value[:MAX_CITATIONS]


class CapabilityClaim(BaseModel):
    model_config = ConfigDict(extra="ignore")

    capability: str  # a value of the vocabulary's `capabilities` (facts_draft_model's schema lists them)
    evidence: str = Field("", description="The words of the question that say so, copied exactly.")

    @field_validator("capability", mode="before")
    @classmethod
    def _word(cls, value: object) -> object:
        return _enum_word(value)


class FactsDraft(BaseModel):
    """Facts the LLM reads from the question; null (or an empty list) means the question does not say."""

    model_config = ConfigDict(extra="ignore")

    actor_type: ActorType | None = Field(None, description="Who will use the service, or for whom.")
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code of the country of use, e.g. US, FR.")
    us_state: str | None = Field(None, description="USPS code of the US state of use, e.g. TX.")
    capabilities: list[CapabilityClaim] = Field(
        default_factory=list, description="What the service would be used to do, each with the words that say so."
    )
    camera_type: CameraType | None = None
    setting: Setting | None = None
    real_time: bool | None = Field(None, description="true: live; false: recordings after the fact.")
    consent: bool | None = Field(None, description="Whether the people concerned have given valid consent.")
    apprehended_suspect: bool | None = Field(None, description="Only to identify a suspect already in custody.")
    use_case: UseCase | None = None

    @field_validator("actor_type", "camera_type", "setting", "use_case", mode="before")
    @classmethod
    def _enum_words(cls, value: object) -> object:
        return _enum_word(value)

    @field_validator("capabilities", mode="before")
    @classmethod
    def _capability_claims(cls, value: object) -> object:
        """A bare capability name is a claim without evidence (it will not be used, but it is not an error)."""
        if value is None:
            return []
        if isinstance(value, list):
            return [{"capability": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("country", "us_state", mode="before")
    @classmethod
    def _code(cls, value: object) -> object:
        """Two-letter codes only; anything else ("unknown", "Europe") is not a place the rules know."""
        if not isinstance(value, str):
            return None
        code = value.strip().upper()
        code = {"USA": "US", "UNITED STATES": "US", "UK": "GB"}.get(code, code)
        return code if len(code) == 2 and code.isalpha() else None


def facts_draft_model(vocab: Vocabulary) -> type[FactsDraft]:
    """FactsDraft for this vocabulary: its capability values as the claims' enum, and every fact it adds
    beyond the built-in ones as an optional field, so a value added as data is read by the LLM too."""
    capabilities = sorted(vocab.facts["capabilities"].allowed() or ()) if "capabilities" in vocab.facts else []
    claim: Any = create_model(
        "VocabularyCapabilityClaim", __base__=CapabilityClaim, capability=(_one_of(capabilities), ...)
    )
    fields: dict[str, Any] = {"capabilities": (list[claim], Field(default_factory=list))}
    for fact in vocab.facts.values():
        if fact.name in FactsDraft.model_fields or fact.name == "actor_name":
            continue
        values = sorted(fact.allowed() or ())
        kinds: dict[str, Any] = {"bool": bool, "enum": _one_of(values), "set": list[_one_of(values)]}  # type: ignore[misc]
        fields[fact.name] = (kinds.get(fact.kind, str) | None, Field(None, description=fact.question))
    model: type[FactsDraft] = create_model("VocabularyFactsDraft", __base__=FactsDraft, **fields)
    return model


def _one_of(values: list[str]) -> Any:
    """The JSON-schema enum of these words (any text when there are none)."""
    return Literal[tuple(values)] if values else str


def _enum_word(value: object) -> object:
    """ "Needs clarification", "needs-clarification" → "needs_clarification"; other values untouched."""
    if isinstance(value, str):
        return value.strip().lower().replace("-", "_").replace(" ", "_")
    return value


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the form OpenAI's strict structured output accepts.

    Every object lists all its properties as required and forbids others; defaults are dropped.
    """
    schema = copy.deepcopy(model.model_json_schema())

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            node.pop("default", None)
            node.pop("title", None)
            if node.get("type") == "object" and "properties" in node:
                node["required"] = list(node["properties"])
                node["additionalProperties"] = False
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(schema)
    return schema
