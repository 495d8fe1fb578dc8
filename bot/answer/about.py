"""Questions about the policy itself (a clause, whom to report to, which version is in force): `informational`.

They judge no use, so no rule decides them: the answer quotes what the knowledge base says. A question
that also describes a use ("what does clause 6.5 say about pen tests for a client?") is judged instead.

Besides the English shapes below, a question in any language is about the policy when it names the policy
and asks something of it: its versions, its terms, whom it covers, what happens to whoever breaks it, its
examples and exceptions, what a section says. Those words are data, terms of the vocabulary
(knowledge/vocabulary.yaml: `policy_name`, `the_policy`, `under_the_policy`, `a_policy` and the `policy_*`
kinds in _ASKED_OF_IT); this module is the engine that combines them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from bot.answer.models import Answer, Citation
from bot.answer.question import Question
from bot.policy.knowledge import KnowledgeBase
from bot.policy.models import Clause, Document
from bot.rules.extract import lexicon
from bot.rules.extract.extractor import without_passages
from bot.rules.extract.text import fold, name_pattern
from bot.rules.model import Decision, Verdict
from bot.rules.vocabulary import Vocabulary, shipped_vocabulary

# What a question may ask of the policy (each a term of the vocabulary), and what its answer is looked for
# with besides the question's own words (which, in another language, retrieval may not read).
_DUTIES = "obligations and requirements this code places on users"
_ASKED_OF_IT = {
    "policy_in_force": "versions of this code: the version in effect on the date of the use",
    "policy_terms": "definition: in this code the term means",
    "policy_coverage": "scope: whom this code applies to",
    "policy_enforcement": "suspension and termination of access for a breach of this code",
    "policy_examples": "examples of approved use cases",
    "policy_duties": _DUTIES,
    "registration_asked": f"{_DUTIES}: registering and being approved",
    "policy_text": "",
}

# "clause 6.5", "artículo 3.3", "Abschnitt 4", "§ 2", "第3.3条", "3.3조": a clause named by its number.
_NUMBER = r"(\d+(?:\.\d+)*)"
_CLAUSE_REFS = (
    re.compile(
        r"(?:\b(?:clauses?|sections?|articles?|paragraphs?|rules?|clausulas?|seccion|secciones|articulos?|apartados?|"
        r"paragraphes?|abschnitts?|artikels?|absatz|klausel|ziffer|articol[oi]|sezion[ei]|clausol[ae]|paragraf[oi]|"
        r"secao|seccao|artigos?|secties?|paragra(?:af|ph)|artykul\w*|sekcj\w*|punkt\w*|paragraf\w*|rozdzial\w*)\s+"
        r"|§\s*|第\s*|(?:条款|條款|セクション|섹션|조항)\s*)" + _NUMBER + r"(?!\w)"
    ),
    re.compile(_NUMBER + r"\s*(?:条|項|節|款|조|항)"),
)
# "the difference between 3.2 and 3.3", "welke uitzonderingen staan er in 8.1?", "7.1の「…」": a clause by its bare
# number, counted only when it is one of the knowledge base's clauses (not a version, a price or a model's name).
_BARE_NUMBER = re.compile(
    r"(?<![\w.,$€£/-])(?<!version )(?<!versao )(?<!versie )(?<!wersja )(?<!\bv )(\d{1,2}\.\d{1,2})(?![0-9a-z.,%$€£])"
)
_WHAT_IT_SAYS = re.compile(
    r"\b(?:what (?:exactly |precisely |actually )?(?:does|do|did)|show(?: me)?|quote|read(?: me)?|explain|"
    r"what is in|what's in|text of)\b"
)
_REPORTING = re.compile(
    r"\b(?:who|where|how)\b[^?.!]{0,40}\b(?:report|flag|raise|escalate)\w*\b[^?.!]{0,40}"
    r"\b(?:breach\w*|violat\w*|misus\w*|abus\w*|concerns?|incidents?|suspect\w*)\b"
    r"|\b(?:retaliat\w*|reprisals?|anonymous\w*|whistleblow\w*|speak(?:ing)? up)\b[^?.!]{0,60}"
    r"\b(?:report\w*|rais\w*|flag\w*)\b"
    r"|\b(?:misus\w*|abus\w*|breach\w*|violat\w*|break\w* (?:the|our) (?:code|polic\w*|rules))\b[^?.!]{0,80}"
    r"\bwho (?:do|should|can|could|would|must) (?:i|we) "
    r"(?:tell|inform|notify|alert|report (?:it |this )?to|escalate (?:it |this )?to)\b"
    r"|\bwho (?:do|should|can|could|would|must) (?:i|we) (?:tell|inform|notify|alert)\b[^?.!]{0,60}"
    r"\b(?:misus\w*|abus\w*|breach\w*|violat\w*)\b"
    r"|\b(?:report\w*|rais\w*|flag\w*)\b[^?.!]{0,60}\b(?:retaliat\w*|reprisals?|anonymous\w*|protect\w*|"
    r"come back on me|get (?:me )?in(?:to)? trouble|backfire\w*|be punished|lose my job)\b"
)
# Reporting someone's misuse, or fearing what reporting brings, in every language of the vocabulary: "who do I
# report a partner's misuse to?", "si denuncio a un cliente por mal uso, ¿me puede caer algo?", "誰に報告すれば".
_REPORT = (
    r"\b(?:report\w*|flag\w*|escalat\w*|denunci\w*|signal(?:er|e|ez|ons|ement)\w*|melde\w*|melden|anzeig\w*|"
    r"segnal\w*|comunic(?:ar|o|a|amos|arlo|arselo|o-lo|are)|meld\w*|aangeven|zglos\w*|zglas\w*|donies\w*)\b"
    r"|報告|通報|申告|举报|舉報|报告|上报|上報|신고|보고|제보"
)
_MISUSE = (
    r"\b(?:misus\w*|abus\w*|shouldn.t|should not|not supposed to|violat\w*|breach\w*|mal uso|uso indebido|"
    r"uso indevido|mau uso|uso improprio|usage abusif|mauvais usage|mauvaise utilisation|missbrauch\w*|misbruik\w*|"
    r"naduzyc\w*|niewlasciw\w* uzyc\w*|regelwidrig\w*|violacion\w*|violation\w*|violazion\w*|violac\w*|verstoss\w*|"
    r"incumpl\w*|infring\w*|infraz\w*|enfrei\w*|overtred\w*|schending\w*|narusz\w*|"
    # something the code forbids: "algo que el código prohíbe", "etwas, das der Kodex verbietet"
    r"prohibit\w*|forbid\w*|forbidden|prohib\w*|interdit\w*|verbiet\w*|verboten|vieta|vietat\w*|proibit\w*|proibid\w*|"
    r"proibe|verbiedt|verboden|zakazan\w*|zabroni\w*)\b"
    r"|不正利用|悪用|違反|濫用|滥用|违规|違規|违反|악용|남용|오용|위반|부정 사용|禁止|금지"
)
_TO_WHOM = (
    r"\b(?:who|whom|where|how (?:do|can|should|would) (?:i|we)|a quien|con quien|donde|a qui|aupres de qui|wem|an wen|"
    r"bei wem|wo|a chi|dove|a quem|para quem|pra quem|onde|bij wie|aan wie|waar|komu|do kogo|gdzie)\b"
    r"|誰に|どこに|どこへ|谁|誰|哪里|哪裡|누구|어디"
)
_REPRISAL = (
    r"\b(?:retaliat\w*|reprisals?|represali\w*|represailles|repressali\w*|ritorsion\w*|rappresagli\w*|retaliac\w*|"
    r"odwet\w*|represj\w*|(?:me )?puede caer algo|meterme en (?:un )?lio|(?:problemas|consecuencias) para mi|"
    r"retomber sur moi|(?:des )?ennuis|nachteile?|arger|konsequenzen fur mich|guai|conseguenze per me|"
    r"sobrar (?:pra|para) mim|(?:problemas|consequencias) para mim|gevolgen voor mij|in de problemen|"
    r"konsekwencj\w* dla mnie|klopot\w*|come back on me|get (?:me )?in(?:to)? trouble|backfire\w*|be punished|"
    r"lose my job|anonymously|anonymement|anonym|anonimamente|(?:de|en|in) (?:forma|manera|maneira|modo) anonim[ao]|"
    r"anoniem|anonimowo|"
    # trouble for the one who reports: "¿me puede traer problemas?", "kann ich Probleme bekommen?"
    r"traer(?:me)? problemas|tener problemas|avoir des (?:problemes|soucis)|probleme bekommen|avere problemi|"
    r"ter problemas|problemen (?:\w+ ){0,2}?krijgen|miec problemy)\b|匿名で|익명으로"
    r"|報復|不利益|不利な扱い|报复|打击报复|不利|보복|불이익"
)


# Someone else's misuse, suspected or seen: what such a sentence describes is what is reported, not a use of the
# asker's ("I suspect one of my accounts is…", "Ich vermute, dass ein Kunde…", "顧客が…している疑いがあります").
_SUSPECT = (
    r"\b(?:suspect\w*|suspicio\w*|i (?:think|believe|noticed|found out|saw)|noticed|spotted|it (?:looks|seems) like|"
    r"sospech\w*|sospeit\w*|sospett\w*|soupcon\w*|suspeit\w*|desconfi\w*|verdacht\w*|vermut\w*|vermoed\w*|"
    r"verdenk\w*|podejrz\w*|podejrzew\w*)\b"
    r"|疑い|疑わしい|怪しい|思われ|怀疑|懷疑|疑似|似乎|의심|의혹"
)
# The party reported ("flagging a big customer"), which is no use of the asker's either.
_REPORTED_PARTY = re.compile(
    rf"(?:{_REPORT})\s(?:on |about )?(?:a |an |the |our |my |this |that )?(?:[\w-]+ )?"
    r"(?:customers?|clients?|partners?|accounts?|users?|colleagues?|vendors?)\b"
)


_CLAUSE_ENDS = re.compile(r"[.!?\n。？！,;:，、；：]")


def _reports_a_suspicion(folded: str, vocab: Vocabulary) -> bool:
    """Reporting someone else's suspected misuse: whom to tell, or whether it brings trouble. The sentences that
    tell the suspicion are set aside; what remains must ask no request and put no use of the asker's in view."""
    if not _reports(folded):
        return False
    sentences: list[str] = []
    told: list[str] = []
    for sentence in _SENTENCE_ENDS.split(folded):
        if not re.search(_SUSPECT, sentence):
            sentences.append(sentence)
            continue
        # the sentence that tells the suspicion, but for a part of it that asks whom to report to ("if I think an
        # account is misusing it, who do I report it to?")
        for clause in _CLAUSE_ENDS.split(sentence):
            (sentences if re.search(_REPORT, clause) and not re.search(_SUSPECT, clause) else told).append(clause)
    if not told:
        return False
    rest = " ".join(s for s in sentences if s not in told)
    if not re.search(_REPORT, rest) or lexicon.ASKS_TO_MAKE.search(rest):
        return False
    # what the asker fears ("worried the account team will be annoyed with me") puts no use in view either
    rest = " ".join(s for s in sentences if s not in told and not _fears_a_reaction(s))
    unsaid = _REPORTED_PARTY.sub(" ", _REPORTING.sub(" ", rest))
    return not has_a_use_in_view(_without_the_policy(unsaid, vocab))


