"""`/vet-deal` in Slack, as pure functions: the modal, reading its submission, and the report's blocks.

No client here: the Slack listeners (bot/slack/) open the modal, call vet_deal and post what these
build. The flow:

    /vet-deal            views_open(trigger_id, view=build_vet_modal(private_metadata=...))
    view VET_VIEW        errors = vet_form_errors(view) → ack(response_action="errors", errors=errors)
                         else ack(); deal = parse_vet_submission(view); report = vet_deal(service, deal)
                         chat_postEphemeral(channel, user, **build_report_message(report, encode_deal(deal)))
    VET_SHARE_ACTION     deal, as_of = decode_deal(action["value"]) → vet again → chat_postMessage(channel,
                         **build_report_message(report, shared_by=user))
    VET_DOWNLOAD_ACTION  deal, as_of = decode_deal(action["value"]) → vet again → files_upload_v2(channel,
                         content=report_markdown(report), filename=report_filename(report))

Vetting is deterministic and quick, so the buttons carry the deal itself (compressed when long)
rather than a reference to server-side state.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from datetime import date
from typing import Any

from bot.errors import DealError
from bot.rules.facts import ActorType
from bot.rules.model import Verdict
from bot.vetting import values
from bot.vetting.intake import parse_deal
from bot.vetting.model import Deal
from bot.vetting.render import VERDICT_LABEL, VERDICT_MEANING, deal_title, party_line
from bot.vetting.report import UseCaseReport, VetReport

VET_COMMAND = "/vet-deal"
VET_VIEW = "vet_deal"
VET_SHARE_ACTION = "vet_deal_share"
VET_DOWNLOAD_ACTION = "vet_deal_download"

USE_CASE_SLOTS = 3  # use cases the modal offers (the first is required)
MAX_BLOCKS = 50
SECTION_CHARS = 3000
VALUE_CHARS = 2000
QUOTE_CHARS = 700

VERDICT_EMOJI = {
    Verdict.PROHIBITED: ":no_entry:",
    Verdict.PERMITTED: ":white_check_mark:",
    Verdict.NEEDS_CLARIFICATION: ":question:",
    Verdict.NEEDS_REVIEW: ":mag:",
    Verdict.INFORMATIONAL: ":information_source:",
    Verdict.OUT_OF_SCOPE: ":speech_balloon:",
}

_ACTOR_LABELS = {
    ActorType.POLICE_DEPARTMENT: "Police department (city, county, state)",
    ActorType.LAW_ENFORCEMENT: "Other law enforcement (federal, border, national)",
    ActorType.COURT: "Court",
    ActorType.GOVERNMENT: "Government (not law enforcement)",
    ActorType.ENTERPRISE: "Enterprise (company, non-profit, vendor)",
    ActorType.INDIVIDUAL: "Individual",
}
_DETAIL_CHOICES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "cameras": (
        "Cameras",
        [("mobile", "Mobile (body-worn, dash, handheld, drone)"), ("stationary", "Fixed (CCTV, booking desk, door)")],
    ),
    "real_time": ("Live or recorded", [("live", "Live (real time)"), ("recorded", "Recordings, after the fact")]),
    "setting": (
        "Setting",
        [
            ("uncontrolled", "Public, uncontrolled (streets, patrols)"),
            ("controlled", "Controlled (back office, booking room)"),
        ],
    ),
    "consent": ("Consent", [("yes", "Everyone processed has consented"), ("no", "Not everyone has consented")]),
}


# --- the modal ---------------------------------------------------------------------------------


def build_vet_modal(private_metadata: str = "", use_cases: int = USE_CASE_SLOTS) -> dict[str, Any]:
    """The intake form: customer, end user, services, date, and up to `use_cases` use cases with details."""
    actor_options = [(a.value, label) for a, label in _ACTOR_LABELS.items()]
    blocks: list[dict[str, Any]] = [
        _section("Describe the deal; each use case is vetted against the code of conduct in force."),
        _input("customer_name", "Customer", _text_input("customer_name", "e.g. Riverton Police Department")),
        _input("customer_type", "Customer type", _select("customer_type", actor_options), optional=True),
        _input("country", "Country", _text_input("country", "US, GB, DE … or a name"), optional=True),
        _input("region", "Region or US state", _text_input("region", "e.g. Texas"), optional=True),
        _input(
            "end_user_type",
            "Builds for or sells to (if not the customer itself)",
            _select("end_user_type", actor_options),
            optional=True,
        ),
        _input("end_user_country", "End user's country", _text_input("end_user_country", "US, GB …"), optional=True),
        _input("services", "Services used", _text_input("services", "e.g. face, language, speech"), optional=True),
        _input("as_of", "Vet as of (default: today)", {"type": "datepicker", "action_id": "as_of"}, optional=True),
    ]
    for i in range(1, max(1, use_cases) + 1):
        blocks += [
            {"type": "divider"},
            _input(
                f"uc{i}_description",
                f"Use case {i}: what will the customer do?",
                _text_input(
                    f"uc{i}_description", "In plain words: who, what, with which cameras, live or not", multiline=True
                ),
                optional=i > 1,
            ),
        ]
        for key, (label, options) in _DETAIL_CHOICES.items():
            blocks.append(
                _input(f"uc{i}_{key}", f"Use case {i}: {label}", _select(f"uc{i}_{key}", options), optional=True)
            )
    return {
        "type": "modal",
        "callback_id": VET_VIEW,
        "private_metadata": private_metadata[:3000],
        "title": _plain("Vet a deal"),
        "submit": _plain("Vet"),
        "close": _plain("Cancel"),
        "blocks": blocks[:100],
    }


def _form_values(view: dict[str, Any]) -> dict[str, Any]:
    """block_id → the submitted value (text, a selected option's value, or a date)."""
    out: dict[str, Any] = {}
    for block_id, actions in ((view.get("state") or {}).get("values") or {}).items():
        for element in actions.values():
            value: Any = element.get("value")
            if element.get("type") == "static_select":
                value = (element.get("selected_option") or {}).get("value")
            elif element.get("type") == "datepicker":
                value = element.get("selected_date")
            if isinstance(value, str):
                value = value.strip() or None
            out[block_id] = value
    return out


def vet_form_errors(view: dict[str, Any]) -> dict[str, str]:
    """Problems with a submitted form, by block id, for ack(response_action="errors", errors=...)."""
    form = _form_values(view)
    errors: dict[str, str] = {}
    for block_id in ("country", "end_user_country"):
        try:
            values.read_country(form.get(block_id))
        except ValueError as exc:
            errors[block_id] = str(exc)[:150]
    if not any(form.get(f"uc{i}_description") for i in range(1, USE_CASE_SLOTS + 10)):
        errors["uc1_description"] = "Describe at least one use case."
    if not errors:
        try:
            parse_vet_submission(view)
        except DealError as exc:
            errors["uc1_description"] = str(exc)[:150]
    return errors


def parse_vet_submission(view: dict[str, Any]) -> Deal:
    """The Deal a submitted `/vet-deal` form describes (DealError when it cannot be read)."""
    form = _form_values(view)
    raw: dict[str, Any] = {
        "customer": {
            "name": form.get("customer_name"),
            "type": form.get("customer_type"),
            "country": form.get("country"),
            "region": form.get("region"),
        },
        "services": form.get("services"),
        "as_of": form.get("as_of"),
        "use_cases": [],
    }
    if form.get("end_user_type") or form.get("end_user_country"):
        raw["end_user"] = {"type": form.get("end_user_type"), "country": form.get("end_user_country")}
    numbers = sorted({int(m[1]) for key in form if (m := re.fullmatch(r"uc(\d+)_description", key))})
    for i in numbers:
        description = form.get(f"uc{i}_description")
        if not description:
            continue
        use: dict[str, Any] = {"name": f"Use case {i}", "description": description}
        use |= {key: form[f"uc{i}_{key}"] for key in _DETAIL_CHOICES if form.get(f"uc{i}_{key}")}
        raw["use_cases"].append(use)
    raw = {k: v for k, v in raw.items() if v is not None}
    return parse_deal(raw, "the /vet-deal form")


# --- the buttons' value: the deal itself -------------------------------------------------------


def encode_deal(deal: Deal, as_of: date | None = None) -> str | None:
    """What the Share and Download buttons carry; None when even compressed it exceeds Slack's 2,000 characters."""
    data = {"deal": deal.model_dump(mode="json", exclude_defaults=True), "as_of": as_of.isoformat() if as_of else None}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if len(text) <= VALUE_CHARS:
        return text
    packed = "z:" + base64.b85encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")
    return packed if len(packed) <= VALUE_CHARS else None


def decode_deal(value: str) -> tuple[Deal, date | None]:
    try:
        text = zlib.decompress(base64.b85decode(value[2:])).decode("utf-8") if value.startswith("z:") else value
        data = json.loads(text)
        deal = Deal.model_validate(data["deal"])
        return deal, date.fromisoformat(data["as_of"]) if data.get("as_of") else None
    except (ValueError, KeyError, TypeError, zlib.error) as exc:
        raise DealError(f"the button's deal could not be read ({type(exc).__name__})") from None


# --- the report --------------------------------------------------------------------------------


def build_report_blocks(
    report: VetReport, deal_value: str | None = None, *, shared_by: str | None = None
) -> list[dict[str, Any]]:
    """The report at a glance: overall verdict, each use case with its clauses, approvals, questions, buttons."""
    head = [
        {"type": "header", "text": _plain(_shorten(f"Deal vetting: {deal_title(report)}", 150))},
        _section(
            f"{VERDICT_EMOJI[report.verdict]} *Overall: {VERDICT_LABEL[report.verdict]}* — "
            f"{_escape(VERDICT_MEANING[report.verdict])}"
        ),
        _context(_shorten(_escape(_about(report)), SECTION_CHARS)),
    ]
    tail: list[dict[str, Any]] = []
    if report.approvals:
        lines = "\n".join(f"• {_escape(a)}" for a in report.approvals)
        tail.append(_section(_shorten(f"*Approvals and registrations required*\n{lines}", SECTION_CHARS)))
    if report.questions:
        lines = "\n".join(
            f"{n}. {_escape(q.question)} _({_escape(', '.join(q.use_cases))})_"
            for n, q in enumerate(report.questions, 1)
        )
        tail.append(_section(_shorten(f"*Questions to ask the customer*\n{lines}", SECTION_CHARS)))
    if report.warnings:
        tail.append(_context(_shorten(_escape("; ".join(report.warnings)), SECTION_CHARS)))
    if deal_value and not shared_by:
        tail.append(
            {
                "type": "actions",
                "elements": [
                    _button("Share in channel", VET_SHARE_ACTION, deal_value, "primary"),
                    _button("Download Markdown", VET_DOWNLOAD_ACTION, deal_value),
                ],
            }
        )
    if shared_by:
        tail.append(_context(f"Shared by <@{_escape(shared_by)}>"))

    room = MAX_BLOCKS - len(head) - len(tail) - 1
    body: list[dict[str, Any]] = []
    for i, use in enumerate(report.use_cases, start=1):
        blocks = [{"type": "divider"}, *_use_case_blocks(i, use)]
        if len(body) + len(blocks) > room:
            left = len(report.use_cases) - i + 1
            body.append(_context(f"{left} more use case(s): download the Markdown report for all of them."))
            break
        body += blocks
    return head + body + tail


def build_report_message(
    report: VetReport, deal_value: str | None = None, *, shared_by: str | None = None
) -> dict[str, Any]:
    """`text` (the notification and screen-reader fallback) and `blocks`, ready for chat_postMessage(**...)."""
    uses = "; ".join(f"{u.name}: {VERDICT_LABEL[u.verdict]}" for u in report.use_cases)
    text = f"Deal vetting for {deal_title(report)}: {VERDICT_LABEL[report.verdict]} ({uses})"
    return {
        "text": _shorten(_escape(text), 3000),
        "blocks": build_report_blocks(report, deal_value, shared_by=shared_by),
    }


def report_filename(report: VetReport) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", deal_title(report).lower()).strip("-")[:60] or "deal"
    return f"vetting-{slug}-{report.as_of.isoformat()}.md"


def _about(report: VetReport) -> str:
    parts = [f"Customer: {party_line(report.customer)}"]
    if report.end_user is not None:
        parts.append(f"End user: {party_line(report.end_user)}")
    if report.services:
        parts.append(f"Services: {', '.join(report.services)}")
    parts.append(f"Policy as of {report.as_of}: {', '.join(report.policy_versions) or 'none'}")
    return " · ".join(parts)


def _use_case_blocks(index: int, use: UseCaseReport) -> list[dict[str, Any]]:
    text = f"*{index}. {_escape(use.name)}* — {VERDICT_EMOJI[use.verdict]} *{VERDICT_LABEL[use.verdict]}*"
    if use.description:
        text += "\n" + _quote(_shorten(use.description, 600))
    text += "\n" + _escape(use.answer)
    blocks = [_section(_shorten(text, SECTION_CHARS))]
    if use.citations:
        cited = "\n".join(
            f"*{_escape(c.clause_id)}* · {_escape(c.title or c.document_id)}, version {_escape(c.version)}\n"
            f"{_quote(_shorten(c.quote, QUOTE_CHARS))}"
            for c in use.citations
        )
        blocks.append(_section(_shorten(cited, SECTION_CHARS)))
    return blocks


# --- Block Kit and mrkdwn helpers --------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _quote(text: str) -> str:
    return "\n".join(f">{line}" if line else ">" for line in _escape(text).split("\n"))


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]  # never cut an escape such as &amp; in two
    return cut.rstrip() + "…"


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _button(label: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {"type": "button", "text": _plain(label), "action_id": action_id, "value": value}
    if style:
        button["style"] = style
    return button


def _input(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False) -> dict[str, Any]:
    return {"type": "input", "block_id": block_id, "optional": optional, "label": _plain(label), "element": element}


def _text_input(action_id: str, placeholder: str, *, multiline: bool = False) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": action_id, "placeholder": _plain(placeholder)}
    if multiline:
        element |= {"multiline": True, "max_length": 3000}
    return element


def _select(action_id: str, options: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "type": "static_select",
        "action_id": action_id,
        "placeholder": _plain("Choose…"),
        "options": [{"text": _plain(label[:75]), "value": value} for value, label in options],
    }
