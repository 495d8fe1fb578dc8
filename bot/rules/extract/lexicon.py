"""The engine's own words: negation, hedging, who is speaking, and what marks a question as being about
AI services at all. Regular expressions over folded text (see text.fold).

What the facts' values mean (their cues, patterns and terms) is data: knowledge/vocabulary.yaml.
"""

from __future__ import annotations

import re

# "We", in the languages of the cues: a team or a company speaking, which is how a use is usually put.
_WE = (
    r"we|our|us|ourselves|we're|wir|unser\w*|nous|notre|nos|nosotros|nuestr\w*|noi|nostr\w*|podemos|"
    r"possiamo|pouvons|konnen wir|durfen wir|mogen we|kunnen we|mozemy|kan vi|far vi|"
    r"noss[oa]\w*|wij|ons|onze|vi|vores|var|vart|vara|nasz\w*"
)
WE = re.compile(rf"\b(?:{_WE})\b")
FIRST_PERSON = re.compile(rf"\b(?:{_WE}|i|my)\b")

THIRD_PARTY = re.compile(r"\b(?:customers?|clients?|prospects?|buyers?|someone|somebody|they|a user|users)\b")

# Whom a business serves, for whom a use is usually put ("the client wants to score applicants").
CLIENTS = re.compile(
    r"\b(?:customers?|clients?|prospects?|buyers?|a user|users|cliente\w*|kunde\w*|klant\w*|klient\w*)\b"
    r"|顧客|取引先|クライアント|客户|客戶|고객|거래처|클라이언트"
)

SERVICE_WORDS = re.compile(
    r"\b(?:ai|a\.i\.|artificial intelligence|models?|llms?|gpt\w*|chat ?bots?|assistants?|copilot|acme|"
    r"(?<!self-)(?<!self )services?|api|apis|integrations?|code of conduct|usage policy|acceptable use|machine learning|ml|"
    r"algorithms?|vision|speech|face|faces|facial|biometric\w*|cameras?|agents?|agentes?|agenti|agenten|automat\w*|tool|software|"
    r"apps?|extensions?|plugins?|plug-ins?|"  # building a product on the services is using them
    r"deploy\w*|use case|ki|ia|generat\w*|clon\w*|synthetic|deepfakes?|bots?|tjansten|dienst|servicio|"
    r"servizio|servico|intelligence artificielle|kunstliche intelligenz|inteligencia artificial|"
    r"intelligenza artificiale|inteligencia|modelo|modele|modell|modello|modelu|modelem|modellen|modelos|modeles|"
    r"modelle|modelli|(?:video|taal|spraak|beeld|sprach|bild|text|ki|ai|ia)-?modell?\w*|"
    r"prompts?|prompting|jailbreak\w*|sintetic\w*|synthetisch\w*|synthetique\w*|sintetizzat\w*|syntetyczn\w*|"
    r"asistente|assistente|assistent|asystent\w*|chatbot\w*|scripts?|scrapers?|crawlers?|skrypt\w*|skript\w*|(?:text|image|video|voice|ai)[- ]?gen)\b"
    # Assistants and models by name, whoever makes them: a knowledge base brought by their maker names them
    # ("can Aya infer…", "get Gemini past its blocks"); no word break next to CJK ("Copilotの", "用ChatGPT写").
    r"|(?<![a-z0-9])(?:ai|api|llm|chatgpt|gpt-?\d\w*|openai|gemini|bard|claude|anthropic|llama\s?\d*|mistral|le chat|"
    r"copilot|command[- ]r\+?|cohere|aya|grok|deepseek|qwen|dall-?e|midjourney|stable diffusion|whisper)(?![a-z0-9])"
    r"|人工知能|人工智能|人工智慧|モデル|模型|アシスタント|チャットボット|生成ai|助手|聊天机器人|聊天機器人|スクリプト|脚本|"
    r"모델|어시스턴트|챗봇|인공지능|プロンプト|ボット|提示词|提示詞|프롬프트|봇"
)

# What a system does, in words everyday life uses too: "can you recommend a restaurant?", "what's the score?",
# "my monitor flickers" ask nothing of the services. They put a question in scope only with a use in view
# (WE, CLIENTS): "can we detect hard hats?", "the client wants to score applicants".
SERVICE_FUNCTIONS = re.compile(
    r"\b(?:recommend\w*|predict\w*|detect\w*|classif\w*|analy[sz]\w*|recogni[sz]\w*|identif\w*|scor\w*|track\w*|"
    r"monitor\w*)\b"
)

# "we want auto-replies that…", "the client would like…": someone wanting something done is asking of the
# services. Not "need": "I need a lasagna recipe" or "does it need approval" ask nothing of them.
WANTS = re.compile(
    r"^\W*(?:want|wanna)\b|\b(?:wants?|would like|'d like|plans? to|planning to|looking to|intends? to)\b"
    # "we want" in the other languages of the cues
    r"|\b(?:wir (?:wollen|mochten|planen)|nous (?:voulons|souhaitons|aimerions)|on (?:veut|voudrait|souhaite)|"
    r"queremos|quisieramos|nos gustaria|vogliamo|vorremmo|gostariamos|we (?:willen|zouden graag)|wij willen|"
    r"chcemy|chcielibysmy)\b"
)

# Wanting to know something is a question asked, not work wanted: "Klient chce wiedzieć, o której…".
WANTS_TO_KNOW = re.compile(
    r"\b(?:to know|to find out|wissen|erfahren|saber|savoir|sapere|weten|wiedziec|dowiedziec)\b"
    r"|知りたい|聞きたい|想知道|想了解|알고 싶|궁금"
)

