"""What a clause does — prohibits, requires, permits, defines or informs — read from its words and context.

A knowledge base with no rules yet can still say "clause X appears to prohibit this" because every
clause carries a modality, read once at parse time. The reading is pure and deterministic:

- a sentence's own cues decide first ("must not", "do not", "is prohibited" → prohibits; "means",
  "refers to" → defines; "does not include", "except for the following" → an exception, which
  permits; "must", "shall", "are required to" → requires; "may", "is permitted" → permits);
- in a clause of several sentences any prohibiting sentence makes it prohibit, otherwise the first
  sentence with a cue decides ("X is an approved use. ... must be able to ..." permits);
- a list item inherits what its lead-in introduces ("You agree you will not use Llama to:" → every
  item under it prohibits, nested lists included), unless the item itself opens with an exception
  or a definition; a lead-in that ends in an exception ("Except for the following permitted uses:")
  introduces `permits` for the items under it;
- a heading such as "Prohibited uses", "Don't" or "Requirements" (or a short bold line standing
  for one) applies to the paragraphs and lists it heads that have no cue of their own; "Changelog",
  "Contact" and the like make everything under them `informs`;
- anything else informs.

`ModalityReader` follows a document's stream of headings and blocks (bot/policy/parsing/events.py)
and gives each block its modality; `read_sentences` is the context-free reading of one text.
English cues first, with the common forms in French, German and Spanish.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

Modality = Literal["prohibits", "requires", "permits", "defines", "informs"]
MODALITIES: tuple[Modality, ...] = ("prohibits", "requires", "permits", "defines", "informs")

Cue = Literal["prohibits", "requires", "permits", "defines", "exception", "informs"]

_PARTY = r"(?:you|users?|customers?|developers?|licensees?|partners?|integrations?|clients?|anyone|no\s+one)"
# What a contract says of itself ("shall not exceed", "may not be amended") forbids no use of the services.
_MECHANICS = (
    r"\s+(?:exceed|apply|affect|limit|be\s+(?:liable|responsible|deemed|construed|interpreted|obligated|required|"
    r"changed|amended|modified|waived|assigned|transferred|effective))\b"
)
_PROHIBITS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?:must|shall|should)\s+not\b(?!{_MECHANICS})|"
        r"\bmustn't\b|\bshan't\b",
        rf"(?<!\bmay\sor\s)\bmay\s+not\b(?!{_MECHANICS})"
        r"(?!\s+(?:be\s+(?:able|available|accurate|complete|suitable|appropriate|reliable|possible|"
        r"the\s+case|liable|responsible|enough|sufficient|correct|perfect)|have|always|work|reflect|apply|"
        r"include|contain|represent|detect|identify))",
        rf"\b{_PARTY}\s+(?:\w+\s+)?(?:will|should|can|could|are\s+to|agree)\s+not\b",
        rf"\b{_PARTY}\s+(?:cannot|can't|won't|shouldn't)\b",
        r"\bshould\s+not\s+be\s+used\b",
        r"\bagrees?\s+not\s+to\b|\bnot\s+to\s+use\b|\brefrain\s+from\b",
        r"\b(?:is|are|be|been|being|remains?|strictly|expressly|also)\s+(?:strictly\s+|expressly\s+|also\s+)?"
        r"(?:prohibited|forbidden|banned|disallowed|not\s+(?:permitted|allowed|authori[sz]ed|acceptable|tolerated))\b",
        r"\b(?:we|it)\s+(?:strictly\s+|expressly\s+)?prohibits?\b|\bthis\s+prohibits\b",
        r"\b(?:do\s+not|don't|does\s+not|doesn't|will\s+not|won't)\s+(?:allow|permit|tolerate)\b",
        r"\b(?:aren't|isn't|are\s+not|is\s+not)\s+(?:permitted|allowed|authori[sz]ed)\s+to\b|"
        r"\bzero[- ]tolerance\b|\bis\s+unacceptable\b|\bnot\s+(?:be\s+)?(?:permitted|allowed)\s+to\b",
        r"^\W*no\s+(?:\w+[\s-]+){1,4}(?:may|shall|can|will|is\s+(?:allowed|permitted))\b",
        # French, German, Spanish
        r"\bne\s+(?:doi[st]|doivent|devez|peu[xt]|peuvent|pouvez)\s+pas\b|\b(?:est|sont)\s+interdite?s?\b|"
        r"\binterdit\b|\bne\s+pas\s+utiliser\b|\bn'est\s+pas\s+(?:autorisée?|permise?)\b|\bvous\s+vous\s+engagez\s+à\s+ne\b",
        r"\b(?:darf|dürfen|darfst|dürft)\b[^.;:]{0,80}?\bnicht\b|\b(?:ist|sind)\s+(?:\w+\s+)?(?:verboten|untersagt|"
        r"unzulässig)\b|\bnicht\s+(?:gestattet|erlaubt|zulässig)\b",
        r"\bno\s+(?:debe|deben|debes|puede|pueden|puedes|podrá|podrán|se\s+permite|está\s+permitid[oa])\b|"
        r"\b(?:está|están|queda|quedan)\s+(?:estrictamente\s+)?prohibid[oa]s?\b",
    )
]
# A bare imperative "Do not ..." / "Don't ..." / "Never ...", at the start of a sentence or after a dash,
# colon or comma ("Comply with the law—for example, do not:"), or after a party ("you do not ...").
_IMPERATIVE_NO = re.compile(
    r"(?:^|[—–:;,(]\s*|\s-\s+|\bplease\s+)(?:do\s+not|don't|never|avoid)\b|(?:^|\s)(?:ne\s+\w+\s+pas|"
    r"n'\w+\s+pas|nunca|no\s+(?:utilice|use|uses|utilices)|verwenden\s+sie\s+\w+\s+nicht|niemals)\b",
    re.IGNORECASE,
)
_CONDITION_BEFORE = re.compile(r"\b(?:if|when|whether|that|which|who|where|unless)\s+\S*\s*$", re.IGNORECASE)
_EXCEPTION_START = re.compile(
    r"\W*(?:except(?:ions?)?\b|unless\b|notwithstanding\b|this\s+(?:does|shall)\s+not\b|"
    r"note\s+that\s+this\s+does\s+not|for\s+the\s+avoidance\s+of\s+doubt)",
    re.IGNORECASE,
)
_EXCEPTION = re.compile(
    r"\b(?:does|do|shall|will)\s+not\s+(?:include|apply|cover|extend|restrict|prohibit)\b|"
    r"\b(?:is|are)\s+not\s+(?:considered\s+|deemed\s+)?(?:prohibited|restricted|covered|an?\s+\w+\s+(?:of|under))\b|"
    r"\b(?:is|are)\s+(?!not\b)(?:\w+ly\s+)?(?:permitted|allowed|allowable)\b|"
    r"\bexcept\s+for\s+the\s+following\b|\bthe\s+following\s+(?:are|is)\s+(?:permitted|allowed)\b|"
    r"\bare\s+not\s+considered\b|\bis\s+not\s+considered\b|\bexceptions?\s+(?:to|are|is|may)\b|"
    r"\bne\s+s'applique\s+pas\b|\bgilt\s+nicht\b|\bno\s+se\s+aplica\b",
    re.IGNORECASE,
)
_DEFINES = re.compile(
    r"\b(?=means\b)(?<!\bother\s)(?<!\bby\s)(?<!\bany\s)(?<!\ball\s)(?<!\bno\s)(?<!\bthis\s)(?<!\bwhich\s)(?<!\bthat\s)"
    r"(?<!\bsuch\s)(?<!\bthe\s)(?<!\bfollowing\s)(?<!\breasonable\s)\bmeans\b(?!\s+(?:of|that|to|by)\b|\s*[.;,)])|"
    r"\b(?:shall\s+mean|refers?\s+to|is\s+defined\s+as|are\s+defined\s+as|has\s+the\s+meaning|"
    r"have\s+the\s+meaning|is\s+used\s+to\s+mean|hereinafter)\b|^\W*[\"“'‘][^\"”'’]{1,60}[\"”'’]\s+(?:means|is|:)|"
    r"\b(?:désigne|signifie|on\s+entend\s+par|s'entend\s+de|bezeichnet|bedeutet|im\s+sinne\s+dieser|"
    r"significa|se\s+entiende\s+por|se\s+refiere\s+a|se\s+define\s+como)\b",
    re.IGNORECASE,
)
_REQUIRES = re.compile(
    r"\bmust\b(?!\s+not)|\bshall\b(?!\s+not)|\b(?:is|are)\s+(?:also\s+)?required\s+to\b|\brequired\s+to\b|"
    r"\bhave\s+to\b|\bhas\s+to\b|\b(?:is|are|remains?|be)\s+(?:solely\s+|fully\s+)?responsible\s+for\b|"
    r"\bshould\b(?!\s+(?:not|have|be\s+aware|note|expect|know|you|we|it)\b)|\bresponsibility\s+of\b[^.]{0,60}\bto\b|"
    r"\bobligated\s+to\b|\bobliged\s+to\b|\bmake\s+sure\b|\bagree\s+to\s+(?:comply|cooperate|follow|abide|adhere|"
    r"provide|ensure|obtain|maintain|disclose|notify|indemnify)\b|"
    r"^\W*(?:comply|ensure|disclose|obtain|maintain|follow|adhere|abide|implement|inform|label|clearly\s+disclose)\b|"
    r"\b(?:doi[st]|doivent|devez|est\s+tenue?\s+de|sont\s+tenus\s+de|obligatoire)\b|"
    r"\b(?:muss|müssen|musst|sind\s+verpflichtet|ist\s+verpflichtet|ist\s+erforderlich)\b|"
    r"\b(?:debe|deben|debes|está\s+obligad[oa]|es\s+obligatorio)\b",
    re.IGNORECASE,
)
_PERMITS = re.compile(
    r"\b(?=may\b)(?<!\bthat\s)(?<!\bwhich\s)(?<!\bhow\s)(?<!\bwho\s)(?<!\bit\s)(?<!\bthis\s)(?<!\bthey\s)(?<!\bthese\s)"
    r"\bmay\b(?!\s+(?:not|or|et\s+al|be\b|have|also\s+be|result|lead|cause|include|contain|change|vary|apply|affect|"
    r"differ|update|modify|revise|amend|occur|arise|harm|impact|produce|generate|reflect|seem|appear|need))|"
    r"\b(?:is|are)\s+(?:\w+\s+)?(?:permitted|allowed|authori[sz]ed|acceptable)\b|\bapproved\s+use(?:\s+case)?\b|\b(?:is|are)\s+approved\s+for\b|"
    r"\b(?:you|customers?|users?|developers?)\s+can\s+(?:use|build|create|deploy|integrate|access)\b|"
    r"\bare\s+free\s+to\b|\bare\s+welcome\s+to\b|\bis\s+not\s+a\s+limited-access\b|\bneeds?\s+no\b|"
    r"\b(?:peut|peuvent|pouvez|est\s+autorisée?|sont\s+autorisée?s)\b|\b(?:darf|dürfen|ist\s+(?:gestattet|erlaubt|"
    r"zulässig))\b|\b(?:puede|pueden|puedes|está\s+permitid[oa]|se\s+permite)\b",
    re.IGNORECASE,
)
_INFORMS = re.compile(
    r"\breport\b|\breporting\b|\bcontact\b|\bnotify\s+us\b|@\w|https?://|\bwww\.|\be-?mail\b|\bquestions?\b|"
    r"\blearn\s+more\b|\bfor\s+more\s+information\b|\blast\s+(?:modified|updated)\b|^\W*(?:updated|effective)\b",
    re.IGNORECASE,
)
_OPINION = re.compile(r"\b(?:believe|think|hope|feel)\b", re.IGNORECASE)  # "we believe it should be neutral"
_DASH = re.compile(r"\s*(?:—|–|\s-\s)\s*")
_WHETHER = re.compile(r"\W*whether\b", re.IGNORECASE)  # "Whether a use is permitted is decided ..."
_SENTENCE = re.compile(r"(?<=[.!?;])[\"'”’)\]*]*\s+(?=[\"'“‘(*]*[A-Z0-9ÀÉÈÜÖÄ¿¡])|\n+")


def sentences(text: str) -> list[str]:
    """The sentences of a text (a line break also ends one); curly apostrophes made straight for the cues."""
    plain = text.replace("’", "'").replace("‘", "'")
    return [s.strip() for s in _SENTENCE.split(plain) if s and s.strip()]


# Words one of a family's patterns needs: a sentence with none of them skips the family's (slower) patterns.
_GATES = {
    "prohibits": (
        "not",
        "n't",
        "no ",
        "never",
        "avoid",
        "prohib",
        "forbid",
        "ban",
        "refrain",
        "zero",
        "unaccept",
        "disallow",
        "interdit",
        "ne ",
        "nicht",
        "verbot",
        "untersagt",
        "unzuläss",
        "nunca",
        "pas",
        "niemals",
    ),
    "exception": (
        "not",
        "n't",
        "except",
        "unless",
        "notwithstanding",
        "avoidance",
        "permitted",
        "allowed",
        "allowable",
        "applique",
        "gilt nicht",
        "no se aplica",
    ),
    "defines": (
        "mean",
        "refer",
        "defin",
        "hereinafter",
        "‘",
        "entiende",
        '"',
        "“",
        "'",
        "désigne",
        "signifie",
        "entend",
        "bezeichnet",
        "bedeutet",
        "im sinne",
        "significa",
        "se refiere",
        "se define",
    ),
    "requires": (
        "must",
        "shall",
        "requir",
        "have to",
        "has to",
        "responsib",
        "oblig",
        "make sure",
        "agree to",
        "should",
        "comply",
        "ensure",
        "disclose",
        "obtain",
        "maintain",
        "follow",
        "adhere",
        "abide",
        "implement",
        "inform",
        "label",
        "doi",
        "devez",
        "tenu",
        "muss",
        "müss",
        "verpflicht",
        "erforderlich",
        "debe",
        "obligad",
        "obligatorio",
    ),
    "permits": (
        "may",
        "permit",
        "allow",
        "authori",
        "acceptable",
        "approved",
        "can ",
        "free to",
        "welcome to",
        "limited-access",
        "need",
        "peu",
        "pouvez",
        "autoris",
        "darf",
        "dürf",
        "gestattet",
        "erlaubt",
        "zulässig",
        "puede",
        "permitid",
        "se permite",
    ),
    "informs": (
        "report",
        "contact",
        "notify",
        "@",
        "http",
        "www.",
        "mail",
        "question",
        "learn more",
        "more information",
        "last ",
        "updated",
        "effective",
    ),
}


def _gate(family: str, lowered: str) -> bool:
    return any(word in lowered for word in _GATES[family])


@lru_cache(maxsize=8192)
def sentence_cue(sentence: str) -> Cue | None:
    """What one sentence says by its own words, strongest first; None when it has no cue."""
    low = sentence.lower()
    if _gate("exception", low) and _EXCEPTION_START.match(sentence):
        return "exception"
    if _gate("prohibits", low) and _prohibits(sentence):
        return "prohibits"
    if _gate("exception", low) and _EXCEPTION.search(sentence) and not _WHETHER.match(sentence):
        return "exception"
    if _gate("defines", low) and _DEFINES.search(sentence):
        return "defines"
    if (
        _gate("requires", low)
        and (found := _REQUIRES.search(sentence))
        and not _OPINION.search(sentence[: found.start()])
    ):
        return "requires"
    if _gate("permits", low) and _PERMITS.search(sentence) and not _WHETHER.match(sentence):
        return "permits"
    if _gate("informs", low) and _INFORMS.search(sentence):
        return "informs"
    return None


def _prohibits(sentence: str) -> bool:
    if any(p.search(sentence) for p in _PROHIBITS):
        return True
    return any(not _CONDITION_BEFORE.search(sentence[: m.start()]) for m in _IMPERATIVE_NO.finditer(sentence))


def _modality(cue: Cue | None) -> Modality | None:
    if cue == "exception":
        return "permits"
    return cue


def read_sentences(text: str) -> Modality | None:
    """The modality of a text by its own words: any prohibiting sentence, else the first with a cue.

    A closing lead-in ("... Furthermore, developers must not:", "Comply with the law—for example, do not:")
    speaks for the list under it; the text itself is read from what comes before, when that has a cue.
    """
    parts = sentences(text)
    if parts and parts[-1].endswith(":"):
        pieces = _DASH.split(parts[-1])
        body, lead = parts[:-1] + pieces[:-1], pieces[-1]
        before = _read(body)
        if before is not None and before != "informs":
            return before
        return _read([lead]) or before
    return _read(parts)


def _read(parts: list[str]) -> Modality | None:
    cues = [sentence_cue(s) for s in parts]
    if "prohibits" in cues:
        return "prohibits"
    return _modality(next((c for c in cues if c is not None), None))


_TITLE_OF_DOCUMENT = re.compile(
    r"\b(?:polic(?:y|ies)|terms\s+of\s+(?:use|service)|agreement|guidelines?|code\s+of\s+conduct)\b", re.I
)
_LABELS: list[tuple[Modality | Literal["informs!"], re.Pattern[str]]] = [
    (
        "informs!",
        re.compile(
            r"\b(?:change\s?log|revision|version\s+history|history|updates?|what's\s+new|contact|questions|"
            r"feedback|reporting|how\s+to\s+report|report\w*\s+(?:a\s+)?(?:violations?|concerns?|abuse|issues?))\b",
            re.I,
        ),
    ),
    ("permits", re.compile(r"\bexceptions?\b|\bexempt", re.I)),
    (
        "defines",
        re.compile(
            r"\bdefinitions?\b|\bglossary\b|\bkey\s+terms\b|\binterpretation\b|\bdéfinitions?\b|"
            r"\bbegriffsbestimmung|\bdefiniciones\b",
            re.I,
        ),
    ),
    (
        "prohibits",
        re.compile(
            r"\bprohibit|\bforbidden\b|\bdisallowed\b|\bnot\s+(?:allowed|permitted)\b|\bunacceptable\b|\bbanned\b|"
            r"\brestricted\s+uses?\b|\brestrictions\b|\bdon'?t'?s?\b|\bdo\s+not\b|\bmay\s+not\b|\bmust\s+not\b|"
            r"\bnever\b|\binterdit|\bverboten|\bunzulässig|\bprohibid",
            re.I,
        ),
    ),
    (
        "requires",
        re.compile(
            r"\brequirements?\b|\bobligations?\b|\bresponsibilit|\bmust\b|\bmandatory\b|"
            r"\bexigences?\b|\bobligations?\b|\bpflichten\b|\brequisitos\b|\bobligaciones\b",
            re.I,
        ),
    ),
    (
        "permits",
        re.compile(
            r"\bpermitted\b|\ballowed\b|\bapproved\s+uses?\b|\bapproved\s+use\s+cases?\b|\bpermissions?\b|"
            r"\bwhat\s+you\s+can\b|\byou\s+may\b|\bacceptable\s+uses?\b|\bautoris|\berlaubt|\bpermitid",
            re.I,
        ),
    ),
    (
        "informs",
        re.compile(
            r"\bintroduction\b|\boverview\b|\babout\b|\bscope\b|\bpurpose\b|\bbackground\b|"
            r"\bprinciples\b|\bsummary\b|\bcontents\b",
            re.I,
        ),
    ),
]


def heading_modality(title: str) -> Modality | Literal["informs!"] | None:
    """What a heading makes of the text under it; "informs!" (changelog, contact) overrides the text's cues.

    A heading naming two things ("Scope and definitions") is read by the first it names.
    """
    plain = title.replace("’", "'")
    found = [(m.start(), i) for i, (_, pattern) in enumerate(_LABELS) if (m := pattern.search(plain))]
    if not found:
        return None
    modality = _LABELS[min(found)[1]][0]
    if modality != "informs!" and _TITLE_OF_DOCUMENT.search(plain):
        return None  # "Generative AI Prohibited Use Policy" names the document, it heads everything
    return modality


def title_modality(title: str) -> Modality:
    """A heading standing as a clause of its own: an imperative ("Do not ...") prohibits; a label informs."""
    cues = [sentence_cue(s) for s in sentences(title)]
    return "prohibits" if "prohibits" in cues and len(title.split()) > 2 and not _label_only(title) else "informs"


def _label_only(title: str) -> bool:
    """ "Prohibited uses" names a list; "Do not compromise children's safety" is itself a rule."""
    first = title.replace("’", "'").strip(" *_#").lower()
    return not first.startswith(("do not", "don't", "never", "no ", "you may not", "you must not", "you shall not"))


_LEAD_IN_END = re.compile(r"(?::|\b(?:including|include|such\s+as|following|to|as\s+follows))\W*$", re.I)
_ENTRY = re.compile(
    r"\W*(?!(?:notes?|examples?|for\s+example|tip|important|see|source)\s*:)[^.:;!?\n]{1,60}:\s+\S", re.I
)
_PSEUDO_HEADING_MAX = 90
_STATEMENT = re.compile(r"\W*(?:we|our|us)\b", re.I)
_LEAD_IN, _ENTRY_DEPTH = -2, -1  # list levels: a lead-in paragraph, then "Label: text" paragraphs, then items


def is_pseudo_heading(text: str) -> bool:
    """A short one-line paragraph with no closing punctuation ("**Prohibited Uses**") stands for a heading."""
    line = text.strip()
    closed = line.endswith((".", ":", ";", ",", "?", "!"))
    return 0 < len(line) <= _PSEUDO_HEADING_MAX and "\n" not in line and not closed


@dataclass
class _Level:
    depth: int  # _LEAD_IN, _ENTRY_DEPTH or an item's depth
    introduces: Modality | None  # what the text under it inherits
    opens: bool = False  # it ends like a lead-in ("... to:", "including")
    has_items: bool = False  # list items sit right under it (then a "Label: text" paragraph is not one of them)
    text: str = ""


@dataclass
class ModalityReader:
    """Follows headings and blocks in document order and reads each block's modality in its context."""

    headings: list[tuple[int, Modality | Literal["informs!"] | None]] = field(default_factory=list)
    pseudo: Modality | Literal["informs!"] | None = None  # a bold line standing for a heading, until the next heading
    lists: list[_Level] = field(default_factory=list)  # the lead-in and the open entries and items above the next
    pseudo_text: str = ""  # the bold line standing for a heading, while it stands
    lead_ins: tuple[str, ...] = ()  # what the last block sits under, besides headings (see block())

    def heading(self, level: int, title: str) -> None:
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        own = heading_modality(title)
        if own is None and title_modality(title) == "prohibits":
            own = "prohibits"
        self.headings.append((level, own))
        self.pseudo = None
        self.pseudo_text = ""
        self.lists = []

    def context(self) -> Modality | Literal["informs!"] | None:
        """The innermost heading (or bold line) that says something about the text under it."""
        if self.pseudo is not None:
            return self.pseudo
        return next((m for _, m in reversed(self.headings) if m is not None), None)

    def block(self, kind: str, text: str, depth: int = 0) -> Modality:
        """The modality of the next block of the document (a paragraph, list item, table, quote or code).

        Afterwards `lead_ins` holds what the block sits under besides headings, outermost first: the bold
        line standing for a heading, and the lead-ins that open the lists it is in ("You agree you will not
        use Llama to:", "... including use related to the following:"). They tell which clauses only open a
        list (bot/answer/weighing.py) and what a terse item ("Illegal drugs") is said of; never quoted as its words.
        """
        modality = self._block(kind, text, depth)
        is_bold_line = kind == "paragraph" and is_pseudo_heading(text)
        above = [self.pseudo_text] if self.pseudo_text and not is_bold_line else []
        self.lead_ins = tuple(above + [level.text for level in self.lists[:-1] if level.opens])
        return modality

    def _block(self, kind: str, text: str, depth: int) -> Modality:
        if kind == "item":
            return self._listed(text, max(depth, 0))
        if kind == "paragraph" and is_pseudo_heading(text):
            modality = title_modality(text)
            own = heading_modality(text)
            self.pseudo = own if own is not None else ("prohibits" if modality == "prohibits" else None)
            self.pseudo_text = text
            self.lists = []
            return "informs" if self.context() == "informs!" else modality
        lead = self.lists[0] if self.lists else None
        if kind == "paragraph" and _ENTRY.match(text) and lead is not None and lead.opens and not lead.has_items:
            return self._listed(text, _ENTRY_DEPTH)  # "Violence and harm: engaging in ..." after "... the following:"
        modality = self._paragraph(text)
        self.lists = [self._level(_LEAD_IN, text, modality)]
        return modality

    def _paragraph(self, text: str) -> Modality:
        context = self.context()
        if context == "informs!":
            return "informs"
        parts = sentences(text)
        cues = [sentence_cue(s) for s in parts]
        own = read_sentences(text)
        if own is None and parts and _LEAD_IN_END.search(parts[-1]):
            own = _lead_in_label(parts[-1])  # "We have further requirements for some uses:"
        if own is not None and own != "informs":
            return own
        if "informs" in cues or context is None:
            return "informs"
        return context

    def _listed(self, text: str, depth: int) -> Modality:
        """An item (or a "Label: text" entry) inherits from the lead-in or item it sits under."""
        while self.lists and self.lists[-1].depth >= depth:
            self.lists.pop()
        if self.lists and self.lists[-1].depth == _LEAD_IN and depth >= 0:
            self.lists[-1].has_items = True
        context = self.context()
        inherited = self.lists[-1].introduces if self.lists else None
        if context == "informs!":
            modality: Modality = "informs"
        else:
            modality = _item_modality(text, inherited if inherited is not None else context)
        self.lists.append(self._level(depth, text, modality))
        return modality

    @staticmethod
    def _level(depth: int, text: str, modality: Modality) -> _Level:
        """What a list right under this text inherits: its closing lead-in's own cue, else its modality."""
        parts = sentences(text)
        opens = bool(parts) and _LEAD_IN_END.search(parts[-1]) is not None
        if opens:
            last = _modality(sentence_cue(parts[-1])) or _lead_in_label(parts[-1])
            if last is not None:
                return _Level(depth, last, opens, text=text)
        return _Level(depth, modality, opens, text=text)


_LEAD_IN_LABELS: list[tuple[Modality, re.Pattern[str]]] = [
    ("permits", re.compile(r"\bexceptions?\b|\b(?:permitted|allowed|approved)\b", re.I)),
    ("prohibits", re.compile(r"\b(?:prohibited|disallowed|forbidden|banned)\b|\bnot\s+(?:allowed|permitted)\b", re.I)),
    ("requires", re.compile(r"\brequirements?\b|\bobligations?\b", re.I)),
]


def _lead_in_label(sentence: str) -> Modality | None:
    """A lead-in with no modal verb may still name what follows: "... the following prohibited activities:"."""
    return next((modality for modality, pattern in _LEAD_IN_LABELS if pattern.search(sentence)), None)


def _item_modality(text: str, inherited: Modality | None) -> Modality:
    parts = sentences(text)
    first = sentence_cue(parts[0]) if parts else None
    if first in ("exception", "defines"):
        return "permits" if first == "exception" else "defines"
    own = read_sentences(text)
    if _STATEMENT.match(text):  # "We report CSAM to ..." under a list of prohibited uses says what *we* do
        return own or "informs"
    if own == "prohibits":
        return "prohibits"
    if inherited is not None and inherited != "informs":
        return inherited
    return own or "informs"