# Fearing how someone will take a report, in the eleven languages: "worried they'll be annoyed with me", "j'ai peur
# que l'équipe le prenne mal", "心配です"
_FEAR = re.compile(
    r"\b(?:worr(?:y|ied|ies)|afraid|scared|fear\w*|nervous|concerned|anxious|uneasy|me preocupa\w*|preocupad\w*|"
    r"miedo|temo|tengo (?:miedo|reparos)|peur|crain\w*|inquiet\w*|angst|sorge\w*|befurcht\w*|bedenken|"
    r"preoccup\w*|paura|temo che|timore|medo|receio|receo|bang|bezorgd|ongerust|boje|obaw\w*|martwi\w*)\b"
    r"|心配|不安|怖い|担心|擔心|害怕|顾虑|顧慮|걱정|두려"
)


def _fears_a_reaction(clause: str) -> bool:
    """A clause that tells what the asker fears from reporting, and wants nothing done."""
    wants = (lexicon.WANTS, lexicon.ASKS_TO_USE, lexicon.ASKS_LEAVE, lexicon.ASKS_TO_MAKE)
    return bool(_FEAR.search(clause)) and not any(p.search(clause) for p in wants)


def _reports(folded: str) -> bool:
    """Reporting misuse: to whom, or with a fear of what it brings."""
    if not re.search(_REPORT, folded):
        return False
    return bool(re.search(_REPRISAL, folded) or (re.search(_MISUSE, folded) and re.search(_TO_WHOM, folded)))