INTENT = re.compile(
    r"\b(?:wants?|would like|plans?|planning|asks?|asking|looking to|intends?|needs?|prospect|deal|"
    r"quiere\w*|queremos|planea\w*|necesita\w*|veut|veulent|voudrai\w*|souhait\w*|prevoi\w*|will|wollen|mochte\w*|"
    r"plant|planen|braucht|vuole|vogliono|vorrebbe\w*|intende\w*|quer|querem|pretende\w*|wil|willen|wilt|"
    r"plannen|chce\w*|planuj\w*|angebot|oferta|offre|offerta|aanbod|offert\w*)\b"
    r"|したい|予定|希望|想要|计划|計劃|打算|하려고|싶어|원합니다|원해"
    # asked of us: "…してほしいと", "要求我们…", "…해 달라고 합니다", "써 달래요"
    r"|してほしい|依頼され|頼まれ|要求我们|要求我們|让我们|讓我們|달라고|달래요|달라는"
)

HEDGE = re.compile(
    r"\b(?:unclear|not (?:sure|certain|clear)|unknown|no idea|don't know|do not know|unsure|could be|"
    r"might be|may be|either|undecided|(?:not|isn't|hasn't been|haven't been) (?:yet )?(?:decided|known|said|told|"
    r"confirmed)|tbd|to be (?:decided|confirmed)|haven't said|hasn't said|didn't say|not say|doesn't say|does not say|don't say|do not say|doesn't specify|"
    r"does not specify|not specified|unspecified|not stated|unstated|"
    # a claim made half-heartedly ("it's kinda for a bug bounty") is no statement of it, in the eleven languages
    r"kinda|sorta|sort of|supposedly|allegedly|so-called|ostensibly|more or less|in theory|"
    r"supuestamente|en teoria|mas o menos|soi-disant|en theorie|plus ou moins|angeblich|sozusagen|theoretisch|"
    r"presuntamente|in teoria|piu o meno|supostamente|em teoria|mais ou menos|zogenaamd|min of meer|rzekomo|niby|"
    r"teoretycznie)\b"
)

# Japanese, Chinese and Korean say "whether … is not known yet" after what it is about.
HEDGE_AFTER = re.compile(
    r"(?:のか|かどうか|か否か|か(?:は|も|について))[^。？！?!]{0,20}(?:聞いていません|聞いてない|分かりません|わかりません|分からない|"
    r"わからない|不明|未定|決まっていません|決まってない|確認中|まだ)|"
    r"(?:还|還|尚)?(?:不清楚|不知道|不确定|不確定|未定|待定|没说|沒說|没有说|沒有說|没定|沒定|没确定|沒確定|没决定|沒決定|"
    r"未确定|未確定|不明确|不明確)|"
    r"(?:는지|인지|할지|될지|을지|ㄹ지)[^.?!]{0,12}(?:모르|미정|확실하지 않|아직|듣지 못|안 정해)|"
    # the European languages say it after a clause too: "Ob ein Arzt die Einstufung noch prüft, weiß ich nicht"
    r"^[^.?!;]{0,60}?[,:]\s*(?:(?:das |dat |this |that )?(?:weiss ich|wissen wir|weet ik|weten we)(?: noch| nog)? (?:nicht|niet)\b|"
    r"(?:ist|is) (?:noch |nog )?(?:unklar|offen|onduidelijk|unbekannt|onbekend)\b|(?:eso |esto )?no (?:lo )?(?:se|sabemos)\b|"
    r"no (?:esta|es) claro\b|(?:ca |cela )?je ne (?:le )?sais pas\b|on ne (?:le )?sait pas\b|nous ne (?:le )?savons pas\b|"
    r"(?:ce )?n.est pas (?:encore )?clair\b|non (?:lo )?(?:so|sappiamo)\b|non e (?:ancora )?chiaro\b|(?:isso )?nao (?:sei|sabemos)\b|"
    r"nao esta claro\b|(?:tego )?nie wiem(?:y)?\b|nie wiadomo\b|(?:i|we) (?:don.t|do not) know(?: yet)?\b|(?:it.s |that.s )?(?:unclear|not clear)\b)"
)

DISCLAIMED_SCOPE = re.compile(
    r"\b(?:unrelated to|not about|nothing to do with) (?:our|the|acme's?) (?:products?|services?|ai|tools?|platform)\b|"
    r"\bpersonal question\b|\boff[- ]topic\b"
)

LEGALITY = re.compile(r"\bis (?:it|that|this) (?:even )?legal\b|\blegal (?:for|in)\b|\blegally\b")

OTHER_VENDORS = re.compile(r"\b(?:clearview|pimeyes|rekognition|faceplusplus|face\+\+)\b")

# English openers of a question about someone else's doings; German "was" ("was regelt…?") is "what".
ABOUT_OTHERS = re.compile(
    r"^(?:does|did|do|has|have|were|is|are)\b"
    r"|^was(?= (?:the|it|this|that|there|he|she|they|anyone|anybody|any|a|an|his|her|their|its)\b)"
)

OUR_USE = re.compile(
    r"\b(?:we|our|us|acme|can|could|may|allowed|permitted|ok|okay|fine|policy|code of conduct|rules?|wants?|"
    r"would like|plans?|use our|with our|service|services|api|product|products|tool|tools|model|models|platform|"
    r"wanna|want|deal|prospect|customer|client)\b"
)

