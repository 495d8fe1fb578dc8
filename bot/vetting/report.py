"""Vet a deal: each use case's facts (description ∪ structured fields ∪ the deal's customer) → the service's answer.

The verdict, citations and answer text of each use case come from PolicyService.answer_facts, the
same decision and citation path `ask` uses; this module only reads the deal into facts and gathers
the answers into a report: the strictest verdict overall, the approvals to obtain, and the open
questions to put to the customer.

How the facts of a use case are put together:
- the description is read by the same extractor as a question;
- a structured field wins over the description where both speak (the difference is noted),
  except capabilities, which add up: what either says the use does, it does;
- who uses it is the strictest of the customer's type, the end user's type and who the description
  and the names name, since the rules ask who uses it *or on whose behalf* (a vendor building for a
  US police department is bound by the police rules);
- a use case is out of scope only when the deal names no service and its text is not about them
  (a use case in a deal for our services that the extractor cannot read needs review, never less);
- where: a use case's own country, else the end user's, else the customer's; when the description
  names the United States and the deal another country (or the other way round), the United States
  is used, as the extractor does, since its rules are the stricter ones (any other difference in
  country changes no rule);
- two readings the extractor makes of a question are made of structured fields too, both stricter:
  law enforcement's mobile cameras are in the field, and live face recognition in public is surveillance.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from bot.answer.models import Citation
from bot.rules.evaluate import rule_truth
from bot.rules.extract import extract_facts, is_in_scope
from bot.rules.facts import ActorType, CameraType, Capability, Facts, Setting
from bot.rules.model import STRICTNESS, Effect, FiredRule, Verdict
from bot.rules.vocabulary import Vocabulary, shipped_vocabulary
from bot.seams import Service
from bot.vetting.model import Deal, DealUseCase, Party
from bot.vetting.values import ACTOR_ORDER

# FACT_SPECS' questions, put to the customer rather than to a colleague.
CUSTOMER_QUESTIONS: dict[str, str] = {
    "actor_type": "Who will operate the system, and on whose behalf: your own organisation, a police department, "
    "or another law enforcement agency?",
    "actor_name": "Which organisation will use the system?",
    "country": "In which country will the system be used? In particular, will any of it be used in the United States?",
    "us_state": "In which US state will the system be used?",
    "capabilities": "What exactly will our services do in this use case? For example, will they identify or verify "
    "people from their faces, or only detect, count or blur faces?",
    "camera_type": "Which cameras will supply the images: mobile ones (body-worn, dash-mounted, handheld, drones) "
    "or fixed ones (CCTV, a booking-desk camera)?",
    "setting": "Where will the cameras be: in public, uncontrolled places (streets, patrols, events) or in a "
    "controlled setting such as a back office or booking room?",
    "real_time": "Will faces be matched live, as the footage is captured, or only in recordings reviewed afterwards?",
    "consent": "Will everyone whose face or personal data is processed have given valid consent beforehand?",
    "apprehended_suspect": "Is the identification only of suspects who are already in custody, for example at booking?",
    "use_case": "What is the face identification for: verifying a person's identity, controlling access to "
    "buildings, finding duplicate accounts, or personalisation for people who opted in?",
}

_LAW_ENFORCEMENT = (ActorType.POLICE_DEPARTMENT, ActorType.LAW_ENFORCEMENT)
_HOW = ("camera_type", "setting", "real_time", "consent", "apprehended_suspect")


class OpenQuestion(BaseModel):
    fact: str
    question: str
    use_cases: list[str] = Field(default_factory=list)


class UseCaseReport(BaseModel):
    name: str
    description: str = ""
    verdict: Verdict
    answer: str  # the service's answer, less the questions and conditions listed below
    citations: list[Citation] = Field(default_factory=list)
    rules: list[FiredRule] = Field(default_factory=list)
    missing_facts: list[str] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)
    approvals: list[str] = Field(default_factory=list)  # obligations: registrations and approvals to obtain
    questions: list[str] = Field(default_factory=list)  # to ask the customer (needs_clarification)
    notes: list[str] = Field(default_factory=list)  # how the facts were read where the deal's fields disagree


class VetReport(BaseModel):
    deal_id: str | None = None
    source: str = ""
    customer: Party
    end_user: Party | None = None
    services: list[str] = Field(default_factory=list)
    verdict: Verdict
    as_of: date
    policy_versions: list[str] = Field(default_factory=list)
    use_cases: list[UseCaseReport]
    approvals: list[str] = Field(default_factory=list)
    questions: list[OpenQuestion] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        for use in data["use_cases"]:
            use["decision"] = {
                "verdict": use["verdict"],
                "rules": [
                    {k: rule[k] for k in ("id", "effect", "clause_ids", "matched", "unknown")} for rule in use["rules"]
                ],
                "missing_facts": use["missing_facts"],
            }
            del use["rules"]
        return data


def vet_deal(service: Service, deal: Deal, as_of: date | None = None) -> VetReport:
    """The report on a deal, under the policy in force on `as_of` (else the deal's date, else today)."""
    on = as_of or deal.as_of  # None: the service's today
    reports: list[UseCaseReport] = []
    policy_versions: list[str] = []
    for use in deal.use_cases:
        facts, notes, in_scope = use_case_facts(deal, use, service.kb.known_words, service.kb.vocabulary)
        answer = service.answer_facts(_query(use), facts, on, in_scope=in_scope)
        on, policy_versions = answer.as_of, answer.policy_versions
        decision = answer.decision
        reports.append(
            UseCaseReport(
                name=use.name,
                description=use.description,
                verdict=answer.verdict,
                answer=_without_lists(answer.answer),
                citations=answer.citations,
                rules=decision.rules,
                missing_facts=decision.missing_facts,
                facts=answer.facts,
                approvals=_approvals(service, answer.verdict, decision.obligations, facts, on),
                questions=[customer_question(f) for f in decision.missing_facts]
                if answer.verdict is Verdict.NEEDS_CLARIFICATION
                else [],
                notes=notes,
            )
        )
    return VetReport(
        deal_id=deal.id,
        source=deal.source,
        customer=deal.customer,
        end_user=deal.end_user,
        services=list(deal.services),
        verdict=strictest(r.verdict for r in reports),
        as_of=on or date.today(),
        policy_versions=policy_versions,
        use_cases=reports,
        approvals=list(dict.fromkeys(a for r in reports for a in r.approvals)),
        questions=_open_questions(reports),
        warnings=list(deal.warnings),
    )


def strictest(verdicts: Any) -> Verdict:
    return min(verdicts, key=STRICTNESS.index)


def customer_question(fact: str) -> str:
    return CUSTOMER_QUESTIONS.get(fact) or shipped_vocabulary().question(fact)


def use_case_facts(
    deal: Deal, use: DealUseCase, known_words: frozenset[str] = frozenset(), vocabulary: Vocabulary | None = None
) -> tuple[Facts, list[str], bool]:
    """The facts of one use case, notes on how disagreements were read, and whether it is about our services."""
    text = extract_facts(use.description, known_words, vocabulary) if use.description else Facts()
    notes: list[str] = []
    customer = _overlay(deal.customer, use.customer)
    end_user = use.end_user or deal.end_user

    named = [p.type for p in (customer, end_user) if p is not None and p.type is not None]
    # Names say who, too: "Austin Police Department" typed as law_enforcement is still a US police department.
    names = extract_facts(". ".join(p.name for p in (customer, end_user) if p is not None and p.name))
    actor = _strictest_actor([*named, text.actor_type, names.actor_type])
    if actor is not None and named and actor not in named:
        source = "the description" if actor is text.actor_type else "the customer's or end user's name"
        notes.append(f"{source} reads as a {_words(actor)}; the stricter reading is used")

    country, us_state = _place(customer, end_user, use, text, notes)
    if names.country == "US" and country not in (None, "US"):
        notes.append(f"the name places the customer in the US, the deal says {country}; the United States is used")
        country, us_state = "US", names.us_state

    details = use.details
    how: dict[str, Any] = {}
    for fact in _HOW:
        structured, read = getattr(details, fact), getattr(text, fact)
        how[fact] = structured if structured is not None else read
        if structured is not None and read is not None and structured != read:
            notes.append(
                f"{fact}: the details say {_words(structured)}, the description reads {_words(read)}; "
                "the details are used"
            )
    capabilities = (details.capabilities or frozenset()) | (text.capabilities or frozenset())
    purpose = details.purpose or text.use_case

    if how["setting"] is None and how["camera_type"] is CameraType.MOBILE and actor in _LAW_ENFORCEMENT:
        how["setting"] = Setting.UNCONTROLLED  # officers' body-worn and dash cameras are, by design, in the field
    live_in_public = how["real_time"] and how["setting"] is Setting.UNCONTROLLED
    if Capability.FACIAL_RECOGNITION in capabilities and live_in_public and purpose is None:
        capabilities = capabilities | {Capability.SURVEILLANCE}  # live identification of people in public (4.6)
        if how["consent"] is None:
            how["consent"] = False  # passers-by in public cannot all have given valid consent

    facts = Facts(
        actor_type=actor,
        actor_name=(end_user.name if end_user and end_user.name else customer.name),
        country=country,
        us_state=us_state,
        capabilities=frozenset(capabilities) if capabilities or details.capabilities is not None else text.capabilities,
        use_case=purpose,
        **how,
    )
    # A use case in a deal for our services is about them, unless the deal names no service and the text agrees.
    in_scope = bool(details.given() or deal.services) or not use.description or is_in_scope(use.description, text)
    return facts, notes, in_scope


def _overlay(base: Party, over: Party | None) -> Party:
    if over is None:
        return base
    update = {k: v for k, v in over.model_dump().items() if v is not None}
    if "country" in update and "us_state" not in update:
        update["us_state"] = None  # a use case in another country is not in the deal's US state
    return base.model_copy(update=update)


def _strictest_actor(actors: list[ActorType | None]) -> ActorType | None:
    known = {a for a in actors if a is not None}
    return next((a for a in ACTOR_ORDER if a in known), None)


def _place(
    customer: Party, end_user: Party | None, use: DealUseCase, text: Facts, notes: list[str]
) -> tuple[str | None, str | None]:
    """Country and US state: the use case's own, else the end user's, else the customer's; a clash is asked."""
    if use.customer is not None and use.customer.country is not None:
        return use.customer.country, use.customer.us_state
    where = next((p for p in (use.end_user, end_user, customer) if p is not None and p.country is not None), None)
    if where is None:
        return text.country, text.us_state
    if text.country is not None and text.country != where.country and "US" in (text.country, where.country):
        notes.append(
            f"the description mentions {text.country}, the deal says {where.country}; "
            "the United States is used, since its rules are the stricter ones"
        )
        return "US", text.us_state if text.country == "US" else where.us_state
    return where.country, where.us_state or (text.us_state if text.country == where.country else None)


def _approvals(service: Service, verdict: Verdict, obligations: list[str], facts: Facts, on: date) -> list[str]:
    """Obligations of a permitted use; for one still open, those that would apply if it goes ahead."""
    if verdict is Verdict.PERMITTED:
        return list(obligations)
    if verdict in (Verdict.PROHIBITED, Verdict.OUT_OF_SCOPE):
        return []
    return [
        rule.obligation
        for rule in service.kb.rules
        if rule.effect is Effect.REQUIRE and rule.obligation and rule.in_force(on) and rule_truth(rule, facts) is True
    ]


def _open_questions(reports: list[UseCaseReport]) -> list[OpenQuestion]:
    found: dict[str, OpenQuestion] = {}
    for report in reports:
        for fact in report.missing_facts if report.verdict is Verdict.NEEDS_CLARIFICATION else []:
            entry = found.setdefault(fact, OpenQuestion(fact=fact, question=customer_question(fact)))
            entry.use_cases.append(report.name)
    return list(found.values())


def _without_lists(text: str) -> str:
    """The service's answer without the questions and conditions it ends with: the report lists those itself."""
    for tail in ("\nPlease tell me:", "\nConditions:"):
        text = text.split(tail, 1)[0]
    return text


def _query(use: DealUseCase) -> str:
    """The text retrieval reads for related clauses (needs_review): the description, else the name and details."""
    if use.description:
        return use.description
    given = ", ".join(f"{k} {_words(v)}" for k, v in use.details.given().items())
    return f"{use.name}: {given}"


def _words(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, frozenset | set | list | tuple):
        return ", ".join(sorted(_words(v) for v in value))
    return str(getattr(value, "value", value)).replace("_", " ")
