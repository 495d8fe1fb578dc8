"""The typed facts a rule can test. Unknown stays unknown (None): rules treat it as an open question.

FACT_SPECS is the closed vocabulary rules.yaml is validated against, and the place each fact's
clarifying question lives, so a `needs_clarification` answer can ask it in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
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

    model_config = ConfigDict(frozen=True)

    actor_type: ActorType | None = None
    actor_name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2, e.g. "US"
    us_state: str | None = None  # USPS code, e.g. "TX"
    capabilities: frozenset[Capability] | None = None
    camera_type: CameraType | None = None
    setting: Setting | None = None
    real_time: bool | None = None
    consent: bool | None = None
    apprehended_suspect: bool | None = None  # identifying someone already in custody
    use_case: UseCase | None = None  # what face identification/verification is for

    def known(self) -> dict[str, Any]:
        """The facts that are known, as plain JSON-able values."""
        out: dict[str, Any] = {}
        for name, value in self.model_dump(mode="json").items():
            if value is not None:
                out[name] = sorted(value) if isinstance(value, list) else value
        return out


@dataclass(frozen=True)
class FactSpec:
    name: str
    kind: str  # "enum", "set", "bool" or "text"
    values: frozenset[str] | None  # allowed values for enum and set facts
    question: str  # what to ask when the fact decides the answer


def _values(enum: type[StrEnum]) -> frozenset[str]:
    return frozenset(member.value for member in enum)


FACT_SPECS: dict[str, FactSpec] = {
    spec.name: spec
    for spec in (
        FactSpec(
            "actor_type",
            "enum",
            _values(ActorType),
            "Who will use it, or who is it for: a police department, other law enforcement, or someone else?",
        ),
        FactSpec("actor_name", "text", None, "Which organisation is this for?"),
        FactSpec(
            "country",
            "text",
            None,
            "In which country will it be used (for police: is it in the United States)?",
        ),
        FactSpec("us_state", "text", None, "In which US state will it be used?"),
        FactSpec("capabilities", "set", _values(Capability), "What exactly will the service be used to do?"),
        FactSpec(
            "camera_type",
            "enum",
            _values(CameraType),
            "Which cameras: mobile ones (body-worn, dash-mounted, handheld) or stationary ones?",
        ),
        FactSpec(
            "setting",
            "enum",
            _values(Setting),
            "Where: in uncontrolled public settings (patrols, streets) or in a controlled setting "
            "such as a back office or station?",
        ),
        FactSpec("real_time", "bool", None, "Will it run in real time (live), or on recordings after the fact?"),
        FactSpec("consent", "bool", None, "Have the people concerned given their valid consent?"),
        FactSpec(
            "apprehended_suspect",
            "bool",
            None,
            "Is it only to identify a suspect who has already been apprehended?",
        ),
        FactSpec(
            "use_case",
            "enum",
            _values(UseCase),
            "What is the face identification for: identity verification, access control, duplicate "
            "accounts, or opt-in personalisation?",
        ),
    )
}