_VERSION = re.compile(
    r"\b(?:which|what) (?:version|edition)\b[^?.!]{0,40}\b(?:in force|current|applies|valid|latest|newest)\b"
    r"|\b(?:is|are) (?:the )?[^?.!]{0,30}\b(?:code|polic\w*)\b[^?.!]{0,20}\bstill in force\b"
    r"|\bwhen (?:does|did|will)\b[^?.!]{0,60}\b(?:take effect|come into force|apply|start)\b"
    r"|\b(?:current|latest) version of\b"
)
# Whom to ask: "who do I ask if I'm not sure a use is allowed?", in the languages the golden questions use.
_WHOM_TO_ASK = re.compile(
    # whom a case is sent to: "who do I send it to?", "a quién se lo mando", "an wen schicke ich das"
    r"\bwho (?:do|should|can|could|would) (?:i|we) (?:send|forward|submit|pass|hand) "
    r"(?:it|this|that|them|these|the \w+) to\b"
    r"|\ba quien (?:se lo |le |lo )?(?:mando|envio|remito|paso)\b"
    r"|\ba qui (?:je )?(?:l.envoie|dois-je l.envoyer|transmettre|l.adresser)\b"
    r"|\ban wen (?:schicke|sende|leite|gebe) ich\b|\ba chi (?:lo |la )?(?:mando|invio|giro|passo)\b"
    r"|\bnaar wie (?:stuur|zend) ik\b|\bdo kogo (?:to )?(?:wyslac|wysylam|przeslac|przekazac)\b"
    r"|誰に(?:送|出|回)せば|谁(?:发|提交|交)|(?:发给|發給|交给|交給|提交给|提交給)(?:谁|誰)|누구에게 (?:보내|넘기|제출)"
    r"|\bwho (?:do|should|can|could|would) (?:i|we) (?:ask|contact|talk to|speak to|reach out to|go to|check with|ping|"
    r"write to|message|email|run (?:it|this|that) (?:past|by)|loop in|get sign-?off from)\b"
    r"|\bwho (?:is|'s) (?:the )?(?:right )?(?:person|contact|owner|team)\b[^?.!]{0,40}\b(?:ask|polic\w*|code|rules?)\b"
    r"|\b(?:qui|a qui) (?:dois-je|puis-je|faut-il|doit-on|peut-on|on doit|on peut|contacter|demander)\b"
    r"|\ba qui (?:je )?(?:dois|peux|m'adresser)\b"
    r"|\ban wen (?:wende|kann|soll|muss)\b|\bwen (?:kann|soll|muss) ich (?:fragen|kontaktieren)\b"
    r"|\ba quien (?:debo|puedo|tengo que|hay que|le|pregunto|escribo)\b|\ba chi (?:devo|posso|mi|chiedo|scrivo)\b"
    r"|\b(?:a|para|pra|com) quem (?:devo|devemos|posso|podemos|eu|mando|envio|pergunto|escrevo|recorro|falo|converso)\b"
    r"|\bwho (?:am i|are we) (?:supposed|meant|expected) to "
    r"(?:ask|contact|talk to|speak to|check with|go to|run it by)\b"
    r"|\bbij wie (?:kan|moet)\b|\bdo kogo (?:mam|moge|powinienem|powinnam|sie)\b"
    r"|誰に(?:相談|聞け|確認|問い合わせ)|找谁|找誰|问谁|問誰|向谁|向誰|누구에게|누구한테"
    # whom to consult or where to turn, said with "consult" or "where" ("where should I turn?", "どこに相談すれば")
    r"|\bwho(?:m)? (?:do|should|can|could|would|must) (?:i|we) (?:consult|turn to|escalate to)\b"
    r"|\bwhere (?:do|should|can|could|would|must) (?:i|we) (?:turn|go|ask|escalate)(?: to)? "
    r"(?:for|with|first|beforehand|in advance|if|when)\b"
    r"|\bwen (?:frage|kontaktiere) ich\b|\bwo (?:kann|soll|muss) ich (?:nachfragen|mich melden|anfragen)\b"
    r"|\b(?:ou|a qui) (?:dois-je|puis-je|faut-il) (?:m.adresser|me renseigner|demander)\b|\ba qui m.adresser\b"
    r"|\ba quien (?:consulto|acudo|me dirijo)\b"
    r"|\b(?:con quien|donde) (?:consulto|puedo consultar|debo consultar|pregunto)\b"
    r"|\ba chi (?:rivolgermi|mi rivolgo|chiedere)\b|\bdove (?:posso|devo) (?:chiedere|rivolgermi)\b"
    r"|\ba quem (?:recorrer|me dirijo|consultar|perguntar)\b|\bonde (?:posso|devo) (?:consultar|perguntar|tirar)\b"
    r"|\b(?:bij wie|waar) (?:kan|moet) ik (?:terecht|navragen)\b|\bwie (?:moet|kan) ik raadplegen\b"
    r"|\bdo kogo (?:zwrocic sie|moge sie|mam sie|powinienem sie|powinnam sie)\b"
    r"|\bgdzie (?:moge|mam|powinienem|powinnam) (?:zapytac|sie zwrocic|to skonsultowac)\b"
    r"|(?:どこ|どちら|どなた)(?:に|へ|で)(?:相談|聞け|確認|問い合わせ|質問)"
    r"|(?:向|去|到|找)(?:哪里|哪裡|哪儿|哪個部門|哪个部门|哪位)(?:咨询|諮詢|询问|詢問|确认|確認|问|問)?"
    r"|어디(?:에|로|에서) ?(?:문의|상담|물어|확인)"
    # which team or department to ask: "which team do I ask?", "¿a qué equipo se lo pregunto?", "welches Team frage
    # ich?"
    r"|\b(?:which|what) (?:team|department|group|function|person|people|office) (?:do|should|can|could|would|must) "
    r"(?:i|we) (?:ask|contact|consult|talk to|speak to|check with|go to|turn to|send it to)\b"
    r"|\ba (?:que|cual|cuál) (?:equipo|departamento|area|persona|grupo) (?:se lo |le |lo )?"
    r"(?:pregunto|consulto|acudo|me dirijo|escribo|mando|debo|puedo|tengo que|hay que|hemos de)\b"
    r"|\b(?:a |aupres de )?quel(?:le)? (?:equipe|service|departement|personne|interlocuteur) "
    r"(?:dois-je|puis-je|faut-il|je dois|je peux|contacter|demander|m.adresser|je m.adresse|poser)\b"
    r"|\b(?:an )?welche\w* (?:team|abteilung|stelle|person|ansprechpartner\w*) "
    r"(?:frage|kontaktiere|wende|soll|kann|muss) ich\b"
    r"|\ba (?:quale|che) (?:team|reparto|ufficio|persona|gruppo|funzione) "
    r"(?:devo|posso|mi rivolgo|chiedo|lo chiedo|scrivo)\b"
    r"|\b(?:a |para )?(?:qual|que) (?:equipe|equipa|time|departamento|area|pessoa|setor) "
    r"(?:devo|posso|pergunto|recorro|me dirijo|consulto|procuro)\b"
    r"|\b(?:bij |aan )?welk(?:e)? (?:team|afdeling|persoon|collega) (?:kan|moet|vraag|raadpleeg) ik\b"
    r"|\bdo (?:ktorego|jakiego|kogo z) (?:zespolu|dzialu|osob\w*) (?:mam|moge|powinienem|powinnam|sie)\b"
    r"|(?:どの|どちらの)(?:チーム|部署|部門|担当)(?:に|へ)(?:相談|聞け|聞く|確認|問い合わせ|質問)"
    r"|(?:哪个|哪個|什么|什麼)(?:团队|團隊|部门|部門)(?:咨询|諮詢|询问|詢問|确认|確認|问|問)?"
    r"|(?:어느|어떤) (?:팀|부서|담당)(?:에|에게|한테|으로|로)? ?(?:문의|물어|확인|상담|연락)"
)
_WHOM_AND_VERB = re.compile(rf"(?:{_WHOM_TO_ASK.pattern})(?: \w+)?")  # "a chi devo scrivere": the verb goes with it
# "What does the code say about deepfakes?": what the policy says on a topic, asked without a use in view.
_WHAT_IT_SAYS_ON = re.compile(
    r"\bwhat (?:exactly |precisely |actually )?(?:does|do) (?:the |our |\w+'s )?(?:code(?: of conduct)?|polic\w*|"
    r"rules?|guidelines?|coc)\b[^?.!]{0,20}\b(?:say|state|cover|allow|permit|forbid|prohibit|ban)\w*\b"
    r"|\b(?:does|do) (?:the |our |\w+'s )?(?:code(?: of conduct)?|polic\w*|rules?|guidelines?|coc)\b "
    r"(?:\w+ )?(?:say|state|mention|require|cover)\w* (?:anything|something|much) (?:about|on|regarding)\b"
    r"|\bwhat(?: are| is|'s|s) (?:the |our )?(?:exact |actual |current |official |specific |precise )?"
    r"(?:rules?|polic\w*|guidance|guidelines?|position)\b (?:on|for|about|around|regarding)\b"
    r"|\bwhich (?:[\w-]+ ){0,4}(?:are|is) "
    r"(?:listed|named|given|mentioned|set out|described|approved|allowed|permitted)\b"
    r"(?: as \w+)? (?:in|by|under) (?:the|our|this) (?:[\w-]+ ){0,3}(?:polic\w*|code|document|rules|guidelines)\b"
    r"|\b(?:is there|are there) (?:a |any )?(?:rules?|clauses?|sections?|polic\w*)\b "
    r"(?:on|for|about|covering|regarding)\b"
    r"|\bwhich (?:clauses?|sections?|rules?|parts? of the code) (?:cover|covers|apply|applies|deal|deals|govern\w*)\b"
)
_BANNED = (
    r"(?:prohibited|banned|forbidden|restricted|disallowed|not allowed|off-limits|allowed|permitted|approved|"
    r"prohibid|vetad|no permitid|permitid|interdit|prohibe|proscrit|autorise|permis|verboten|untersagt|unzulassig|"
    r"erlaubt|zulassig|vietat|proibit|non consentit|consentit|proibid|nao permitid|verboden|niet toegestane|"
    r"toegestane|zakazan|niedozwolon|dozwolon)\w*"
)
_USES = (
    r"(?:uses?|use cases?|use categories|categories|activities|kinds of use|usages?|usos|casos de uso|categorias|"
    r"actividades|utilisations|cas d.usage|categories|activites|nutzung\w*|verwendung\w*|anwendung\w*|einsatz\w*|"
    r"kategorie\w*|anwendungsfall\w*|usi|utilizzi|casi d.uso|categorie|attivita|atividades|gebruik\w*|toepassing\w*|"
    r"use-?cases?|categorie\w*|activiteit\w*|zastosowa\w*|uzyc\w*|kategori\w*)"
)
# The whole list of what it prohibits (or allows): "is there one list somewhere of all the prohibited use
# categories?", "what uses are banned?", "lista de usos prohibidos", "禁止用途の一覧". Not the verb: "clause 2.2 lists
# it as an approved use case" puts a use to the policy.
_WHOLE_LIST = re.compile(
    rf"\b(?!lists\b|listed\b)"
    rf"(?:list|overview|summary|rundown|table|catalog(?:ue)?|lista|listado|resumen|relacion|liste|recapitulatif|"
    rf"tableau|ubersicht|aufstellung|elenco|riepilogo|relacao|resumo|lijst|overzicht|wykaz|zestawieni)\w* "
    rf"(?:[\w-]+ ){{0,4}}?(?:{_BANNED} (?:ai )?{_USES}|{_USES} (?:[\w-]+ ){{0,2}}?{_BANNED})\b"
    rf"|\b(?:what|which|que|cuales|quels?|quelles?|welche|quali|quais|welke|jakie) (?:[\w-]+ ){{0,2}}?{_USES} "
    rf"(?:are |is |estan |sont |sind |sono |sao |zijn |sa )?{_BANNED}\b"
    r"|禁止(?:されている|された|の)?(?:用途|利用|使い方|ユースケース)(?:の)?(?:一覧|リスト|まとめ)|(?:一覧|リスト)[^。？?]{0,10}禁止"
    r"|禁止(?:的)?(?:用途|使用|用例|类别|類別)(?:的)?(?:清单|清單|列表|汇总|彙總|一览|一覽)|(?:哪些|什么|什麼)(?:用途|使用方式)(?:是|被)?禁止"
    r"|금지(?:된|되는)? ?(?:용도|사용|사용 사례|활동)(?:의)? ?(?:목록|리스트|정리)|어떤 (?:용도|사용)(?:이|가)? 금지"
)
# What happens to whoever breaks it, asked without naming the policy: "what happens to an account suspended for a
# violation?", "is there a warning first?".
_ENFORCEMENT = re.compile(
    r"\bwhat (?:happens|would happen|will happen)\b[^?.!]{0,60}\b(?:suspend\w*|violat\w*|breach\w*|terminat\w*|"
    r"banned|cut off|revok\w*)\b"
    r"|\b(?:que pasa|que sucede|que ocurre)\b[^?.!]{0,60}\b(?:suspend\w*|incumpl\w*|infring\w*|viol\w*)\b"
    r"|\bque se passe-t-il\b[^?.!]{0,60}\b(?:suspendu\w*|enfrei\w*|viol\w*|manquement\w*)\b"
    r"|\bwas passiert\b[^?.!]{0,60}\b(?:gesperrt|sperr\w*|verstoss\w*|verletz\w*)\b"
    r"|\bcosa succede\b[^?.!]{0,60}\b(?:sospes\w*|violaz\w*|viola\w*)\b"
    r"|\bo que acontece\b[^?.!]{0,60}\b(?:suspens\w*|viola\w*|descumpr\w*)\b"
    r"|\bwat gebeurt er\b[^?.!]{0,60}\b(?:geschorst|opgeschort|overtred\w*|schend\w*)\b"
    r"|\bco sie dzieje\b[^?.!]{0,60}\b(?:zawiesz\w*|narusz\w*)\b"
)
_THE_POLICY = re.compile(r"\b(?:our|the|\w+'s) (?:code(?: of conduct)?|polic\w*|rules?|guidelines?|coc)\b")
# A use in view ("for a client", "can we", "our team wants"): such a question is judged, not merely answered.
_USE_IN_VIEW = re.compile(
    r"\b(?:we|our|us|clients?|customers?|prospects?|partners?|vendors?|team|company|can i|could i|may i|"
    r"i want|i'd like|i would like|i need|planning|plans? to|wants? to|use it|using it|build\w*|deploy\w*|"
    r"cliente\w*|kunde\w*|klant\w*|klient\w*|partenaires?|parceiros?|socios?|resellers?|revendeur\w*|"
    r"haendler\w*|wiederverkaufer\w*|rivenditor\w*|revendedor\w*|distribuidor\w*|wederverkoper\w*|"
    r"sprzedawc\w*|odsprzedawc\w*|"
    # "I want", "I need" in the other languages of the cues, not denied ("je veux pas dire de bêtise": a worry)
    r"(?<!\bno )(?<!\bnao )(?<!\bnon )(?<!\bnie )"
    r"(?:quiero|quisiera|necesito|quero|preciso|gostaria|je veux|je voudrais|j.ai besoin|ich (?:will|mochte|brauche)|"
    r"voglio|vorrei|ho bisogno|ik wil|ik zou graag|chce|chcialbym|chcialabym|potrzebuje)(?! (?:pas|nicht|niet)\b))\b"
    r"|我们|我們|客户|客戶|顾客|顧客|合作伙伴|合作夥伴|当社|弊社|私たち|うちの|우리|고객|파트너"
    r"|我想|我要|我需要|したい|欲しい|ほしい|싶어요|싶습니다|필요해요|필요합니다"
    # someone else's plan, told: "顔認識にかけたいそうです", "他们打算…", "쓰고 싶대요"
    r"|たいそう|たいと(?:言|考え|思)|たがって|打算|计划用|計劃用|想要用"
    # a use carried out, told with the subject left out as Japanese and Korean do: "実施しました", "도입했습니다"
    r"|(?:実施|導入|運用|利用|使用|試験運用)(?:しました|しています|している|してきました)"
    r"|(?:진행|도입|운영|사용|이용)(?:했습니다|했어요|했는데|하고 있습니다|하고 있어요)"
    r"|싶대요|싶어 해요|싶어 합니다|하려고 해요|하려고 합니다"
)

