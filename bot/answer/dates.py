"""Dates a question names ("as of 2024-03-01", "as of March 2024") select the policy version in force.

So does a version it names ("under the 2023 code"): given the knowledge base's version labels and
their effective dates, that version's first day is the date. A date, a month and year, or a span, in any of
the eleven languages ("am 8. Januar 2024", "im März 2024", "del 8 de enero al 28 de marzo de 2024",
"2024年1月から3月") names the day it begins (a month alone: its first day): the use is judged under the
version in force when it began.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta

from bot.errors import QuestionError
from bot.rules.extract.text import fold

# Month names, folded (lower case, no accents), in the European languages the assistant reads.
_MONTH_NAMES = (
    "january januar janner janvier enero gennaio janeiro januari styczen stycznia styczniu",
    "february februar fevrier febrero febbraio fevereiro februari luty lutego lutym",
    "march marz maerz mars marzo marco maart marzec marca marcu",
    "april avril abril aprile kwiecien kwietnia kwietniu",
    "may mai mayo maggio maio mei maj maja maju",
    "june juni juin junio giugno junho czerwiec czerwca czerwcu",
    "july juli juillet julio luglio julho lipiec lipca lipcu",
    "august aout agosto augustus sierpien sierpnia sierpniu",
    "september septembre septiembre setiembre settembre setembro wrzesien wrzesnia wrzesniu",
    "october oktober octobre octubre ottobre outubro pazdziernik pazdziernika pazdzierniku",
    "november novembre noviembre novembro listopad listopada listopadzie",
    "december dezember decembre diciembre dicembre dezembro grudzien grudnia grudniu",
)
# Their usual abbreviations ("Feb 2024", "janv. 2024", "mrt 2024", "lut. 2024"): read only between a preposition and
# a year ("mar" cannot then be the sea); not those that are also English words ("a set of 2024 calendars", "ago").
_MONTH_ABBREVIATIONS = (
    "jan janv ene gen sty",
    "feb fevr fev lut",
    "mar mrz mrt",
    "apr avr abr kwi",
    "mag",
    "jun giu cze",
    "jul juil lug lip",
    "aug sie",
    "sep sept wrz",
    "oct okt ott paz",
    "nov lis",
    "dec dez dic gru",
)
_MONTH_OF = {
    name: month
    for table in (_MONTH_NAMES, _MONTH_ABBREVIATIONS)
    for month, names in enumerate(table, start=1)
    for name in names.split()
}
_MONTH = "(" + "|".join(names.split()[0] for names in _MONTH_NAMES) + ")"  # English: "as of March 1, 2024"
_ISO = re.compile(r"\b(?:as of|as at|as on|on|effective|in force on|dated?)\s+(\d{4})[-/](\d{2})[-/](\d{2})\b", re.I)
_BEFORE_ISO = re.compile(r"\b(?:before|prior to|until)\s+(\d{4})[-/](\d{2})[-/](\d{2})\b", re.I)
_DAY_MONTH_YEAR = re.compile(rf"\b(?:as of|as at|on)\s+(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b(?:as of|as at|on)\s+{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I)
_MONTH_YEAR = re.compile(rf"\b(?:as of|as at|in)\s+{_MONTH}\s+(\d{{4}})\b", re.I)
_BEFORE_MONTH_YEAR = re.compile(rf"\b(?:before|prior to)\s+(?:the\s+)?{_MONTH}\s+(\d{{4}})\b", re.I)
_ANY_MONTH = "(" + "|".join(sorted(_MONTH_OF, key=len, reverse=True)) + r")\.?"
_OF = r"(?:\s+(?:de|del|of))?\s+"  # "marzo de 2024", "março de 2024"
# A part of a month, folded, in the European languages ("mid-March", "Ende April", "a mediados de marzo", "mi-mars",
# "metà marzo", "meados de março", "half maart", "połowy marca"): its first day is the part's (1st, 15th, 21st).
_PARTS = (
    (
        1,
        r"(?:the\s+)?(?:beginning|start)\s+of\s+(?:the\s+month\s+of\s+)?|early\s+|anfang\s+|beginn\s+|"
        r"(?:principios|comienzos|inicios)\s+de\s+|(?:le\s+)?debut\s+(?:de\s+|d.)?|(?:l.)?inizio\s+(?:di\s+)?|"
        r"(?:o\s+)?inicio\s+de\s+|begin\s+|(?:poczatek|poczatku|poczatkiem)\s+",
    ),
    (
        15,
        r"(?:the\s+)?middle\s+of\s+|mid-?\s?|mitte\s+|mediados\s+de\s+|(?:la\s+)?mi-|(?:la\s+)?meta\s+(?:di\s+)?|"
        r"meados\s+de\s+|half\s+|(?:polowa|polowy|polowie)\s+",
    ),
    (
        21,
        r"(?:the\s+)?end\s+of\s+(?:the\s+month\s+of\s+)?|late\s+|ende\s+|(?:finales|fines)\s+de\s+|"
        r"(?:la\s+)?fin\s+(?:de\s+|d.)?|(?:la\s+)?fine\s+(?:di\s+)?|(?:o\s+)?(?:final|fim)\s+de\s+|eind\s+|"
        r"(?:koniec|konca|koncu|koncem)\s+",
    ),
)
_PART = "|".join(rf"(?P<part{day}>{words})" for day, words in _PARTS)
_LAST_PART = "|".join(words for _, words in _PARTS)
# A day before a month ("8 de enero", "8. Januar", "1er mars", "8 stycznia") or after it ("January 8,")
_DAY = r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.)?\s+(?:de\s+|di\s+)?)?"
_DAY_AFTER = r"(?:\s+(?P<day_after>\d{1,2})(?:st|nd|rd|th)?,?)?"
# "from January to March 2024", "von Januar bis März 2024", "del 8 de enero al 28 de marzo de 2024"
_SPAN = re.compile(
    rf"\b(?:{_PART})?{_DAY}(?P<first>{_ANY_MONTH}){_DAY_AFTER}(?:{_OF}(?P<first_year>20\d\d))?\s*"
    r"(?:to|and|until|till|through|thru|-|–|—|bis|und|au|et|a|al|ao|y|hasta|ate|e|fino a|tot(?: en met)?|en|t/m|do|i)"
    r"\s+"
    r"(?:(?:el|le|la|il|o|ao|den|the)\s+)?(?:(?:mois|mes|mese)\s+(?:de|di)\s+)?(?:\d{1,2}(?:st|nd|rd|th|er|\.)?\s+(?:de\s+|di\s+)?)?"
    rf"(?:{_LAST_PART})?"
    rf"(?P<last>{_ANY_MONTH})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?{_OF}(?P<year>20\d\d)\b"
)
# A whole date needs no preposition: "le 8 janvier 2024", "am 8. Januar 2024", "8 stycznia 2024"
_FULL_DATE = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:er|\.)?\s+(?:de\s+|di\s+)?(?P<first>{_ANY_MONTH}){_OF}(?P<year>20\d\d)\b"
)
# "in March 2024" in the eleven languages: "im März 2024", "en mars 2024", "nel marzo 2024", "w marcu 2024"
_IN_MONTH = re.compile(
    r"\b(?:in|im|en|a|em|nel|nello|ad|op|w|during|durante|pendant|wahrend|tijdens|podczas|since|seit|depuis|desde|dal|sinds|od)"
    r"\s+(?:(?:el mes de|le mois de|il mese di|o mes de|de maand|the month of|des monats)\s+)?"
    rf"(?P<first>{_ANY_MONTH}){_DAY_AFTER}{_OF}(?P<year>20\d\d)\b"
)
# A part of a month needs no preposition: "Mitte März 2024", "in mid-March 2024", "a mediados de marzo de 2024"
_PART_MONTH = re.compile(rf"\b(?:{_PART})(?P<first>{_ANY_MONTH}){_OF}(?P<year>20\d\d)\b")
_CJK_MONTH = re.compile(
    r"(?P<year>20\d\d)\s*(?:年|년)\s*(?P<month>\d{1,2})\s*(?:月|월)(?:\s*(?P<day>\d{1,2})\s*(?:日|일))?"
)
_VERSION = r"(?:code|code of conduct|version|policy|edition|rules|rulebook)"
# A season, quarter or half of a year, folded, in the eleven languages ("im Frühjahr 2024", "in Q2 2024", "2024年春"):
# the months it spans. Spring, summer, autumn, winter; early and late; the first and second half.
_SEASONS = (
    ((3, 5), "spring springtime fruhjahr fruhling lente voorjaar primavera printemps wiosna wiosne wiosny"),
    ((6, 8), "summer sommer zomer verano ete estate verao lato lecie"),
    ((9, 11), "autumn fall herbst herfst najaar otono automne autunno outono jesien jesieni"),
    ((1, 3), "q1 early anfang begin debut comienzos principios inizio inicio poczatek poczatku"),
    ((4, 6), "q2"),
    ((7, 9), "q3"),
    ((10, 12), "q4 late ende eind finales fin fine koniec koncu"),
    ((1, 6), "h1"),
    ((7, 12), "h2"),
)
_SEASON_OF = {name: months for months, names in _SEASONS for name in names.split()}
_SEASON = re.compile(
    r"\b(?P<season>" + "|".join(sorted(_SEASON_OF, key=len, reverse=True)) + r")"
    r"(?:\s+(?:of|de|del|des|du|di|dell|van|von|des jahres|do|da|roku))?\s+(?:l.|d.)?(?P<year>20\d\d)\b"
)
_CJK_SEASON = re.compile(
    r"(?P<year>20\d\d)\s*(?:年|년)\s*(?:の)?\s*"
    r"(?P<season>春|夏|秋|初め|初|上半期|下半期|上半年|下半年|봄|여름|가을|상반기|하반기|초)"
)
_CJK_SEASON_OF = {
    "春": (3, 5),
    "夏": (6, 8),
    "秋": (9, 11),
    "初め": (1, 3),
    "初": (1, 3),
    "上半期": (1, 6),
    "下半期": (7, 12),
    "上半年": (1, 6),
    "下半年": (7, 12),
    "봄": (3, 5),
    "여름": (6, 8),
    "가을": (9, 11),
    "상반기": (1, 6),
    "하반기": (7, 12),
    "초": (1, 3),
}


def season_in_question(text: str) -> tuple[date, date] | None:
    """The first and last day of a season, quarter or half of a year the question names, if any."""
    if m := _SEASON.search(fold(text)):
        first, last = _SEASON_OF[m["season"]]
    elif m := _CJK_SEASON.search(text):
        first, last = _CJK_SEASON_OF[m["season"]]
    else:
        return None
    year = int(m["year"])
    end = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
    return date(year, first, 1), end - timedelta(days=1)


def straddles_a_change(text: str, versions: Mapping[str, date]) -> bool:
    """The question dates a use only by a season or part of a year during which the code changed ("spring 2024",
    when a version took effect on 1 May 2024): which version applies cannot be told from it."""
    span = season_in_question(text)
    return span is not None and _spans_a_change(span, versions)


def _spans_a_change(span: tuple[date, date], versions: Mapping[str, date]) -> bool:
    return any(span[0] < effective <= span[1] for effective in versions.values())


def parse_iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise QuestionError(f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2024-03-01") from None


def date_in_question(text: str, versions: Mapping[str, date] | None = None) -> date | None:
    """The date a question asks about, if it names one (or a version among `versions`); the first form wins."""
    try:
        if m := _ISO.search(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _BEFORE_ISO.search(text):
            return date(int(m[1]), int(m[2]), int(m[3])) - timedelta(days=1)
        if m := _BEFORE_MONTH_YEAR.search(text):
            return date(int(m[2]), _MONTH_OF[m[1].lower()], 1) - timedelta(days=1)
        if m := _DAY_MONTH_YEAR.search(text):
            return date(int(m[3]), _MONTH_OF[m[2].lower()], int(m[1]))
        if m := _MONTH_DAY_YEAR.search(text):
            return date(int(m[3]), _MONTH_OF[m[1].lower()], int(m[2]))
        if m := _MONTH_YEAR.search(text):
            return date(int(m[2]), _MONTH_OF[m[1].lower()], 1)
    except ValueError:
        return None  # "as of 2024-02-31" is not a date; answer for today rather than fail
    versions = versions or {}
    return _month_date(text, versions) or _season_date(text, versions) or _version_date(text, versions)


def _season_date(text: str, versions: Mapping[str, date]) -> date | None:
    """A season or part of a year in which no version took effect: its first day (one that straddles a change is
    no date: which version applies must be asked)."""
    span = season_in_question(text)
    if span is None or _spans_a_change(span, versions):
        return None
    earliest = min(versions.values(), default=None)
    return span[0] if earliest is None or span[0] >= earliest else None


def _month_date(text: str, versions: Mapping[str, date]) -> date | None:
    """A month or span of months in any of the eleven languages: its first day, if any version was in force then."""
    folded = fold(text)
    found: date | None = None
    try:
        if m := _SPAN.search(folded):
            first, last = _month(m["first"]), _month(m["last"])
            year = int(m["first_year"]) if m["first_year"] else int(m["year"]) - (first > last)
            found = date(year, first, _day(m))
        elif m := _IN_MONTH.search(folded) or _PART_MONTH.search(folded) or _FULL_DATE.search(folded):
            found = date(int(m["year"]), _month(m["first"]), _day(m))
        elif m := _CJK_MONTH.search(text):
            found = date(int(m["year"]), int(m["month"]), _day(m))
    except ValueError:
        return None
    earliest = min(versions.values(), default=None)
    return found if found and (earliest is None or found >= earliest) else None


def _month(name: str) -> int:
    return _MONTH_OF[name.rstrip(".")]  # "janv." as "janv"


def _day(match: re.Match[str]) -> int:
    """The day a match names before or after its (first) month; the month's first day when none."""
    named = match.groupdict()
    part = next((day for day, _ in _PARTS if named.get(f"part{day}")), 1)  # "mid-March": the 15th
    return int(named.get("day") or named.get("day_after") or part)