NEGATION = re.compile(
    r"\b(?:not(?! (?:sure|certain|clear|only|just|yet))|no(?! (?:idea|doubt))|never|without|neither|nor|non|none|"
    r"nothing|nobody|no one|no-one|nikoho|nikdo|kukaan|ingen|niemand|nadie|nessuno|ninguem|nikt|nikogo|hicbir|n't|isn't|aren't|wasn't|weren't|don't|doesn't|"
    r"didn't|won't|cannot|can't|instead of|rather than|except|excluding|ne|pas|nicht|kein\w*|ohne|sin|nunca|nada de|"
    r"senza|non|sem|nao|niet|geen|zonder|sans|utan|uden|uten|bez|nie|ingen|"
    # "no X" said with a determiner: "aucune reconnaissance faciale", "ningún dato", "nessun volto", "nenhum rosto", "żadnych twarzy"
    r"aucune?s?|ningun[oa]?s?|nessun[oa]?|nenhum[a]?s?|zadn\w*|zaden)\b(?!-\w)|n't\b|不|没有|沒有|않|ない|없"
    # French "ne" elided before a vowel: "personne n'est identifié", "on n'identifie personne" (and at the window's end,
    # which stops right before the mention it denies: "on n'" + "identifie personne")
    r"|\bn'(?=[a-z]|$)"
)  # a prefix joined by a hyphen ("non-EU", "niet-Nederlands") qualifies its word and negates nothing after it

# Portuguese "no" is "in the" ("publicar no grupo fotos…"): in a text written in Portuguese (reading.reads_portuguese),
# whose denial is "não", it denies nothing.
PORTUGUESE_IN_THE = re.compile(r"\bno\b")

# French "ne" (or "n'") and the word that completes it; without one in the clause, "ne" is Italian (of it) and denies
# nothing.
BARE_NE = re.compile(r"\bne\b|\bn'(?=[a-z])")
NE_PAIR = re.compile(r"\b(?:pas|plus|jamais|rien|aucun\w*|personne|guere|nulle part|nullement|ni)\b")

# No one, said after the mention it denies (German and Dutch put the subject there): "Identifiziert wird dabei niemand",
# "geïdentificeerd wordt niemand", "we identify nobody", "no se identifica a nadie"; Japanese and Korean deny right after
# the verb: "特定することはしません", "식별하지 않습니다". Read from the end of the mention.
# What a list is denied to be done with, in the words before the denial (to estimate, identify, store, record…).
_DENIED_ACT_JA = "推定|推測|特定|判定|判別|識別|認識|照合|保存|記録|収集|分析|解析|取得|予測"
_DENIED_ACT_KO = "추정|추측|판별|식별|인식|저장|수집|분석|기록|예측|확인"
_DENIED_ACT_ZH = "推测|推測|估计|估計|推断|推斷|识别|識別|判断|判斷|保存|存储|儲存|记录|記錄|收集|分析|预测|預測"

# A mention that is itself a "without" ("sem avisar", "sin avisar", "bez informowania"): the "no one" after it is its
# object, said with the negative concord of Portuguese, Spanish, Italian and Polish ("sem avisar ninguém" is "without
# telling anyone"), and denies nothing.
WITHOUT_FIRST = re.compile(r"(?:without|sem|sin|senza|sans|bez|ohne|zonder)\b")

