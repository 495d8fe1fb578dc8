"""A use told in the past with no date: asked when it began when an earlier version would prohibit it."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answer.dates import date_in_question, season_in_question, straddles_a_change
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
        "Der Kunde hat im Frühjahr einen Pilot mit Face-Identifikation am Werkstor gestartet.",
        "The client started a pilot. Was it compliant from the start?",
        "Our mobile banking app ran a face login trial.",  # the one who ran it named in more than one word
        "Was that pilot compliant with the code of conduct?",  # the use named by what it was
    ],
)
def test_a_use_told_in_the_past(text: str) -> None:
    assert tells_of_a_past_use(text)


@pytest.mark.parametrize(
    "text",
    [
        "Can a bank match selfies against ID documents?",
        "Summarise trends over the past year in one page.",
        "Is that pilot compliant with the code of conduct?",  # asked of today: today's code judges it
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


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("im Frühjahr 2024", (date(2024, 3, 1), date(2024, 5, 31))),
        ("in Q2 2024", (date(2024, 4, 1), date(2024, 6, 30))),
        ("au printemps 2024", (date(2024, 3, 1), date(2024, 5, 31))),
        ("2024年春に", (date(2024, 3, 1), date(2024, 5, 31))),
        ("2024년 상반기에", (date(2024, 1, 1), date(2024, 6, 30))),
        ("in the final 2024 report", None),
    ],
)
def test_a_season_or_part_of_a_year_names_its_months(text: str, span: tuple[date, date] | None) -> None:
    assert season_in_question(text) == span


def test_a_season_that_straddles_a_change_is_no_date_and_one_that_does_not_is_its_first_day() -> None:
    versions = {"2023": date(2023, 1, 1), "2024": CHANGED}
    assert straddles_a_change("started in spring 2024", versions)
    assert date_in_question("started in spring 2024", versions) is None
    assert not straddles_a_change("started in autumn 2024", versions)
    assert date_in_question("started in autumn 2024", versions) == date(2024, 9, 1)


def test_a_use_dated_only_by_a_season_across_a_change_asks_when_it_began() -> None:
    asked = ask_when_it_began(
        PERMITTED_NOW, "Der Kunde startet im Frühjahr 2024.", TODAY, [CHANGED], lambda d: PROHIBITED_BEFORE, True
    )
    assert asked.verdict is Verdict.NEEDS_CLARIFICATION


@pytest.mark.parametrize(
    ("told", "undated", "dated"),
    [
        (
            "Our subsidiary ran a pilot that matched a registered, approved bank's customers' selfies against their"
            " ID documents with Acme Face. Was it compliant?",
            "ran a pilot",
            {"ran a pilot in March 2024": Verdict.PROHIBITED, "ran a pilot in June 2024": Verdict.PERMITTED},
        ),
        (  # a season during which the code changed dates it no better
            "A private company registered and approved for Touchless Access Control started a face identification"
            " pilot at the factory gate in spring 2024 with consenting staff. Was it compliant from the start?",
            "spring 2024",
            {"autumn 2024": Verdict.PERMITTED},
        ),
    ],
)
def test_the_service_asks_when_a_past_use_began_and_judges_it_when_dated(
    service: PolicyService, told: str, undated: str, dated: dict[str, Verdict]
) -> None:
    assert service.ask(told).verdict is Verdict.NEEDS_CLARIFICATION
    for said, verdict in dated.items():
        assert service.ask(told.replace(undated, said)).verdict is verdict