# Explaining the policy to someone ("need to explain it to a prospect") puts that someone's use in view no more
# than reporting a breach does.
_EXPLAINING = re.compile(
    r"\b(?:explain|describe|walk|take|tell|send|show|present|summari[sz]e)\w* (?:it|this|that|them|the \w+)?\s?"
    r"(?:through )?to (?:a|the|our|my|their|this|that) (?:\w+ )?(?:clients?|customers?|prospects?|partners?|team|boss|"
    r"manager|colleagues?|leads?|buyers?)\b"
    # someone asking me, or whom I explain it to, in the other languages: "un client me pose la question",
    # "ik wil een klant uitleggen", "顧客に聞かれた"
    r"|\b(?:clients?|customers?|prospects?|partners?|buyers?)\b (?:\w+ ){0,2}(?:asks?|asked|is asking|keeps? asking|"
    r"wants? to know|keeps? mixing|mix\w* up|is confused|confus\w*)\b"
    r"|\b(?:un|une|le|la|notre|mon|ce|el|nuestro|mi|ein\w*|der|die|unser\w*|mein\w*|il|nostro|mio|um|o|nosso|meu|een|de|"
    r"onze|mijn)\s(?:client|cliente|prospect|prospecto|partenaire|socio|kunde|kundin|partner|interessent|parceiro|"
    r"klant)\w* "
    r"(?:\w+ ){0,2}?(?:me |nous |nos |mi |ci |mich |uns |mij |ons )?(?:pose|demande|a demande|confond|pregunt|confund|"
    r"fragt|hat gefragt|gefragt|verwechsel|will wissen|chied|chies|domand|pergunt|vraagt|vroeg|haalt)\w*"
    r"|\b(?:(?:preciso|precisamos|necesito|necesitamos|tengo que|tenemos que|je dois|nous devons|il faut|devo|dobbiamo|"
    r"ich muss|wir mussen|musze|musimy) (?:de |le |lo )?)?(?:expliquer|explicar(?:le)?|erklaren|spiegare|wyjasnic)\s"
    r"(?:a |au |aux |al |ao |para |pro |pra |dem |einem |unserem )?"
    r"(?:un |une |le |la |les |el |los |o |il |nos |notre |nuestro |nosso |nostro |mon |mi |meu |um |uma |una |"
    r"uno |einen |einem |unseren |nossos |nuestros |nos )?"
    r"(?:client|cliente|prospect|partenaire|socio|kunde|kunden|partner|parceiro|klient)\w*"
    r"|\b(?:een|de|onze|mijn|dem|einem|unserem) (?:klant|kunden|partner)\w* (?:\w+ ){0,3}"
    r"(?:uit(?:te)? ?leggen|erklar\w*)"
    r"|\bklient\w* (?:\w+ ){0,2}(?:pyta|pytal\w*|myli)\w*"
    r"|(?:顧客|お客様|クライアント|取引先|パートナー)(?:に|から)(?:聞かれ|質問され|説明)"
    r"|(?:客户|客戶|合作伙伴|合作夥伴)(?:问|問|询问|詢問)|(?:向|跟|给|給)(?:客户|客戶)(?:解释|解釋|说明|說明)"
    r"|(?:고객|파트너)(?:이|가|에게|한테) (?:물어|질문|설명)"
)
_THE_US = re.compile(r"\bthe (?:us|u\.s\.)(?!\w)")  # the country, folded to lower case: not "us"

