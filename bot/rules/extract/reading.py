"""Which language a question is written in, as far as the rules need to know: whether the bundled English
embedding model can read it (or some of what it hands over), and whether it is Portuguese.

The semantic match (bot/rules/semantic.py) is what weighs a question's meaning beyond the cues; it is an English
model. German, Korean or a Spanish passage pasted after "translate this:" reach it as noise, so a harm said in
them in words the cues do not know passes unweighed. The weighing asks this to know when the vocabulary's topic
words must stand in for the model (bot/answer/weighing.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

# Words only English writes among the eleven languages we serve: "we" (Dutch), "die", "also", "will" (German), "to",
# "i", "a", "on" (Polish), "in", "is", "me", "do", "no", "so", "as", "an" are shared, so they prove nothing.
ENGLISH_MARKERS = frozenset(
    """the and of for our this that these those with you your my it its from what how which into about would should
    could they their them be are have has been not can please there here does did any some just than then at by or if
    up out who when where why mine his her she he were being because each every other such only
    use using used want wants wanted need needs needed get gets got make makes made write writes written give take
    people anyone someone something anything everyone while still off over under again after before between
    without within should good new way like know think tell ask asks asked whether yes yeah ok okay don't can't
    won't isn't doesn't let's i'm we're it's""".split()
)
# A stretch this long with no English marker is written in another language.
SHORTEST_STRETCH = 4
# Where what a question hands over starts or ends: quotes, brackets, line breaks, a colon.
_BREAK = re.compile(r"[\"“”„«»「」『』\n:：()（）`]|(?:^|(?<=\s))'")  # a quote opens after a space
_WORD = re.compile(r"[a-zà-ÿ]+(?:'[a-z]+)?")
_UNREAD_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0400-\u04ff\u0370-\u03ff\u0600-\u06ff]")


def unread_by_english_model(text: str) -> bool:
    """Some stretch of the question is in a language the English model cannot read: written in another script
    (Japanese, Chinese, Korean…), or four words or more in a row of the Latin alphabet without one word only
    English writes ("Übersetze diese SMS für Wähler", a Spanish passage after "Translate this:")."""
    return bool(_UNREAD_SCRIPT.search(text)) or any(True for _ in _unread_stretches(text))


def _unread_stretches(text: str) -> Iterator[list[str]]:
    """The words of each stretch of the Latin alphabet, SHORTEST_STRETCH long or more, with no English marker."""
    for stretch in _BREAK.split(text.lower()):
        words = _WORD.findall(stretch)
        if len(words) >= SHORTEST_STRETCH and not ENGLISH_MARKERS.intersection(words):
            yield words


# Characters of the scripts written without spaces that make about one word (Japanese, Chinese; Korean spaces its
# words but they are short): a rough measure, used only to tell a short request from a long passage.
CHARACTERS_PER_WORD = 1.8
_CODE = re.compile(r"```.*?(?:```|$)", re.DOTALL)


def words_unread(text: str) -> int:
    """About how many words of the question the English model cannot read: those of the Latin stretches with no
    English marker (as unread_by_english_model tells them), and the other scripts' characters by CHARACTERS_PER_WORD."""
    text = _CODE.sub(" ", text)  # code is no language: the cues read what it does (a keylogger, a payload)
    other_script = len(_UNREAD_SCRIPT.findall(text)) / CHARACTERS_PER_WORD
    return round(other_script + sum(len(words) for words in _unread_stretches(text)))


# Two different words only Portuguese writes among our languages tell the language, or one beside no word of Spanish,
# English or the others (a short question: "…publicar no grupo fotos nuas da minha ex?"). Read on folded text.
PORTUGUESE_WORDS = re.compile(
    r"\b(?:nao|voces?|umas?|um|pel[oa]s?|minhas?|meus?|isso|tambem|entao|muit[oa]s?|noss[oa]s?|del[ea]s?|quero|"
    r"fazer|sao|conosco|obrigad[oa]|numa|num|aos|ao|ate|pra|sou|estou|tem|posso|pode|ajuda|com|sem|em|quer|alguem|"
    r"diz|qual e|tenho|nenhum[a]?|seguranca|[a-z]+(?:cao|coes|oes))\b"
    r"|\b[a-z]*(?:nh|lh)(?:a|o|as|os|e|es|ar|ou|or|ores)\b"  # "minha", "senha", "trabalho", "melhor"
)
NOT_PORTUGUESE_WORDS = re.compile(
    r"\b(?:el|los|las|la|una|unos|muy|y|pero|es|del|con|sin|mi|mis|tu|hay|puedo|puede|quiero|queremos|nosotros|"
    r"nuestr[oa]s?|esto|eso|est[ea]s?|ese|esa|si|lo|le|les|se|ya|yo|[a-z]+cion(?:es)?|"  # Spanish
    r"the|and|of|to|is|we|it|i|you|our|my|can|for|with|in|on|"  # English
    r"des|et|est|il|di|che|gli|ha|ho|per|sono|questo|questa|della|nel|nella|come|ieri|"  # French, Italian
    # German, Dutch
    r"und|der|die|das|ist|was|nur|oder|noch|wir|ich|sie|es|mit|fur|auf|ein|eine|einen|het|een|van|en)\b"
)


@lru_cache(maxsize=16)
def reads_portuguese(folded: str) -> bool:
    """Written in Portuguese (text.fold'ed: accents gone), whose "no" is "in the"; cached: the negation reading asks
    it for each mention of a question that has a negation word before it."""
    words = set(PORTUGUESE_WORDS.findall(folded))
    return len(words) >= 2 or (bool(words) and not NOT_PORTUGUESE_WORDS.search(folded))
