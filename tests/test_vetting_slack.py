"""`/vet-deal`'s pure Slack parts: the modal, reading a submission, the report blocks, the buttons' value."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.answer.service import PolicyService
from bot.errors import DealError
from bot.rules.facts import ActorType, CameraType
from bot.rules.model import Verdict
from bot.vetting import load_deal, vet_deal
from bot.vetting.slack import (
    MAX_BLOCKS,
    VALUE_CHARS,
    VET_DOWNLOAD_ACTION,
    VET_SHARE_ACTION,
    VET_VIEW,
    build_report_blocks,
    build_report_message,
    build_vet_modal,
    decode_deal,
    encode_deal,
    parse_vet_submission,
    report_filename,
    vet_form_errors,
)
from tests.conftest import KNOWLEDGE


def submitted(values: dict[str, Any]) -> dict[str, Any]:
    """A view as Slack sends it on submit, from block id → value (text, option value, or date)."""
    modal = build_vet_modal()
    state: dict[str, dict[str, Any]] = {}
    for block in modal["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        value = values.get(block["block_id"])
        if element["type"] == "static_select":
            chosen = next((o for o in element["options"] if o["value"] == value), None)
            entry = {"type": "static_select", "selected_option": chosen}
        elif element["type"] == "datepicker":
            entry = {"type": "datepicker", "selected_date": value}
        else:
            entry = {"type": "plain_text_input", "value": value}
        state[block["block_id"]] = {element["action_id"]: entry}
    return {**modal, "state": {"values": state}}


def _text(block: dict[str, Any]) -> str:
    parts = [block.get("text", {}).get("text", "")]
    parts += [e.get("text", "") for e in block.get("elements", []) if block["type"] == "context"]
    return "".join(parts)


def test_the_modal_is_valid_block_kit() -> None:
    modal = build_vet_modal(private_metadata='{"channel": "C1"}')
    assert modal["type"] == "modal" and modal["callback_id"] == VET_VIEW
    assert len(modal["title"]["text"]) <= 24 and len(modal["blocks"]) <= 100
    ids = [b["block_id"] for b in modal["blocks"] if b["type"] == "input"]
    assert len(ids) == len(set(ids))
    required = [b["block_id"] for b in modal["blocks"] if b["type"] == "input" and not b["optional"]]
    assert required == ["customer_name", "uc1_description"]
    for block in modal["blocks"]:
        for option in block.get("element", {}).get("options", []):
            assert len(option["text"]["text"]) <= 75


def test_a_submission_becomes_a_deal_and_is_vetted(service: PolicyService) -> None:
    view = submitted(
        {
            "customer_name": "Northbeam Camera Systems",
            "customer_type": "enterprise",
            "country": "US",
            "end_user_type": "police_department",
            "services": "face, speech",
            "uc1_description": "Officers point a body camera at someone and face recognition finds them.",
            "uc1_cameras": "mobile",
            "uc2_description": "Transcribe the camera's audio and draft the incident report.",
        }
    )
    assert vet_form_errors(view) == {}
    deal = parse_vet_submission(view)
    assert deal.customer.type is ActorType.ENTERPRISE and deal.end_user is not None
    assert deal.services == ("face", "speech")
    assert [u.name for u in deal.use_cases] == ["Use case 1", "Use case 2"]
    assert deal.use_cases[0].details.camera_type is CameraType.MOBILE
    report = vet_deal(service, deal)
    assert [u.verdict for u in report.use_cases] == [Verdict.PROHIBITED, Verdict.PERMITTED]


def test_form_errors_point_at_their_block() -> None:
    errors = vet_form_errors(submitted({"customer_name": "X", "country": "Atlantis"}))
    assert set(errors) == {"country", "uc1_description"}
    assert all(len(message) <= 150 for message in errors.values())
    with pytest.raises(DealError):
        parse_vet_submission(submitted({"customer_name": "X"}))


@pytest.mark.parametrize(
    "name", ["us-city-police-suspect-search", "startup-police-photo-app", "bank-selfie-onboarding"]
)
def test_report_blocks_fit_slack_and_show_what_matters(service: PolicyService, name: str) -> None:
    deal = load_deal(KNOWLEDGE / "deals" / f"{name}.yaml")
    report = vet_deal(service, deal)
    value = encode_deal(deal)
    assert value is not None
    blocks = build_report_blocks(report, value)
    assert len(blocks) <= MAX_BLOCKS
    text = "\n".join(_text(b) for b in blocks)
    assert "Overall" in text
    for use in report.use_cases:
        for citation in use.citations:
            assert citation.clause_id in text
    for question in report.questions:
        assert question.question.replace("&", "&amp;") in text
    for approval in report.approvals:
        assert approval in text
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
    actions = next(b for b in blocks if b["type"] == "actions")["elements"]
    assert [a["action_id"] for a in actions] == [VET_SHARE_ACTION, VET_DOWNLOAD_ACTION]
    assert all(len(a["value"]) <= VALUE_CHARS for a in actions)
    shared = build_report_message(report, shared_by="U123")
    assert shared["text"].startswith("Deal vetting for")
    assert not [b for b in shared["blocks"] if b["type"] == "actions"]
    assert report_filename(report).endswith(f"-{report.as_of.isoformat()}.md")


def test_the_buttons_carry_the_deal_and_it_comes_back_the_same(service: PolicyService) -> None:
    deal = load_deal(KNOWLEDGE / "deals" / "us-state-police-productivity.yaml")
    value = encode_deal(deal, date(2025, 1, 2))
    assert value is not None
    back, as_of = decode_deal(value)
    assert back == deal and as_of == date(2025, 1, 2)
    long = deal.model_copy(update={"use_cases": deal.use_cases * 8})
    packed = encode_deal(long)
    assert packed is not None and packed.startswith("z:") and len(packed) <= VALUE_CHARS
    assert decode_deal(packed)[0] == long
    with pytest.raises(DealError):
        decode_deal("z:not base85 at all")


def test_many_use_cases_are_cut_with_a_note(service: PolicyService) -> None:
    deal = load_deal(KNOWLEDGE / "deals" / "us-state-police-productivity.yaml")
    report = vet_deal(service, deal.model_copy(update={"use_cases": deal.use_cases * 10}))
    blocks = build_report_blocks(report, "v")
    assert len(blocks) <= MAX_BLOCKS
    assert any("more use case" in str(b) for b in blocks)