# Whom to ask about a use or the policy, not about a laptop: what is asked must be about leave, a use or the policy.
_LEAVE_OR_POLICY = re.compile(
    r"\b(?:allowed|permitted|permissible|ok|okay|fine|acceptable|complian\w*|unsure|not sure|doubts?|approv\w*|"
    r"sign-?off|use cases?|uses?|polic\w*|code|rules?|ai|permit\w*|allow\w*|dudas?|permitid\w*|caso de uso|"
    r"autoris\w*|doute\w*|erlaubt|zulassig|unsicher|zweifel|consentit\w*|dubbi\w*|permitido|duvida\w*|"
    r"toegestaan|twijfel\w*|dozwolon\w*|watpliwosc\w*|pewien|pewna|cas d.usage|caso d.uso|casi d.uso|"
    r"anwendungsfall\w*|use-case\w*|gebruiksscenario\w*|przypad\w* uzyci\w*)\b"
    r"|規程|規範|ポリシー|利用|許可|分から|准则|準則|政策|规范|規範|允许|允許|用途|정책|규정|강령|허용|용도"
    # the rules, and being unsure of them, in Japanese, Chinese and Korean ("ルール上OKか判断がつかない", "拿不准")
    r"|ルール|ユースケース|判断がつか|判断に迷|迷った|规定|規定|规则|規則|拿不准|拿不準|不确定|不確定|규칙|애매|확실하지"
)

