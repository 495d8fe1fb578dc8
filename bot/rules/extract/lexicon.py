"""What words mean: regular expressions over folded text (see text.fold), one list per fact value.

English first, then the main European languages. A pattern names a fact value; the extractor decides
what a mention means when it is negated or contradicted. Keep patterns general: they must serve any
phrasing of a question, not particular sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    fact: str
    value: object
    pattern: re.Pattern[str]


def _cues(fact: str, value: object, *patterns: str) -> list[Cue]:
    return [Cue(fact, value, re.compile(p)) for p in patterns]


_FACE = r"(?:face|faces|facial|faciales?|gesichts?\w*|visage|volto|rosto|gezicht\w*|cara|rostros?)"

FACE_RECOGNITION = _cues(
    "capabilities",
    "facial_recognition",
    r"\bfac(?:e|ial)[- ]?(?:recognition|recognise|recognize|recognising|recognizing|rec|reco|matching|match|"
    r"identification|identify|verification|verify|search|id|comparison|compare|biometrics?|scan(?:ning)?)\b",
    r"\bfrt\b",
    r"\bface (?:api|service)\b(?![^.?!;]{0,40}\b(?:blur\w*|count\w*|detect\w*|redact\w*|crop\w*))",
    r"\bacme face\b(?![^.?!;]{0,40}\b(?:blur\w*|count\w*|detect\w*|redact\w*|crop\w*))",
    r"\bselfie-to-id\b|\bface-to-id\b|\bselfie[- ]vs\.?[- ]id\b",
    r"\b(?:photos?|pictures?|images?|videos?) (?:they|he|she|you|i|we) (?:appear|show up) in\b",
    r"\bkasvojentunnistu\w*|\bkasvojen tunnistu\w*|\brozpoznavani obliceje?\b|\byuz tanima\w*|\bansiktsgjenkjenning\w*",
    r"\b(?:recogni[sz]e|recogni[sz]ing|identify|identifying|identification|verify|verifying|match|matching|"
    r"compare|comparing|look(?:ing)? up)\b[^.?!;]{0,60}\b(?:faces?|facial|mugshots?|headshots?)\b",
    r"\b(?:faces?|facial images?|mugshots?|selfies?|photos?|images?|footage|video)\b[^.?!;]{0,60}"
    r"\b(?:against|to) (?:a |the |our |their )?(?:database|watch ?list|gallery|mugshots?|suspects?|"
    r"id (?:photos?|cards?)|passports?|records?)\b",
    r"\b(?:identify|identifying|recogni[sz]e|recogni[sz]ing|who (?:is|are))\b[^.?!;]{0,40}\b(?:people|persons?|"
    r"individuals?|suspects?|someone|strangers|passers-?by|shoppers|customers|protesters|attendees|drivers|"
    r"pedestrians|faces|employees|visitors|students|players|fans|criminals|offenders)\b[^.?!;]{0,60}\b(?:from|in|on|"
    r"using|with|via|by) (?:their )?(?:faces?|photos?|images?|pictures?|video|footage|cctv|cameras?|bodycams?|"
    r"dashcams?|selfies?|live feeds?)\b",
    r"\b(?:selfie|face)[- ](?:verification|check|match|login|unlock|authentication|id)\b",
    r"\b(?:verify|verifying|authenticate|authenticating)\b[^.?!;]{0,50}\b(?:selfies?|faces?|photo id)\b",
    r"\b(?:one|1)[- ]?(?:to|:)[- ]?(?:many|n)\b(?: matching)?",
    r"\bface ?id\b",
    r"\breconnaissance faciale\b",
    r"\bgesichtserkennung\b",
    r"\bgesichtsabgleich\b",
    r"\breconocimiento facial\b",
    r"\briconoscimento facciale\b",
    r"\breconhecimento facial\b",
    r"\bgezichtsherkenning\b",
    r"\bansiktsigenkanning\w*\b",
    r"التعرف على الوجوه|التعرّف على الوجوه|التعرف على الوجه|αναγνώριση προσώπ|चेहरे की पहचान",
    r"\bansigtsgenkendelse\w*\b",
    r"\brozpoznawani\w* twarzy\b",
    r"\bgesichts(?:verifi|erkenn|abgleich|identifi|vergleich|scan)\w*",
    r"\brecogni[sz]\w* (?:who|which (?:person|user|member|family member|employee|customer))\b",
    r"얼굴 ?인증|안면 ?인식",
    r"顔認識",
    r"顔認証",
    r"顔照合",
    r"人脸识别",
    r"人臉識別",
    r"얼굴 ?인식",
    r"\bidentifi\w* (?:des |de |las |los |le |die |i )?(?:personnes|personen|personas|persone|pessoas|suspects|verdachtige|sospechosos)\b",
)

# Facial recognition is also read from co-occurrence anywhere in a question: a face word with an
# identity word ("match the selfie against the ID"), or a picture word with a person-identity
# phrase ("identify people from the footage"). See extractor._face_recognition.
FACE_TERM = re.compile(
    r"\b(?:faces?|facial\w*|face-based|selfies?|mugshots?|headshots?|face (?:api|service|scans?|id)|acme face|"
    r"visages?|gesicht\w*|rostros?|caras?|volti|volto|rostos?|gezicht\w*|ansikt\w*|ansigt\w*|twarz\w*|"
    r"portraits?|id photos?|photo ids?|by (?:their |his |her )?faces?|selfie\w*|dni)\b|顔|人脸|얼굴|πρόσωπ|προσωπ|"
    r"चेहर|सेल्फी|الوجوه|الوجه"
)
IDENTITY_TERM = re.compile(
    r"\b(?:identif\w*|identit\w*|verif\w*|recogni[sz]\w*|reconn\w*|erkenn\w*|reconoc\w*|riconosc\w*|reconhec\w*|"
    r"herken\w*|igenkann\w*|rozpoznaw\w*|match\w*|compar\w*|abgleich\w*|who (?:is|are|they are|this person)|"
    r"tunnist\w*|tunnista\w*|gjenkjenn\w*|tani\w*|appear in|show up in|coincid\w*|confront\w*|vergleich\w*|"
    r"overeenkom\w*|known (?:shoplifters?|offenders?|thieves|troublemakers?|criminals?|suspects?|persons?|people)|"
    r"αναγνωρ\w*|पहचान|"
    r"re-?identif\w*|same person|authenticat\w*|sign(?:s|ing)? ?(?:in|on)|log ?in|login|unlock\w*|access control|"
    r"door access|entry|check-?in|watch ?list|database|search\w*|track\w* across|flag\w*|spot\w*|genkend\w*|"
    r"tozsamos\w*|identitet\w*|turnstiles?|key ?fobs?|badges?|instead of (?:a |their )?(?:keys?|cards?|badges?|fobs?|"
    r"passwords?|pins?|tickets?)|id(?= (?:people|them|him|her|suspects?|persons|individuals|everyone|anyone))|"
    r"(?:work|figure|find) out who|(?:tell|see|know|check|confirm) who|"
    r"against\b[^.?!;]{0,30}\b(?:records|database|mugshots|watch ?lists?|lists?|gallery|photos?))\b"
    r"|認識|認証|识别|인식|照合|特定"
)
PICTURE_TERM = re.compile(
    r"\b(?:cameras?|cctv|footage|videos?|photos?|photographs?|pictures?|images?|stills?|bodycams?|dashcams?|feeds?|"
    r"webcams?|kamera\w*|camaras?|telecamer\w*|photo|cams?|clips?|recordings?|doorbells?|snapshots?|snaps?|"
    r"kamer\w*|camera\w*|foto\w*|bild\w*|imag\w*|video\w*)\b|カメラ|映像|画像|写真"
)
PERSON_IDENTITY = re.compile(
    r"\b(?:identif\w*|recogni[sz]\w*|verif\w*)\b[^.?!;]{0,30}\b(?:people|persons?|individuals?|suspects?|someone|"
    r"strangers|passers-?by|shoppers?|customers?|visitors?|offenders?|criminals?|him|her|them|identit\w*|"
    r"employees?|players?|fans?|attendees?|drivers?|students?|patients?|guests?|renters?|users?|shoplifters?|"
    r"thie(?:f|ves)|burglars?|robbers?|intruders?|trespassers?|vandals?|rioters?|looters?|gang members?|"
    r"perpetrators?|perps?|culprits?|fugitives?|missing (?:persons?|people|children)|children|kids|workers?|staff|"
    r"members?|residents?|tenants?|citizens?|protesters?|demonstrators?|passengers?|travel+ers?|voters?|men|women|"
    r"everyone|everybody|anyone|anybody|pedestrians?|bystanders?|detainees?|inmates?|prisoners?|arrestees?|"
    r"migrants?|refugees?|journalists?|activists?|celebrit\w*|influencers?|hosts?|members?)\b"
    r"|\bwho (?:is|are) (?:this|that|these|the) (?:person|people|man|woman|guy|individual)\b"
    r"|\bwho (?:they|he|she) (?:are|is)\b|\bidentity of\b"
    r"|\b(?:work|figure|find) out who\b|\b(?:tell|see|know|check|confirm|recogni[sz]\w*) who\b"
    r"|\b(?:watch ?lists?|wanted (?:list|persons?|people)|most wanted|fahndungslist\w*|ricercati|buscados|"
    r"procurados|gezochte|poszukiwan\w*|efterlyst\w*|eftersogt\w*)\b"
    r"|\b(?:confirm\w*|check\w*|establish\w*|prov\w*|verif\w*)\b[^.?!;]{0,40}\bidentit\w*"
    r"|\bid\b (?:people|them|him|her|suspects?|persons|individuals|everyone|anyone|drivers|shoppers)\b"
    r"|\bmatch\w*\b[^.?!;]{0,50}\bagainst\b[^.?!;]{0,30}\b(?:lists?|database|watch ?list|records|mugshots|gallery|"
    r"wanted|suspects|portraits?|photos?)\b"
    r"|\b(?:tozsamos\w*|identitet\w*|identite|identitat|identidad|identita|identidade|identiteit)\b"
    r"|\b(?:identifi\w*|riconosc\w*|reconhec\w*|reconoc\w*|reconna\w*|erkenn\w*|herken\w*|genkend\w*|"
    r"igenkann\w*|rozpozn\w*)\b"
    r"|特定|照合|識別"
)

FACE_DETECTION = _cues(
    "capabilities",
    "face_detection",
    r"\bface[- ]?detection\b",
    r"\bdetect\w* (?:a |the |any |all |human |every )*faces?\b",
    r"\b(?:mouth|eyes? (?:are )?(?:open|closed)|blink\w*)\b",
    r"年龄段|年齡段|연령대|\bikaryhm\w*|\bvekov\w* skupin\w*|\byas (?:grubu|araligi)\b|\baldersgrupp\w*|\baldersgruppe\w*",
    r"\b(?:rozmaz\w*|sumenn\w*|bulaniklas\w*|utydeliggj\w*|slora)\b",
    r"\b(?:exactly|only) (?:one|1) faces?\b|\bexakt ett ansikte\b|\bcent(?:er|re)d\b|\bcentrer\w*|\bauto-?crop\w*\b",
    r"\b(?:where|whether) (?:the |a )?faces? (?:is|are)\b|\bface (?:position|landmarks?|pose)\b|\bliveness\b",
    r"\b(?:finds?|finding|smudg\w*|obscur\w*) (?:the |all |every |any )?(?:\w+ )?faces\b",
    r"\b(?:count|counting|blur|blurring|redact|redacting|pixelat\w*|anonymi[sz]\w*|mask|masking|locate|locating|"
    r"find|finding)\b[^.?!;]{0,25}\bfaces?\b",
    r"\bfaces?\b[^.?!;]{0,20}\b(?:blurr?(?:ed|ing)?|redact(?:ed|ion)|bounding box(?:es)?)\b",
    r"\b(?:age range|age bracket|age group|age band|hair colou?r|head pose|smil(?:e|es|ing)|frown\w*|"
    r"mouth position|glasses)\b",
    r"\b(?:count|counting) (?:the )?(?:number of )?(?:people|visitors|shoppers|persons)\b",
    r"\b(?:count\w*|how many|hur manga|wie viele|combien|cuantas|quante|quantas|hoeveel)\b[^.?!;]{0,30}"
    r"\b(?:people|visitors|shoppers|persons|faces|customers|guests|ansikten|gesichter|visages|caras|volti|rostos|"
    r"gezichten|personen|personnes|personas|persone|pessoas)\b",
    r"\b(?:detection (?:de|des) visages|flouter?|verpixel\w*|unkenntlich|difumin\w*|pixel\w*|sfoca\w*|desfoc\w*|"
    r"vervag\w*|rakna|tael\w*|zahl\w*|contar|compter|contare|liczy\w*)\b[^.?!;]{0,40}\b(?:visages?|gesicht\w*|caras?|rostros?|volti|"
    r"rostos?|gezicht\w*|ansikt\w*|personnes|personen|personas|persone|pessoas)\b",
    r"\b(?:fascia d'eta|tranche d'age|altersgruppe\w*|rango de edad|faixa etaria|leeftijdscategorie\w*|"
    r"grupo de edad|classe d'age)\b",
)

EMOTION = _cues(
    "capabilities",
    "emotion_inference",
    r"\b(?:emotions?|emotional(?: states?)?|moods?|feelings?|affect recognition|anger|angry|happy|happiness|"
    r"sadness|sad|fear\w*|frustrat\w*|stress(?:ed)?|anxious|anxiety|distress\w*|nervous\w*|calm|upset|bored\w*|"
    r"panic\w*|scared|afraid|agitat\w*|aggressive|hostil\w*|irritat\w*|aburrid\w*|frustrad\w*|enfadad\w*|"
    r"enojad\w*|ennuy\w*|gelangweilt|wutend|annoiat\w*|arrabbiat\w*|entediad\w*|"
    r"excite\w*|lying|liars?|lie detect\w*|deception|deceptive|how (?:they|he|she|people|customers) feel\w*|"
    r"engagement levels?|attentive\w*|boredom)\b",
    r"\bemotions?\b",
    r"\bemocion\w*\b",
    r"\bemozion\w*\b",
    r"\bemoc(?:ao|oes)\b",
    r"\bemoties?\b",
    r"\b(?:tunnetil\w*|tunte\w*|emocj\w*|emoc[ei]\w*|folelse\w*|kansl\w*|duygu\w*|nalad\w*)\b",
    r"긴장|불안|화났|기분|नर्वस|भावना|मूड|συναισθ\w*|مشاعر|عواطف",
    r"面部表情|表情|情绪|情緒|感情|無聊|无聊|焦虑|焦慮|감정|표정",
    r"\bgefuhl\w*\b",
    r"\bstimmung\w*\b",
    r"\bsentiments?\b",
)
# Emotion words only count with a physical, physiological or behavioural signal (clause 4.1);
# "sentiment of our support emails" is text classification, a productivity use.
EMOTION_SIGNAL = re.compile(
    r"\b(?:face|faces|facial|expressions?|webcams?|cameras?|video|cctv|footage|voice|voices|tone of voice|"
    r"speech|audio|calls?|gait|posture|body language|heart ?rate|pulse|physiolog\w*|biometric\w*|eye|eyes|"
    r"gaze|keystrokes?|typing|mouse|microexpressions?|bodycams?|visage|visages|gesicht\w*|stimme|voix|voz|"
    r"voce|rostro|cara|volto|rosto|gezicht\w*|camara|kamera\w*|webcam|callers?|sounds?|sounding|tone|intonation|"
    r"pitch|kasvo\w*|oblicej\w*|twarz\w*|yuz\w*|ansikt\w*|ansigt\w*|interview (?:video|footage|recordings?))\b|"
    r"摄像头|攝像頭|面部|顔|表情|얼굴|카메라|영상|वीडियो|فيديو"
)

# "Break visitors down by ethnicity" is inference when it rests on faces, voices or bodies.
SENSITIVE_BREAKDOWN = re.compile(
    r"\b(?:by|into|per|according to|based on) (?:their )?(?:perceived |apparent |likely |probable )?"
    r"(?:gender|race|ethnicity|ethnic group|religion|nationality|sexual orientation|skin colou?r)\b"
)

SENSITIVE = _cues(
    "capabilities",
    "sensitive_attribute_inference",
    r"\b(?:infer\w*|predict\w*|guess\w*|determin\w*|detect\w*|estimat\w*|classif\w*|identify\w*|deduc\w*|"
    r"work(?:ing)? out|tell|assess\w*|label\w*|tag\w*|recogni[sz]\w*|figur\w* out|derive\w*|afleid\w*|"
    r"ableit\w*|bestimm\w*|dedui\w*|inferir|inferire|dedurre|deduzir|determinar|stabilire|adivin\w*|indovin\w*|"
    r"whether|which (?:customers|people|visitors|employees|users|shoppers|callers|klanten) (?:are|is|zijn))\b[^.?!;]{0,60}"
    r"\b(?:gender|sex(?! life)|race|racial|ethnicity|ethnic (?:origin|background)|nationality|religion|religious|"
    r"exact age|specific age|precise age|ages?(?! ?(?:range|bracket|group|band|categor)\w*)|how old|"
    r"skin colou?r|caste|disability status|pregnan\w*|male or female|female or male|men or women|man or woman|"
    r"boy or girl|muslims?|moslims?|christians?|jews|jewish|hindus?|sikhs?|catholics?|buddhists?|atheists?|"
    r"religio\w*|ethni\w*|herkomst|afkomst|cinsiyet\w*|etnik\w*|sukupuol\w*|pohlavi|narodnost\w*|plec\w*|kjonn|kon)\b",
    r"性别|性別|种族|種族|民族|宗教|年龄(?!段)|성별|인종",
    r"\b(?:actual|real|exact|precise|specific|true|genaue[nsr]?|exakte[nsr]?) ages?\b",
    r"धर्म|जाति|الدين|ديانة|θρήσκευμα",
    r"\b(?:gender|sex|race|ethnicity|ethnic origin|nationality|religion|cinsiyet\w*|etnik\w*|geschlecht\w*|"
    r"ethnie|herkunft|religion|sukupuol\w*|kjonn)\b[^.?!;]{0,60}\b(?:tahmin\w*|belirle\w*|bestimm\w*|ermittel\w*|"
    r"erkenn\w*|schatz\w*|ableit\w*|arvioi\w*|paattel\w*|estimer|deviner|detecter)\b",
    r"(?:性别|性別|种族|種族|民族|宗教|성별|인종)[^。？！]{0,20}(?:判断|推测|推測|识别|識別|估计|推定|추정|판단)",
    r"\b(?:gender|race|ethnicity|nationality|religion)[- ](?:detection|classification|prediction|recognition|"
    r"inference|estimation)\b",
    r"\b(?:genaue[nsr]?|exakte[nsr]?) alter\b|\bage exact\b|\bedad exacta\b|\beta esatta\b|\bidade exata\b|"
    r"\bexacte leeftijd\b",
    r"\b(?:genre|sexe|origine ethnique|geschlecht|ethnie|religion|raza|etnia|religione|etnia|religiao|afkomst)\b",
)

BIOMETRIC_CATEGORISATION = _cues(
    "capabilities",
    "biometric_categorisation",
    r"\b(?:categori[sz]\w*|classif\w*|sort\w*|group\w*|segment\w*|profil\w*|infer\w*|predict\w*|deduc\w*|"
    r"determin\w*|guess\w*|tell|flag\w*|identif\w*|spot\w*|detect\w*|find out|work out|label\w*|estimat\w*|"
    r"assess\w*|figure out|split\w*|capir\w*|comprendre|verstehen|entender|perceber|begrijpen)\b[^.?!;]{0,80}\b(?:political (?:opinions?|views?|leanings?|affiliation)|politics|"
    r"union membership|trade union|union members?|religious (?:beliefs?|affiliation)|philosophical beliefs?|"
    r"sexual orientation|sex life|gay|lesbian|lgbt\w*|sexuality|left-wing|right-wing|leftists?|rightists?|"
    r"liberals?|conservatives?|democrats?|republicans?|party (?:affiliation|membership|members)|voters? for|"
    r"orientamento politico|"
    r"orientation politique|politische (?:einstellung|orientierung|gesinnung)|orientacion politica|"
    r"orientacao politica|politieke (?:voorkeur|orientatie)|poglady polityczne)\b",
    r"\bbiometric categori[sz]ation\b",
)
# Categorising by political view etc. is biometric when it rests on bodies, faces or voices.
BIOMETRIC_SIGNAL = re.compile(
    r"\b(?:biometric\w*|face|faces|facial|photos?|images?|video|voice|voices|gait|fingerprints?|iris|"
    r"selfies?|cctv|footage|appearance|cameras?|the way they (?:move|walk|look)|how they (?:look|move|walk))\b"
)

SOCIAL_SCORING = _cues(
    "capabilities",
    "social_scoring",
    r"\bsocial[- ]?(?:scor\w*|credit)\b",
    r"\bcitizen (?:scor\w*|ranking|rating)\b",
    r"\bpredictive (?:profiling|policing)\b",
    r"\b(?:trust(?:worthiness)?|reliability|behaviou?r(?:al)?|loyalty|morality|character|conduct|citizen|"
    r"social|lifestyle) (?:\w+ )?(?:scor\w*|ratings?|rankings?)\b",
    r"\b(?:scor\w*|rank\w*|rat(?:e|ing))\b[^.?!;]{0,40}\b(?:citizens|residents|tenants|neighbou?rs|people|customers|"
    r"applicants|employees|users|students|workers|patients|members)\b"
    r"[^.?!;]{0,60}\b(?:behav\w*|social media|lifestyle|associations?|trustworth\w*|friends|private li\w*)\b",
    r"\bpredict\w*\b[^.?!;]{0,60}\b(?:who|which (?:people|persons|individuals|residents|citizens)|people|"
    r"individuals|persons)\b[^.?!;]{0,40}\b(?:will|would|is likely to|are likely to|might|may)\b[^.?!;]{0,30}"
    r"\b(?:commit|reoffend|re-offend|offend|become criminals?|crimes?|steal|riot)\w*",
    r"\b(?:crime|criminality|recidivism|reoffending) (?:prediction|forecasting|risk scor\w*)\b",
    r"\b(?:predict\w*|profil\w*|forecast\w*|estimat\w*)\b[^.?!;]{0,80}\b(?:applicants?|candidates?|people|"
    r"persons|individuals|employees|workers|tenants|residents|citizens|students|customers|patients|claimants|"
    r"recipients?|beneficiar\w*|who(?:'s| is| are| will)|which of)\b"
    r"[^.?!;]{0,100}\b(?:rank\w* (?:them )?lower|reject\w*|exclud\w*|deny|denied|denying|filter\w* (?:them )?out|"
    r"penali[sz]\w*|blacklist\w*|depriorit\w*|screen\w* (?:them )?out|refus\w*|fire|firing|dismiss\w*|"
    r"pull\w* (?:them )?off|demot\w*|pass\w* (?:them )?over|withh[oe]ld\w*|turn\w* down|cut (?:them )?off|freez\w*|"
    r"suspend\w*|cancel\w*|stop\w* (?:their )?(?:payments?|benefits?)|restrict\w*|limit\w* (?:their )?access)\b",
    r"\b(?:punkty|punkte|points|puntos|punti|pontos) (?:za|fur|for|por|per) [\"']?(?:\w+ )?(?:dobre|gutes|good|buen|buon|bom)\w* "
    r"(?:zachowanie|verhalten|behaviou?r|comportamiento|comportamento)\b",
    r"\bmost likely to (?:commit|reoffend|re-offend|default|steal|cheat|defraud)\b",
    r"\b(?:notation sociale|sozialkredit\w*|social scoring|puntuacion social|punteggio sociale)\b",
)

VULNERABILITY = _cues(
    "capabilities",
    "vulnerability_exploitation",
    r"\b(?:exploit\w*|prey(?:ing)? on|take advantage of|manipulat\w*|pressur\w*|trick\w*|target\w*|nudg\w*|"
    r"push\w*|upsell\w*|lure\w*|coerc\w*)\b"
    r"[^.?!;]{0,100}\b(?:vulnerab\w*|memory (?:problems?|loss|issues)|(?:financial|economic|money) "
    r"(?:distress|hardship|difficult\w*|troubles?)|struggling|elderly|seniors?|older (?:people|adults|customers)|pensioners|retirees|"
    r"children|kids|minors|teens|teenagers|disab\w*|dementia|cognitive(?:ly)? (?:impair\w*|decline)|"
    r"low[- ]income|poor|poverty|debt|indebted|financially distressed|gambling addicts?|addicts?|"
    r"desperate|grieving|lonely|homeless|unemployed)\b",
    r"\b(?:vulnerab\w*|elderly|children|disabled)\b[^.?!;]{0,40}\b(?:into|to) (?:buy\w*|sign\w*|spend\w*|"
    r"borrow\w*|gambl\w*|pay\w*)\b",
    r"\bpredatory (?:loans?|lending|ads?|advertising|marketing)\b",
    r"\b(?:vulnerab\w*|elderly|seniors|older (?:people|adults|customers)|children|kids|minors|teens|"
    r"teenagers|disab\w*|dementia|cognitive (?:decline|impairment)|confused|low[- ]income|addicts?|gamblers|"
    r"(?:financial|economic|money|cash) (?:distress|hardship|difficult\w*|troubles?|problems?)|in debt|"
    r"struggling|desperate|kid|child|under-\d+s?)\b[^.?!;]{0,100}"
    r"\b(?:nudg\w*|push\w*|pressur\w*|manipulat\w*|trick\w*|exploit\w*|upsell\w*|lure\w*|harder|target\w*|"
    r"most likely to (?:cave|buy|spend|pay|give in|click)|cave|loot ?box\w*|impulse (?:buy|purchas)\w*)\b",
)

SURVEILLANCE = _cues(
    "capabilities",
    "surveillance",
    r"\bsurveil\w*\b(?! ?(?:cameras?|cams?|footage|videos?|cctv|images?|recordings?|stills?|clips?|feeds?|systems?))",
    r"\bspy(?:ing)? on\b",
    r"\bstalk\w*\b",
    r"\bpersistent(?:ly)? track\w*\b",
    r"\b(?:track\w*|follow\w*|monitor\w*|watch\w*|locat\w*|keep(?:ing)? (?:\w+ )?tabs on|keep(?:ing)? track of|trac\w*|bijhoud\w*)\b[^.?!;]{0,40}\b(?:people|"
    r"technicians?|engineers?|nurses?|couriers?|reps?|salespeople|"
    r"contractors?|agents?|motoristas|trabalhadores|clientes|residents?|where (?:\w+ ){0,3}(?:are|is|goes?|go)|"
    r"persons?|individuals?|employees?|staff|workers?|drivers?|students?|citizens?|residents?|protesters?|"
    r"journalists?|activists?|someone|somebody|him|her|them|a person|users?|customers?|shoppers?|visitors?|"
    r"patients?|tenants?|children|partners?|ex-?partners?|spouses?|suspects?|movements?|whereabouts|"
    r"locations?|routes?|every move|where (?:he|she|they) go\w*)\b",
    r"\b(?:movement|behaviou?r(?:al)?|location) profiles?\b",
    r"\bacross (?:visits|days|weeks|sessions)\b",
    r"\breturning (?:customers|shoppers|visitors)\b",
    r"\b(?:monitor\w*|surveill\w*|uberwach\w*|vigil\w*|sorvegli\w*|controll\w*|observ\w*|suivre|suivi|"
    r"verfolg\w*|rastrea\w*|traccia\w*|volg\w*|follow\w*|bijhoud\w*)\b[^.?!;]{0,60}\b(?:dipendent\w*|mitarbeit\w*|"
    r"employe\w*|empleado\w*|funcionari\w*|werknemer\w*|medewerker\w*|salarie\w*|livreurs?|fahrer\w*|"
    r"conductor\w*|autist\w*|chauffeurs?|personne\w*|persone|pessoas|personas|motoristas|trabalhadores|clientes|"
    r"kierowc\w*|sjafor\w*|kuljet\w*|surucu\w*)\b",
    r"\b(?:suivre|suivi|monitorare|monitorer|surveiller|uberwachen|vigilar) (?:en continu|di continuo|"
    r"continuamente|standig|permanent\w*)\b|\b(?:en continu|di continuo|den ganzen tag|toute la journee|"
    r"todo el dia|tutto il giorno|de hele dag|hele dagen|caly dzien)\b",
    r"\bgeolocali[sz]\w*|\bgeolokalis\w*|\bgps[- ]?(?:tracking|ortung)\b|\bstandortverfolgung\b",
    r"\bwhenever (?:he|she|they) (?:shows? up|appears?|comes? in|walks? in)\b",
    r"\b(?:location|movement|gps) (?:tracking|history|monitoring)\b",
    r"\b(?:across|between) (?:multiple |all |our )?(?:cameras|stores|sites|cities)\b",
    r"\b(?:all day|around the clock|24/7|continuous(?:ly)?|ongoing|constant(?:ly)?)\b[^.?!;]{0,40}\b(?:track\w*|"
    r"monitor\w*|watch\w*|surveil\w*)\b",
    r"\b(?:uberwach(?!ungs?(?:video|kamera|bild|aufnahme))\w*|vigilancia(?! (?:video|camaras?))|sorveglianza(?! video)|"
    r"bewaking(?:s(?!camera))?|pistage)\b",
)

PRODUCTIVITY = _cues(
    "capabilities",
    "productivity",
    r"\bsummar(?:i[sz]\w*|y|ies)\b",
    r"\bdraft\w*\b",
    r"\btranslat\w*\b",
    r"\btranscri\w*\b",
    r"\bclassif\w*\b[^.?!;]{0,30}\b(?:documents?|tickets?|emails?|files?|reports?|requests?|complaints?|"
    r"messages?|invoices?|contracts?|records?|forms?)\b",
    r"\b(?:categori[sz]\w*|sort\w*|triag\w*|tag\w*|route|routing)\b[^.?!;]{0,30}\b(?:documents?|tickets?|"
    r"emails?|files?|reports?|requests?|complaints?|messages?|invoices?|cases?|contracts?|cvs?|resumes?|receipts?|"
    r"claims?|letters?|folders?)\b",
    r"\b(?:write|writing|review\w*|debug\w*|refactor\w*|generat\w*|complet\w*)\b[^.?!;]{0,20}\b(?:code|"
    r"scripts?|programs?|software|sql|unit tests)\b",
    r"\b(?:coding|programming|code review|code completion|copilot)\b",
    r"翻译|翻譯|翻訳|摘要|总结|總結|要約|번역|요약",
    r"\bcustomer (?:support|service|care|queries|questions|inquiries|enquiries)\b",
    r"\b(?:help ?desk|service desk|support (?:chatbot|bot|agent|tickets?))\b",
    r"\b(?:kundenservice\w*|kundendienst\w*|servicio al cliente|atencion al cliente|service client\w*|"
    r"assistenza clienti|atendimento ao cliente|klantenservice|obslug\w* klienta|streszcz\w*)\b",
    r"\b(?:answer\w*|respond\w* to|handl\w*)\b[^.?!;]{0,40}\b(?:questions|queries|inquiries|enquiries|faqs?)\b",
    r"\b(?:write|writing|compose|composing|proofread\w*|rewrit\w*|edit\w*|polish\w*)\b[^.?!;]{0,30}\b(?:emails?|"
    r"letters?|reports?|memos?|press releases?|documents?|minutes|notes|statements?|policies|articles?|posts?)\b",
    r"\b(?:meeting (?:notes|minutes)|minute[- ]taking|note[- ]taking)\b",
    r"\b(?:resum\w*|tradu\w*|transcri\w*|zusammenfass\w*|ubersetz\w*|transkri\w*|riassum\w*|sintetizz\w*|"
    r"samenvat\w*|vertal\w*|opsummer\w*|sammenfat\w*|oversaet\w*|oversett\w*|sammanfatt\w*|podsumow\w*|"
    r"przetlumacz\w*|referat\w*|protokoll\w*|μετάφρασ\w*|ترجم\w*|अनुवाद|redact\w* (?:un |une |des )?(?:courriels?|rapports?|lettres?))\b",
)

POLICE = _cues(
    "actor_type",
    "police_department",
    r"\bpolice\b",
    r"\bpolicing\b",
    r"\bpolicemen\b",
    r"\bpolicewomen\b",
    r"\bcops?\b",
    r"\bsheriff\w*\b",
    r"\b(?:state )?troopers?\b",
    r"\bhighway patrol\b",
    r"\bconstabular\w*\b",
    r"\bconstables?\b",
    r"\bofficers? on patrol\b",
    r"\bpatrol officers?\b",
    r"\b[a-z]{1,5}pd\b",
    r"\bp\.d\.\b",
    r"\bpd\b",
    r"\b\w*polizei\w*\b",
    r"\bpolic[ie]a\b",
    r"\bpolicj\w*\b",
    r"\bpolisen\b",
    r"\bpolis\b",
    r"\bthe met\b(?! (?:museum|opera|gala|office))",
    r"保安官",
    r"警視庁",
    r"\bgardai\b",
    r"\bpoliti\b",
    r"\bpsp\b",
    r"\bkantonspolizei\b",
    r"\bpoliisi\w*\b",
    r"\bpolicie\b",
    r"\bpolitie\w*\b",
    r"\bpolis\w*\b",
    r"\bpolitiet\b",
    r"\bpolizia\w*\b",
    r"\blka\b",
    r"\bbwc\b(?= )",
    r"\bjandarma\b",
    r"\bemniyet\b",
    r"공안|公安|경찰청",
    r"\bcampus pd\b",
    r"\b(?:police|patrol|duty|arresting|uniformed|traffic) officers?\b",
    r"\bofficers? on (?:patrol|duty|the beat)\b",
    r"\b(?:patrol|squad|police) cars?\b",
    r"\bstreifenwagen\w*\b",
    r"\bviaturas?\b",
    r"\bbetjent\w*\b",
    r"\bmet's\b",
    r"警察",
    r"경찰",
    r"\bpolizia\b",
    r"\bpolitie\b",
    r"\bpolitiet\b",
    r"\bgendarm\w*\b",
    r"\bcarabinieri\b",
    r"\bguardia civil\b",
    r"\bmossos\b",
    r"\bgarda\b",
    r"\bmet police\b",
    r"\brcmp\b",
    r"\bmounties\b",
    r"\bscotland yard\b",
    r"\bopp\b",
    r"\bprecinct\w*\b",
    r"\bpolicier\w*\b",
    r"\bpolizist\w*\b",
    r"\bagentes? de policia\b",
    r"\bpoliciais\b",
    r"\blaw[- ]enforcement\b",
    r"\bpolice agenc\w*\b",
    r"府警",
    r"県警",
    r"道警",
    r"شرطة",
    r"الشرطة",
    r"αστυνομ\w*",
    r"पुलिस",
    r"\bpolitieagent\w*\b",
)

LAW_ENFORCEMENT = _cues(
    "actor_type",
    "law_enforcement",
    r"\bfbi\b",
    r"\bdea\b",
    r"\batf\b",
    r"\bcbp\b",
    r"\bus marshals?\b",
    r"\bsecret service\b",
    r"\bhomeland security\b",
    r"\bborder (?:guards?|force|patrol|agents?|control|agency)\b",
    r"\bcustoms (?:officers?|agents?|agency)\b",
    r"\bimmigration (?:officers?|agents?|enforcement)\b",
    r"\binterpol\b",
    r"\bLE\b",
    r"\bleas?\b",
    r"\bguardia nacional\b",
    r"\bguarda nacional\b",
    r"\bgarde nationale\b",
    r"\bnational guard\b",
    r"\beuropol\b",
    r"\bbka\b",
    r"\bdetectives?\b",
    r"\binvestigators?\b",
    r"\bprosecutors?\b",
    r"\bdistrict attorneys?\b",
    r"\bprison (?:guards?|officers?|service)\b",
    r"\bcorrections? (?:officers?|department)\b",
    r"\bforces de l'ordre\b",
    r"\bstrafverfolgung\w*\b",
    r"\bfuerzas de seguridad\b",
    r"\bforze dell'ordine\b",
    r"\bwetshandhaving\b",
    r"\bordnungsamt\b",
)

COURT = _cues("actor_type", "court", r"\bcourts?\b", r"\bjudges?\b", r"\bcourt officials?\b", r"\btribunal\w*\b")

GOVERNMENT = _cues(
    "actor_type",
    "government",
    r"\bgovernment\w*\b(?! ?(?:-?issued|id|ids|identification|photo id|documents?))",
    r"\b(?:parks|public works|transport\w*|health|housing|water|fire|sanitation|education|tax|revenue) department\b",
    r"\bcity of\b",
    r"\bministry\b",
    r"\bministries\b",
    r"\bcity (?:council|hall|government)\b",
    r"\bmunicipalit\w*\b",
    r"\bpublic (?:sector|agency|body|authority)\b",
    r"\bagency\b",
    r"\bdmv\b",
    r"\bschool district\b",
    r"\bpublic school\w*\b",
    r"\bcounty (?:council|government|office)\b",
    r"\bfederal (?:agency|department)\b",
    r"\bstate (?:agency|department)\b",
    r"\bregierung\b",
    r"\bgouvernement\b",
)

ENTERPRISE = _cues(
    "actor_type",
    "enterprise",
    r"\b(?:company|companies|business(?:es)?|retailers?|stores?|shops?|supermarkets?|banks?|fintech|startups?|"
    r"employers?|enterprises?|corporations?|firms?|brands?|hotels?|casinos?|airlines?|airports?|stadiums?|"
    r"arenas?|gyms?|insurers?|insurance compan\w*|landlords?|hospitals?|clinics?|universit\w*|schools?|"
    r"nonprofits?|non-profits?|charit\w*|ngos?|vendors?|resellers?|integrators?|partners?|manufacturers?|"
    r"logistics|warehouses?|call cent(?:er|re)s?|app|apps|platforms?|saas|marketplace|e-?commerce|"
    r"dating (?:app|site)|gaming|game studio|media compan\w*|newsroom|law firm|hr (?:team|department)|"
    r"recruiters?|agenc(?:y|ies) (?:for|in) (?:marketing|advertising)|marketing (?:team|agency)|"
    r"sales team|security compan\w*|security firm|security guards?|guards?|employees|staff|office|malls?|"
    r"marketing|advertis\w*|legal|people analytics|hr|t&s|trust (?:and|&) safety|rental|households?)\b",
    r"\b(?:entreprise|unternehmen|empresa|azienda|bedrijf|firma|agencia|agence|agentur|agenzia)\w*|banks?|banque|banco|bankas|operators?|providers?|owners?|chains?|makers?|merchants?|museums?|archives?|coworking|integrators?|integrador\w*\b",
)
# First-person speakers: an employee asking about our own use; a customer mention keeps it open.
FIRST_PERSON = re.compile(
    r"\b(?:we|our|us|i|my|ourselves|we're|wir|unser\w*|nous|notre|nos|nosotros|nuestr\w*|noi|nostr\w*|podemos|"
    r"possiamo|pouvons|konnen wir|durfen wir|mogen we|kunnen we|mozemy|kan vi|far vi|"
    r"nosso\w*|wij|ons|onze|vi|vores|var|vart|vara|nasz\w*)\b"
)
BUSINESS_CONTEXT = re.compile(
    r"υπάλληλ|موظف|회원|고객|会員|顧客|"
    r"\b(?:customers?|members?|shoppers?|guests?|subscribers?|app|apps|loyalty|checkout|keycards?|patrons?|cliente\w*|"
    r"kunde\w*|klant\w*|klient\w*|kund\w*|"
    r"passengers?|clients?|tenants?|buyers?)\b"
)
THIRD_PARTY = re.compile(r"\b(?:customers?|clients?|prospects?|buyers?|someone|somebody|they|a user|users)\b")

MOBILE_CAMERA = _cues(
    "camera_type",
    "mobile",
    r"\bbody[- ]?(?:worn )?cam(?:era)?s?\b",
    r"\bbody[- ]worn\b",
    r"\bbodycams?\b",
    r"\bdash[- ]?(?:board )?cam(?:era)?s?\b",
    r"\bdash[- ]mounted\b",
    r"\bin-car (?:cameras?|video)\b",
    r"\bhand-?held\b",
    r"\bmobile (?:cameras?|phones?|devices?)\b",
    r"\b(?:smart)?phone cameras?\b|\bcameras? on (?:their |a |the )?(?:smart)?phones?\b",
    r"\bphone cameras?\b",
    r"\bdrones?\b",
    r"\b(?:phone|mobile|smartphone) apps?\b",
    r"\bwearable cameras?\b",
    r"\bsmart glasses\b",
    r"\bcameras?[- ]pietons?\b",
    r"\bkorperkamera\w*\b",
    r"\bcamaras? corporal\w*\b",
    r"\btelecamer\w* indossabil\w*\b",
    r"\bcameras? corporais\b",
    r"\bbodycamera\w*\b",
    r"\bpatrol cars?\b",
    r"\bsquad cars?\b",
    r"\bcruisers?\b",
    r"\bcamaras? (?:de|en) (?:el )?(?:tablero|salpicadero)\b",
    r"\bhandholdte\b",
    r"\bhandheld devices?\b",
    r"\bBWCs?\b",
    r"\bbwcs?\b",
    r"\bvartalokamer\w*\b",
    r"\bkroppskamer\w*\b",
    r"\bosobni\w* kamer\w*\b",
    r"\byaka kamera\w*\b",
    r"执法记录仪|随身摄像|身体摄像|바디캠|보디캠",
    r"\bkamer\w* nasobn\w*\b",
    r"\bkroppskamer\w*\b",
    r"\b(?:auto|auton|macchin\w*) di pattuglia\b",
    r"\bvoitures? de (?:patrouille|police)\b",
    r"\bstreifenwagen\w*\b",
    r"\bcoches? (?:patrulla|de policia)\b",
    r"\bviaturas?\b",
    r"\bpolitieauto\w*\b",
    r"\bcameras? corporais\b",
    r"ボディ\S*カメラ",
    r"ウェアラブルカメラ",
    r"执法记录仪",
    r"바디캠",
)

STATIONARY_CAMERA = _cues(
    "camera_type",
    "stationary",
    r"\bcctv\b",
    r"\b(?:fixed|stationary|static|mounted|wall-mounted|ceiling|door|doorbell|entrance|"
    r"security|surveillance|street|traffic|checkpoint|gate|kiosk|lobby|store|shop|booking(?:-desk)?)[- ]cam(?:era)?s?\b",
    r"\bcameras? (?:at|in|on) (?:the )?(?:entrance|door|gate|lobby|station|booking|checkout|till|counter|office)\b",
    r"\b(?:cameras?|cams?) (?:at|in|on|by|over|above) (?:the |our |their )?(?:[\w-]+ )?(?:entrances?|doors?|gates?|"
    r"lobby|station|booking|checkout|till|counter|office|desk|platforms?|hallways?|corridors?)\b",
    r"\b(?:fixed|stationary|static|mounted) cams?\b",
    r"\b(?:platform|hallway|corridor|shop|store|building) (?:cctv|cameras?)\b",
    r"\bovervakningskamer\w*\b",
    r"\bstal\w* kamer\w*\b",
    r"防犯カメラ",
    r"監視カメラ",
    r"\bmugshots?\b",
    r"\bbooking photos?\b",
    r"\bvideosurveillance\b",
    r"\bvideo ?uberwachung\b",
    r"\bcamaras? (?:fijas?|de seguridad)\b",
    r"\bcameras? fixes?\b",
    r"\btelecamer\w* fiss\w*\b",
    r"\bvaste camera\w*\b",
    r"\bfeste[nr]? kamera\w*\b",
    r"\bcameras? fixas?\b",
    r"\b(?:door|building|site|office|turnstile|gate|front[- ]door)[- ]?(?:access|entry|entrance)\b",
    r"\b(?:touchless|contactless|keyless) (?:entry|access|check-?in)\b",
    r"\baccess control\b",
    r"\bturnstiles?\b",
)

UNCONTROLLED = _cues(
    "setting",
    "uncontrolled",
    r"\bin the wild\b",
    r"\bon (?:the )?(?:street|streets|patrol|the beat)\b",
    r"\bpatrol\w*\b",
    r"\bpatrulh\w*\b",
    r"\bpublic (?:spaces?|places?|areas?|squares?|roads?|streets?|events?|transport|gatherings?)\b",
    r"\bin public\b",
    r"\bcrowds?\b",
    r"\bprotests?\b",
    r"\bdemonstrat(?:ions?|ors)\b",
    r"\brall(?:y|ies)\b",
    r"\bpassers?-?by\b",
    r"\bpedestrians\b",
    r"\btraffic stops?\b",
    r"\bcity cent(?:er|re)\b",
    r"\bdowntown\b",
    r"\bfestivals?\b",
    r"\bconcerts?\b",
    r"\bmarches\b",
    r"\bpatrouille\w*\b",
    r"\bstreife\b",
    r"\bpatrulla\w*\b",
    r"\bpattugli\w*\b",
    r"\bsurveillance of (?:a |the )?(?:city|town|neighbo(?:u)?rhood|area)\b",
    r"\bla (?:rue|calle|strada)\b",
    r"\bauf der strasse\b",
    r"\bop straat\b",
    r"\bnella strada\b",
    r"\buncontrolled\b",
    r"\bper strada\b",
    r"\bna ulicy\b",
    r"\bpa gatan\b",
    r"\bpa gaden\b",
    r"\broadside\b",
    r"\bwalks? by\b",
    r"\bpassanti\b",
    r"\bpassants\b",
    r"\bpassantes\b",
    r"\b(?:city |town |public |market |main )?squares?\b",
    r"\bplazas?\b",
    r"\bpiazza\w*\b",
    r"\bplac\w* (?:miejsk\w*)?\b",
    r"الدوريات|الشوارع|δρόμο\w*",
    r"\b(?:shopping |busy |high |main |public )?streets?\b(?!-level)",
    r"\bkadu\w*\b",
    r"\bpartio\w*\b",
    r"\bulic\w*\b",
    r"\bsokak\w*\b",
    r"\bhighways?\b",
    r"街道|街上|巡逻|巡邏|순찰|거리",
    r"巡回",
    r"街頭",
    r"路上",
)

CONTROLLED = _cues(
    "setting",
    "controlled",
    r"\bback[- ]office\b",
    r"\b(?:at|in) (?:the )?(?:police )?stations?\b",
    r"\bbooking (?:room|desk|area|process)?\b",
    r"\binterview rooms?\b",
    r"\bcustody (?:suite|area)\b",
    r"\bjail intake\b",
    r"\bintake\b",
    r"\bcontrolled (?:setting|environment|conditions?|area)\b",
    r"\bat (?:the )?desk\b",
    r"\bin (?:a |the )?lab\b",
    r"\bcommissariat\b",
    r"\bpolizeirevier\b",
    r"\bwache\b",
    r"\bcomisaria\b",
    r"\bquestura\b",
    r"\bdienststelle\b",
    r"\bdelegacia\b",
    r"\bpolitiebureau\b",
    r"\bverhoorkamer\b",
    r"\bvernehmungsraum\b",
    r"\bsalle d'interrogatoire\b",
    r"\bsala de interrogatorio\b",
    r"\bsala interrogatori\b",
    r"\bpa stationen\b",
    r"取調室|署内|留置",
    r"\b(?:at|in) (?:their |the )?(?:hq|headquarters)\b",
    r"\bprasidium\b",
    r"\bpolizeiprasidium\b",
    r"\bcustody (?:room|suite|area|cell)s?\b",
    r"\bpomieszczeni\w* dla (?:osob )?zatrzymanych\b",
    r"\b(?:door|building|site|office|turnstile|gate|front[- ]door)[- ]?(?:access|entry|entrance)\b",
    r"\b(?:touchless|contactless|keyless) (?:entry|access|check-?in)\b",
    r"\baccess control\b",
    r"\bturnstiles?\b",
)

REAL_TIME = _cues(
    "real_time",
    True,
    r"\breal[- ]?time\b",
    r"\blive\b",
    r"\bas it happens\b",
    r"\bon the (?:spot|fly)\b",
    r"\binstant(?:ly|aneous)?\b",
    r"\bstreaming\b",
    r"\blive[- ]?(?:feeds?|video|streams?)\b",
    r"\ben (?:direct|temps reel)\b",
    r"\bin echtzeit\b",
    r"\becht(?:e|)zeit\b",
    r"\ben tiempo real\b",
    r"\bin tempo reale\b",
    r"\bem tempo real\b",
    r"\bin real(?:-| )?time\b",
    r"\bdirecto\b",
    r"\bal volo\b",
    r"\bao vivo\b",
    r"\bnear[- ]real[- ]time\b",
    r"\balert\w* (?:on|when|if|officers|the officer|staff|security)\b",
    r"\bscan\w*\b[^.?!;]{0,30}\b(?:faces|passers|people|crowds?|pedestrians)\b",
    r"\bas (?:they|people) (?:walk|pass)\w*\b",
    r"\bna zywo\b",
    r"مباشر|ζωνταν\w*|लाइव",
    r"\breaaliaika\w*\b",
    r"\bv realnem case\b",
    r"\bgercek zamanli\b",
    r"\bsanntid\w*\b",
    r"实时|實時|실시간",
    r"\bping\w* (?:officers|the officer|staff|security|them)\b",
    r"\bas (?:they|people|someone) walks? (?:in|by|past)\b",
    r"\bw czasie rzeczywistym\b",
    r"\bi realtid\b",
    r"\bin realtime\b",
    r"リアルタイム",
    r"实时",
    r"실시간",
)

AFTER_THE_FACT = _cues(
    "real_time",
    False,
    r"\bafter the fact\b",
    r"\bafter-the-fact\b",
    r"\bafterwards?\b",
    r"\brecorded\b",
    r"\brecordings?\b",
    r"\bretrospective(?:ly)?\b",
    r"\bpost[- ]event\b",
    r"\barchiv\w*\b",
    r"\bstored (?:video|footage|images?)\b",
    r"\b(?:recorded|stored|archived|old|past) footage\b",
    r"\bold (?:photos?|images?|videos?)\b",
    r"\bnachtraglich\w*\b",
    r"\bim nachhinein\b",
    r"\bapres coup\b",
    r"\ben differe\b",
    r"\bposteriormente\b",
    r"\bsuccessivamente\b",
    r"\bachteraf\b",
    r"\bthe (?:next|following) day\b",
    r"\blater\b",
    r"\bi efterhand\b",
    r"\bafter (?:an|the) incident\b",
    r"\btallenn\w*\b",
    r"\bzaznam\w*\b",
    r"\bkayit\w*\b",
    r"\bopptak\w*\b",
    r"录像|錄像|녹화",
    r"\binspelat\b",
    r"\boptagelse\w*\b",
    r"\bnagran\w*\b",
    r"\bno live\b",
    r"録画",
    r"事後",
    r"\bmugshots?\b",
    r"\bbooking photos?\b",
    r"\bpast (?:incidents?|cases?)\b",
    r"\bcold cases?\b",
    r"\ba posteriori\b",
    r"\benregistr\w*\b",
    r"\baufzeichnung\w*\b",
    r"\bgrabacion\w*\b",
    r"\bregistrazion\w*\b",
    r"\bopname\w*\b",
    r"\bgravac\w*\b",
    r"\bphotos? (?:we|they) (?:have|took)\b",
)

CONSENT_GIVEN = _cues(
    "consent",
    True,
    r"\b(?:with|given|after|obtain\w*|having|get|gotten|collect\w*|ask\w* for) (?:their |his |her |the |explicit |"
    r"informed |written |prior |valid |full |freely given |opt-in )*consent\b",
    r"\b(?:have|has|had) (?:all )?(?:consented|agreed|opted in|signed up)\b",
    r"\bwho (?:consent|consented|opt in|opted in|agree|agreed)\b",
    r"\bopt(?:ed|s)?[- ]in\b",
    r"\bconsent(?:ing|ed)\b",
    r"\bvoluntar\w*\b",
    r"\bconsent-based\b",
    r"\b(?:opt(?:s|ed)? (?:into|in to)|switch\w* (?:it|this|the feature) on|turn\w* (?:it|this|the feature) on|"
    r"enabl\w* (?:it|this|the feature))\b",
    r"\bsigned (?:an? |the |their )?(?:\w+,? ){0,3}(?:consent|agreement|opt-in)\b",
    r"\b(?:freiwillig\w*|volontair\w*|vrijwillig\w*|frivillig\w*|dobrowoln\w*|enrol+(?:s|ed)? (?:voluntarily|themselves))\b",
    r"\b(?:avec|mit|con|com|met) (?:leur |ihrer |su |sua |hun )?(?:consentement|einwilligung|zustimmung|consentimiento|consenso|consentimento|toestemming)\b",
)

CONSENT_ABSENT = _cues(
    "consent",
    False,
    r"\bwithout (?:their |his |her |the |any |asking |getting |obtaining |valid |prior |explicit )*"
    r"(?:consent|permission|knowledge|knowing|telling|notice|notifying|them knowing|agreement|asking|informing)\b",
    r"\bstalk\w*\b",
    r"\bex-?(?:partner|wife|husband|girlfriend|boyfriend)s?\b",
    r"\b(?:doesn't|does not|don't|do not|won't|will not|wouldn't|would not|never) (?:know|notice|find out)\b",
    r"\bquietly\b",
    r"\bbehind (?:their|his|her) backs?\b",
    r"\bwithout (?:him|her|them) knowing\b",
    r"\b(?:senza dir\w*|sans (?:le |leur |lui )?(?:dire|prevenir|informer)|ohne (?:es )?(?:ihm|ihr|ihnen) zu sagen|"
    r"sin (?:decir\w*|avisar\w*)|sem (?:avisar|dizer)|zonder (?:het )?te (?:zeggen|melden)|di nascosto|"
    r"heimlich|en secreto|en cachette|a escondidas|stiekem|w tajemnicy)\b",
    r"\bcovert(?:ly)?\b",
    r"\bsecret(?:ly)?\b",
    r"\bhidden cameras?\b",
    r"\bwithout them (?:knowing|noticing)\b",
    r"\b(?:haven't|have not|hasn't|has not|didn't|did not|don't|do not|won't|will not) (?:been )?(?:asked|consent\w*|agree\w*|opt\w* in)\b",
    r"\bno consent\b",
    r"\bnon-?consensual\b",
    r"\bunaware\b",
    r"\bpassers?-?by\b",
    r"\bstrangers\b",
    r"\b(?:sans|ohne|sin|senza|sem|zonder) (?:leur |ihre |su |il loro |o seu |hun )?(?:consentement|einwilligung|"
    r"zustimmung|consentimiento|consenso|consentimento|toestemming|wissen)\b",
)

USE_CASES = (
    _cues(
        "use_case",
        "identity_verification",
        r"\b(?:verif\w*|confirm\w*|check\w*|prov\w*)\b[^.?!;]{0,30}\b(?:identit\w*|themselves|customers?|users?|"
        r"renters?|applicants?|account holders?|who (?:they|he|she) (?:are|is))\b",
        r"\b(?:selfies?|faces?|photos?)\b[^.?!;]{0,50}\b(?:against|with|to) (?:the |their |his |her |an? )?"
        r"(?:(?:government|official|national|state)[- ](?:issued )?)?(?:id|ids|id documents?|identity documents?|"
        r"passports?|passport photos?|driving licen[cs]es?|"
        r"driver'?s licen[cs]es?|licen[cs]e photos?|photo ids?|id cards?|pieces? d'identite)\b",
        r"\b(?:onboarding|kyc|know your customer|open(?:ing|s|ed)? (?:an |a new |the |their )?accounts?|"
        r"verify (?:hosts?|drivers?|guests?|sellers?|members?|students?)|sign(?:s|ing)?[- ]?(?:in|on|up)s?|"
        r"abr\w* (?:una )?cuenta|ouvr\w* (?:un )?compte|konto\w* (?:zu )?eroffn\w*|apri\w* (?:un )?conto|"
        r"abr\w* (?:uma )?conta|dni|carte d'identite|personalausweis|pasaporte|passaporte|本人確認|회원 ?가입|신분증|"
        r"log(?:s|ging|ged)?[- ]?in(?:to)?|login|unlock\w*|authenticat\w*|instead of (?:a |their )?(?:password|pin)|"
        r"invece della password|au lieu d'un mot de passe|"
        r"statt (?:eines |des )?passworts?|en lugar de (?:la )?contrasena|em vez da senha|"
        r"in plaats van (?:een |het )?wachtwoord|acced\w* (?:ai|al|aux|a) (?:\w+ )?(?:portatil\w*|computer|pc|app)|"
        r"ouverture d'un compte|kontoeroffnung|apertura de cuenta)\b",
    ),
    _cues(
        "use_case",
        "access_control",
        r"\b(?:door|building|site|office|turnstile|gate|front[- ]door|room)[- ]?(?:access|entry|entrance)\b",
        r"\b(?:touchless|contactless|keyless|hands-free) (?:entry|access|check-?in|door\w*)\b",
        r"\baccess control\b",
        r"\bturnstiles?\b",
        r"\bdoor (?:entry|opening|unlock\w*)\b",
        r"\bopen (?:the |a |their )?(?:doors?|gates?|turnstiles?|barriers?)\b",
        r"\b(?:abr\w*|ouvr\w*|offn\w*|apri\w*|open\w*) (?:la |le |die |il |de |a )?(?:puerta|porte|tur|porta|deur)\b|πόρτα",
        r"\b(?:touchless|contactless|keyless|hands-free)\b[^.?!;]{0,20}\b(?:entry|access|check-?in|doors?)\b",
        r"\b(?:entry|access|entrance|get in|walk through)\b[^.?!;]{0,40}\b(?:depots?|premises|facilit\w*|campus|gyms?|"
        r"hq|headquarters|warehouses?|labs?|factor\w*|buildings?|offices?|sites?)\b",
        r"\b(?:zutrittskontrolle|controle d'acces|control de acceso|controllo accessi)\b",
    ),
    _cues(
        "use_case",
        "duplicate_detection",
        r"\b(?:duplicate|multiple|several|fake|repeat|second) (?:accounts|sign-?ups|registrations|profiles)\b",
        r"\b(?:banned|blocked|suspended) (?:users?|players?|customers?|accounts?)\b",
        r"\bnew accounts?\b[^.?!;]{0,40}\b(?:banned|blocked)\b|\b(?:banned|blocked)\b[^.?!;]{0,60}\bnew accounts?\b",
        r"\bdifferent names\b",
        r"\baccount (?:opening|creation|sign-?ups?|registration)\b",
        r"\bduplicates?\b",
        r"\bban[- ]?evad\w*|\bevad\w* (?:a |the |their )?bans?\b",
        r"\b(?:already|previously) banned\b",
    ),
    _cues(
        "use_case",
        "personalisation",
        r"\bpersonali[sz]\w*\b",
        r"\bshared (?:\w+ )?(?:devices?|tablets?|screens?|kiosks?|tvs?|displays?)\b",
        r"\b(?:group|sort|organi[sz])\w* (?:\w+ ){0,3}(?:photos?|pictures?|images?) by (?:the )?(?:people|persons?|faces?|who)\b",
        r"\bloads? (?:their|his|her|the user's|the right) (?:profile|settings|preferences)\b",
        r"\bloads? (?:their|his|her|the user's|the right) (?:own )?(?:profiles?|settings|preferences|watch ?lists?|"
        r"playlists?|recommendations|home ?screens?)\b",
        r"\bpreferences?\b[^.?!;]{0,40}\b(?:load|appear|applied|set)\w*\b",
        r"\b(?:greet\w*|welcome\w*) (?:them|guests?|members?|users?|employees?|visitors?) by name\b",
    ),
)

OTHER_ANALYSIS = _cues(
    "capabilities",
    "other",
    r"\b(?:licen[cs]e|number) plates?\b|\b(?:lpr|anpr|alpr)\b|\bplates? only\b|\bocr\b|\bobject detection\b",
    r"\b(?:defects?|inventory|forecast\w*|route optimi[sz]\w*|optimi[sz]e (?:delivery )?routes|recommend\w*|"
    r"image generation|generat\w* (?:images?|pictures?|avatars?|marketing)|voice clon\w*|clon\w* (?:\w+ )?voice|"
    r"repair costs?|damaged? (?:cars?|vehicles?)|weather|traffic flow|sensor data|synthetic (?:data|records))\b",
)

# Places open to the public: uncontrolled unless the question says the setting is controlled.
PUBLIC_PLACES = _cues(
    "setting_hint",
    "uncontrolled",
    r"\b(?:stores?|shops?|malls?|supermarkets?|shopping cent(?:er|re)s?|stadiums?|arenas?|casinos?|train stations?|"
    r"airports?|concerts?|venues?|stations? concourses?)\b",
)

APPREHENDED = _cues(
    "apprehended_suspect",
    True,
    r"\b(?:already |been )?(?:apprehended|arrested|in custody|detained|booked)\b",
    r"\bat booking\b",
    r"\bdetainees?\b",
    r"\bpeople (?:we|they) (?:have )?arrested\b",
    r"\barrestees?\b",
    r"\baangehouden\b",
    r"\bfestgenommen\w*\b",
    r"\binterpell\w*\b",
    r"\bdetenid[oa]s?\b",
    r"\barrestat[oaie]\b",
    r"\bem custodia\b",
    r"\bplaced? in custody\b",
    r"\bbeing booked\b",
    r"\bzatrzyman\w*\b",
    r"\bfrom custody\b",
    r"\bgarde a vue\b",
    r"\bin (?:polizei)?gewahrsam\b",
    r"\ben custodia\b",
    r"\bin custodia\b",
    r"\b(?:ja )?(?:esta |estao )?pres[oa]s?\b(?! (?:release|conference))",
    r"\bdetid[oa]s?\b",
    r"\bcapturad[oa]s?\b",
    r"逮捕",
    r"拘留",
    r"체포",
    r"\bgripne\b",
    r"\banhallna\b",
)

ALL_CUES: tuple[Cue, ...] = tuple(
    FACE_RECOGNITION
    + FACE_DETECTION
    + EMOTION
    + SENSITIVE
    + BIOMETRIC_CATEGORISATION
    + SOCIAL_SCORING
    + VULNERABILITY
    + SURVEILLANCE
    + PRODUCTIVITY
    + POLICE
    + LAW_ENFORCEMENT
    + COURT
    + GOVERNMENT
    + ENTERPRISE
    + MOBILE_CAMERA
    + STATIONARY_CAMERA
    + UNCONTROLLED
    + CONTROLLED
    + REAL_TIME
    + AFTER_THE_FACT
    + CONSENT_GIVEN
    + CONSENT_ABSENT
    + APPREHENDED
    + OTHER_ANALYSIS
    + PUBLIC_PLACES
    + [cue for cues in USE_CASES for cue in cues]
)

# Words that mark a question as being about AI services at all (with or without a capability).
SERVICE_WORDS = re.compile(
    r"\b(?:ai|a\.i\.|artificial intelligence|models?|llms?|gpt\w*|chat ?bots?|assistants?|copilot|acme|"
    r"services?|api|apis|integrations?|code of conduct|usage policy|acceptable use|machine learning|ml|"
    r"algorithms?|vision|speech|face|faces|facial|biometric\w*|cameras?|agents?|automat\w*|tool|software|"
    r"deploy\w*|use case|ki|ia|generat\w*|clon\w*|synthetic|deepfakes?|bots?|recommend\w*|predict\w*|detect\w*|"
    r"classif\w*|analy[sz]\w*|recogni[sz]\w*|identif\w*|scor\w*|track\w*|monitor\w*|tjansten|dienst|servicio|"
    r"servizio|servico|intelligence artificielle|kunstliche intelligenz|inteligencia artificial|"
    r"intelligenza artificiale|inteligencia)\b"
)

# Someone wanting to do something: with a named organisation, the question is about a use even
# when it names no AI word ("An insurer wants to estimate repair costs from photos").
INTENT = re.compile(r"\b(?:wants?|would like|plans?|planning|asks?|asking|looking to|intends?|needs?|prospect|deal)\b")

# Scoring people on their behaviour or social media, with consequences for them: social scoring.
SCORING = re.compile(
    r"\b(?:scor\w*|rat(?:e|es|ing)|rank\w*|ocen\w*|puntu\w*|bewert\w*|not(?:e|er|ation)|valut\w*|avalia\w*|beoordel\w*)\b"
)
CONDUCT = re.compile(
    r"\b(?:social media|behaviou?r\w*|behav\w*|lifestyle|online activity|mediach spolecznosciowych|redes sociales|"
    r"reseaux sociaux|sozialen medien|social network\w*|aktywnosc\w*|comportement|verhalten|comportamiento|gedrag)\b"
)
DETRIMENT = re.compile(
    r"\b(?:reject\w*|den(?:y|ied|ies|ying)|refus\w*|turn\w* down|exclud\w*|blacklist\w*|penali[sz]\w*|odmaw\w*|"
    r"odmow\w*|rechaz\w*|ablehn\w*|rifiut\w*|recus\w*|weiger\w*|restrict\w*|ban\w*|priorit\w*|auto-?reject\w*)\b"
)

# "Unclear who has consented": a hedge before a fact leaves it unknown.
HEDGE = re.compile(
    r"\b(?:unclear|not (?:sure|certain|clear)|unknown|no idea|don't know|do not know|unsure|could be|"
    r"might be|may be|either|undecided|(?:not|isn't|hasn't been|haven't been) (?:yet )?(?:decided|known|said|told|"
    r"confirmed)|tbd|to be (?:decided|confirmed)|haven't said|hasn't said|didn't say|not say|doesn't say|does not say|don't say|do not say|doesn't specify|"
    r"does not specify|not specified|unspecified|not stated|unstated)\b"
)

# An age band ("under 18", "25-34") is an age range when a camera or picture reads it.
COUNTING = re.compile(
    r"\b(?:count\w*|headcount\w*|how many|hur manga|wie viele|combien|cuant[oa]s|quant[ie]|quant[oa]s|hoeveel|ile)\b"
    r"|人数|数人|人數"
)
AGE_BAND = re.compile(r"\b(?:under|over|above|below) (?:the age of )?\d{1,2}\b|\b\d{2} ?(?:-|to) ?\d{2}\b")

# Saying so is enough: "Unrelated to our products: ..." is not a question about the services.
DISCLAIMED_SCOPE = re.compile(
    r"\b(?:unrelated to|not about|nothing to do with) (?:our|the|acme's?) (?:products?|services?|ai|tools?|platform)\b|"
    r"\bpersonal question\b|\boff[- ]topic\b"
)

# Questions about what others do or whether something is legal are not about our services.
LEGALITY = re.compile(r"\bis (?:it|that|this) (?:even )?legal\b|\blegal (?:for|in)\b|\blegally\b")
OTHER_VENDORS = re.compile(r"\b(?:clearview|pimeyes|rekognition|faceplusplus|face\+\+)\b")
ABOUT_OTHERS = re.compile(r"^(?:does|did|do|has|have|was|were|is|are)\b")
OUR_USE = re.compile(
    r"\b(?:we|our|us|acme|can|could|may|allowed|permitted|ok|okay|fine|policy|code of conduct|rules?|wants?|"
    r"would like|plans?|use our|with our|service|services|api|product|products|tool|tools|model|models|platform|"
    r"wanna|want|deal|prospect|customer|client)\b"
)

# Negation cues, checked in the few words before a mention (same clause only).
NEGATION = re.compile(
    r"\b(?:not(?! (?:sure|certain|clear|only|just|yet))|no(?! (?:idea|doubt))|never|without|neither|nor|non|none|"
    r"nothing|nobody|no one|no-one|nikoho|nikdo|kukaan|ingen|hicbir|n't|isn't|aren't|wasn't|weren't|don't|doesn't|"
    r"didn't|won't|cannot|can't|instead of|rather than|except|excluding|ne|pas|nicht|kein\w*|ohne|sin|nunca|"
    r"senza|non|sem|nao|niet|geen|zonder|sans|utan|uden|uten|bez|nie|ingen)\b|n't\b|不|没有|沒有|않|ない|없"
)