NO_ONE_AFTER = re.compile(
    r"^(?: (?:wird|werden|wordt|worden|ist|sind|is|are|dabei|daarbij|hier|da|er|es|a|al|se|si|ze|nie|jest|sa|zostanie)){0,3} "
    r"(?:niemand(?:en)?|nobody|no one|no-one|nadie|nessuno|ninguem|nikogo|nikt)\b"
    r"|^(?:すること(?:は|も)?|は)?(?:しません|しない|せず)|^ ?(?:하지 않|안 합|는 하지 않|은 하지 않)"
    # a verb's stem denied right after it: "동의를 받지는 않을 거예요", "同意を得ていません", "유출되지 않도록" (kept from leaking)
    r"|^(?:(?:는|를|은|도)? ?(?:받|얻|구하|하|묻|되))?(?:지|지는|지도) ?(?:않|못)|^(?:ていない|ていません|てない|ないで|ずに|ません)"
    # the first of a list the sentence then denies: "個人の特定や正確な年齢の推定はしません", "신원 확인이나 정확한 나이 추정은 하지 않"
    r"|^(?:や|も|と|、)[^。？?！!]{0,24}?(?:は|も)(?:しません|しない|せず|行いません|行わない|いたしません)"
    r"|^(?:이나|나|와|과|및|이나 ) ?[^.?!]{0,24}?(?:은|는|도) (?:하지 않|안 합|안 해)"
    # …with the verb of what is denied said: "性別や具体的な年齢は推定しません", "성별이나 정확한 나이는 추정하지 않습니다",
    # "性别和具体年龄都不推测"
    rf"|^(?:や|も|と|、)?[^。？?！!]{{0,24}}?(?:は|も)(?:{_DENIED_ACT_JA})(?:は|も)?(?:しません|しない|せず|行いません|行わない|いたしません)"
    rf"|^(?:이나|나|와|과|및)? ?[^.?!]{{0,24}}?(?:은|는|도) (?:{_DENIED_ACT_KO}) ?(?:하지 않|안 합|안 해|않습니다|않아요)"
    rf"|^(?:和|与|與|或|、)?[^。？?！!，,]{{0,24}}?(?:都|也|均|一律)(?:不|不会|不會|没有|沒有)(?:{_DENIED_ACT_ZH})"
    # not used at all, said after what is not used: "顔認識などは一切使いません", "얼굴 인식은 전혀 사용하지 않습니다",
    # "人脸识别等功能一律不使用" (a line break may fall before the verb: folded to a space)
    r"|^(?:など|等)?(?:は|も)(?:一切|全く|まったく|全然|いっさい)? ?(?:使いません|使わない|使わず|使用しません|使用しない|使用せず"
    r"|利用しません|利用しない|利用せず|行いません|行わない|いたしません|しません)"
    r"|^(?: ?등)?(?:은|는|도|을|를) (?:(?:일절|전혀|절대|결코) )?(?:(?:사용|이용)(?:하지 않|안 합|안 해)|쓰지 않|안 써|안 쓰)"
    r"|^(?:等|等功能|之类的功能|之類的功能)?(?:都|也|一律|完全|绝对|絕對|均)? ?(?:不用|不使用|不会使用|不會使用|没有使用|沒有使用|不会用|不會用)"
    # unrelated to what was just named: "경찰과는 무관한 회사", "警察とは無関係", "与警方无关"
    r"|^(?:과는|와는|과|와|하고는|이랑은|랑은)? ?(?:무관|관계 ?없|상관 ?없|관련 ?없|관련이 없)"
    r"|^(?:とは|と|には)?(?:無関係|関係(?:の)?ない|関係ありません|関係なく)|^(?:无关|無關|没有关系|沒有關係|毫无关系|毫無關係|没关系|沒關係)"
    # what is named will not catch or notice it: "words the moderation won't catch", "que a moderação não pegue", "damit
    # die Polizei nichts merkt", "경찰에 걸리지 않게": a watcher got past, not a watcher at work
    r"|^(?: (?:filters?|team|teams|tools?|systems?|bots?))? (?:won.t|will not|wont|can.t|cannot|never) (?:ever )?"
    r"(?:catch|notice|flag|detect|spot|pick up|see|find)\w*"
    r"|^(?: (?:filters?|team|teams|tools?|systems?|bots?))? (?:doesn.t|does not|don.t|do not) (?:catch|notice|flag|detect|spot|pick up)"
    r" (?:it|them|us|on)\b"
    # the other languages say it in the subjunctive, or with the verb last, as a purpose: "para que la moderación no lo
    # detecte", "damit die Moderation es nicht erkennt", "żeby moderacja nie wyłapała"
    r"|^ no (?:lo |la |los |las |nos |le |les )?(?:detecten?|pillen?|noten?|capten?|encuentren?|bloqueen?|se den? cuenta)\b"
    r"|^ nao (?:o |a |os |as |nos |lhe )?(?:pegue|peguem|detecte|detectem|perceba|percebam|note|notem|flagre|flagrem|barre|barrem|bloqueie|bloqueiem)\b"
    r"|^ (?:ne |n.)(?:le |la |les |nous |l.)?(?:repere|reperent|detecte|detectent|voie|voient|remarque|remarquent|bloque|bloquent|attrape|attrapent)"
    r" (?:pas|jamais|rien)\b"
    r"|^ non (?:lo |la |li |le |ci |se ne )?(?:becchi|becchino|rilevi|rilevino|noti|notino|veda|vedano|blocchi|blocchino|individui|scopra|accorga)\b"
    r"|^(?: \w+)? (?:nicht|nie|nichts) (?:erkennt|erkennen|bemerkt|bemerken|merkt|merken|findet|finden|entdeckt|entdecken|blockiert|mitbekommt)\b"
    r"|^(?: \w+)? (?:niet|nooit|niets) (?:oppikt|oppikken|opmerkt|opmerken|merkt|detecteert|vindt|blokkeert|herkent)\b"
    r"|^ nie (?:wylapie|wylapia|wylapala|wykryje|wykryla|zauwazy|zauwazyla|zablokuje|znajdzie)\b"
    r"|^(?:に|で|から)?(?:引っかから|引っ掛から|ひっかから|バレ(?:ない|ず)|ばれ(?:ない|ず)|検出されな|見つから(?:ない|ず)|気づかれ(?:ない|ず))"
    r"|^(?:에|에게|한테)? ?(?:걸리지 않|안 걸리|들키지 않|안 들키|잡히지 않|적발되지 않)"
    r"|^(?:发现不了|發現不了|查不到|抓不到|识别不了|識別不了|察觉不到|察覺不到)"
)