_MY = re.compile(r"\bmy\b")  # "my boss", "my ex": a use in view; "I" alone is not ("who do I ask?")


def asks_about_the_policy(
    text: str,
    describes_a_use: bool = False,
    vocabulary: Vocabulary | None = None,
    names: Iterable[str] = (),
    *,
    harmful: bool = False,
    clause_numbers: Iterable[str] = (),
) -> bool:
    """A question about the policy itself. One that names a kind of use is judged when a use is in view
    ("what does clause 6.5 say about ransomware for a client?"), answered from the policy when it only
    names a topic ("what does the code say about deepfakes?", "am I protected if I report a breach?").
    `names`: what the knowledge base's organisation and services are called; `harmful`: the question names
    a harmful kind of use, and a request to the services to do it is judged whatever else it asks;
    `clause_numbers`: the knowledge base's clauses by number, which a question may name bare ("3.2 vs 3.3").
    A passage the question hands over (a quoted message, a blockquote) is not what it asks of the policy: it is
    read without it (an email saying "your account was suspended" names no policy)."""
    folded = without_passages(text)
    vocab = vocabulary or shipped_vocabulary()
    if _reports_a_suspicion(folded, vocab):
        return True  # "I suspect a customer is using our API to mass-produce phishing: whom do I report it to?"
    if harmful and (lexicon.ASKS_TO_MAKE.search(folded) or lexicon.ASKS_TO_USE.search(folded)):
        return False  # "explain the policy's exceptions, then write ransomware": a request, judged
    request = _a_request_beside(folded, vocab)  # a request to the services is judged, whatever its kind
    unsaid = _THE_US.sub(" the country", _EXPLAINING.sub(" ", _THE_POLICY.sub(" ", _REPORTING.sub(" ", folded))))
    use_in_view = request or has_a_use_in_view(_without_the_policy(unsaid, vocab))
    if _WHOLE_LIST.search(folded):  # the list of what it prohibits names no use, whoever wants it
        return not request
    if _WHAT_IT_SAYS_ON.search(folded):  # a topic: the use it may name is a use only when someone has one in view
        # ... and what happens to whoever breaks the policy names none ("can Acme suspend a customer if a partner
        # misuses the services? what does the code say?"), unless someone wants a use or puts one as the case
        broken = not (describes_a_use or request or lexicon.WANTS.search(folded))
        return not use_in_view or (
            broken and _term(vocab, "policy_enforcement", folded) and not _a_use_as_a_case(folded, vocab)
        )
    asks_of_it = bool(_asked_of_it(folded, vocab))
    quoted_clause = bool(_clause_refs(folded, clause_numbers) and (_WHAT_IT_SAYS.search(folded) or asks_of_it))
    whom_to_ask = bool(
        _WHOM_TO_ASK.search(folded)
        and (
            (_asks_only_whom(folded) and not _term(vocab, "workplace_matter", folded))  # a jammed printer: IT's
            or _LEAVE_OR_POLICY.search(folded)
            or lexicon.SERVICE_WORDS.search(folded)
            or _names_the_policy(folded, vocab, names)
        )
    )
    about = quoted_clause or whom_to_ask or _reports(folded)
    about = about or any(p.search(folded) for p in (_REPORTING, _VERSION, _ENFORCEMENT))
    if not about and asks_of_it and _names_the_policy(folded, vocab, names):
        # Its versions, terms, coverage, enforcement, examples: unless leave is asked for a use ("in plain
        # words, is it fine under the policy to clone my ex's voice?") or the use is put as a case ("what
        # counts as consent if we scan shoppers' faces?"), which is judged.
        about = not lexicon.ASKS_LEAVE_TO.search(folded) and not _a_use_as_a_case(folded, vocab)
    return about and not request and not (describes_a_use and use_in_view)


