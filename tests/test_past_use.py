"""A use told in the past with no date: asked when it began when an earlier version would prohibit it."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answer.past_use import WHEN_IT_BEGAN, ask_when_it_began, tells_of_a_past_use
from bot.answer.service import PolicyService
from bot.rules.model import Decision, Effect, FiredRule, Verdict

CHANGED = date(2024, 5, 1)
TODAY = date(2026, 1, 1)
PROHIBITED_BEFORE = Decision(
    verdict=Verdict.PROHIBITED,
    rules=[FiredRule(id="old-ban", effect=Effect.PROHIBIT, clause_ids=["old/3.1"], summary="It was banned.")],
)
PERMITTED_NOW = Decision(verdict=Verdict.PERMITTED)


@pytest.mark.parametrize(
    "text",
    [
        "Our Belgian branch ran a selfie verification pilot. Was it compliant?",
        "le pilote mené par notre filiale belge était conforme ?",
        "Wir haben die Gesichtserkennung für die Zutrittskontrolle eingesetzt. War das erlaubt?",
        "L'anno scorso abbiamo usato la verifica facciale.",
        "Przeprowadzilismy pilotaż weryfikacji twarzy.",
        "昨年、顔認証のパイロットを実施しました。",
        "작년에 얼굴 인증을 도입했습니다.",
    ],
)
def test_a_use_told_in_the_past(text: str) -> None:
    assert tells_of_a_past_use(text)


@pytest.mark.parametrize(
    "text",
    [
        "Can a bank match selfies against ID documents?",
        "Summarise trends over the past year in one page.",
        "¿Usamos la verificación facial para el onboarding?",  # present as much as past: no reason to ask
    ],
)
def test_a_use_not_told_in_the_past(text: str) -> None:
    assert not tells_of_a_past_use(text)


def test_a_past_use_an_earlier_version_prohibited_asks_when_it_began() -> None:
    asked = ask_when_it_began(
        PERMITTED_NOW, "We ran it last year. Was it ok?", TODAY, [CHANGED], lambda d: PROHIBITED_BEFORE
    )
    assert asked.verdict is Verdict.NEEDS_CLARIFICATION
    assert asked.missing_facts == [WHEN_IT_BEGAN] and "2024-05-01" in asked.questions[0]
    assert [r.id for r in asked.rules] == ["old-ban"]


def test_only_a_prohibition_before_the_change_is_a_reason_to_ask() -> None:
    review = Decision(verdict=Verdict.NEEDS_REVIEW)
    assert ask_when_it_began(PERMITTED_NOW, "We ran it last year.", TODAY, [CHANGED], lambda d: review) is PERMITTED_NOW
    present = "Can we run it?"
    assert ask_when_it_began(PERMITTED_NOW, present, TODAY, [CHANGED], lambda d: PROHIBITED_BEFORE) is PERMITTED_NOW
    later = [date(2027, 1, 1)]  # a change still to come is no earlier version
    assert (
        ask_when_it_began(PERMITTED_NOW, "We ran it last year.", TODAY, later, lambda d: PROHIBITED_BEFORE)
        is PERMITTED_NOW
    )


def test_the_service_asks_when_a_past_face_use_began_and_judges_it_when_dated(service: PolicyService) -> None:
    told = (
        "Our subsidiary ran a pilot that matched a registered, approved bank's customers' selfies against their"
        " ID documents with Acme Face. Was it compliant?"
    )
    assert service.ask(told).verdict is Verdict.NEEDS_CLARIFICATION
    assert service.ask(told.replace("ran a pilot", "ran a pilot in March 2024")).verdict is Verdict.PROHIBITED
    assert service.ask(told.replace("ran a pilot", "ran a pilot in June 2024")).verdict is Verdict.PERMITTED