# Negation words that deny nothing after them, taken out of a negation's window. "能不能…", "可不可以…", "是不是…": a
# Chinese yes-no question repeats its verb around 不/没, and "…もらえないでしょうか" asks politely.
NOT_A_NEGATION = re.compile(
    r"可以不可以|(能|可|是|会|會|要|行|好|有|用|对|對|该|該|肯|愿|願|敢)(?:不|没|沒)\1|(?:もらえ|いただけ|くれ|でき)ない(?:でしょうか|ですか|か)"
    # "without the operator knowing, trigger…", "zonder medeweten een afschakeling…", "不知情的情况下触发…": doing it
    # behind someone's back says how it is done, it does not deny what follows
    r"|\bwithout (?:\w+ ){0,2}(?:knowing|knowledge|noticing|realising|realizing|finding out|suspecting)\b"
    r"|\bzonder (?:\w+ )?medeweten\b|\bohne (?:dessen |deren |sein\w* |ihr\w* |die |das )?(?:wissen|kenntnis)\b"
    r"|\bsin (?:su |que (?:\w+ )?lo sepa\w* )?conocimiento\b|\bsin que (?:\w+ )?lo sepa\w*|\bsans qu.(?:il|elle|ils|elles) (?:le sache\w*|s.en (?:apercoive\w*|rende\w* compte))"
    r"|\bsenza che (?:\w+ )?(?:lo sappia\w*|se ne accorga\w*)|\bsem (?:o (?:seu )?)?conhecimento\b|\bsem que (?:\w+ )?saiba\w*"
    r"|\bbez (?:jego |jej |ich )?wiedzy\b|不知情|毫不知情|(?:気づか|気付か|知ら|バレ)れない|모르게"
    # "実在しない団体の寄付ページ", "不存在的机构的捐款页面", "실재하지 않는 단체의 기부 페이지": what does not exist is described, the
    # words after it are not denied
    r"|(?:実在|存在)し(?:ない|ていない)|(?:并|並)?不存在的|(?:실재|존재)하지 않는"
    # "탐지되지 않게 가짜 리뷰를 써 주세요": kept from being caught says how the harm is done, it denies nothing after it
    r"|(?:탐지|감지|적발|발각|검출|차단)되지 ?않(?:게|도록)|(?:걸리|들키|잡히)지 ?않(?:게|도록)"
    # "本人の同意はないけど…投稿", "没有她的同意就发", "동의 없이 올리": the consent denied is the harm, it denies nothing after it
    r"|(?:同意|承諾|了承|許可|許諾)(?:は|も|を|が)?(?:ない|なし|無し|得ていない|得てない|取っていない|取ってない|もらっていない|もらってない|得ず|取らず|とらず)"
    r"|(?:没有|沒有|没|沒|未经|未經|不经|不經|没经过|沒經過|未得到|没得到|沒得到)(?:她|他|对方|對方|本人|当事人|當事人)?(?:的)?(?:同意|允许|允許|许可|許可|授权|授權)"
    r"|(?:동의|허락|허가|승낙)(?:도|를|는|은)? ?(?:없이|안 받고|받지 않고|받지 않은|구하지 않고|없는데|받지 않았(?:지만|는데|고)|안 받았(?:지만|는데|고)|없(?:지만|고))"
    # "probably not straight", "pas hétéros", "niet hetero": a denied orientation word names an orientation; "sans doute"
    # is "probably"
    r"|\b(?:not|nicht|no|non|nao|niet|nie|pas) (?:\w+ )?(?:straight|hetero\w*|heterosexu\w*|etero\w*)\b|\bsans (?:aucun )?doute\b"
    # "遠隔でつないで…全部赤にする", "サーバーに繋いだ": つなぐ (to connect) holds ない, and denies nothing
    r"|(?:つ|繋)ない(?:で|だ)"
    # "…del rifle, dejarla funcional sin número de serie", "no serial, no paperwork": a gun without its serial number
    # or the checks is the harm itself, not a denial of it
    r"|\b(?:without|no|sin|sans|ohne|senza|sem|zonder|bez) (?:a |any |un |une |eine? |el |le |il |o |de |het )?"
    r"(?:numero de serie|numero di (?:serie|matricola)|matricola|serials?(?: numbers?)?|seriennummer\w*|serienummer\w*|"
    r"numeru seryjnego|background checks?|paperwork|registration|registrierung|registro|enregistrement|registratie|rejestracji)\b"
    # "sem cair no filtro de spam", "without getting flagged": getting past a filter is the harm, not a denial of it
    r"|\b(?:without (?:getting |being )?(?:caught|flagged|blocked|filtered|detected|marked as spam)|sin (?:caer|acabar) en (?:el )?(?:filtro|spam)"
    r"|sans (?:etre )?(?:bloque|detecte|filtre|tomber dans les spams?)|ohne (?:im )?(?:spam|spamfilter|filter) (?:zu )?(?:landen|hangen)"
    r"|senza (?:finire|cadere) (?:nel(?:lo)?|in) (?:filtro|spam)|sem cair no (?:filtro|spam)|zonder in (?:het |de )?(?:spam\w*|filter) te (?:komen|belanden)"
    r"|bez (?:wpadania|trafiania) do (?:spamu|filtr\w*))\b"
    # "non stop", "non-stop": around the clock in most of the eleven languages, how it is done, not a denial
    r"|\bnon[- ]?stop\b"
    # "if he doesn't pay…", "払わないと…", "再不还钱就…", "갚지 않은 사람": not paying names the debt (or the condition of a
    # threat), it denies nothing after it
    r"|\b(?:if (?:you|he|she|they) (?:still )?(?:don.t|doesn.t|do not|does not|won.t|can.t) (?:\w+ )?(?:pay|repay)"
    r"|(?:who|that) (?:hasn.t|has not|haven.t|have not|didn.t|did not|won.t) (?:\w+ )?(?:paid|repaid|pay)"
    r"|wenn (?:du|er|sie|ihr) (?:\w+ )?nicht (?:\w+ )?(?:zahlt|zahlst|bezahlt|bezahlst|zahlen|bezahlen)"
    r"|s.(?:il|ils|elle|elles|tu) ne (?:\w+ )?pa(?:ie|ye|ient|yent|ies|yes) pas|si (?:no|el no|ella no|usted no) (?:\w+ )?(?:paga|pagas|pagan|pague)"
    r"|se non (?:\w+ )?(?:paga|paghi|pagano)|se (?:ele |ela |voce )?nao (?:\w+ )?(?:pagar|paga|pagarem|pague)"
    r"|als (?:je|jij|hij|zij|ze|u) (?:\w+ )?niet (?:\w+ )?betaal\w*|(?:jesli|jezeli|jak|gdy) nie (?:\w+ )?(?:zaplac\w*|splac\w*|oddasz|odda|oddadza))\b"
    r"|(?:支払|払|返|返済し)わ?(?:ないと|なければ|ない(?:客|人|相手))|(?:再)?(?:不还|不還|不付|不给|不給|不交)(?:钱|錢|款)?就"
    r"|(?:갚지|내지|지불하지) 않(?:으면|은|는)|안 (?:갚|내)(?:으면|면|은|는)"
)