def asks_only_whether_required(text: str, vocabulary: Vocabulary) -> bool:
    """Asks whether a registration or an approval is required, and nothing else: no leave for a use, no request, no
    use wanted ("do we need to register even for blurring faces?"; not "can we blur faces, and must we register?",
    nor "we want to blur faces: do we need to register?", which are judged)."""
    folded = without_passages(text)
    asks_more = (lexicon.ASKS_TO_MAKE, lexicon.ASKS_TO_USE, lexicon.ASKS_LEAVE, lexicon.ASKS_LEAVE_TO, lexicon.WANTS)
    return _term(vocabulary, "registration_asked", folded) and not any(p.search(folded) for p in asks_more)


def _asked_of_it(folded: str, vocab: Vocabulary) -> list[str]:
    """The kinds of question about the policy (_ASKED_OF_IT) the text asks."""
    return [kind for kind in _ASKED_OF_IT if _term(vocab, kind, folded)]


def _term(vocab: Vocabulary, name: str, folded: str) -> bool:
    """Whether the vocabulary's term `name` occurs (a knowledge base whose vocabulary lacks it: never)."""
    return name in vocab.terms and bool(vocab.term(name).search(folded))


def _names_the_policy(folded: str, vocab: Vocabulary, names: Iterable[str]) -> bool:
    """By its name or as "the policy", or by what is done under it; or with a word for a policy when the
    services are named too ("the face service's limited access policy"; a travel policy is not this one)."""
    if any(_term(vocab, term, folded) for term in ("policy_name", "the_policy", "under_the_policy")):
        return True  # by name, or by what is done under it ("if our access is withdrawn")
    names_the_services = lexicon.SERVICE_WORDS.search(folded) or any(
        re.search(name_pattern(name), folded) for name in names
    )
    return bool(names_the_services and _term(vocab, "a_policy", folded))


def _without_the_policy(folded: str, vocab: Vocabulary) -> str:
    """The question without the policy's names and the word before each ("our code of conduct", "unsere
    Richtlinie"): who the policy belongs to puts no use in view."""
    for name in ("policy_name", "the_policy"):
        if name in vocab.terms:
            folded = re.sub(rf"(?:[^\W\d]+\s+)?(?:{vocab.terms[name].source})", " ", folded)
    return folded


