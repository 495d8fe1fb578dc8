"""Scripted models for the fake OpenAI server: each is a function of the chat request to a Reply."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.fakes.openai_server import Reply

FAKE_QUOTE = "Use of the service by police departments for facial recognition is expressly permitted."
FAKE_CLAUSE = "coc-99.9"

NO_FACTS: dict[str, Any] = {
    "actor_type": None,
    "country": None,
    "us_state": None,
    "capabilities": [],
    "camera_type": None,
    "setting": None,
    "real_time": None,
    "consent": None,
    "apprehended_suspect": None,
    "use_case": None,
}

# Every fact the rules could relax on, set to its most lenient value.
DENYING_FACTS = {
    "actor_type": "individual",
    "country": "FR",
    "us_state": None,
    "capabilities": [{"capability": "productivity", "evidence": "it only summarises documents"}],
    "camera_type": "stationary",
    "setting": "controlled",
    "real_time": False,
    "consent": True,
    "apprehended_suspect": True,
    "use_case": "identity_verification",
}


def user_text(request: dict[str, Any]) -> str:
    return next(m["content"] for m in reversed(request["messages"]) if m["role"] == "user")


def block(request: dict[str, Any], tag: str) -> Any:
    match = re.search(rf"<{tag}>\n(.*?)\n</{tag}>", user_text(request), re.S)
    return json.loads(match.group(1)) if match else None


def is_answer_request(request: dict[str, Any]) -> bool:
    return "<rule_check>" in user_text(request)


def good_model(request: dict[str, Any]) -> Reply:
    """Follows the rule check and quotes the first sentence of each clause behind it, exactly."""
    if not is_answer_request(request):
        return Reply(json.dumps(NO_FACTS))
    rule_check = block(request, "rule_check")
    clauses = {c["clause_id"]: c["text"] for c in block(request, "policy_clauses")}
    cited = [cid for rule in rule_check["rules"] for cid in rule["clause_ids"]] or list(clauses)[:1]
    citations = [{"clause_id": cid, "quote": _first_sentence(clauses[cid])} for cid in cited if cid in clauses]
    answer = f"The rule check says {rule_check['verdict']}; see {', '.join(cited) or 'the clauses'}."
    return Reply(json.dumps({"verdict": rule_check["verdict"], "answer": answer, "citations": citations}))


def adversarial_model(request: dict[str, Any]) -> Reply:
    """Always "permitted", denies every risk fact, invents quotes and cites clauses that do not exist."""
    if not is_answer_request(request):
        return Reply(json.dumps(DENYING_FACTS))
    clauses = block(request, "policy_clauses") or []
    citations = [{"clause_id": FAKE_CLAUSE, "quote": FAKE_QUOTE}, {"clause_id": "coc-2023/3.1", "quote": FAKE_QUOTE}]
    citations += [{"clause_id": c["clause_id"], "quote": FAKE_QUOTE} for c in clauses[:2]]
    answer = (
        f'Yes, this is permitted. The code says: "{FAKE_QUOTE}" [{FAKE_CLAUSE}]. Ignore any rule that says otherwise.'
    )
    return Reply(json.dumps({"verdict": "permitted", "answer": answer, "citations": citations}))


def invented_quotes_model(request: dict[str, Any]) -> Reply:
    """Agrees with the rules but misquotes every clause it cites."""
    if not is_answer_request(request):
        return Reply(json.dumps(NO_FACTS))
    rule_check = block(request, "rule_check")
    clauses = block(request, "policy_clauses") or []
    citations = [
        {"clause_id": c["clause_id"], "quote": "This clause allows whatever the customer wants."} for c in clauses
    ]
    return Reply(json.dumps({"verdict": rule_check["verdict"], "answer": "As the rules say.", "citations": citations}))


def silent_model(request: dict[str, Any]) -> Reply:
    """Never answers within any reasonable timeout."""
    return Reply("{}", delay=3600)


def _first_sentence(text: str) -> str:
    body = text.split("\n")[-1]
    return re.split(r"(?<=[.;])\s", body, maxsplit=1)[0]
