"""A use told in the past with no date ("the pilot our Belgian branch ran", "was it compliant?").

The version in force when a use began judges it. When a question tells of a use that already ran
and names no date, and the version before one of the code's changes would have prohibited it, the
honest answer is to ask when it began, not to judge it under today's rules alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from bot.answer.dates import covered_retroactively
from bot.rules.extract.text import fold
from bot.rules.model import Decision, Effect, Verdict

WHEN_IT_BEGAN = "when_the_use_began"  # the missing fact named in the decision (not a vocabulary fact)

# Past tense of running, using or testing something, and "was it allowed?", folded (lower case, no
# accents), in the eleven languages. Forms that are also present tense ("usamos") are left out.
_PAST = re.compile(
    r"\b(?:"
    r"(?:we|they|our (?:[\w-]+ ){0,2}[\w-]+|the (?:client|customer|branch|subsidiary|team|office)) (?:already )?"
    r"(?:ran|used|piloted|trialled|trialed|tested|deployed|rolled out|launched|started|began|introduced"
    r"|operated|have run|have operated|had run)"
    r"|(?:was|were|has been|have been) (?:it|this|that|the (?:pilot|trial|use|system|project)) (?:\w+ )?"
    r"(?:compliant|allowed|permitted) (?:from the (?:start|outset|beginning)|all along)"
    r"|(?:was|were) (?:it|we|they|(?:this|that|the|our|these|those) (?:[\w-]+ )?"
    r"(?:pilot|trial|test|project|rollout|use)) (?:allowed|compliant|ok|okay|permitted|fine|in line)"
    r"|did (?:it|this|that|the pilot|the trial|we) (?:comply|breach|violate|break)"
    r"|last (?:year|spring|summer|autumn|fall|winter|quarter)|back then"
    r"|hicimos|realizamos|llevamos a cabo|fue (?:conforme|legal|correcto|permitido)|estaba permitido|el ano pasado"
    r"|(?:hemos|habiamos) (?:usado|utilizado|operado|desplegado|implantado|implementado|probado|puesto en marcha)"
    r"|(?:a|ont|avons) ete (?:mene|menee|lance|lancee|realise|realisee|conformes?)|mene par|menee par"
    r"|(?:avons|a|ont) (?:mene|lance|utilise|teste|deploye|exploite|mis en place|mis en production)"
    r"|etait (?:conforme|autorise|permis)|l.an(?:nee)? dernier"
    r"|(?:haben|hatten|hat) (?:[\w-]+ ){0,12}"
    r"(?:genutzt|eingesetzt|verwendet|getestet|durchgefuhrt|pilotiert|gestartet|begonnen|eingefuhrt|betrieben|ausgerollt)"
    r"|von anfang an (?:\w+ ){0,2}(?:regelkonform|konform|zulassig|erlaubt)"
    r"|(?:regelkonform|konform|zulassig|erlaubt) war\b"
    r"|wurde (?:\w+ ){0,5}(?:genutzt|eingesetzt|verwendet|getestet|durchgefuhrt)"
    r"|war (?:das|es|er) (?:erlaubt|zulassig|konform)"
    r"|letztes jahr|im vorjahr|damals"
    r"|abbiamo (?:usato|utilizzato|testato|condotto|lanciato|gestito|adottato|messo in produzione)"
    r"|e stato (?:condotto|usato|utilizzato|lanciato|gestito|adottato)"
    r"|era (?:conforme|consentito|permesso|lecito|ammesso)|l.anno scorso|all.epoca"
    r"|fizemos|(?:foi|foram) (?:conduzido|realizado|usado|utilizado|lancado|operado|implantado)"
    r"|(?:estava|era) (?:conforme|permitido|autorizado)|(?:temos|tinhamos) (?:usado|utilizado|operado|implantado)"
    r"|ano passado|na epoca"
    r"|(?:hebben|hadden) (?:\w+ ){0,5}(?:gebruikt|getest|ingezet|uitgevoerd|gedraaid|beheerd|uitgerold|geexploiteerd)"
    r"|werd (?:\w+ ){0,5}(?:gebruikt|ingezet)"
    r"|was (?:dat|het|dit) (?:toegestaan|in orde|conform)|vorig jaar|destijds"
    r"|uzywalismy|prowadzilismy|testowalismy|wdrozylismy|przeprowadzilismy|uruchomilismy|stosowalismy|korzystalismy"
    r"|obslugiwalismy"
    r"|czy (?:to )?bylo (?:dozwolone|zgodne)|w (?:zeszlym|ubieglym) roku"
    r")\b"
    r"|(?:実施|使用|利用|導入|試験運用)(?:しました|していました|した|していた)|昨年|去年|当時"
    r"|(?:運用|稼働)(?:しました|していました|した(?!い|く|ら)|していた)"  # not 運用したい, "want to run"
    r"|(?:用过|做过|试点过|試點過|曾经|曾經|当时|當時|运营过|運營過|部署过|部署過|上线过|上線過)"
    r"|(?:사용했|진행했|도입했|운영했|시범 운영했|배포했|가동했)|작년|당시"
)


def tells_of_a_past_use(text: str) -> bool:
    """A use told in the past, or one said to be covered retroactively (which ran before the version named)."""
    return bool(_PAST.search(fold(text))) or covered_retroactively(text)


def ask_when_it_began(
    decision: Decision,
    text: str,
    today: date,
    changes: Iterable[date],
    decide_on: Callable[[date], Decision],
    dated_vaguely: bool = False,
) -> Decision:
    """Today's decision, or a clarification asking when the use began when it ran in the past and the
    code before one of its changes would have prohibited it, or when it is dated only by a season or part of a
    year during which the code changed (`dated_vaguely`: "in spring 2024"). Only ever stricter."""
    if decision.verdict is Verdict.PROHIBITED or not (dated_vaguely or tells_of_a_past_use(text)):
        return decision
    for changed in sorted((d for d in changes if d <= today), reverse=True):
        before = decide_on(changed - timedelta(days=1))
        if before.verdict is Verdict.PROHIBITED:  # a review or a question alone is no reason to ask
            question = (
                f"When did this use begin? The code of conduct changed on {changed.isoformat()}: "
                "before that the earlier version applies, under which this would be prohibited."
            )
            return Decision(
                verdict=Verdict.NEEDS_CLARIFICATION,
                rules=[r for r in before.rules if r.effect is not Effect.PERMIT],
                missing_facts=[WHEN_IT_BEGAN],
                questions=[question],
            )
    return decision