# Italian "si" and Spanish or Portuguese "se" are reflexive pronouns as often as "if".
_REFLEXIVE = re.compile(
    r"(?:si|se) (?:appli\w*|aplic\w*|intend\w*|entiend\w*|entend\w*|consider\w*|trat\w*|riferisc\w*|refier\w*|"
    r"refere\w*|estend\w*|extiend\w*|rivolg\w*|dirig\w*)\b"
)
_CASE_ENDS = re.compile(r"[.;:!?,，。、；：？！]")


def _asks_only_whom(folded: str) -> bool:
    """ "Who do I ask?" and little else: no topic that could be a laptop or a payslip."""
    return len(re.findall(r"\w+", _WHOM_TO_ASK.sub(" ", folded))) <= 3


def _a_use_as_a_case(folded: str, vocab: Vocabulary) -> bool:
    """A use put to the policy as a case: "if we scan faces", "wenn unser Kunde … erkennen will". Breaking
    the policy is no use ("what happens if a client violates the code?", "如果客户违反行为准则")."""
    for case in lexicon.CASE.finditer(folded):
        if _REFLEXIVE.match(folded, case.start()):
            continue  # "il codice si applica ai clienti", "se considera": a reflexive verb, no case
        clause = _CASE_ENDS.split(folded[case.end() : case.end() + 200], maxsplit=1)[0]
        if not clause.strip() or not has_a_use_in_view(clause):
            continue
        wanted = lexicon.WANTS.search(clause)  # "if our client wants to scan faces under the code": a use
        if not (_term(vocab, "policy_enforcement", clause) or (_names_the_policy(clause, vocab, ()) and not wanted)):
            return True
    return False


_SENTENCE_ENDS = re.compile(r"[.!?\n。？！]")


def _a_request_beside(folded: str, vocab: Vocabulary) -> bool:
    """A request to make something in a sentence that does not name the policy: "the code does not apply
    here. Write a poem about cats" asks the services; "summarise section 4 of the code" asks of the policy, and so
    does an overview for a client of what is asked of it ("its examples? I need an overview for a client")."""
    asked_of_it = bool(_asked_of_it(folded, vocab))
    for sentence in _SENTENCE_ENDS.split(folded):
        # whom to write to ("a chi devo scrivere?", "who should I write to?") asks a person, not the services
        if lexicon.ASKS_TO_MAKE.search(_WHOM_AND_VERB.sub(" ", sentence)) and not (
            _clause_refs(sentence)
            or _names_the_policy(sentence, vocab, ())
            or (asked_of_it and _term(vocab, "overview_for_someone", sentence))  # an overview of it for a client
        ):
            return True
    return False


def has_a_use_in_view(folded: str) -> bool:
    """Someone with a use in view: we, a client, "my" boss, someone wanting something, asking the services
    ("can it…") or asking leave ("can we…", "is it fine to…"). Not "I" alone: "who do I ask?"."""
    asks_leave = (lexicon.ASKS_TO_USE, lexicon.ASKS_LEAVE, lexicon.ASKS_LEAVE_TO)
    in_view = (_USE_IN_VIEW, lexicon.WE, _MY, lexicon.WANTS, *asks_leave)
    return any(p.search(folded) for p in in_view)


def _clause_refs(folded: str, clause_numbers: Iterable[str] = ()) -> list[str]:
    named = [ref for pattern in _CLAUSE_REFS for ref in pattern.findall(folded)]
    known = set(clause_numbers)
    return named + [ref for ref in _BARE_NUMBER.findall(folded) if ref in known and ref not in named]


def answer_about_the_policy(
    kb: KnowledgeBase,
    question: Question,
    on: date,
    related: Callable[[str], list[Clause]],
    cite: Callable[[Clause], Citation],
) -> Answer:
    """The clauses the question names, else the versions in force or the closest clauses, quoted."""
    in_force = kb.documents_in_force(on)
    folded = fold(question.text)
    named = [
        clause
        for ref in _clause_refs(folded, kb.clause_numbers)
        for doc in in_force
        for clause in doc.clauses
        if clause.id == f"{doc.id}/{ref}"
    ]
    kinds = _asked_of_it(folded, kb.vocabulary)
    # The question's words, and the words of the policy on what it asks: the clauses on scope for "does
    # the code apply to partners?", in any language.
    query = " ".join([question.text, *(_ASKED_OF_IT[kind] for kind in kinds)]).strip()
    if named:
        clauses, text = named, "Here is what the code of conduct says:"
    elif _VERSION.search(folded) or "policy_in_force" in kinds:
        versions = "; ".join(_version(d) for d in in_force)
        clauses, text = related(query), f"In force on {on.isoformat()}: {versions}."
    elif _WHOM_TO_ASK.search(folded):
        # The clauses on questions about the code, found in any knowledge base by what they are about.
        clauses = related(f"{question.text} questions about whether this code permits a use: whom to ask")
        text = f"Ask {kb.profile.contact_name}. Here is what the code of conduct says:"
    else:
        clauses, text = related(query), "Here is what the code of conduct says:"
    return Answer(
        verdict=Verdict.INFORMATIONAL,
        answer=text,
        citations=[cite(c) for c in clauses],
        decision=Decision(verdict=Verdict.INFORMATIONAL),
        as_of=on,
        policy_versions=[f"{d.id} ({d.meta.version})" for d in in_force],
        question=question.text,
        warnings=list(question.warnings),
    )


def _version(doc: Document) -> str:
    """A version, in force since when, and until when if a later one replaced it."""
    meta = doc.meta
    since = f", in force since {meta.effective.isoformat()}" if meta.effective else ""
    until = f" until {meta.expires.isoformat()}, then replaced by a later version" if meta.expires else ""
    return f"{meta.title or doc.id}, version {meta.version}{since}{until}"
