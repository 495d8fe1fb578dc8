"""Free text → Facts, deterministically.

Mentions are found by the cues and patterns of the vocabulary (knowledge/vocabulary.yaml). A mention
preceded by a negation in the same clause ("we are not a police department") is negated. Resolution
is deliberately strict: a risk a question asserts anywhere is kept even if it is denied elsewhere,
so wording (or an injected instruction) can never talk the rules out of a prohibition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from bot.rules.extract import lexicon, places
from bot.rules.extract.cues import is_word_char
from bot.rules.extract.reading import reads_portuguese
from bot.rules.extract.text import correct_typos, fold, name_pattern
from bot.rules.facts import ActorType, CameraType, Capability, Facts, Setting, UseCase
from bot.rules.vocabulary import Matcher, Vocabulary, shipped_vocabulary

MAX_CHARS = 20_000  # longer text is cut: questions are short, and the cues run in linear time anyway

_CLAUSE_BREAK = re.compile(
    r"[.;:!?()\[\]\n]|\bbut\b|\bhowever\b|\bwhereas\b|\bmais\b|\baber\b|\bpero\b|\bma\b|\bmaar\b"
)
# A comma also ends a negation's reach: "No, the NYPD wants…" negates nothing.
_NEGATION_BREAK = re.compile(rf"(?:{_CLAUSE_BREAK.pattern})|[,，。、；：？！]")
_SENTENCE_END = re.compile(r"[。？！?!]|\.(?:\s|$)")
_NEGATION_WINDOW = 5  # words before a mention in which a negation applies to it

# When a question names several, the stricter actor wins (the one more rules apply to).
_ACTOR_STRICTNESS = [
    ActorType.POLICE_DEPARTMENT,
    ActorType.LAW_ENFORCEMENT,
    ActorType.COURT,
    ActorType.GOVERNMENT,
    ActorType.ENTERPRISE,
    ActorType.INDIVIDUAL,
]


@dataclass(frozen=True)
class Mention:
    fact: str
    value: object
    start: int
    end: int
    negated: bool
    hedged: bool = False  # "could be fixed or body-worn": the fact stays unknown


def extract_facts(
    text: str, known_words: Iterable[str] = (), vocabulary: Vocabulary | None = None, *, quotes_too: bool = False
) -> Facts:
    """The facts a question states. `known_words` are correctly spelt words never to "fix". `quotes_too`: read
    a passage handed over for a productivity task as well (what it describes), instead of setting it aside."""
    vocab = vocabulary or shipped_vocabulary()
    text = text[:MAX_CHARS]
    folded = correct_typos(fold(_bracketed_blockquotes(text)), known_words)
    put_out = _put_out_harms(folded, vocab)  # what a passage the asker will spread or use shows signs of
    if not quotes_too:
        folded = _without_quoted_material(folded, vocab)
    mentions = _mentions(folded, vocab)
    mentions += _together_mentions(folded, vocab)
    if put_out:
        mentions = _without_passage_purposes(mentions, folded, vocab)
    how = _how(mentions)
    if (
        how["setting"] is None
        and "public_place" in vocab.terms
        and _asserted_anywhere(vocab.term("public_place"), folded, vocab)
    ):
        how["setting"] = Setting.UNCONTROLLED  # a store, a stadium, an airport: open to the public
    capabilities = _capabilities(mentions, folded, vocab, put_out) | _abbreviated_capabilities(text)
    actor = _actor(mentions, folded, _abbreviated_actor(text)) or _implied_business(folded, vocab)
    law_enforcement = actor in (ActorType.POLICE_DEPARTMENT, ActorType.LAW_ENFORCEMENT)
    if how["setting"] is None and how["camera_type"] is CameraType.MOBILE and law_enforcement:
        how["setting"] = Setting.UNCONTROLLED  # officers' body-worn and dash cameras are, by design, in the field
    if how["setting"] is None and how["apprehended_suspect"]:
        how["setting"] = Setting.CONTROLLED  # someone already in custody is not identified "in the wild"
    use_case = _use_case(mentions)
    live_in_public = how["real_time"] and how["setting"] is Setting.UNCONTROLLED
    if Capability.FACIAL_RECOGNITION in capabilities and live_in_public and use_case is None:
        capabilities.add(Capability.SURVEILLANCE)  # live identification of people in public (clause 4.6)
        if how["consent"] is None:
            how["consent"] = False  # passers-by in public cannot all have given valid consent
    country, us_state = _jurisdiction(text, folded, mentions)
    other = _other_facts(mentions, vocab)
    if put_out and other.get("spread") and "harm_produced" in vocab.facts:
        other["harm_produced"] = True  # a passage with a harm in it, put out to people: the material itself, copied
    capabilities |= _implied_capabilities(other, vocab)
    return Facts(
        actor_type=actor,
        country=country,
        us_state=us_state,
        capabilities=frozenset(capabilities) if capabilities else None,
        use_case=use_case,
        **how,
        **other,
    )


def hands_over_material(text: str, vocabulary: Vocabulary | None = None) -> bool:
    """Whether the question hands over a quoted passage for a productivity task (which the facts set aside)."""
    vocab = vocabulary or shipped_vocabulary()
    folded = fold(text[:MAX_CHARS])
    return _without_quoted_material(folded, vocab) != folded


def without_passages(text: str) -> str:
    """The folded text without the passages it hands over (quoted, in corner brackets, a Slack blockquote): what a
    quoted message says ("your account has been suspended") is never what the asker asks."""
    folded = fold(_bracketed_blockquotes(text[:MAX_CHARS]))
    outside = _PASSAGE.sub(" ", folded)
    return outside if outside.strip() else folded


def signs_of_harm(text: str, vocabulary: Vocabulary | None = None) -> frozenset[str]:
    """The values whose `signs` the text shows: a sign phrase not negated, or every term of a sign group
    occurring, not negated, anywhere. The whole text is read, quoted material too: what a productivity request
    hands over is where its harm would be. Signs are weaker evidence than cues (bot/answer/weighing.py)."""
    vocab = vocabulary or shipped_vocabulary()
    folded = fold(text[:MAX_CHARS])
    found = _sign_values(folded, vocab)
    if _without_quoted_material(folded, vocab) != folded:  # the cues read a handed-over quote as a sign
        found |= _capabilities(_mentions(folded, vocab), folded, vocab) & vocab.harmful_values()
    return frozenset(found)


def topics_of_harm(text: str, vocabulary: Vocabulary | None = None) -> frozenset[str]:
    """The harmful values whose `topics` the text names: the subject of a harm (a bomb, a ballot, an overdose),
    quoted material included, said or denied ("ohne Migrationshintergrund" is how the harm is said). Evidence only
    where the English model cannot read, which could not tell those apart either (bot/answer/weighing.py)."""
    vocab = vocabulary or shipped_vocabulary()
    folded = fold(text[:MAX_CHARS])
    return frozenset(str(matcher.value) for matcher, _, _ in vocab.topic_mentions(folded))


def unread_by_meaning(text: str, vocabulary: Vocabulary | None = None) -> frozenset[str]:
    """The kinds of use a match by meaning alone may not read here: those whose `read_by_meaning_unless` term the
    question says, not denied ("a nurse approves every dose before it is given": what the clause exempts)."""
    vocab = vocabulary or shipped_vocabulary()
    folded = _without_quoted_material(fold(text[:MAX_CHARS]), vocab)
    return frozenset(
        str(value.id)
        for value in vocab.values_of("capabilities")
        if value.read_by_meaning_unless and _asserted_anywhere(vocab.term(value.read_by_meaning_unless), folded)
    )


def _sign_values(folded: str, vocab: Vocabulary) -> set[str]:
    """The harmful values whose signs the folded text shows (see signs_of_harm)."""
    signs = vocab.sign_mentions(folded)
    found = {str(matcher.value) for matcher, start, _ in signs if not _negated(folded, start, vocab=vocab)}
    seen: dict[str, bool] = dict.fromkeys(vocab.terms_ruled_out(folded), False)

    def occurs(name: str) -> bool:
        if name not in seen:
            seen[name] = _asserted_anywhere(vocab.term(name), folded, vocab)
        return seen[name]

    for value in vocab.values_with_sign_groups:
        if str(value.id) not in found and any(all(occurs(name) for name in group) for group in value.sign_groups):
            found.add(str(value.id))
    return found


_BUILT_IN = frozenset(Facts.model_fields)


def _other_facts(mentions: list[Mention], vocab: Vocabulary) -> dict[str, object]:
    """Facts the vocabulary adds beyond the built-in ones: a hedge leaves them unknown, the strict reading wins
    (a yes-or-no fact stated "not" plainly is settled whatever else is hedged)."""
    found: dict[str, object] = {}
    for fact in vocab.facts.values():
        if fact.name in _BUILT_IN:
            continue
        named = [m for m in mentions if m.fact == fact.name]
        if fact.kind == "bool":
            values = [m.value if not m.negated else (not m.value) for m in named if not m.hedged]
            if False not in values and any(m.hedged for m in named):
                continue  # only a plain "not" settles it: "in theory a manager can override it, but nobody looks"
            if values:
                found[fact.name] = False not in values  # the stricter reading: "not" wins
        elif any(m.hedged for m in named):
            continue
        elif fact.kind == "set":
            asserted = frozenset(str(m.value) for m in named if not m.negated)
            if asserted:
                found[fact.name] = asserted
        else:
            order = [str(v) for v in fact.values]  # listed strictest first
            asserted_values = {str(m.value) for m in named if not m.negated}
            first = next((v for v in order if v in asserted_values), None)
            if first is not None:
                found[fact.name] = first
    return found


def _implied_capabilities(found: dict[str, object], vocab: Vocabulary) -> set[str]:
    """Kinds of use the other facts say are in play: a security test is about attacks even when the cues
    did not name the attack, so a general permit cannot stand for it (vocabulary `implies`)."""
    implied: set[str] = set()
    for name, value in found.items():
        for one in value if isinstance(value, frozenset) else (value,):
            entry = vocab.value(name, one)
            if entry is not None:
                implied.update(entry.implies)
    return implied


def _how(mentions: list[Mention]) -> dict[str, Any]:
    """Cameras, setting, timing, consent, custody: the strict reading wins; a hedged fact stays unknown."""
    how: dict[str, Any] = {
        "camera_type": _strictest(mentions, "camera_type", [CameraType.MOBILE, CameraType.STATIONARY]),
        "setting": _strictest(mentions, "setting", [Setting.UNCONTROLLED, Setting.CONTROLLED]),
        "real_time": _flag(mentions, "real_time", strict_value=True),
        "consent": _flag(mentions, "consent", strict_value=False),
        "apprehended_suspect": _flag(mentions, "apprehended_suspect", strict_value=False),
    }
    for mention in mentions:
        if mention.hedged and mention.fact in how:
            how[mention.fact] = None  # "could be fixed or body-worn": ask rather than guess
    return how


def is_in_scope(text: str, facts: Facts, vocabulary: Vocabulary | None = None, names: Iterable[str] = ()) -> bool:
    """Whether a question is about using the AI services: a capability, an AI word, a name the knowledge
    base goes by (its organisation, services, documents), a request to produce something, or someone
    wanting something."""
    vocab = vocabulary or shipped_vocabulary()
    folded = fold(text[:MAX_CHARS])
    if facts.capabilities and vocab.harmful_values() & set(facts.capabilities):
        return True  # a request to do something harmful is never out of scope
    named = [name_pattern(name) for name in names]
    if _a_workplace_matter(folded, facts, vocab, named):
        return False  # "how many weeks of parental leave at Acme France?": the organisation, not its services
    if any(re.search(name, folded) for name in named):
        return True
    if "policy_name" in vocab.terms and vocab.term("policy_name").search(folded):
        return True  # its code of conduct by name, in any language ("Verhaltenskodex", "行动准则")
    if lexicon.ASKS_TO_MAKE.search(folded):
        return True  # a request to make or work on something is a request to the services, in any language
    if lexicon.DISCLAIMED_SCOPE.search(folded):
        return False
    if lexicon.OTHER_VENDORS.search(folded) and not re.search(r"\b(?:acme|our|we)\b", folded):
        return False  # "Can US police legally use Clearview?": another vendor's product, not our services
    if not lexicon.OUR_USE.search(folded) and (lexicon.LEGALITY.search(folded) or lexicon.ABOUT_OTHERS.search(folded)):
        return False  # "Does the Met still use FR vans?", "Is it legal for a company to ...?": not our services
    asks_the_service = (lexicon.SERVICE_WORDS, lexicon.ASKS_TO_USE, lexicon.ASKS_TO_MAKE)
    if set(facts.capabilities or ()) - {"other"} or any(p.search(folded) for p in asks_the_service):
        return True
    if facts.actor_type in _LAW_ENFORCEMENT and (facts.camera_type or facts.real_time is not None):
        return True  # "the state police want bodycams matched live": police with a camera is a use in view
    if lexicon.WANTS.search(folded) and (lexicon.FIRST_PERSON.search(folded) or lexicon.THIRD_PARTY.search(folded)):
        return True  # "we want…", "the client would like…": someone wants something done
    named_actor = vocab.names(folded, _names_an_actor)
    if named_actor and lexicon.INTENT.search(folded):
        return True
    if lexicon.CLIENTS.search(folded) and lexicon.INTENT.search(folded) and not lexicon.WANTS_TO_KNOW.search(folded):
        return True  # "Klient z branży gier chce bota…", "고객이 … 해 달라고 합니다": a client wants something done
    # What a system does ("detect", "recommend", "score"), or an analysis not about people (the `other` kind
    # of use), is a use of the services when someone has it in view: "can we detect hard hats?", not "can
    # you recommend a restaurant?" or "what's the score?".
    functions = facts.capabilities or lexicon.SERVICE_FUNCTIONS.search(folded)
    someone_using = lexicon.WE.search(folded) or lexicon.CLIENTS.search(folded)
    return bool(functions and someone_using)


_LAW_ENFORCEMENT = frozenset({ActorType.POLICE_DEPARTMENT, ActorType.LAW_ENFORCEMENT})


def _a_workplace_matter(folded: str, facts: Facts, vocab: Vocabulary, named: list[str]) -> bool:
    """Leave, pay, a laptop, asked with no kind of use, no request to make something, no word for the services
    or the policy (the organisation's name aside: it is the employer here)."""
    if "workplace_matter" not in vocab.terms or not vocab.term("workplace_matter").search(folded):
        return False
    # A productivity word alone ("where do I file an IT helpdesk ticket?", "receipts lying around") names the office
    # chore asked about, not a use of the services: any other kind of use, or a request to make or use, keeps it in.
    if set(facts.capabilities or ()) - {Capability.PRODUCTIVITY}:
        return False
    if lexicon.ASKS_TO_MAKE.search(_TICKET_FILED.sub(" ", folded)) or (facts.capabilities and _asks_for_work(folded)):
        return False
    rest = folded
    for name in named:
        rest = re.sub(name, " ", rest)
    policy = "policy_name" in vocab.terms and vocab.term("policy_name").search(rest)
    return not (policy or lexicon.SERVICE_WORDS.search(rest))


# A ticket or a request filed with the help desk ("hoe maak ik een ticket aan?", "where do I create a ticket?") is
# the office's process, not something made by the services.
_TICKET_FILED = re.compile(
    r"\b(?:make|create|maak|maken|aanmaken|crea\w*|cri[ae]\w*|erstell\w*|stworz\w*)\b(?: \w+){0,3}? "
    r"(?:tickets?|chamados?|zgloszeni\w*)\b(?: aan\b)?"
)


def _asks_for_work(folded: str) -> bool:
    return bool(lexicon.ASKS_TO_USE.search(folded) or lexicon.WANTS.search(folded))


def _names_an_actor(matcher: Matcher) -> bool:
    return matcher.fact == "actor_type"


def _mentions(folded: str, vocab: Vocabulary) -> list[Mention]:
    found: list[Mention] = []
    for cue, start, end in vocab.mentions(folded):
        hedged = vocab.facts[cue.fact].hedgeable and _hedged(folded, start, end)
        found.append(Mention(cue.fact, cue.value, start, end, _match_negated(folded, start, end, vocab), hedged))
    return found


def _together_mentions(folded: str, vocab: Vocabulary) -> list[Mention]:
    """A yes/no fact's `together` groups, read as a mention of its value when every term of one occurs, not negated
    ("make it punchier" with a harm in view: the material is made more persuasive, whatever it is for)."""
    return [
        Mention(fact, value, 0, 0, negated=False)
        for fact, value, groups in vocab.together_values
        if any(all(_asserted_anywhere(vocab.term(name), folded, vocab) for name in group) for group in groups)
    ]


def _match_negated(folded: str, start: int, end: int, vocab: Vocabulary) -> bool:
    """Negated before it starts, or, for a mention spanning clauses ("a range, not an exact age"), before its end."""
    if _negated(folded, start, end=end, vocab=vocab):
        return True
    matched = folded[start:end]
    if "," not in matched:
        return False
    last_word = start + matched.rstrip().rfind(" ") + 1
    return _negated(folded, last_word, through=start + len(matched.rstrip()), vocab=vocab)


def _hedged(folded: str, start: int, end: int | None = None) -> bool:
    """A hedge anywhere earlier in the same clause: "doesn't say whether live or on recordings afterwards"; in
    Japanese, Chinese or Korean it follows in the same sentence: "リアルタイムか録画後かはまだ聞いていません"."""
    clause = _NEGATION_BREAK.split(folded[max(0, start - 160) : start])[-1]
    if lexicon.HEDGE.search(clause):
        return True
    end = start if end is None else end
    after = _SENTENCE_END.split(folded[end : end + 60], maxsplit=1)[0]
    return bool(lexicon.HEDGE_AFTER.search(after))


def _without_bare_ne(window: str, rest_of_clause: str) -> str:
    """French "ne" denies only with its pair in the clause (pas, jamais, rien, aucun…), before the mention or after
    it; alone it is Italian "ne" (of it): "vorrei che ne generasse una versione…" denies nothing. A pair that opens
    the mention is the mention's own denial ("nous n'avons acheté aucune licence": no licence is said, not denied)."""
    pair = lexicon.NE_PAIR.search(rest_of_clause)
    if lexicon.NE_PAIR.search(window) or (pair and pair.start() > 0):
        return window
    return lexicon.BARE_NE.sub(" ", window)


def _negated(
    folded: str, start: int, through: int | None = None, end: int | None = None, vocab: Vocabulary | None = None
) -> bool:
    """A negation in the words before `start`, in its clause. With `through`, the words up to it are read with the
    window for what is no negation ("…dejarla funcional sin número de serie": the harm itself says "without"). With
    `end`, the mention's end: a denial right after it counts too ("Identifiziert wird dabei niemand")."""
    before = folded[max(0, start - 80) : start]
    clause = _NEGATION_BREAK.split(before)[-1]
    window = _without_bare_ne(
        " ".join(clause.split()[-_NEGATION_WINDOW:]), _NEGATION_BREAK.split(folded[start : start + 80])[0]
    )
    if (
        end is not None
        and not lexicon.WITHOUT_FIRST.match(folded[start:end])
        and lexicon.NO_ONE_AFTER.match(_NEGATION_BREAK.split(folded[end : end + 60])[0])
    ):
        return True  # "Identifiziert wird dabei niemand", "特定することはしません": denied after the mention
    if not lexicon.NEGATION.search(window):
        return False  # most mentions: the language is not asked
    if reads_portuguese(folded):
        window = lexicon.PORTUGUESE_IN_THE.sub(" ", window)
        if not lexicon.NEGATION.search(window):
            return False
    if through is None:
        return bool(lexicon.NEGATION.search(_without_what_denies_nothing(window, vocab)))
    word = folded[start:through].strip()
    kept = _without_what_denies_nothing(f"{window} {word}", vocab).rstrip()
    if word and kept.endswith(word):
        kept = kept[: -len(word)]
    return bool(lexicon.NEGATION.search(kept))


def _without_what_denies_nothing(window: str, vocab: Vocabulary | None) -> str:
    """The window without the words that carry a negation word but deny nothing: the engine's (a question's own
    "can or can't", "without anyone knowing") and the vocabulary's (`denies_nothing`: the harm said with "without")."""
    window = lexicon.NOT_A_NEGATION.sub(" ", window)
    return vocab.without_what_denies_nothing(window) if vocab is not None else window


def _asserted(mentions: list[Mention], fact: str) -> list[object]:
    return [m.value for m in mentions if m.fact == fact and not m.negated]


def _capabilities(mentions: list[Mention], folded: str, vocab: Vocabulary, put_out: Iterable[str] = ()) -> set[str]:
    """Cued values (and `put_out`: what a passage to be spread shows signs of), then `together` groups, then
    `requires_term` fallbacks, then values a stronger one supersedes."""
    caps = {str(v) for v in _asserted(mentions, "capabilities")} | set(put_out)
    values = vocab.values_of("capabilities")

    # a term names many groups: each is searched once per question, and not at all when its literals are absent
    seen: dict[str, bool] = dict.fromkeys(vocab.terms_ruled_out(folded), False)

    def occurs(name: str) -> bool:
        if name not in seen:
            if name in vocab.terms:
                seen[name] = _asserted_anywhere(vocab.term(name), folded, vocab)
            else:
                seen[name] = bool(_asserted(mentions, name))  # a fact's name: any asserted mention of it
        return seen[name]

    for value in values:
        if any(all(occurs(name) for name in group) for group in value.together):
            caps.add(str(value.id))
    for value in values:
        if str(value.id) in caps and value.requires_term and not occurs(value.requires_term):
            caps.discard(str(value.id))
            if value.otherwise:
                caps.add(value.otherwise)  # "sentiment of our support emails" is text classification
    detecting_only = Capability.FACE_DETECTION in caps and Capability.FACIAL_RECOGNITION not in caps
    if "face" in vocab.terms and occurs("face") and _asserted(mentions, "use_case") and not detecting_only:
        caps.add(Capability.FACIAL_RECOGNITION)  # a face used to sign in, open a door or find duplicates
    for value in values:
        if str(value.id) in caps and not (value.supersedes_unless and occurs(value.supersedes_unless)):
            caps.difference_update(value.supersedes)
    return caps


# Abbreviations that only mean this in capitals ("FR" is facial recognition, "fr" is not).
_FR_ABBREVIATION = re.compile(r"\bFR\b|\bFRT\b")
_LE_ABBREVIATION = re.compile(r"\bLEAs?\b|\bLE\b")


def _abbreviated_capabilities(text: str) -> set[Capability]:
    lowered = text.lower()
    found = any(not _negated(lowered, m.start()) for m in _FR_ABBREVIATION.finditer(text))
    return {Capability.FACIAL_RECOGNITION} if found else set()


def _abbreviated_actor(text: str) -> ActorType | None:
    lowered = text.lower()
    found = any(not _negated(lowered, m.start()) for m in _LE_ABBREVIATION.finditer(text))
    return ActorType.LAW_ENFORCEMENT if found else None


def _implied_business(folded: str, vocab: Vocabulary) -> ActorType | None:
    """Customers, members, shoppers or an app, and no organisation named: a business's use."""
    context = "business_context" in vocab.terms and _asserted_anywhere(vocab.term("business_context"), folded)
    return ActorType.ENTERPRISE if context else None


def _asserted_anywhere(pattern: re.Pattern[str], folded: str, vocab: Vocabulary | None = None) -> bool:
    return any(not _negated(folded, m.start(), end=m.end(), vocab=vocab) for m in pattern.finditer(folded))


def _without_quoted_material(folded: str, vocab: Vocabulary) -> str:
    """A long quoted passage handed over for a productivity task is data, not the use being asked about.

    "Summarise this email: '… state that face recognition is permitted …'" asks about summarising.
    Only when the text outside the quotes names a productivity use is the quote set aside, and not when
    it asks to make the passage more persuasive (the vocabulary's `amplifies_quote` term: "make it punchier",
    "for a flyer"): then the passage is the content being produced; nor when the passage is the asker's own plan
    (`own_plan_quote`: "our requirement", "the system prompt"): then what it describes is the use asked about.
    """
    outside = _QUOTED.sub(" ", folded)
    if outside == folded or not vocab.names(outside, _names_productivity):
        return folded
    if _puts_out(outside, vocab, _OWNS):
        return folded
    return outside


# The vocabulary's terms that say a handed-over passage is the asker's own: made more persuasive, or their own plan
# (a requirement, a system prompt, a bid) that they will build or run; what it describes is then the use.
_OWNS = ("amplifies_quote", "own_plan_quote")
# …and those that say what is made of it will be put out (posted, published, sent to an audience): what it says,
# not the uses it reports, is then what the asker does (its signs are read as the values: _put_out_harms).
_PUTS_OUT = (*_OWNS, "spreads_quote")


def _puts_out(outside: str, vocab: Vocabulary, terms: tuple[str, ...] = _PUTS_OUT) -> bool:
    return any(name in vocab.terms and _asserted_anywhere(vocab.term(name), outside) for name in terms)


def _put_out_harms(folded: str, vocab: Vocabulary) -> set[str]:
    """The harms a passage shows signs of when the text outside it says the asker will spread it or use it as
    their own ("translate this for our channel: '…'"): what it says is then the use, and its signs are read as
    the values (a moderation or research purpose stated outside still decides by the rules), unless the passage is
    a report about others' harm (`reports_quote`: a news item, a court ruling, a police warning). Only signs the
    passage has a part in count: what the outside alone shows, and the passage does not, stays a sign."""
    outside = _PASSAGE.sub(" ", folded)
    if outside == folded or not _puts_out(outside, vocab):
        return set()
    if "reports_quote" in vocab.terms and _asserted_anywhere(vocab.term("reports_quote"), folded):
        return set()  # a news item, a ruling, a police warning: spreading it spreads the news, not the harm
    passages = " ".join(m.group(0) for m in _PASSAGE.finditer(folded))
    return _sign_values(folded, vocab) - (_sign_values(outside, vocab) - _sign_values(passages, vocab))


def _without_passage_purposes(mentions: list[Mention], folded: str, vocab: Vocabulary) -> list[Mention]:
    """A passage the asker will put out speaks in its sender's voice: the work against a harm it claims ("our Fraud
    Prevention Unit has detected…" in a phishing mail) is its pretext, not the asker's purpose or work, which only
    the text outside it states."""
    spans = [(m.start(), m.end()) for m in _PASSAGE.finditer(folded)]
    return [
        m
        for m in mentions
        if not _askers_own(m, vocab) or not any(start <= m.start and m.end <= end for start, end in spans)
    ]


def _askers_own(mention: Mention, vocab: Vocabulary) -> bool:
    """Only the asker's own words state it: a value with a stance toward harm, a purpose or work against a harm (a
    passage they will put out that claims either is the passage's pretext)."""
    value = vocab.value(mention.fact, mention.value)
    return value is not None and value.toward_harm is not None


def _names_productivity(matcher: Matcher) -> bool:
    return matcher.fact == "capabilities" and matcher.value == Capability.PRODUCTIVITY


# A passage handed over: in quotes (typographic ones are folded to these) or in a code block. What the text outside
# it names decides whether it is set aside as data (_without_quoted_material). A double quote right after a letter,
# a digit or a stop closes a quotation and never opens one: the request between two short quotes ('…to "take back
# our streets" by confronting … saying they "should be scared to stay"') is not a passage.
_QUOTED = re.compile(r'(?<![A-Za-z0-9.,!?)\]])"[^"]{60,}"|(?<!\w)\'[^\']{60,}\'(?!\w)|```[\s\S]{60,}?```')
# A passage whose signs are read when the asker will put it out (_put_out_harms): also a shorter one in Chinese,
# Japanese or Korean, one in corner brackets, and a Slack blockquote ("> …" lines, bracketed so by
# _bracketed_blockquotes). These are never set aside: read with the question, as they always were, they can only
# make an answer stricter.
_PASSAGE = re.compile(
    rf"{_QUOTED.pattern}|「[^」]{{20,}}」|『[^』]{{20,}}』"
    r'|"(?=[^"]{20,}")[^"]*[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af][^"]*"'  # Chinese, Japanese, Korean: denser
)
_BLOCKQUOTE = re.compile(r"(?m)^[ \t]*(?:>|&gt;)[^\n]*(?:\n[ \t]*(?:>|&gt;)[^\n]*)*")
_BLOCKQUOTE_MARK = re.compile(r"(?m)^[ \t]*(?:>|&gt;) ?")


def _bracketed_blockquotes(text: str) -> str:
    """Slack blockquote lines ("> …") in corner brackets, so that they are read as a passage handed over."""
    if ">" not in text:
        return text
    return _BLOCKQUOTE.sub(lambda m: "「" + _BLOCKQUOTE_MARK.sub("", m.group(0)) + "」", text)


def _actor(mentions: list[Mention], folded: str, abbreviated: ActorType | None) -> ActorType | None:
    asserted = {ActorType(str(v)) for v in _asserted(mentions, "actor_type")} | (
        {abbreviated} if abbreviated else set()
    )
    for actor in _ACTOR_STRICTNESS:
        if actor in asserted:
            return actor
    negated_only = any(m.fact == "actor_type" and m.negated for m in mentions)
    speaker = lexicon.FIRST_PERSON.search(folded) and not lexicon.THIRD_PARTY.search(folded)
    if speaker or (negated_only and lexicon.FIRST_PERSON.search(folded)):
        return ActorType.ENTERPRISE  # "we" are Acme or a customer company, unless told otherwise
    return None


def _strictest(mentions: list[Mention], fact: str, order: list) -> object | None:
    asserted = set(_asserted(mentions, fact))
    for value in order:
        if value in asserted:
            return value
    return None


def _use_case(mentions: list[Mention]) -> UseCase | None:
    """The first approved kind of use the question names (they are all permissive, so order is not strictness)."""
    named = [m for m in mentions if m.fact == "use_case" and not m.negated]
    return UseCase(str(min(named, key=lambda m: m.start).value)) if named else None


def _flag(mentions: list[Mention], fact: str, strict_value: bool) -> bool | None:
    """A yes/no fact: the strict reading wins; a negated mention of the lenient one reads as the strict one."""
    values = [m.value if not m.negated else (not m.value) for m in mentions if m.fact == fact]
    if not values:
        return None
    return strict_value if strict_value in values else (not strict_value)


_NEAR = 20  # characters between a place and a police mention for the place to be the police's own


def _jurisdiction(original: str, folded: str, mentions: list[Mention]) -> tuple[str | None, str | None]:
    """Country and US state of the use.

    A named agency, or a place right beside a police mention ("Texas state troopers", "police in
    Lyon"), says where the police are; otherwise any place named counts. Among equally good
    candidates the United States wins, since its rules are the stricter ones. Negated places
    ("not in the US") are ignored.
    """
    police = [
        m
        for m in mentions
        if m.fact == "actor_type"
        and not m.negated
        and m.value in (ActorType.POLICE_DEPARTMENT, ActorType.LAW_ENFORCEMENT)
    ]
    found: list[tuple[int, int, str, str | None]] = []  # (rank, position, country, state): lower is better

    hedged = False

    def add(rank: int, start: int, end: int, country: str, state: str | None, text: str) -> None:
        nonlocal hedged
        if _hedged(text, start):
            hedged = True
        if _negated(text, start):
            return
        if rank > 0 and any(_beside(text, start, end, p) for p in police):
            rank = 0
        found.append((rank, start, country, state))

    def scan(table: dict, rank: int, value: object, languages: bool = False) -> None:
        for name, entry in table.items():
            if name not in folded:
                continue  # most names: one substring search, no more
            if name in places.CAPITALISED and not re.search(rf"(?<!\w){name.capitalize()}(?!\w)", original):
                continue  # a common word written in lower case ("en su mesa")
            for start, end in _occurrences(folded, name):
                if languages and _A_LANGUAGE_BEFORE.search(folded[max(0, start - 20) : start]):
                    continue  # "translate it into Spanish", "auf Deutsch": a language, not a place
                country, state = value(entry) if callable(value) else entry
                add(rank, start, end, country, state, folded)

    scan(places.AGENCIES, 0, None)
    scan(places.US_CITIES, 1, lambda state: ("US", state))
    scan(places.US_STATES, 1, lambda state: ("US", state))
    scan(places.WORLD_CITIES, 2, lambda country: (country, None))
    scan(places.COUNTRIES, 2, lambda country: (country, None))
    lowered = original.lower()
    for word, (country, state) in places.CASE_SENSITIVE.items():
        for match in re.finditer(rf"(?<![\w.]){re.escape(word)}(?![\w])", original):
            add(2, match.start(), match.end(), country, state, lowered)
    for match in re.finditer(r",\s*([A-Z]{2})\b", original):
        if match[1] in places.US_STATE_CODES:
            add(1, match.start(1), match.end(1), "US", match[1], lowered)
    scan(places.DEMONYMS, 3, lambda country: (country, None), languages=True)  # "Polish police": strong only beside it
    if not found or hedged:
        return None, None  # no place named, or "could be a US state or a German Land"
    best_rank = min(f[0] for f in found)
    best = sorted(f for f in found if f[0] == best_rank)
    us = [f for f in best if f[2] == "US"]
    if us:
        states = sorted({f[3] for f in found if f[2] == "US" and f[3]})
        return "US", states[0] if len(states) == 1 else None
    return best[0][2], None


# A demonym just after these words names a language: "into Spanish", "in French", "auf Deutsch", "naar het Engels".
_A_LANGUAGE_BEFORE = re.compile(
    r"(?:\b(?:into|in|to|from|auf|ins|nach|en|al|del|vers|naar(?: het)?|in het|uit het|na|em|para o|para|z|w)|"
    r"translat\w*|tradu\w*|ubersetz\w*|vertaal\w*|przetlumacz\w*)\s+$"
)


def _beside(text: str, start: int, end: int, mention: Mention) -> bool:
    between = text[end : mention.start] if end <= mention.start else text[mention.end : start]
    return len(between) <= _NEAR and not _CLAUSE_BREAK.search(between)


def _occurrences(folded: str, name: str) -> Iterator[tuple[int, int]]:
    """Where a place's name occurs, as whole words; scripts without spaces between words (Japanese, Chinese)
    anywhere. Found by substring search, as `finditer` over the name between word edges would (leftmost,
    non-overlapping), without compiling an expression for each of hundreds of names."""
    bounded = name.isascii()
    at = folded.find(name)
    while at >= 0:
        end = at + len(name)
        if bounded and ((at > 0 and is_word_char(folded[at - 1])) or (end < len(folded) and is_word_char(folded[end]))):
            at = folded.find(name, at + 1)
            continue
        yield at, end
        at = folded.find(name, end)
