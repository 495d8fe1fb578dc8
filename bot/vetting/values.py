"""Reading the values a person writes in a deal file ("body-worn", "after the fact", "Sheriff's Office").

Each reader returns the typed value, None for "unknown", or raises ValueError with a message that
says what is accepted. Words the tables do not know are read by the fact extractor, so a deal
file understands the same vocabulary a question does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from bot.rules.extract import extract_facts
from bot.rules.extract.places import COUNTRIES, US_STATE_CODES, US_STATES
from bot.rules.extract.text import fold
from bot.rules.facts import ActorType, CameraType, Capability, Facts, Setting, UseCase
from bot.rules.vocabulary import shipped_vocabulary

T = TypeVar("T")

UNKNOWN_WORDS = frozenset(
    {"", "?", "unknown", "unsure", "not sure", "tbd", "tbc", "n/a", "na", "none given", "unclear"}
)

# Stricter first: a use that runs on several kinds of camera or place is read by the strictest one.
ACTOR_ORDER = list(ActorType)
CAMERA_ORDER = [CameraType.MOBILE, CameraType.STATIONARY]
SETTING_ORDER = [Setting.UNCONTROLLED, Setting.CONTROLLED]

ACTOR_WORDS: dict[str, ActorType] = {
    "police": ActorType.POLICE_DEPARTMENT,
    "police department": ActorType.POLICE_DEPARTMENT,
    "police force": ActorType.POLICE_DEPARTMENT,
    "city police": ActorType.POLICE_DEPARTMENT,
    "municipal police": ActorType.POLICE_DEPARTMENT,
    "county police": ActorType.POLICE_DEPARTMENT,
    "state police": ActorType.POLICE_DEPARTMENT,
    "sheriff": ActorType.POLICE_DEPARTMENT,
    "sheriffs office": ActorType.POLICE_DEPARTMENT,
    "sheriff's office": ActorType.POLICE_DEPARTMENT,
    "sheriff's department": ActorType.POLICE_DEPARTMENT,
    "highway patrol": ActorType.POLICE_DEPARTMENT,
    "law enforcement": ActorType.LAW_ENFORCEMENT,
    "other law enforcement": ActorType.LAW_ENFORCEMENT,
    "law enforcement agency": ActorType.LAW_ENFORCEMENT,
    "federal law enforcement": ActorType.LAW_ENFORCEMENT,
    "border agency": ActorType.LAW_ENFORCEMENT,
    "border police": ActorType.LAW_ENFORCEMENT,
    "customs": ActorType.LAW_ENFORCEMENT,
    "court": ActorType.COURT,
    "courts": ActorType.COURT,
    "judiciary": ActorType.COURT,
    "government": ActorType.GOVERNMENT,
    "public sector": ActorType.GOVERNMENT,
    "public body": ActorType.GOVERNMENT,
    "municipality": ActorType.GOVERNMENT,
    "city": ActorType.GOVERNMENT,
    "ministry": ActorType.GOVERNMENT,
    "agency": ActorType.GOVERNMENT,
    "government agency": ActorType.GOVERNMENT,
    "enterprise": ActorType.ENTERPRISE,
    "company": ActorType.ENTERPRISE,
    "business": ActorType.ENTERPRISE,
    "commercial": ActorType.ENTERPRISE,
    "corporate": ActorType.ENTERPRISE,
    "private sector": ActorType.ENTERPRISE,
    "vendor": ActorType.ENTERPRISE,
    "integrator": ActorType.ENTERPRISE,
    "system integrator": ActorType.ENTERPRISE,
    "reseller": ActorType.ENTERPRISE,
    "isv": ActorType.ENTERPRISE,
    "partner": ActorType.ENTERPRISE,
    "retailer": ActorType.ENTERPRISE,
    "retail": ActorType.ENTERPRISE,
    "bank": ActorType.ENTERPRISE,
    "startup": ActorType.ENTERPRISE,
    "non-profit": ActorType.ENTERPRISE,
    "nonprofit": ActorType.ENTERPRISE,
    "ngo": ActorType.ENTERPRISE,
    "individual": ActorType.INDIVIDUAL,
    "consumer": ActorType.INDIVIDUAL,
    "person": ActorType.INDIVIDUAL,
}

CAMERA_WORDS: dict[str, CameraType] = {
    "mobile": CameraType.MOBILE,
    "body-worn": CameraType.MOBILE,
    "body worn": CameraType.MOBILE,
    "bodycam": CameraType.MOBILE,
    "bodycams": CameraType.MOBILE,
    "body camera": CameraType.MOBILE,
    "body cameras": CameraType.MOBILE,
    "dash": CameraType.MOBILE,
    "dashcam": CameraType.MOBILE,
    "dash cam": CameraType.MOBILE,
    "dash-mounted": CameraType.MOBILE,
    "handheld": CameraType.MOBILE,
    "phone": CameraType.MOBILE,
    "drone": CameraType.MOBILE,
    "drones": CameraType.MOBILE,
    "vehicle": CameraType.MOBILE,
    "stationary": CameraType.STATIONARY,
    "fixed": CameraType.STATIONARY,
    "cctv": CameraType.STATIONARY,
    "static": CameraType.STATIONARY,
    "booking": CameraType.STATIONARY,
    "booking desk": CameraType.STATIONARY,
    "door": CameraType.STATIONARY,
    "entrance": CameraType.STATIONARY,
    "kiosk": CameraType.STATIONARY,
    "webcam": CameraType.STATIONARY,
}

SETTING_WORDS: dict[str, Setting] = {
    "uncontrolled": Setting.UNCONTROLLED,
    "in the wild": Setting.UNCONTROLLED,
    "public": Setting.UNCONTROLLED,
    "public places": Setting.UNCONTROLLED,
    "public spaces": Setting.UNCONTROLLED,
    "street": Setting.UNCONTROLLED,
    "streets": Setting.UNCONTROLLED,
    "patrol": Setting.UNCONTROLLED,
    "patrols": Setting.UNCONTROLLED,
    "field": Setting.UNCONTROLLED,
    "outdoors": Setting.UNCONTROLLED,
    "events": Setting.UNCONTROLLED,
    "controlled": Setting.CONTROLLED,
    "back office": Setting.CONTROLLED,
    "office": Setting.CONTROLLED,
    "station": Setting.CONTROLLED,
    "police station": Setting.CONTROLLED,
    "booking": Setting.CONTROLLED,
    "booking room": Setting.CONTROLLED,
    "booking desk": Setting.CONTROLLED,
    "custody suite": Setting.CONTROLLED,
}

CAPABILITY_WORDS: dict[str, str] = {
    "facial recognition": Capability.FACIAL_RECOGNITION,
    "face recognition": Capability.FACIAL_RECOGNITION,
    "face identification": Capability.FACIAL_RECOGNITION,
    "face verification": Capability.FACIAL_RECOGNITION,
    "face matching": Capability.FACIAL_RECOGNITION,
    "face search": Capability.FACIAL_RECOGNITION,
    "frt": Capability.FACIAL_RECOGNITION,
    "fr": Capability.FACIAL_RECOGNITION,
    "face detection": Capability.FACE_DETECTION,
    "face blurring": Capability.FACE_DETECTION,
    "face redaction": Capability.FACE_DETECTION,
    "redaction": Capability.FACE_DETECTION,
    "people counting": Capability.FACE_DETECTION,
    "emotion": Capability.EMOTION_INFERENCE,
    "emotions": Capability.EMOTION_INFERENCE,
    "emotion recognition": Capability.EMOTION_INFERENCE,
    "emotion detection": Capability.EMOTION_INFERENCE,
    "sentiment from faces": Capability.EMOTION_INFERENCE,
    "sensitive attributes": Capability.SENSITIVE_ATTRIBUTE_INFERENCE,
    "tracking": Capability.SURVEILLANCE,
    "monitoring": Capability.SURVEILLANCE,
    "summarisation": Capability.PRODUCTIVITY,
    "summarization": Capability.PRODUCTIVITY,
    "translation": Capability.PRODUCTIVITY,
    "transcription": Capability.PRODUCTIVITY,
    "drafting": Capability.PRODUCTIVITY,
    "classification": Capability.PRODUCTIVITY,
    "coding": Capability.PRODUCTIVITY,
    "customer support": Capability.PRODUCTIVITY,
    "chatbot": Capability.PRODUCTIVITY,
}

PURPOSE_WORDS: dict[str, UseCase] = {
    "identity verification": UseCase.IDENTITY_VERIFICATION,
    "id verification": UseCase.IDENTITY_VERIFICATION,
    "kyc": UseCase.IDENTITY_VERIFICATION,
    "onboarding": UseCase.IDENTITY_VERIFICATION,
    "sign-in": UseCase.IDENTITY_VERIFICATION,
    "login": UseCase.IDENTITY_VERIFICATION,
    "access control": UseCase.ACCESS_CONTROL,
    "touchless access": UseCase.ACCESS_CONTROL,
    "building access": UseCase.ACCESS_CONTROL,
    "duplicate detection": UseCase.DUPLICATE_DETECTION,
    "duplicate accounts": UseCase.DUPLICATE_DETECTION,
    "fraud prevention": UseCase.DUPLICATE_DETECTION,
    "personalisation": UseCase.PERSONALISATION,
    "personalization": UseCase.PERSONALISATION,
}

_TRUE = frozenset({"true", "yes", "y", "1", "on"})
_FALSE = frozenset({"false", "no", "n", "0", "off"})
_LIVE = frozenset({"live", "real-time", "real time", "realtime", "streaming", "both", "mixed", "either"})
_RECORDED = frozenset(
    {"recorded", "recordings", "after the fact", "after-the-fact", "batch", "offline", "retrospective", "post-event"}
)
_CONSENTED = frozenset({"given", "consented", "opt-in", "opt in", "all consented", "obtained"})
_NOT_CONSENTED = frozenset({"not given", "none", "partial", "not all", "opt-out", "opt out", "absent", "without"})


def _word(value: Any) -> str:
    return re.sub(r"[\s_]+", " ", fold(str(value))).strip()


def _is_unknown(value: Any) -> bool:
    return value is None or (isinstance(value, str) and _word(value) in UNKNOWN_WORDS)


def _enum(
    value: Any,
    enum: Callable[[str], T],
    words: dict[str, T],
    fact: str,
    accepted: str,
    read: Callable[[Facts], Any] | None = None,
) -> T | None:
    if _is_unknown(value):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not text; use {accepted}")
    word = _word(value)
    for candidate in (word, word.replace(" ", "_")):
        try:
            return enum(candidate)
        except ValueError:
            pass
    if word in words:
        return words[word]
    extracted = (read or (lambda f: getattr(f, fact)))(extract_facts(value))
    if extracted is not None:
        return extracted
    raise ValueError(f"{value!r} is not understood; use {accepted}")


def read_actor(value: Any) -> ActorType | None:
    accepted = ", ".join(a.value for a in ActorType) + " (or words such as 'sheriff's office', 'retailer')"
    return _enum(value, ActorType, ACTOR_WORDS, "actor_type", accepted)


def _strictest(values: list[T | None], order: list[T]) -> T | None:
    known = {v for v in values if v is not None}
    return next((v for v in order if v in known), None)


def _many(value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, str) and ("," in value or ";" in value or " and " in value):
        return [p for p in re.split(r"[,;]|\band\b", value) if p.strip()]
    return [value]


def read_camera(value: Any) -> CameraType | None:
    """One camera kind or several ("body-worn and CCTV"): the strictest of them."""
    accepted = "mobile or stationary (or words such as body-worn, dash, handheld, drone, CCTV, fixed)"
    found = [_enum(v, CameraType, CAMERA_WORDS, "camera_type", accepted) for v in _many(value)]
    return _strictest(found, CAMERA_ORDER)


def read_setting(value: Any) -> Setting | None:
    accepted = "uncontrolled or controlled (or words such as public, streets, patrols, back office, booking room)"
    found = [_enum(v, Setting, SETTING_WORDS, "setting", accepted) for v in _many(value)]
    return _strictest(found, SETTING_ORDER)


def read_purpose(value: Any) -> UseCase | None:
    accepted = ", ".join(u.value for u in UseCase)
    return _enum(value, UseCase, PURPOSE_WORDS, "use_case", accepted)


def read_capabilities(value: Any) -> frozenset[str] | None:
    """Capability values of the vocabulary (so a kind of use added as data is accepted here too), or words."""
    if _is_unknown(value):
        return None
    values = [str(v.id) for v in shipped_vocabulary().values_of("capabilities")]
    accepted = ", ".join(values) + " (or words such as face recognition, translation)"

    def from_text(facts: Facts) -> str | None:
        caps = sorted(facts.capabilities or (), key=lambda c: values.index(c) if c in values else len(values))
        return caps[0] if caps else None

    def vocabulary_value(word: str) -> str:
        if word not in values:
            raise ValueError(word)
        return word

    found = {_enum(v, vocabulary_value, CAPABILITY_WORDS, "capabilities", accepted, from_text) for v in _many(value)}
    known = frozenset(str(c) for c in found if c is not None)
    return known or None


def read_bool(
    value: Any, true_words: frozenset[str] = frozenset(), false_words: frozenset[str] = frozenset()
) -> bool | None:
    if _is_unknown(value):
        return None
    if isinstance(value, bool):
        return value
    word = _word(value)
    if word in _TRUE or word in true_words:
        return True
    if word in _FALSE or word in false_words:
        return False
    extra = sorted(true_words | false_words)
    also = f", or {', '.join(extra[:6])}" if extra else ""
    raise ValueError(f"{value!r} is not yes or no; use true, false or unknown{also}")


def read_real_time(value: Any) -> bool | None:
    """Live, recorded, or both (read as live: some of it runs in real time)."""
    return read_bool(value, _LIVE, _RECORDED)


def read_consent(value: Any) -> bool | None:
    """Partial consent is no consent: everyone processed must have given it."""
    return read_bool(value, _CONSENTED, _NOT_CONSENTED)


def read_country(value: Any) -> str | None:
    """An ISO 3166 alpha-2 code, or a country (or city) name the extractor knows."""
    if _is_unknown(value):
        return None
    if value is False:
        return "NO"  # YAML 1.1 reads an unquoted NO (Norway) as false
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a country; use a code such as US, GB, DE or a name")
    text = value.strip()
    if re.fullmatch(r"[A-Za-z]{2}", text):
        code = text.upper()
        return "GB" if code == "UK" else code
    word = _word(text)
    if word in COUNTRIES:
        return COUNTRIES[word]
    found = extract_facts(f"in {text}").country
    if found is not None:
        return found
    raise ValueError(f"{value!r} is not a country we know; use a two-letter code such as US, GB, DE")


def read_us_state(value: Any) -> str | None:
    """A USPS code or a state's name; None when the region is not a US state."""
    if _is_unknown(value) or not isinstance(value, str):
        return None
    text = value.strip()
    if text.upper() in US_STATE_CODES:
        return text.upper()
    return US_STATES.get(_word(text))


def read_text_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.split(",") if p.strip()]
    if isinstance(value, list | tuple) and all(isinstance(v, str | int | float) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    raise ValueError("expected a list of names, e.g. [face, language]")