# A use said to be covered "retroactively" by a version ran before it: the version named is the asker's argument, not
# the date of the use (folded, in the eleven languages)
_RETROACTIVE = re.compile(
    r"\b(?:retroactiv\w*|retro-activ\w*|retrospectiv\w*|ruckwirkend\w*|retroacti\w*|retroattiv\w*|retroativ\w*"
    r"|met terugwerkende kracht|retroactie\w*|z moca wsteczna|wstecznie|retroaktywn\w*|dzialani\w* wsteczn\w*)\b"
    r"|遡って|さかのぼって|遡及|追溯|溯及|追认|追認|소급"
)


def covered_retroactively(text: str) -> bool:
    """The question argues that a later version covers a use after the fact ("covered retroactively", "rückwirkend")."""
    return bool(_RETROACTIVE.search(fold(text)))


def _version_date(text: str, versions: Mapping[str, date]) -> date | None:
    """ "Under the 2023 code", "in version 2023", "the 2023 policy": the first day of that version (not when the
    question argues the version covers a use retroactively: that use ran before it)."""
    if covered_retroactively(text):
        return None
    for label, effective in versions.items():
        named = re.escape(label)
        if re.search(rf"(?<![\w-])(?:{named}\s+{_VERSION}|version\s+{named})(?![\w-])", text, re.I):
            return effective
    return None