# "Write me…", "genera un audio…", "帮我写…": a request to produce something is a request to the service, in any
# language, so a harmful one the cues do not know is reviewed, never answered out of scope.
ASKS_TO_MAKE = re.compile(
    r"\b(?:write|draft(?! (?:is|was|will|day|night|picks?|order|round|lottery)\b)|generate|create|compose|produce|translate|summari[sz]e|rewrite|paraphrase|debug|help me|design|"
    r"make me|give me|figure out|work out|guess|scan|compile|collect|scrape|go through|rank|approve|reject|"
    r"put together|format (?:it|this|that|them|these|as|into)|reformat|turn (?:it|this|that|these|my|our|the|those) (?:[\w\'-]+ ){0,8}?into|polish|"
    r"proofread|clean up|tidy up|churn out|crank out|pump out|whip up|knock out|spin up|formatted (?:into|as)|make (?:it|this|that|these|them) into|"
    # asked for as a table: "gerne als Tabelle", "en tabla", "表にして"
    r"as a table|into a (?:\w+ )?table|als tabelle|en (?:una )?tabla|como tabla|(?:sous forme de|en) tableau|"
    r"in (?:una )?tabella|em (?:uma )?tabela|als tabel|w tabeli|jako tabel\w*|"
    r"answer (?:my|our|the|this|these|all)|decide (?:who|which|whether|on)|"
    r"make (?:it|them|this|these) (?:sound|look|seem|read)|"
    r"it (?:makes|writes|generates|creates|produces|describes|draws|outputs|drafts|comes up with)|"  # its output
    r"escrib(?:e|a|ir|eme|enos|elo|ela|emelo|irme|irnos|irlo|irla)|redact(?:a|ar|ame)|genera(?:r|me|nos|lo|la)?|crea(?:r|me|nos|lo|la)?|hazme|ayudame|disen(?:a|ar|ame)|"  # es
    r"traduc(?:e|ir|eme)|resum(?:e|ir|eme)|"
    r"ecri(?:re|s|vez|vons)|redig(?:e|er|ez)|gener(?:e|er|ez)|cre(?:e|er|ez)|fais-moi|aide-moi|dessine[rz]?|concevoir|concois|"  # fr
    r"tradui(?:re|s|sez)|resum(?:er|ez)|"
    r"schreib\w*|erstell\w*|entw(?:irf|erfen)|gestalte\w*|generier\w*|hilf mir|ubersetz\w*|zusammenfass\w*|debugg\w*|"  # de
    r"fass\w* (?:\w+ ){0,3}?zusammen|vat (?:\w+ ){0,3}?samen|"  # the verb split: "fasse den Bericht zusammen", "vat dit samen"
    r"scriv\w*|aiutami|fammi|gener(?:i|ino|are|ami|ate|asse|assero)|riassum\w*|tradu(?:ci|rre|cimi)|crea(?:re|mi|te)|prepar(?:a|are|ami|ate)|realizza(?:re|mi)?|disegna(?:re|mi)?|progetta(?:re|mi)?|"  # it
    r"escrev\w*|gera(?:r|m)?|gere|cri(?:a|ar|e)|ajud\w*|montar|traduz\w*|resumi(?:r|r)?|desenh(?:e|a|ar)|"  # pt
    r"schrijf\w*|schrijven|genereer\w*|maak|maken|aanmaken|opstellen|ontwerp(?:en)?|vertaal\w*|samenvat\w*|"  # nl
    r"napisz\w*|napisac|wygeneruj\w*|wygenerowac|stworz\w*|przygotuj\w*|przygotowac|zaprojektuj\w*|pomoz\w*|przetlumacz\w*|"  # pl
    r"podsumuj\w*|popraw\w*|przeredaguj\w*|"
    # "prepare", "correct", "improve", "rephrase" as requests
    r"preparame|preparanos|corrige(?:me)?|reformula(?:me)?|prepare-moi|corrigez|reformulez|ameliorez|"
    r"bereite|korrigiere|uberarbeite|formuliere|correggi|riformula|migliora|prepare|corrija|reformule|melhore|"
    r"verbeter|herschrijf|herformuleer|"
    # asked as a question to "you", or as an imperative the lists above miss: "¿me las redactas?", "tu peux relire
    # et améliorer ce communiqué ?", "mi prepari una tabella?", "consegue deixar o texto…?", "mach den Text knackiger"
    r"redactas|redactes|escribes|escribas|preparas|prepares|traduces|corriges|generas|disenas|mejoras|revisas|"
    r"mejorame|revisame|arreglame|"
    r"(?:tu peux|peux-tu|pouvez-vous|vous pouvez|pourrais-tu|pourriez-vous|tu pourrais|vous pourriez) (?:me |nous )?"
    r"(?:\w+ )?(?:relire|ameliorer|corriger|reecrire|reformuler|rediger|traduire|resumer|ecrire|creer|generer|"
    r"preparer|retravailler|peaufiner|proposer|expliquer|analyser)|ameliore|relis|reecris|peaufine|retravaille|"
    r"mach(?:e)? (?:mir|uns|den|die|das|es|ihn|sie|daraus|bitte|einen|eine|ein)|verbessere|uberarbeit\w*|"
    r"prepari|mi fai|sistemami|riscriv\w*|"
    r"(?:consegue|consegues|pode|podes|poderia|voce pode|voce consegue) (?:me )?(?:\w+ )?(?:fazer|deixar|escrever|criar|"
    r"montar|melhorar|revisar|ajustar|preparar|traduzir|resumir|gerar|explicar)|"
    r"deixa(?:r)? (?:o|a|os|as|esse|essa|este|esta|meu|minha) (?:texto|mensagem|post|email|e-mail|anuncio|copy)|"
    r"(?:kun|kan|kunt|zou) (?:je|jij|u) (?:[\w']+ ){0,6}?(?:schrijven|maken|verbeteren|herschrijven|vertalen|"
    r"samenvatten|opstellen|uitleggen|genereren)|"
    r"in (?:een |a |una |einer )?(?:tabel|table|tabla|tabella|tabelle)|dans un tableau|"
    r"rend(?:s|ez)? (?:ce|cette|le|la|les|ca|mon|ma|mes|notre|nos)|hazlo|haz (?:que|el|la|los|las|este|esta)|"
    r"rendi(?:lo|la)? (?:il|la|lo|questo|questa|piu)|"
    # "explain what it does", "suggest detection rules": work on what is handed over
    r"explain what (?:it|this|that|these|the \w+) (?:does|do|means?)|"
    r"suggest (?:some |a few |\w+ )?(?:\w+ )?(?:rules|iocs|improvements|fixes|changes|ideas|names|titles|edits|queries)|"
    r"expliqu\w* ce que (?:ca|cela|ce \w+) fait|erklar\w* (?:mir )?was (?:das|es|der \w+|dieser \w+) (?:macht|tut)|"
    r"explica(?:me)? (?:lo )?que hace|spiega(?:mi)? cosa fa|explica o que (?:isso|ele|esse \w+) faz|"
    r"leg uit wat (?:het|dit|dat) doet|wyjasnij co (?:to|ten \w+) robi|"
    # "format this", "organise this sheet", "document this code", "fix this": work on what is handed over
    r"(?:format|organi[sz]e|document|fix|sort out|rearrange|restructure) (?:this|these|that|my|our|the) |"
    r"(?:optimi[sz]e|refactor|speed up) (?:this|these|that|the|my|our) (?:\w+ )?(?:code|query|queries|sql|script|function|"
    r"pipeline|prompt|ad|ads|copy|text|email|notification)|(?:continue|finish|pick up|carry on(?: with)?|keep going with) (?:this|that|my|our|the) (?:story|text|"
    r"chapter|scene|script|draft|post|article|essay|code|fanfic)|"
    # "optimiza esta consulta", "continua la storia", "mi serve il file", "potrzebuję tekstów": work asked for
    r"optimiza (?:esta|este|estos|estas|mi|mis|el|la|los|las) |mejora (?:la|el|los|las|este|esta|estos|estas|mi|mis|nuestr\w*) (?:redaccion|texto|correo|codigo|"
    r"consulta|mensaje|anuncio|post|guion)|continua (?:la|el|esta|este|mi) (?:historia|texto|capitulo|relato|escena|codigo)|"
    r"optimise[rz]? (?:ce|cette|ces|mon|ma|mes|notre|nos) |"
    r"continue[rz]? (?:cette|ce|la|le|mon|ma) (?:histoire|texte|chapitre|recit|scene|code)|"
    r"optimiere? (?:diese\w*|meine\w*|unsere\w*|den|die|das) (?:code|abfrage|query|skript|script|text|funktion|prompt)|setze? (?:die|den|das|diese\w*|meine\w*) (?:geschichte|text|kapitel|szene|code)\w* fort|"
    r"ottimizza (?:questa|questo|questi|queste|il mio|la mia) |continua (?:la|il|lo|questa|questo|mia|mio) (?:storia|testo|capitolo|racconto|scena|codice)|"
    r"mi serv(?:e|ono) (?:il|lo|la|i|gli|le|un|uno|una|dei|delle) (?:file|testi|testo|codice|script|template|post|"
    r"messaggi|messaggio|immagini|immagine|video|etichette|documento|modello)|"
    r"otimiz(?:e|a) (?:esta|este|estes|estas|essa|esse|meu|minha|nosso|nossa) |continu(?:e|a) (?:a|o|esta|este|essa|esse|minha|meu) (?:historia|texto|capitulo|conto|cena|codigo)|"
    r"optimaliseer (?:deze|dit|mijn|onze) |ga (?:verder|door) met (?:het|dit|de|deze|mijn) (?:verhaal|tekst|hoofdstuk|scene|code)|"
    r"(?:zoptymalizuj|dokoncz|kontynuuj)(?:cie)? (?:ten|te|ta|to|tego|moj\w*|nasz\w*) |potrzebuj\w* (?:\w+ ){0,2}?(?:tekst|skrypt|kod|plik|wiadomosc|post|opis|list)\w*|"
    r"need (?:\d+|a few|some|several) (?:[\w-]+ ){0,3}?(?:variants|versions|drafts|texts|messages|posts|emails|captions|"
    r"headlines|notifications|reviews|comments|scripts)|"
    r"formatea|organiza (?:esta|este|estos|estas|mi|mis|nuestr\w*|la|el)|documenta (?:este|esta|el|mi)|arregla|reescrib\w*|"
    r"mets en forme|mettre en forme|organise (?:ce|cette|ces|mon|ma|mes|notre|nos|le|la|les)|documente (?:ce|cette|le|mon)|"
    r"formatier\w*|organisier\w*|dokumentier\w*|ordne (?:die|den|das|diese\w*|meine\w*|unsere\w*)|"
    r"formatta\w*|organizza\w*|documenta (?:questo|questa|il|la|il mio)|sistema (?:questo|questa|il|la|lo|i|le)|"
    r"format(?:e|a|ar) (?:esta|este|essa|esse|a|o|os|as|minha|meu|nossa|nosso)|organiz(?:e|a|ar) (?:esta|este|essa|esse|a|o|minha|meu|nossa|nosso)|"
    r"document(?:e|ar) (?:este|esta|esse|essa|o|a)|reescrev\w*|arrum\w*|"
    r"formatteer\w*|organiseer\w*|documenteer\w*|orden (?:deze|dit|die|mijn|onze|de|het)|"
    r"sformatuj\w*|uporzadkuj\w*|zorganizuj\w*|udokumentuj\w*|przepisz\w*)\b"
    r"|書いて|作って|作りたい|作成|デザインして|生成|翻訳|要約|まとめて|帮我|幫我|写一|寫一|编写|編寫|翻译|翻譯|总结|總結|制作|製作|"
    r"表にして|做成表格|整理成表|표로 |建立一|创建|創建|设计|設計|작성|디자인해|만들어|만들고|만들기|생성|번역|요약|써 ?줘|써 ?주"
    r"|直して|修正して|添削|手直し|リライト|書き直|考えて(?:ください|くれ|ほしい)|提案して|改善して|整えて|仕上げて"
    r"|改一下|改写|改寫|润色|潤色|修改一下|写个|寫個|做一个|做一個|做个|做個|起草|优化一下|優化一下|改得"
    r"|整理して|整理成|整理一下|排版|格式化|フォーマットして|(?:最適化|高速化|リファクタリング)して|続きを|继续写|繼續寫|优化|優化"
    r"|(?:고쳐|짜|다듬어|바꿔|정리해|수정해|손봐|꾸며|해) ?(?:줘|주세요|줄래|주실|주시겠|주십시오|줄 수)"
    # asked on someone's behalf: "써 달래요", "최적화해 달라고 합니다" (they ask us to write, to optimise)
    r"|(?:써|만들어|작성해|생성해|그려|짜|번역해|요약해|최적화해|시뮬레이션해|계산해) ?(?:달라|달래)"
)


