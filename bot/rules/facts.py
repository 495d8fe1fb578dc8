"""The facts rules test. Unknown stays unknown (None): rules treat it as an open question.

Which facts and values exist, what they mean, their cues and their clarifying questions are data
(knowledge/vocabulary.yaml, bot/rules/vocabulary.py). The few names below are the ones the engine
itself reasons about (agencies and places, cameras and settings, the face inferences); any other fact
a vocabulary declares is carried as an extra field.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict


class ActorType(StrEnum):
    POLICE_DEPARTMENT = "police_department"  # municipal, county (sheriff), state police
    LAW_ENFORCEMENT = "law_enforcement"  # other law enforcement: federal agencies, border, national police
    COURT = "court"
    GOVERNMENT = "government"  # public bodies that are not law enforcement
    ENTERPRISE = "enterprise"  # businesses, non-profits, our own company
    INDIVIDUAL = "individual"


class Capability(StrEnum):
    """Capability values the engine names; the vocabulary may declare many more (plain strings)."""

    FACIAL_RECOGNITION = "facial_recognition"  # identifying or verifying who a face belongs to
    FACE_DETECTION = "face_detection"  # finding, counting or blurring faces without identifying anyone
    EMOTION_INFERENCE = "emotion_inference"
    SENSITIVE_ATTRIBUTE_INFERENCE = "sensitive_attribute_inference"  # gender, race, religion, specific age…
    BIOMETRIC_CATEGORISATION = "biometric_categorisation"
    SOCIAL_SCORING = "social_scoring"  # includes predictive profiling of people
    VULNERABILITY_EXPLOITATION = "vulnerability_exploitation"
    SURVEILLANCE = "surveillance"  # ongoing monitoring or persistent tracking of a person
    PRODUCTIVITY = "productivity"  # summarise, draft, translate, transcribe, classify, code, support
    OTHER = "other"  # analysis that is not about people: licence plates, defects, forecasts, generated images


class CameraType(StrEnum):
    MOBILE = "mobile"  # body-worn, dash-mounted, handheld, drones
    STATIONARY = "stationary"  # fixed CCTV, booking-desk, door cameras


class Setting(StrEnum):
    UNCONTROLLED = "uncontrolled"  # "in the wild": patrols, streets, public events
    CONTROLLED = "controlled"  # back office, station, booking desk, a door people choose to use


class UseCase(StrEnum):
    """The approved kinds of face identification/verification (face-la section 3)."""

    IDENTITY_VERIFICATION = "identity_verification"  # onboarding, sign-in, matching a selfie to an ID
    ACCESS_CONTROL = "access_control"  # touchless entry to buildings or sites
    DUPLICATE_DETECTION = "duplicate_detection"  # duplicate or blocked accounts
    PERSONALISATION = "personalisation"  # opt-in recognition on shared devices


class Facts(BaseModel):
    """What is known about a proposed use. None means unknown, never "no"."""

    model_config = ConfigDict(frozen=True, extra="allow")  # facts a vocabulary adds beyond these

    actor_type: ActorType | None = None
    actor_name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2, e.g. "US"
    us_state: str | None = None  # USPS code, e.g. "TX"
    capabilities: frozenset[str] | None = None  # values of the vocabulary's `capabilities` fact
    camera_type: CameraType | None = None
    setting: Setting | None = None
    real_time: bool | None = None
    consent: bool | None = None
    apprehended_suspect: bool | None = None  # identifying someone already in custody
    use_case: UseCase | None = None  # what face identification/verification is for

    def get(self, name: str) -> Any:
        """A fact by name, built-in or added by the vocabulary; None when unknown."""
        return getattr(self, name, None)

    def values(self) -> dict[str, Any]:
        """Every fact by name, unknown ones included (for the rule evaluator)."""
        return {**self.__dict__, **(self.__pydantic_extra__ or {})}

    def known(self) -> dict[str, Any]:
        """The facts that are known, as plain JSON-able values."""
        out: dict[str, Any] = {}
        for name, value in self.model_dump(mode="json").items():
            if value is not None:
                out[name] = sorted(value) if isinstance(value, list) else value
        return out