# "Can I have it write…", "could it draft…", "is it ok to use it to…": asking what the service ("it") may do.
ASKS_TO_USE = re.compile(
    r"\b(?:can|could|may|might|would|should|is it (?:ok|okay|fine|allowed) to|am i allowed to|are we allowed to)\b"
    r"[^?.!]{0,40}\b(?:use|have|get|ask|make|let|tell|prompt|instruct|configure)\b[^?.!]{0,12}\b(?:it|this|them)\b"
    r"|\b(?:can|could|will|would) (?:it|this)\b (?!(?:be|rain|snow)\b)\w+"
)

# Asking leave: "can we…", "can the police use…", "puedo…", "darf ich…", "していいですか": with a kind of use
# named, a use in view.
ASKS_LEAVE = re.compile(
    r"\b(?:can|could|may|might) (?:i|we|they|he|she|my \w+|our \w+)\b"
    r"|\b(?:can|could|may|might|should)\b[^?.!]{0,60}\b(?:use|using|deploy|run|build|sell|offer|rely on)\b"
    r"|\b(?:puedo|podemos|puis-je|peut-on|est-ce qu.on peut|on peut|pourrait-on|on pourrait|darf ich|kann ich|durfen|posso|possiamo|mag ik|kan ik|mogen|moge|"
    r"mozemy)\b|\b(?:pued\w+|peu\w+|kann|konnen|darf|puo|possono|pode\w*|kunnen|mag|moze\w*) [^?.!]{0,60}"
    r"\b(?:usar|utiliser|utilise\w*|nutzen|verwenden|einsetzen|usare|utilizzare|utilizar|gebruiken|inzetten|"
    r"uzywac|wykorzyst\w*)\b"
    r"|してもいい|しても良い|してもよい|可以吗|可以嗎|能不能|可不可以|해도 되"
)
# Asking leave for a use, whatever else the question asks: "is it fine to…", "am I allowed to…", "est-il permis
# de…", "ist es erlaubt…", "czy wolno…".
ASKS_LEAVE_TO = re.compile(
    r"\b(?:is (?:it|that|this)|would (?:it|that) be|are (?:we|they)|am i|is (?:my|our) \w+)\b[^?.!]{0,20}"
    r"\b(?:ok|okay|fine|alright|allowed|permitted|acceptable|legit)\b(?: [^?.!]{0,30}?)? (?:to|for|if)\b"
    r"|\b(?:esta permitido|se permite|est-il permis|est-ce permis|a-t-on le droit|ist es erlaubt|darf man|"
    r"e consentito|si puo|e permitido|pode-se|is het toegestaan|mag je|czy wolno|czy mozna)\b"
    r"|してもいいですか|してもよいですか|しても大丈夫|是否允许|是否允許|允许吗|允許嗎|해도 되나요|해도 됩니까"
    # leave asked with any verb's te-form or stem: "アプリを作ってもいいですか", "用来做…可以吗", "만들어도 되나요"
    r"|[てで]もいいですか|[てで]もよいですか|[てで]も大丈夫|[てで]も構いませんか|[てで]もいい\?|可以吗|可以嗎|行吗|行嗎|"
    r"(?:어|아|여|해)도 (?:되나요|될까요|됩니까|돼요|괜찮)"
)

# "if", "when": a case put to the policy ("what counts as consent if we scan faces?").
CASE = re.compile(
    r"\b(?:if|when|whenever|once|wenn|falls|sobald|si|quand|lorsque|cuando|se|quando|als|wanneer|indien|jesli|"
    r"jezeli|gdy|kiedy)\b|如果|假如|もし|場合|경우"
)
