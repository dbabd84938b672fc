#!/usr/bin/env python3
"""Generates a deterministic synthetic web-text corpus with per-site chrome.

Each site has a template: a header (site name, menu), a date line whose digits
change, a sidebar of its own articles' headlines, a comment form, social
links, a footer; many sites share a cookie banner and a CMS line. Articles are
made of random sentences (mostly unique lines). Some articles have print
copies (same body, other chrome), some share a quote, some are interviews
with short answers. Everything comes from one seed: the same arguments give
the same bytes.

--charset ascii (the default) writes English of ASCII words. --charset
multilingual gives each site a language (LANGUAGES: German, French, Spanish,
Portuguese, Polish, Turkish, Vietnamese, Russian, Ukrainian, Greek, Arabic,
Hebrew, Hindi, Chinese, Japanese, Korean, and English with or without
typographic quotes, dashes and emoji) with its own chrome phrases, and
web-like variety: paragraphs from one sentence to long ones, subheadings,
bullet lists, menus of 0-14 items, NBSP and bullets as on real pages.
--stats prints the corpus's character mix and line and document lengths;
--stats-of FILE... prints the same for real JSONL/WET files.

Usage:
  make_corpus.py --out DIR [--docs N] [--sites N] [--parts N]
                 [--format jsonl|wet|both] [--compress zst|gz|none]
                 [--charset ascii|multilingual] [--labels] [--seed S] [--stats]
                 [--variety]
  make_corpus.py --stats-of FILE...

Writes DIR/part-K.jsonl[.zst|.gz] and/or DIR/part-K.warc.wet[.gz|.zst], and
with --labels DIR/labels.jsonl: {"id", "labels"} with one character per line
of the text: c = content, n = chrome, u = unscored (--variety's bylines and
photo credits); with --variety also "kinds", each line's kind (see
Variety). Only the Python standard library is used; .zst output pipes
through the zstd command.
"""

import argparse
import base64
import gzip
import hashlib
import json
import os
import random
import subprocess
import sys
import urllib.parse
import uuid

WORDS = (
    "the of and to in a is that for it as was with be by on not he i this are or his from at "
    "which but have an they you were her she there been one all we their has would when if so no "
    "will what can more about out up said could into time them other than then some these two "
    "may first its like over only people new year after also did many before must through back "
    "years where much your way well down should because each just those how too little state good "
    "very make world still own see men work long get here between both life being under never day "
    "same another know while last might us great old off come since against go came right used take "
    "three council minister river market school police court report water energy company price "
    "government village festival museum bridge station harbour election research hospital farmers "
    "students players coach season match library budget transport science climate engineers voters"
).split()

MENU = ["Home", "News", "World", "Business", "Sport", "Culture", "Opinion", "Science",
        "Travel", "Health", "Video", "Local", "Weather", "Politics", "Tech", "Food"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SHORT_ANSWERS = ["Yes.", "No.", "No comment.", "Absolutely.", "I think so.", "Not really."]
SHARED_COOKIE = ("We use cookies to improve your experience on our site. By continuing to "
                 "browse you agree to our use of cookies.")
SHARED_CMS = ["Powered by WordPress", "Proudly published with Ghost", "Skip to content"]


class Language:
    """The words and chrome phrases of one language's sites.

    ENGLISH (below) is the ASCII corpus's; --charset multilingual adds
    LANGUAGES. A language's words are a frequent-word list written for this
    script plus pseudo-words made from its letters (syllables of onset, vowel
    and sometimes a coda), so that letters, diacritics and word lengths are
    the language's while no real text is copied. `kind` says how words make
    a sentence: "spaced" (words and spaces), "zh" (no spaces), "ja" (no
    spaces, particles after words), "ko" (spaces, particles after words).
    """

    def __init__(self, code, weight=0, common="", gens=(), kind="spaced", cased=True,
                 comma=",", ends=(".", ".", ".", "?", "!"), space=" ", emoji=0.0, repeat=6,
                 particles="", verb_ends="", fix=None, scale=1.0, plain=False, **chrome):
        self.code = code
        self.plain = plain
        self.weight = weight
        self.kind = kind
        self.cased = cased
        self.comma = comma
        self.ends = list(ends)
        self.space = space  # between sentences
        self.emoji = emoji
        self.particles = particles.split()
        self.verb_ends = verb_ends.split()
        self.scale = scale
        if isinstance(common, str):
            common = common.split()
        vocab = random.Random("vocabulary/" + code)
        made = []
        for onsets, vowels, codas, syllables, count in gens:
            onsets, vowels, codas = onsets.split("|"), vowels.split("|"), codas.split("|") if codas else []
            for _ in range(count):
                w = "".join(vocab.choice(onsets) + vocab.choice(vowels) +
                            (vocab.choice(codas) if codas and vocab.random() < 0.4 else "")
                            for _ in range(vocab.choice(syllables)))
                made.append(fix(w, vocab) if fix else w)
        self.words = list(common) * repeat + made
        for k, v in chrome.items():
            setattr(self, k, v.split("|") if k in SPLIT_FIELDS and isinstance(v, str) else v)

    def cap(self, s):
        return s[:1].upper() + s[1:] if self.cased else s

    def phrase(self, rng, n, commas):
        """n words joined the language's way (no end mark)."""
        if self.scale != 1.0:
            n = max(2, round(n * self.scale))
        words = [rng.choice(self.words) for _ in range(n)]
        if self.kind in ("ja", "ko"):
            words = [w + rng.choice(self.particles) if rng.random() < 0.55 else w for w in words]
        if commas:
            words = [w + self.comma if i + 1 < n and rng.random() < commas else w
                     for i, w in enumerate(words)]
        return ("" if self.kind in ("zh", "ja") else " ").join(words)

    def sentence(self, rng, n):
        if self.plain:  # the ASCII corpus's sentences, draw for draw
            words = [rng.choice(self.words) for _ in range(n)]
            words[0] = words[0].capitalize()
            return " ".join(words) + rng.choice(self.ends)
        text = self.cap(self.phrase(rng, n, 0.15 if self.kind in ("zh", "ja") else 0.07))
        if self.verb_ends:
            text += rng.choice(self.verb_ends)
        end = rng.choice(self.ends)
        if self.code == "es" and end in ("?", "!"):
            text = ("¿" if end == "?" else "¡") + text
        text += end
        if self.emoji and rng.random() < self.emoji:
            text += " " + rng.choice(EMOJI)
        return text

    def headline(self, rng, n):
        if self.plain:
            return " ".join(rng.choice(self.words) for _ in range(n)).capitalize()
        return self.cap(self.phrase(rng, n, 0))


# Fields of Language's chrome given as "a|b|c".
SPLIT_FIELDS = {"menu", "months", "days", "answers", "suffixes", "tlds", "contact", "social",
                "form", "cms"}


# ---------------------------------------------------------------------------
# Languages. ENGLISH makes the ASCII corpus (the default, --charset ascii);
# --charset multilingual draws each site's language from LANGUAGES by weight.
# Word lists and chrome phrases are written for this script.

EN_CHROME = dict(
    menu=MENU, months=MONTHS, days=DAYS, answers=SHORT_ANSWERS, cookie=SHARED_COOKIE,
    suffixes=[" Times", " Post", " Herald", " Daily", " News", " Chronicle"],
    tlds=[".com", ".org", ".net", ".co.uk"], rights="All rights reserved.",
    contact="Contact us|Privacy policy|Terms of use",
    external="{} is not responsible for the content of external sites.",
    social="Share on Facebook|Share on Twitter|Email this article", related="Related headlines",
    comments="Comments ({})", form="Leave a comment|Name *|E-mail *|Comment Title*|Post comment",
    updated="Last Updated : GMT {}", date="{wd}, {d} {m} {y}", q="Q: ", qmark="?",
    said='"{}" said the spokesperson.', cms=SHARED_CMS)

ENGLISH = Language("en-ascii", common=WORDS, repeat=1, plain=True, **EN_CHROME)

EMOJI = ["😀", "😂", "❤️", "👍", "🔥", "🎉", "😍", "🙏", "👉", "✅", "⚽", "🇩🇪", "👨‍👩‍👧", "💯",
         "📸", "🚀", "⭐", "😊", "🤔", "👏🏽"]
# English with typographic apostrophes, quotes and dashes, a few loan words.
EN_TYPOGRAPHIC = ("it’s don’t we’re isn’t that’s they’re can’t won’t I’m you’re didn’t there’s "
                  "company’s city’s — — – … “new” café São Zürich €120 £40 20°C 1–2").split()
EN_STRAIGHT = "it's don't we're isn't that's they're can't won't I'm you're didn't there's - --".split()


def _months(fmt):
    return [fmt.format(i) for i in range(1, 13)]


def _de(w, r):
    return w.capitalize() if r.random() < 0.3 else w


def _ru(w, r):
    return w + r.choice("ый ая ое ие ого ому ых ть ся ние ция ской ами".split()) if r.random() < 0.45 else w


def _uk(w, r):
    return w + r.choice("ий ого ому их ти ся ння ція ської ами ів".split()) if r.random() < 0.45 else w


def _el(w, r):
    if r.random() < 0.4:
        w += r.choice("ς ν ς".split())
    return w[:-1] + "ς" if w.endswith("σ") else w


def _ar(w, r):
    if r.random() < 0.35:
        w = "ال" + w
    return w + "ة" if r.random() < 0.15 else w


def _he(w, r):
    w = (r.choice("הובל") + w) if r.random() < 0.3 else w
    return w[:-1] + {"כ": "ך", "מ": "ם", "נ": "ן", "פ": "ף", "צ": "ץ"}.get(w[-1], w[-1])


def _vi_vowels():
    import unicodedata
    tones = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
    out = []
    for v in "a ă â e ê i o ô ơ u ư y ia ươ uô oa ai ao ôi ơi ưa uy".split():
        at = 1 if v in ("ươ", "uô", "oa", "uy") else 0  # where the tone mark sits
        for t in tones:
            out.append(unicodedata.normalize("NFC", v[:at + 1] + t + v[at + 1:]))
    return "|".join(out)


ZH_CHARS = ("的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可"
            "她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已"
            "老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力"
            "机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军"
            "产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常"
            "提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服"
            "毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言"
            "权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满")
JA_KANJI = ("日本人大年出中一国会時事上生学自分行者地前主方記業新立後手社長間問題市場経政府発表東京都内外入部"
            "開動体現実合関最理高同定明見意力物成化全気法電当品代通調査決対子話計済報道選挙首相臣警察研究影響")
KANA = "ア|カ|サ|タ|ナ|ハ|マ|ヤ|ラ|ワ|イ|キ|シ|チ|ニ|ヒ|ミ|リ|ウ|ク|ス|ツ|ヌ|フ|ム|ユ|ル|エ|ケ|セ|テ|ネ|ヘ|メ|レ|オ|コ|ソ|ト|ノ|ホ|モ|ヨ|ロ|ン|ガ|ギ|グ|ゲ|ゴ|ジ|ズ|ド|バ|ビ|ブ|ベ|ボ|パ|ピ|プ|ポ|ッ|ャ|ュ|ョ"
KO_SYLLABLES = ("이 의 는 에 가 을 를 다 고 하 지 한 서 기 대 로 사 수 도 나 리 자 정 시 어 아 인 해 일 국 주 "
                "부 전 상 있 스 구 제 성 공 것 보 들 적 원 동 라 내 과 소 장 문 그 면 게 만 연 요 화 경 신 세 "
                "방 위 민 회 관 개 발 업 영 실 교 학 선 명 무 간 생 진 여 미 조 중 유 산 행 금 통 단 물 강 계 "
                "체 현 결 청 감 최 김 박 북 남 울 운 안 열 월 년 축 배 병 형 확 합 환 활 협 혁")

LANGUAGES = [
    Language("en", 28, WORDS * 4 + EN_TYPOGRAPHIC, repeat=1, emoji=0.02,
             **dict(EN_CHROME, said="“{}” said the spokesperson.")),
    Language("en-ascii", 16, WORDS * 4 + EN_STRAIGHT, repeat=1, **EN_CHROME),
    Language(
        "de", 6, "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es "
        "an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war "
        "haben nur oder aber vor zur bis mehr durch man sein wurde sei hatte kann gegen vom können schon "
        "wenn seine ihre dann unter wir soll ich Jahr zwei Jahren diese wieder keine worden zwischen immer "
        "Millionen sagte gibt alle seit muss wurden beim doch jedoch Prozent Stadt Regierung Menschen "
        "Straße größte schön möglich natürlich müssen während später außerdem",
        [("b|d|f|g|h|k|l|m|n|p|r|s|t|w|z|st|sch|ch|br|gr|tr|sp|kr|fl|pf|",
          "a|e|e|e|i|o|u|ä|ö|ü|ei|ie|au|eu|e", "n|r|s|t|ch|ng|ck|l|m|nd|nt|st|ß", (1, 2, 2, 3, 3, 4), 700)],
        fix=_de, menu="Startseite|Nachrichten|Politik|Wirtschaft|Sport|Kultur|Meinung|Wissen|Reise|"
        "Gesundheit|Video|Lokales|Wetter|Digital|Panorama|Auto",
        months="Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember",
        days="Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag",
        answers="Ja.|Nein.|Kein Kommentar.|Auf jeden Fall.|Ich glaube schon.|Eher nicht.",
        cookie="Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten. Wenn Sie die Website "
        "weiter nutzen, stimmen Sie der Verwendung von Cookies zu.",
        suffixes=" Zeitung| Rundschau| Kurier| Anzeiger| Tagblatt| Nachrichten", tlds=".de|.de|.at|.ch",
        rights="Alle Rechte vorbehalten.", contact="Kontakt|Datenschutz|Impressum|AGB",
        external="{} ist nicht verantwortlich für die Inhalte externer Internetseiten.",
        social="Auf Facebook teilen|Auf Twitter teilen|Artikel per E-Mail versenden",
        related="Das könnte Sie auch interessieren", comments="Kommentare ({})",
        form="Kommentar schreiben|Name *|E-Mail *|Titel*|Kommentar abschicken",
        updated="Aktualisiert: {} Uhr", date="{wd}, {d}. {m} {y}", q="Frage: ", qmark="?",
        said="„{}“, sagte der Sprecher.", cms="Powered by WordPress|Zum Inhalt springen"),
    Language(
        "fr", 5, "de la le et les des en du un une est que pour dans qui par sur au pas plus avec ne se il "
        "ce sont ou mais son sa ses nous vous elle été être fait comme tout aux aussi cette leur bien entre "
        "deux après depuis où très sans année ans contre selon même encore ville gouvernement président "
        "premier français européenne déjà là état première société d’un l’État l’année qu’il c’est n’est "
        "d’une l’on",
        [("b|c|d|f|g|j|l|m|n|p|r|s|t|v|ch|qu|tr|pr|gr|br|pl|",
          "a|e|i|o|u|é|é|è|ê|à|ou|ai|eau|au|oi|an|en|on|in|eu|ie", "n|r|s|t|l|x", (1, 2, 2, 3, 3, 4), 700)],
        ends=(".", ".", ".", "\u00a0?", "\u00a0!"),
        menu="Accueil|Actualités|International|Économie|Sports|Culture|Opinions|Sciences|Voyage|Santé|"
        "Vidéos|Régions|Météo|Politique|Société|Cuisine",
        months="janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",
        days="lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
        answers="Oui.|Non.|Pas de commentaire.|Absolument.|Je pense que oui.|Pas vraiment.",
        cookie="En poursuivant votre navigation sur ce site, vous acceptez l’utilisation de cookies pour "
        "vous proposer des contenus et services adaptés à vos centres d’intérêt.",
        suffixes=" Actu| Info| Quotidien| Gazette| Journal| Matin", tlds=".fr|.fr|.be|.ch|.ca",
        rights="Tous droits réservés.", contact="Nous contacter|Politique de confidentialité|Mentions légales",
        external="{} n’est pas responsable du contenu des sites externes.",
        social="Partager sur Facebook|Partager sur Twitter|Envoyer par e-mail", related="À lire aussi",
        comments="Commentaires\u00a0({})",
        form="Laisser un commentaire|Nom\u00a0*|E-mail\u00a0*|Titre du commentaire\u00a0*|Publier le commentaire",
        updated="Mis à jour\u00a0: {} GMT", date="{wd} {d} {m} {y}", q="Question\u00a0: ", qmark="\u00a0?",
        said="«\u00a0{}\u00a0», a déclaré le porte-parole.", cms="Powered by WordPress|Aller au contenu"),
    Language(
        "es", 5, "de la que el en y a los se del las un por con no una su para es al lo como más o pero sus le "
        "ha me si sin sobre este ya entre cuando todo esta ser son dos también fue había era muy años hasta "
        "desde está mi porque qué sólo han yo hay vez puede todos así nos ni parte tiene él uno donde bien "
        "tiempo mismo ese ahora cada vida otro después otros aunque esa eso hace otra gobierno durante "
        "siempre día tanto ella tres sí dijo sido gran país según menos año",
        [("b|c|d|f|g|l|m|n|p|r|s|t|v|ch|ll|ñ|j|z|qu|tr|pr|br|", "a|e|i|o|u|a|e|o|á|é|í|ó|ú|ia|ie|ue|io",
          "n|s|r|l|z|d", (1, 2, 2, 3, 3, 4), 700)],
        menu="Inicio|Noticias|Internacional|Economía|Deportes|Cultura|Opinión|Ciencia|Viajes|Salud|Vídeos|"
        "España|El tiempo|Política|Tecnología|Gastronomía",
        months="enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre",
        days="lunes|martes|miércoles|jueves|viernes|sábado|domingo",
        answers="Sí.|No.|Sin comentarios.|Por supuesto.|Creo que sí.|No exactamente.",
        cookie="Utilizamos cookies propias y de terceros para mejorar nuestros servicios. Si continúa "
        "navegando, consideramos que acepta su uso.",
        suffixes=" Diario| Noticias| Heraldo| Crónica| Periódico| Informa", tlds=".es|.es|.com.mx|.com.ar|.cl",
        rights="Todos los derechos reservados.", contact="Contacto|Política de privacidad|Aviso legal",
        external="{} no se hace responsable del contenido de sitios externos.",
        social="Compartir en Facebook|Compartir en Twitter|Enviar por correo electrónico",
        related="Noticias relacionadas", comments="Comentarios ({})",
        form="Deja un comentario|Nombre *|Correo electrónico *|Título del comentario*|Publicar comentario",
        updated="Actualizado: {} GMT", date="{wd}, {d} de {m} de {y}", q="P: ¿", qmark="?",
        said="«{}», afirmó el portavoz.", cms="Powered by WordPress|Ir al contenido"),
    Language(
        "pt", 3, "de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele "
        "das tem à seu sua ou ser quando muito há nos já está eu também só pelo pela até isso ela entre era "
        "depois sem mesmo aos ter seus quem nas me esse eles estão você tinha foram essa num nem suas meu "
        "às minha têm numa pelos elas havia seja qual será nós governo cidade ano anos ação informação "
        "população",
        [("b|c|d|f|g|l|m|n|p|r|s|t|v|ch|lh|nh|j|qu|tr|pr|br|", "a|e|i|o|u|a|o|á|é|í|ó|ú|ã|õ|â|ê|ô|ão|ei|ai|ou",
          "s|r|l|m", (1, 2, 2, 3, 3, 4), 700)],
        menu="Início|Notícias|Mundo|Economia|Esportes|Cultura|Opinião|Ciência|Viagem|Saúde|Vídeos|Brasil|"
        "Tempo|Política|Tecnologia|Gastronomia",
        months="janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro",
        days="segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|sábado|domingo",
        answers="Sim.|Não.|Sem comentários.|Com certeza.|Acho que sim.|Não exatamente.",
        cookie="Utilizamos cookies para melhorar a sua experiência. Ao continuar navegando, você concorda "
        "com a nossa política de privacidade.",
        suffixes=" Notícias| Jornal| Folha| Diário| Gazeta| Correio", tlds=".com.br|.com.br|.pt",
        rights="Todos os direitos reservados.", contact="Fale conosco|Política de privacidade|Termos de uso",
        external="{} não é responsável pelo conteúdo de sites externos.",
        social="Compartilhar no Facebook|Compartilhar no Twitter|Enviar por e-mail", related="Leia também",
        comments="Comentários ({})",
        form="Deixe um comentário|Nome *|E-mail *|Título do comentário*|Publicar comentário",
        updated="Atualizado às {}", date="{wd}, {d} de {m} de {y}", q="P: ", qmark="?",
        said="“{}”, disse o porta-voz.", cms="Powered by WordPress|Pular para o conteúdo"),
    Language(
        "pl", 3, "i w na z do nie się to że jest o jak a od po co ale tak za przez dla ich już jego jej który "
        "które która był była było są być może tylko roku lat też oraz także bardzo przy jako czy ten ta gdy "
        "kiedy będzie można pan pani polski polska według rząd miasto więc wszystko jeszcze teraz dzień "
        "sobie żeby przed został została między nad pod ciągu około złotych",
        [("b|c|d|g|k|l|m|n|p|r|s|t|w|z|sz|cz|rz|dz|ch|ł|ż|ś|ć|prz|str|św|", "a|e|i|o|u|y|a|e|ą|ę|ó|ie|ia|io",
          "ć|ń|ł|ś|ż|m|n|k|j|c", (1, 2, 2, 3, 3, 4), 700)],
        menu="Strona główna|Wiadomości|Świat|Biznes|Sport|Kultura|Opinie|Nauka|Podróże|Zdrowie|Wideo|Region|"
        "Pogoda|Polityka|Technologie|Kuchnia",
        months="stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|"
        "grudnia",
        days="poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela",
        answers="Tak.|Nie.|Bez komentarza.|Oczywiście.|Chyba tak.|Raczej nie.",
        cookie="Ta strona korzysta z plików cookie. Korzystając ze strony, wyrażasz zgodę na ich używanie "
        "zgodnie z ustawieniami przeglądarki.",
        suffixes=" Gazeta| Wiadomości| Kurier| Dziennik| Tygodnik| Echo", tlds=".pl|.com.pl",
        rights="Wszelkie prawa zastrzeżone.", contact="Kontakt|Polityka prywatności|Regulamin",
        external="{} nie odpowiada za treść zewnętrznych stron internetowych.",
        social="Udostępnij na Facebooku|Udostępnij na Twitterze|Wyślij e-mailem", related="Zobacz także",
        comments="Komentarze ({})", form="Dodaj komentarz|Imię *|E-mail *|Tytuł komentarza*|Wyślij komentarz",
        updated="Aktualizacja: {}", date="{wd}, {d} {m} {y}", q="Pytanie: ", qmark="?",
        said="„{}” – powiedział rzecznik.", cms="Powered by WordPress|Przejdź do treści"),
    Language(
        "tr", 2, "ve bir bu da de için ile çok daha olarak en gibi olan ama sonra kadar var yok ne her o ki mi "
        "şu değil göre ancak yeni büyük iki yıl yılında Türkiye başkan hükümet şehir İstanbul Ankara önce "
        "arasında üzerinde tarafından olduğu ise çünkü şimdi bile hem ya değildir etti olduğunu ediyor yapılan",
        [("b|c|ç|d|f|g|ğ|h|k|l|m|n|p|r|s|ş|t|v|y|z|", "a|e|ı|i|o|ö|u|ü|a|e|ı|i", "r|n|l|k|m|s|t|z|ş",
          (2, 2, 3, 3, 4), 700)],
        menu="Ana Sayfa|Gündem|Dünya|Ekonomi|Spor|Kültür|Yazarlar|Bilim|Seyahat|Sağlık|Video|Yerel|"
        "Hava Durumu|Politika|Teknoloji|Yemek",
        months="Ocak|Şubat|Mart|Nisan|Mayıs|Haziran|Temmuz|Ağustos|Eylül|Ekim|Kasım|Aralık",
        days="Pazartesi|Salı|Çarşamba|Perşembe|Cuma|Cumartesi|Pazar",
        answers="Evet.|Hayır.|Yorum yok.|Kesinlikle.|Sanırım öyle.|Pek sayılmaz.",
        cookie="Sitemizde çerezler kullanılmaktadır. Siteyi kullanmaya devam ederek çerez politikamızı "
        "kabul etmiş sayılırsınız.",
        suffixes=" Gazetesi| Haber| Postası| Günlük| Manşet| Ajans", tlds=".com.tr|.com.tr|.net.tr",
        rights="Tüm hakları saklıdır.", contact="İletişim|Gizlilik Politikası|Kullanım Koşulları",
        external="{} harici sitelerin içeriğinden sorumlu değildir.",
        social="Facebook'ta paylaş|Twitter'da paylaş|E-posta ile gönder", related="İlgili Haberler",
        comments="Yorumlar ({})", form="Yorum yaz|Adınız *|E-posta *|Yorum başlığı*|Yorumu gönder",
        updated="Güncelleme: {}", date="{d} {m} {y} {wd}", q="Soru: ", qmark="?",
        said="“{}” dedi sözcü.", cms="Powered by WordPress|İçeriğe geç"),
    Language(
        "vi", 2, "của và các có là được trong cho không người những một này với đã để khi đến từ ra nhiều năm "
        "theo về như sẽ tại nhưng vì thì cũng đó sau hơn làm nước phải chúng ta tôi bạn họ việc đang rất "
        "mới trên hay nên lại ngày thành phố chính phủ Việt Nam Hà Nội công ty",
        [("b|c|ch|d|đ|g|gi|h|k|kh|l|m|n|ng|nh|ph|qu|r|s|t|th|tr|v|x|", _vi_vowels(),
          "c|ch|m|n|ng|nh|p|t", (1,), 900)], scale=1.4,
        menu="Trang chủ|Thời sự|Thế giới|Kinh doanh|Thể thao|Văn hóa|Ý kiến|Khoa học|Du lịch|Sức khỏe|Video|"
        "Địa phương|Thời tiết|Chính trị|Công nghệ|Ẩm thực",
        months="|".join(_months("tháng {}")), days="Thứ Hai|Thứ Ba|Thứ Tư|Thứ Năm|Thứ Sáu|Thứ Bảy|Chủ Nhật",
        answers="Có.|Không.|Miễn bình luận.|Chắc chắn rồi.|Tôi nghĩ vậy.|Không hẳn.",
        cookie="Chúng tôi sử dụng cookie để cải thiện trải nghiệm của bạn. Tiếp tục truy cập nghĩa là bạn "
        "đồng ý với chính sách của chúng tôi.",
        suffixes=" Online| Tin tức| Thời báo| Express| Mới| Plus", tlds=".vn|.com.vn",
        rights="Giữ toàn bộ bản quyền.", contact="Liên hệ|Chính sách bảo mật|Điều khoản sử dụng",
        external="{} không chịu trách nhiệm về nội dung các trang web bên ngoài.",
        social="Chia sẻ Facebook|Chia sẻ Twitter|Gửi email", related="Tin liên quan", comments="Bình luận ({})",
        form="Viết bình luận|Họ tên *|Email *|Tiêu đề*|Gửi bình luận", updated="Cập nhật lúc {} GMT+7",
        date="{wd}, ngày {d} {m} năm {y}", q="Hỏi: ", qmark="?", said="“{}”, người phát ngôn cho biết.",
        cms="Powered by WordPress|Chuyển đến nội dung"),
    Language(
        "ru", 7, "и в не на я что он с а как это по но к из у за то от же вы так все она его для мы о бы только "
        "был уже было были или ещё нет до если их её при году лет после также будет может чтобы время России "
        "президент Москвы области правительство человек более однако сегодня ранее сообщил сообщает рублей",
        [("б|в|г|д|ж|з|к|л|м|н|п|р|с|т|ф|х|ц|ч|ш|щ|ст|пр|кр|тр|", "а|е|и|о|у|ы|я|ю|е|о|а|ё|э",
          "н|р|с|т|л|й|в|к|м", (1, 2, 2, 3, 3), 700)], fix=_ru,
        menu="Главная|Новости|В мире|Экономика|Спорт|Культура|Мнения|Наука|Путешествия|Здоровье|Видео|Регион|"
        "Погода|Политика|Технологии|Кухня",
        months="января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря",
        days="понедельник|вторник|среда|четверг|пятница|суббота|воскресенье",
        answers="Да.|Нет.|Без комментариев.|Безусловно.|Думаю, да.|Не совсем.",
        cookie="Мы используем файлы cookie, чтобы сделать сайт удобнее. Продолжая пользоваться сайтом, вы "
        "соглашаетесь с их использованием.",
        suffixes=" Новости| Вести| Правда| Известия| Газета| Ведомости", tlds=".ru|.ru|.su|.by|.kz",
        rights="Все права защищены.", contact="Контакты|Политика конфиденциальности|Пользовательское соглашение",
        external="{} не несёт ответственности за содержание внешних сайтов.",
        social="Поделиться ВКонтакте|Поделиться в Telegram|Отправить по почте", related="Читайте также",
        comments="Комментарии ({})", form="Оставить комментарий|Имя *|Эл. почта *|Заголовок*|Отправить",
        updated="Обновлено: {} МСК", date="{wd}, {d} {m} {y} г.", q="Вопрос: ", qmark="?",
        said="«{}», — заявил пресс-секретарь.", cms="Powered by WordPress|Перейти к содержимому"),
    Language(
        "uk", 2, "і в на не що з до а як та це по у за від він вона але для ми так вже було були або ще якщо при "
        "році років після також буде може щоб час України президент Києва області уряд людей більш однак "
        "сьогодні раніше повідомив гривень їх її є",
        [("б|в|г|ґ|д|ж|з|к|л|м|н|п|р|с|т|ф|х|ц|ч|ш|щ|", "а|е|є|и|і|ї|о|у|ю|я|а|о|и|і", "н|р|с|т|л|й|в|к|м",
          (1, 2, 2, 3, 3), 700)], fix=_uk,
        menu="Головна|Новини|Світ|Економіка|Спорт|Культура|Думки|Наука|Подорожі|Здоров’я|Відео|Регіони|"
        "Погода|Політика|Технології|Кухня",
        months="січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня",
        days="понеділок|вівторок|середа|четвер|п’ятниця|субота|неділя",
        answers="Так.|Ні.|Без коментарів.|Безумовно.|Думаю, так.|Не зовсім.",
        cookie="Ми використовуємо файли cookie для покращення роботи сайту. Продовжуючи користуватися "
        "сайтом, ви погоджуєтеся з їх використанням.",
        suffixes=" Новини| Вісті| Правда| Експрес| Газета| Кур’єр", tlds=".ua|.com.ua",
        rights="Усі права захищено.", contact="Контакти|Політика конфіденційності|Правила користування",
        external="{} не несе відповідальності за зміст зовнішніх сайтів.",
        social="Поділитися у Facebook|Поділитися в Telegram|Надіслати поштою", related="Читайте також",
        comments="Коментарі ({})", form="Залишити коментар|Ім’я *|Ел. пошта *|Заголовок*|Надіслати",
        updated="Оновлено: {}", date="{wd}, {d} {m} {y}", q="Питання: ", qmark="?",
        said="«{}», — заявив речник.", cms="Powered by WordPress|Перейти до вмісту"),
    Language(
        "el", 1.5, "και το η της του των στο σε να με για που τα από την τον οι ο στην θα δεν είναι ένα μια στη "
        "ως κατά μετά πριν όπως αλλά ή όταν έχει ήταν ήδη επίσης χρόνια Ελλάδα Αθήνα κυβέρνηση "
        "πρωθυπουργός σύμφωνα πόλη ευρώ",
        [("β|γ|δ|ζ|θ|κ|λ|μ|ν|ξ|π|ρ|σ|τ|φ|χ|ψ|στ|κρ|πρ|τρ|", "α|ε|η|ι|ο|υ|ω|α|ε|ο|ά|έ|ή|ί|ό|ύ|ώ|ου|αι|ει|οι",
          "ν|ρ|σ|λ", (1, 2, 2, 3, 3, 4), 700)], fix=_el, ends=(".", ".", ".", ";", "\u037e", "!"),
        menu="Αρχική|Ειδήσεις|Κόσμος|Οικονομία|Αθλητισμός|Πολιτισμός|Απόψεις|Επιστήμη|Ταξίδια|Υγεία|Βίντεο|"
        "Περιφέρεια|Καιρός|Πολιτική|Τεχνολογία|Συνταγές",
        months="Ιανουαρίου|Φεβρουαρίου|Μαρτίου|Απριλίου|Μαΐου|Ιουνίου|Ιουλίου|Αυγούστου|Σεπτεμβρίου|"
        "Οκτωβρίου|Νοεμβρίου|Δεκεμβρίου",
        days="Δευτέρα|Τρίτη|Τετάρτη|Πέμπτη|Παρασκευή|Σάββατο|Κυριακή",
        answers="Ναι.|Όχι.|Κανένα σχόλιο.|Απολύτως.|Νομίζω πως ναι.|Όχι ακριβώς.",
        cookie="Χρησιμοποιούμε cookies για να βελτιώσουμε την εμπειρία σας. Συνεχίζοντας την περιήγηση, "
        "αποδέχεστε τη χρήση τους.",
        suffixes=" Νέα| Ειδήσεις| Καθημερινή| Ημερησία| Εφημερίδα| Τύπος", tlds=".gr|.gr|.com.cy",
        rights="Με την επιφύλαξη παντός δικαιώματος.", contact="Επικοινωνία|Πολιτική απορρήτου|Όροι χρήσης",
        external="{} δεν ευθύνεται για το περιεχόμενο εξωτερικών ιστοσελίδων.",
        social="Κοινοποίηση στο Facebook|Κοινοποίηση στο Twitter|Αποστολή με email", related="Διαβάστε επίσης",
        comments="Σχόλια ({})", form="Αφήστε ένα σχόλιο|Όνομα *|Email *|Τίτλος σχολίου*|Υποβολή σχολίου",
        updated="Τελευταία ενημέρωση: {}", date="{wd}, {d} {m} {y}", q="Ερώτηση: ", qmark=";",
        said="«{}», δήλωσε ο εκπρόσωπος.", cms="Powered by WordPress|Μετάβαση στο περιεχόμενο"),
    Language(
        "ar", 2, "في من على إلى أن التي الذي عن مع هذا هذه كان قد لا ما كما بين بعد قبل عند أو ثم كل حتى وقد "
        "وفي ذلك إن لم هو هي اليوم العام الحكومة الرئيس المدينة مصر السعودية عام", 
        [("ا|ل|م|ن|ي|و|ه|ر|ت|ب|ع|د|س|ف|ق|ك|ح|ج|ش|ص|ط|خ|ز|ذ|ض|ظ|غ|ث|أ|إ", "|||ا|و|ي", "",
          (2, 3, 3, 4, 4, 5), 700)], fix=_ar, cased=False, comma="،", ends=(".", ".", ".", "؟", "!"),
        menu="الرئيسية|أخبار|العالم|اقتصاد|رياضة|ثقافة|رأي|علوم|سفر|صحة|فيديو|محليات|الطقس|سياسة|تكنولوجيا|مطبخ",
        months="يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر",
        days="الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد",
        answers="نعم.|لا.|لا تعليق.|بالتأكيد.|أعتقد ذلك.|ليس تماماً.",
        cookie="نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا. باستمرارك في التصفح فإنك توافق على استخدامها.",
        suffixes=" نيوز| اليوم| الأخبار| الجديد| الوطن| العربي", tlds=".com|.net|.sa|.ae|.eg",
        rights="جميع الحقوق محفوظة.", contact="اتصل بنا|سياسة الخصوصية|شروط الاستخدام",
        external="{} غير مسؤول عن محتوى المواقع الخارجية.",
        social="شارك على فيسبوك|شارك على تويتر|أرسل بالبريد الإلكتروني", related="أخبار ذات صلة",
        comments="التعليقات ({})", form="اترك تعليقاً|الاسم *|البريد الإلكتروني *|عنوان التعليق*|إرسال التعليق",
        updated="آخر تحديث: {} بتوقيت غرينتش", date="{wd} {d} {m} {y}", q="س: ", qmark="؟",
        said="«{}»، قال المتحدث.", cms="Powered by WordPress|انتقل إلى المحتوى"),
    Language(
        "he", 1, "של את על לא הוא זה היא עם כי גם אבל או אם כל מה יש אני הם היה היו אחרי לפני בין עד רק כמו "
        "יותר ישראל הממשלה ראש העיר שנה שנים היום אמר",
        [("א|ב|ג|ד|ה|ו|ז|ח|ט|י|כ|ל|מ|נ|ס|ע|פ|צ|ק|ר|ש|ת", "||ו|י", "", (2, 3, 3, 4, 4, 5), 700)], fix=_he,
        cased=False,
        menu="ראשי|חדשות|בעולם|כלכלה|ספורט|תרבות|דעות|מדע|תיירות|בריאות|וידאו|מקומי|מזג אוויר|פוליטיקה|טכנולוגיה|אוכל",
        months="ינואר|פברואר|מרץ|אפריל|מאי|יוני|יולי|אוגוסט|ספטמבר|אוקטובר|נובמבר|דצמבר",
        days="יום שני|יום שלישי|יום רביעי|יום חמישי|יום שישי|שבת|יום ראשון",
        answers="כן.|לא.|אין תגובה.|בהחלט.|אני חושב שכן.|לא ממש.",
        cookie="אתר זה משתמש בעוגיות כדי לשפר את חוויית הגלישה. המשך הגלישה באתר מהווה הסכמה לשימוש בהן.",
        suffixes=" חדשות| היום| ניוז| מקומון| אונליין| הערב", tlds=".co.il|.co.il|.org.il",
        rights="כל הזכויות שמורות.", contact="צור קשר|מדיניות פרטיות|תנאי שימוש",
        external="{} אינו אחראי לתוכן של אתרים חיצוניים.", social="שתפו בפייסבוק|שתפו בטוויטר|שלחו במייל",
        related="כתבות נוספות", comments="תגובות ({})",
        form="הוסיפו תגובה|שם *|דוא״ל *|כותרת התגובה*|שליחת תגובה", updated="עודכן: {}",
        date="{wd}, {d} ב{m} {y}", q="ש: ", qmark="?", said="“{}”, אמר הדובר.",
        cms="Powered by WordPress|דלג לתוכן"),
    Language(
        "hi", 1, "के है में की और से को का एक यह पर भी ने हैं कि लिए था नहीं जो कर इस तो हो गया किया कहा साथ बाद "
        "अपने वह थे रहा होता सकता सरकार भारत दिल्ली मंत्री साल लोगों",
        [("क|ख|ग|घ|च|छ|ज|झ|ट|ठ|ड|ढ|त|थ|द|ध|न|प|फ|ब|भ|म|य|र|ल|व|श|ष|स|ह|क|त|न|र|स|म",
          "||ा|ि|ी|ु|ू|े|ै|ो|ौ|ा|े", "ं|्र|्य|न|र", (1, 2, 2, 3, 3), 700)], cased=False,
        ends=("।", "।", "।", "?", "!"),
        menu="होम|समाचार|दुनिया|व्यापार|खेल|मनोरंजन|विचार|विज्ञान|यात्रा|स्वास्थ्य|वीडियो|राज्य|मौसम|राजनीति|टेक|रेसिपी",
        months="जनवरी|फ़रवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|सितंबर|अक्टूबर|नवंबर|दिसंबर",
        days="सोमवार|मंगलवार|बुधवार|गुरुवार|शुक्रवार|शनिवार|रविवार",
        answers="हाँ।|नहीं।|कोई टिप्पणी नहीं।|बिल्कुल।|मुझे ऐसा लगता है।|ऐसा नहीं है।",
        cookie="हम आपके अनुभव को बेहतर बनाने के लिए कुकीज़ का उपयोग करते हैं। साइट का उपयोग जारी रखकर आप इसके लिए सहमति देते हैं।",
        suffixes=" समाचार| न्यूज़| टाइम्स| भास्कर| जागरण| दर्पण", tlds=".in|.co.in|.com",
        rights="सर्वाधिकार सुरक्षित।", contact="संपर्क करें|गोपनीयता नीति|उपयोग की शर्तें",
        external="{} बाहरी वेबसाइटों की सामग्री के लिए ज़िम्मेदार नहीं है।",
        social="फेसबुक पर शेयर करें|ट्विटर पर शेयर करें|ईमेल करें", related="ये भी पढ़ें",
        comments="टिप्पणियाँ ({})", form="टिप्पणी लिखें|नाम *|ईमेल *|शीर्षक*|टिप्पणी भेजें",
        updated="अपडेटेड: {} IST", date="{wd}, {d} {m} {y}", q="प्रश्न: ", qmark="?",
        said="“{}”, प्रवक्ता ने कहा।", cms="Powered by WordPress|सामग्री पर जाएँ"),
    Language(
        "zh", 6, "的 是 在 了 和 有 也 不 就 都 与 及 对 将 为 这 我们 他们 中国 北京 上海 记者 公司 政府 经济 发展 "
        "市场 今年 目前 表示 进行 工作 问题 社会 国家 企业 地区 城市 国际 美国 人民 服务 技术 项目 活动 已经 可以 "
        "没有 通过 由于 但是 因为 所以 如果 这些 一个 自己 同时 相关 增长 情况 方面 需要 部门 2023年 5% GDP",
        [("|".join(ZH_CHARS), "", "", (1, 2, 2, 2, 2, 3, 4), 900)], kind="zh", cased=False, comma="，",
        ends=("。", "。", "。", "？", "！"), space="",
        menu="首页|新闻|国际|财经|体育|文化|评论|科技|旅游|健康|视频|地方|天气|时政|数码|美食",
        months="|".join(_months("{}月")), days="星期一|星期二|星期三|星期四|星期五|星期六|星期日",
        answers="是的。|不是。|无可奉告。|当然。|我想是的。|不完全是。",
        cookie="本网站使用Cookie以改善您的浏览体验。继续浏览即表示您同意我们使用Cookie。",
        suffixes="日报|新闻网|晚报|时报|在线|资讯", tlds=".cn|.com.cn|.com|.com.tw|.hk", rights="版权所有。",
        contact="联系我们|隐私政策|使用条款", external="{}不对外部网站的内容负责。",
        social="分享到微博|分享到微信|通过邮件发送", related="相关新闻", comments="评论（{}）",
        form="发表评论|姓名 *|邮箱 *|标题*|提交评论", updated="更新时间：{}", date="{y}年{m}{d}日 {wd}",
        q="问：", qmark="？", said="“{}”发言人说。", cms="Powered by WordPress|跳至内容"),
    Language(
        "ja", 6, "日本 東京 政府 会社 経済 市場 問題 社会 発表 今年 大学 地域 事件 警察 選挙 首相 大臣 記者 開発 技術 "
        "企業 世界 研究 調査 影響 関係 必要 可能 時間 場合 結果 情報 これ それ こと もの ため よう",
        [("|".join(JA_KANJI), "", "", (1, 2, 2, 2, 3), 600), (KANA, "||ー", "", (2, 3, 3, 4), 250)],
        kind="ja", cased=False, comma="、", ends=("。", "。", "。", "。", "？"), space="",
        particles="の の は が を に で と も から まで へ や の を に",
        verb_ends="した する している された です ます ました という だった になる と述べた",
        menu="ホーム|ニュース|国際|経済|スポーツ|カルチャー|オピニオン|科学|旅行|健康|動画|地域|天気|政治|テクノロジー|グルメ",
        months="|".join(_months("{}月")), days="月|火|水|木|金|土|日",
        answers="はい。|いいえ。|ノーコメントです。|もちろんです。|そう思います。|そうでもありません。",
        cookie="当サイトではサービス向上のためにクッキーを使用しています。サイトの閲覧を続けることで、クッキーの使用に同意したことになります。",
        suffixes="新聞|ニュース|タイムズ|日報|ジャーナル|通信", tlds=".jp|.co.jp|.ne.jp",
        rights="無断転載を禁じます。", contact="お問い合わせ|プライバシーポリシー|利用規約",
        external="{}は外部サイトの内容について責任を負いません。", social="Facebookでシェア|Twitterでシェア|メールで送る",
        related="関連記事", comments="コメント（{}）", form="コメントを書く|お名前 *|メールアドレス *|タイトル*|コメントを送信",
        updated="最終更新：{}", date="{y}年{m}{d}日（{wd}）", q="Q：", qmark="？",
        said="「{}」と広報担当者は述べた。", cms="Powered by WordPress|コンテンツへスキップ"),
    Language(
        "ko", 2, "그 이 있다 것 수 등 및 위해 대한 통해 한국 서울 정부 대통령 경제 시장 기업 사회 문제 지역 올해 지난 "
        "관계자 발표 기자 우리 국민 이번 현재 가장 함께 많은",
        [(KO_SYLLABLES.replace(" ", "|"), "", "", (1, 2, 2, 2, 3), 700)], kind="ko", cased=False,
        ends=(".", ".", ".", "?", "!"), particles="은 는 이 가 을 를 의 에 에서 으로 로 와 과 도 만",
        verb_ends="했다 한다 이다 있다 됐다 합니다 했습니다 밝혔다",
        menu="홈|뉴스|국제|경제|스포츠|문화|오피니언|과학|여행|건강|영상|지역|날씨|정치|IT|맛집",
        months="|".join(_months("{}월")), days="월요일|화요일|수요일|목요일|금요일|토요일|일요일",
        answers="네.|아니요.|노코멘트입니다.|물론입니다.|그렇게 생각합니다.|그렇지는 않습니다.",
        cookie="이 사이트는 더 나은 서비스를 위해 쿠키를 사용합니다. 계속 이용하시면 쿠키 사용에 동의하는 것으로 간주됩니다.",
        suffixes="일보|뉴스|신문|타임스|경제|미디어", tlds=".co.kr|.kr|.com", rights="무단 전재 및 재배포 금지.",
        contact="회사소개|개인정보처리방침|이용약관", external="{}은(는) 외부 사이트의 내용에 책임을 지지 않습니다.",
        social="페이스북 공유|트위터 공유|이메일 보내기", related="관련 기사", comments="댓글 ({})",
        form="댓글 쓰기|이름 *|이메일 *|제목*|댓글 등록", updated="최종 수정: {}", date="{y}년 {m} {d}일 {wd}",
        q="질문: ", qmark="?", said="“{}”라고 대변인은 밝혔다.", cms="Powered by WordPress|본문 바로가기"),
]


def sentence(rng, lo=8, hi=28, lang=None):
    return (lang or ENGLISH).sentence(rng, rng.randint(lo, hi))


def paragraph(rng, lang=None, lo=2, hi=5):
    lang = lang or ENGLISH
    return lang.space.join(sentence(rng, lang=lang) for _ in range(rng.randint(lo, hi)))


def headline(rng, lang=None):
    return (lang or ENGLISH).headline(rng, rng.randint(4, 9))


class Site:
    def __init__(self, rng, index, lang=None, styled=False):
        """styled: the multilingual corpus's per-site variety (separators,
        bullets, emoji, digits); without it, the ASCII corpus's draws."""
        lang = lang or ENGLISH
        self.index = index
        self.lang = lang
        base = "".join(rng.choice("bcdfghklmnprstvwz") + rng.choice("aeiou")
                       for _ in range(rng.randint(2, 4))).capitalize()
        suffix = rng.choice(lang.suffixes)
        if styled and lang.code not in ("en", "en-ascii"):
            # A name in the site's own script; the host stays ASCII.
            self.name = lang.cap(rng.choice(lang.words[len(lang.words) // 2:])) + suffix
            self.domain = base.lower() + rng.choice(lang.tlds)
        else:
            self.name = base + suffix
            self.domain = self.name.lower().replace(" ", "") + rng.choice(lang.tlds)
        self.hosts = ["www." + self.domain, "m." + self.domain, "news." + self.domain]
        self.menu = rng.sample(lang.menu, rng.randint(5, 10))
        self.tagline = sentence(rng, 5, 9, lang)
        sep = " | "
        self.digits = None
        self.emoji = self.nbsp = False
        self.related = 4
        if styled:
            # Sites differ in how much chrome they have and how it looks.
            self.menu = rng.sample(lang.menu, rng.choice([0, 3, 5, 7, 10, 14]))
            self.related = rng.choice([0, 2, 4, 4, 6, 10])
            self.nbsp = rng.random() < 0.25
            sep = rng.choice([" | ", " | ", " • ", " · ", " / "])
            mark = rng.choice(["", "", "", "• ", "» ", "▸ "])
            self.menu = [mark + m for m in self.menu]
            if lang.code in ("ar", "ja") and rng.random() < 0.4:
                self.digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩" if lang.code == "ar" else "０１２３４５６７８９")
            self.emoji = rng.random() < (0.3 if lang.code == "en" else 0.12)
        self.footer = [f"© {2000 + index % 20} {self.name}. {lang.rights}",
                       sep.join(lang.contact),
                       lang.external.format(self.name)]
        self.social = ([e + " " + s for e, s in zip(["👍", "🐦", "✉️"], lang.social)]
                       if self.emoji else list(lang.social))
        self.comment_form = list(lang.form)
        if styled:
            if rng.random() < 0.4:
                self.social = []
            if rng.random() < 0.5:
                self.comment_form = []
        self.cookie = rng.random() < 0.6
        self.cms = rng.choice(lang.cms) if rng.random() < 0.5 else None
        self.headlines = []

    def local(self, text):
        return text.translate(self.digits) if self.digits else text


def chrome_top(site, rng):
    lang = site.lang
    lines = [site.name, site.tagline]
    lines += site.menu
    day = rng.randint(1, 28)
    lines.append(site.local(lang.updated.format(
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}")))
    lines.append(site.local(lang.date.format(wd=rng.choice(lang.days), d=day, m=rng.choice(lang.months),
                                             y=rng.randint(2015, 2024))))
    return lines


def chrome_bottom(site, rng, own_headline):
    lang = site.lang
    lines = list(site.social)
    if site.related:
        lines.append(lang.related)
        pool = [h for h in site.headlines if h != own_headline]
        lines += rng.sample(pool, min(len(pool), site.related))
    lines.append(site.local(lang.comments.format(rng.randint(0, 250))))
    lines += site.comment_form
    if site.cookie:
        lines.append(lang.cookie)
    if site.cms:
        lines.append(site.cms)
    lines += site.footer
    return lines


def web_body(rng, lang):
    """A multilingual article's body: paragraphs of web-like lengths (one
    sentence to long ones), subheadings and short list items."""
    body = []
    for _ in range(rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20])):
        r = rng.random()
        if r < 0.55:
            body.append(paragraph(rng, lang))
        elif r < 0.70:
            body.append(paragraph(rng, lang, 4, 9))
        elif r < 0.82:
            body.append(sentence(rng, 8, 28, lang))
        elif r < 0.90:
            body.append(headline(rng, lang))
        else:
            mark = rng.choice(["• ", "– ", "- ", "", "· "])
            body += [mark + sentence(rng, 3, 12, lang) for _ in range(rng.randint(2, 5))]
    return body


# ---------------------------------------------------------------------------
# --variety: the kinds of chrome that unseen news sites have and that line
# counts alone miss (issue 10), each labelled with its kind:
#   inbody-label  a short label between article paragraphs on most pages
#                 ("Advertisement", "Story continues below");
#   templated     a site-frequent prefix with a changing tail ("READ MORE:
#                 <another headline>", "Tags: a, b", "Home › <section>",
#                 "Posted in <section>");
#   byline, photo-credit  "By <name> | <date>", "Photo: <credit>": facts
#                 about the page, labelled u (unscored) as in ../shared/eval;
#   rotating-list a list of other pages' headlines, each item on few pages;
#   print-chrome  a print copy's own template (few pages of the site);
#   family-chrome the chrome of a second page template (opinion pages).
# English phrases for every language (many non-English sites use them too).
# Variety draws from its own random stream: the articles stay those of the
# corpus without --variety.

INBODY_LABELS = ["Advertisement", "ADVERTISEMENT", "Continue reading the main story",
                 "Story continues below advertisement", "Scroll to continue with content",
                 "Article continues below", "Sponsored content"]
READ_MORE = ["READ MORE: {}", "Read more: {}", "RELATED: {}", "See also: {}", "MORE: {}",
             "Also read | {}"]
TAGS = ["Tags: {}", "Topics: {}", "Filed under: {}", "Keywords: {}"]
BREADCRUMB = ["Home › {}", "Home > {}", "Home / News / {}", "You are here: Home » {}"]
POSTED = ["Posted in {}", "Published in {}", "Category: {}", "Section: {}"]
BYLINE = ["By {name} | {date}", "By {name}, {date}", "{name} | Staff writer | {date}",
          "Written by {name} on {date}"]
PHOTO = ["Photo: {}", "Image: {}", "(Photo: {})", "Picture credit: {}"]
AGENCIES = ["Reuters", "AFP", "AP", "Getty Images", "EPA", "Staff photographer", "Handout"]
FIRST = ["Anna", "John", "Maria", "David", "Sofia", "James", "Laura", "Peter", "Nadia", "Omar",
         "Chen", "Yuki", "Ivan", "Elena", "Carlos", "Fatima", "Tom", "Sara"]
LAST = ["Smith", "Garcia", "Ivanova", "Khan", "Li", "Tanaka", "Novak", "Silva", "Brown", "Haddad",
        "Kowalski", "Rossi", "Müller", "Dubois", "Park", "Cohen", "Nguyen", "Okafor"]
LISTS = ["Most read", "Trending now", "Top stories", "Editor's picks", "Popular this week"]
PRINT_TOP = ["{name} - Print edition", "Printed from {domain}", "Print this article", "Close window"]
PRINT_BOTTOM = ["Article URL: {url}", "Copyright {name}. Printed for personal use only.",
                "Return to the full site"]
OPINION = ["Opinion", "Columnists", "The views expressed here are the author's own and do not "
           "necessarily reflect those of {name}.", "Have your say: write to letters@{domain}"]


class Variety:
    """A site's extra chrome under --variety (see above)."""

    def __init__(self, vr, site):
        self.inbody = vr.choice(INBODY_LABELS) if vr.random() < 0.7 else None
        self.inbody_share = vr.uniform(0.5, 0.95)
        self.read_more = vr.choice(READ_MORE) if vr.random() < 0.6 else None
        self.tags = vr.choice(TAGS) if vr.random() < 0.6 else None
        self.tag_pool = [" ".join(vr.choice(WORDS) for _ in range(vr.randint(1, 2))).title()
                         for _ in range(30)]
        self.breadcrumb = vr.choice(BREADCRUMB) if vr.random() < 0.5 else None
        self.posted = vr.choice(POSTED) if vr.random() < 0.4 else None
        self.byline = vr.choice(BYLINE) if vr.random() < 0.6 else None
        self.reporters = [f"{vr.choice(FIRST)} {vr.choice(LAST)}" for _ in range(vr.randint(3, 12))]
        self.photo = vr.choice(PHOTO) if vr.random() < 0.5 else None
        self.list_title = vr.choice(LISTS) if vr.random() < 0.6 else None
        self.list_items = vr.randint(3, 8)
        self.opinion = vr.random() < 0.4
        self.site = site

    def date(self, vr):
        return f"{vr.randint(1, 28)} {vr.choice(MONTHS)} {vr.randint(2015, 2024)}"

    def dress(self, vr, headline, body, body_kinds, section, others, url, print_copy):
        """Returns (top, top_kinds, body, body_kinds, bottom, bottom_kinds):
        what this site's variety adds around and inside one page. `others`
        is the site's other headlines."""
        site = self.site
        top, top_kinds, bottom, bottom_kinds = [], [], [], []
        body, body_kinds = list(body), list(body_kinds)

        def insert_between(line, kind):
            # Between two paragraphs, never first or last.
            if len(body) < 2:
                return
            i = vr.randint(1, len(body) - 1)
            body.insert(i, line)
            body_kinds.insert(i, kind)

        if print_copy:
            top = [t.format(name=site.name, domain=site.domain) for t in PRINT_TOP]
            bottom = [b.format(name=site.name, url=url) for b in PRINT_BOTTOM]
            return (top, ["print-chrome"] * len(top), body, body_kinds, bottom,
                    ["print-chrome"] * len(bottom))
        if self.breadcrumb:
            top.append(self.breadcrumb.format(section))
            top_kinds.append("templated")
        if self.opinion and section == site_sections(site)[0]:
            top += [OPINION[0], OPINION[1]]
            top_kinds += ["family-chrome"] * 2
        head, head_kinds = [], []
        if self.byline:
            head.append(self.byline.format(name=vr.choice(self.reporters), date=self.date(vr)))
            head_kinds.append("byline")
        if self.photo and body:
            body.insert(1 if len(body) > 1 else 0, self.photo.format(
                f"{vr.choice(self.reporters)}/{vr.choice(AGENCIES)}"))
            body_kinds.insert(1 if len(body_kinds) > 1 else 0, "photo-credit")
        if self.inbody and vr.random() < self.inbody_share:
            for _ in range(vr.randint(1, 3)):
                insert_between(self.inbody, "inbody-label")
        if self.read_more and others:
            for _ in range(vr.randint(0, 2)):
                insert_between(self.read_more.format(vr.choice(others)), "templated")
        if self.tags:
            bottom.append(self.tags.format(", ".join(vr.sample(self.tag_pool, vr.randint(2, 5)))))
            bottom_kinds.append("templated")
        if self.posted:
            bottom.append(self.posted.format(section))
            bottom_kinds.append("templated")
        if self.opinion and section == site_sections(site)[0]:
            bottom += [OPINION[2].format(name=site.name), OPINION[3].format(domain=site.domain)]
            bottom_kinds += ["family-chrome"] * 2
        if self.list_title and others:
            bottom.append(self.list_title)
            bottom_kinds.append("chrome")
            items = vr.sample(others, min(len(others), self.list_items))
            bottom += items
            bottom_kinds += ["rotating-list"] * len(items)
        return (top, top_kinds, head + body, head_kinds + body_kinds, bottom, bottom_kinds)


CONTENT_KINDS = {"content", "headline", "interview-question", "interview-answer", "repeated-quote"}
# Facts about the page that gold texts keep or drop (as ../shared/eval's
# labels leave them unscored): labelled u.
UNSCORED_KINDS = {"byline", "photo-credit"}


def site_sections(site):
    return [m.lstrip("•»▸ ") for m in site.menu] or site.lang.menu[:1]


def make_documents(args):
    rng = random.Random(args.seed)
    styled = args.charset == "multilingual"
    if styled:
        weights = [lang.weight for lang in LANGUAGES]
        sites = [Site(rng, i, rng.choices(LANGUAGES, weights)[0], styled) for i in range(args.sites)]
    else:
        sites = [Site(rng, i) for i in range(args.sites)]
    # Zipf-like share of documents per site.
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(sites))]
    total = sum(weights)
    per_site = [max(3, int(args.docs * w / total)) for w in weights]
    quotes = {}
    docs = []
    vr = random.Random(f"variety/{args.seed}") if args.variety else None
    for site, n in zip(sites, per_site):
        lang = site.lang
        sections = site_sections(site)
        articles = []
        for a in range(n):
            h = headline(rng, lang)
            if site.emoji and rng.random() < 0.1:
                h += " " + rng.choice(EMOJI)
            site.headlines.append(h)
            if styled:
                body = web_body(rng, lang)
                if site.nbsp:  # a WYSIWYG editor's two spaces after a full stop
                    body = [b.replace(". ", ".\u00a0 ") for b in body]
            else:
                body = [paragraph(rng) for _ in range(rng.randint(3, 12))]
            kinds = ["content"] * len(body)
            if rng.random() < 0.15:
                # Interview: questions and short answers.
                for _ in range(rng.randint(2, 4)):
                    if lang.plain:
                        body.append("Q: " + sentence(rng, 5, 12).rstrip(".!") + "?")
                    else:
                        body.append(lang.q + lang.cap(lang.phrase(rng, rng.randint(5, 12), 0.05)) + lang.qmark)
                    body.append(rng.choice(lang.answers))
                    kinds += ["interview-question", "interview-answer"]
            if rng.random() < 0.1:
                q = quotes.setdefault(site.index, lang.said.format(sentence(rng, 12, 20, lang)))
                i = rng.randint(0, len(body))
                body.insert(i, q)
                kinds.insert(i, "repeated-quote")
            articles.append((h, body, kinds))
        variety = Variety(vr, site) if vr else None
        for a, (h, body, body_kinds) in enumerate(articles):
            copies = 1 + (1 if rng.random() < 0.08 else 0)
            for c in range(copies):
                host = rng.choice(site.hosts)
                section = rng.choice(sections)
                path = f"/{section.lower()}/{a:05d}-{h.lower().replace(' ', '-')[:40]}"
                if styled:  # as crawlers write non-ASCII paths
                    path = urllib.parse.quote(path, safe="/-")
                url = f"https://{host}{path}" + ("/print" if c else "")
                top = chrome_top(site, rng)
                bottom = chrome_bottom(site, rng, h)
                top_kinds = ["chrome"] * len(top)
                bottom_kinds = ["chrome"] * len(bottom)
                page_body, page_kinds = body, body_kinds
                if variety:
                    others = [o for o in site.headlines if o != h]
                    more_top, more_top_kinds, page_body, page_kinds, more_bottom, more_bottom_kinds = \
                        variety.dress(vr, h, body, body_kinds, section, others, url, c > 0)
                    if c > 0:  # the print template replaces the site's
                        top, top_kinds, bottom, bottom_kinds = [], [], [], []
                    bottom_kinds = ["rotating-list" if k == "chrome" and line in site.headlines else k
                                    for line, k in zip(bottom, bottom_kinds)]
                    top, top_kinds = top + more_top, top_kinds + more_top_kinds
                    bottom, bottom_kinds = more_bottom + bottom, more_bottom_kinds + bottom_kinds
                lines = top + [h] + page_body + bottom
                kinds = top_kinds + ["headline"] + page_kinds + bottom_kinds
                labels = "".join("c" if k in CONTENT_KINDS else "u" if k in UNSCORED_KINDS else "n"
                                 for k in kinds)
                doc_id = f"synthetic/{site.domain}/{a}" + ("-print" if c else "")
                doc = {"id": doc_id, "url": url, "text": "\n".join(lines), "labels": labels,
                       "lang": lang.code}
                if variety:
                    doc["kinds"] = kinds
                docs.append(doc)
    rng.shuffle(docs)
    return docs


def warc_record(doc, rng):
    block = (doc["text"] + "\n").encode("utf-8")
    digest = base64.b32encode(hashlib.sha1(block).digest()).decode()
    rid = uuid.UUID(int=rng.getrandbits(128))
    headers = [
        "WARC/1.0",
        "WARC-Type: conversion",
        f"WARC-Target-URI: {doc['url']}",
        "WARC-Date: 2024-05-01T12:00:00Z",
        f"WARC-Record-ID: <urn:uuid:{rid}>",
        f"WARC-Block-Digest: sha1:{digest}",
        "Content-Type: text/plain",
        f"Content-Length: {len(block)}",
    ]
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def warcinfo(rng):
    block = b"software: dechrome make_corpus.py\r\nformat: WARC File Format 1.0\r\n"
    headers = ["WARC/1.0", "WARC-Type: warcinfo", "WARC-Date: 2024-05-01T12:00:00Z",
               f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=rng.getrandbits(128))}>",
               "Content-Type: application/warc-fields", f"Content-Length: {len(block)}"]
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def write(path, pieces, compress, per_member):
    """pieces: list of bytes; gzip per_member writes one member per piece."""
    if compress == "gz":
        with open(path, "wb") as f:
            if per_member:
                for p in pieces:
                    f.write(gzip.compress(p, compresslevel=6, mtime=0))
            else:
                f.write(gzip.compress(b"".join(pieces), compresslevel=6, mtime=0))
    elif compress == "zst":
        with open(path, "wb") as f:
            subprocess.run(["zstd", "-q", "-3", "-c"], input=b"".join(pieces), stdout=f, check=True)
    else:
        with open(path, "wb") as f:
            for p in pieces:
                f.write(p)


# ---------------------------------------------------------------------------
# Statistics (--stats, --stats-of): the character mix and the lengths of
# lines and documents, to compare a generated corpus with real files.

# Classes of non-ASCII characters, by code point: (first, last, class).
CHAR_CLASSES = sorted([
    (0x0080, 0x00BF, "punct/symbol"), (0x00C0, 0x024F, "latin"), (0x0250, 0x02FF, "other"),
    (0x0300, 0x036F, "combining"), (0x0370, 0x03FF, "greek"), (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "other"), (0x0590, 0x05FF, "hebrew"), (0x0600, 0x06FF, "arabic"),
    (0x0700, 0x08FF, "other"), (0x0900, 0x0DFF, "indic"), (0x0E00, 0x1DFF, "other"),
    (0x1E00, 0x1EFF, "latin"), (0x1F00, 0x1FFF, "greek"), (0x2000, 0x206F, "punct/symbol"),
    (0x2070, 0x25FF, "punct/symbol"), (0x2600, 0x27BF, "emoji"), (0x27C0, 0x2BFF, "punct/symbol"),
    (0x2C00, 0x2FFF, "other"), (0x3000, 0x9FFF, "cjk"), (0xA000, 0xABFF, "other"),
    (0xAC00, 0xD7FF, "cjk"), (0xE000, 0xF8FF, "other"), (0xF900, 0xFAFF, "cjk"),
    (0xFB00, 0xFB4F, "other"), (0xFB50, 0xFDFF, "arabic"), (0xFE00, 0xFE0F, "emoji"),
    (0xFE10, 0xFE6F, "other"), (0xFE70, 0xFEFF, "arabic"), (0xFF00, 0xFFEF, "cjk"),
    (0xFFF0, 0x1EFFF, "other"), (0x1F000, 0x1FAFF, "emoji"), (0x1FB00, 0x1FFFF, "other"),
    (0x20000, 0x3FFFF, "cjk"), (0x40000, 0x10FFFF, "other")])
CLASS_ORDER = ["punct/symbol", "latin", "combining", "cyrillic", "greek", "arabic", "hebrew", "indic",
               "cjk", "emoji", "other"]


def char_class(c, cache={}):
    k = cache.get(c)
    if k is None:
        import bisect
        cp = ord(c)
        i = bisect.bisect_right(CHAR_CLASSES, (cp, 0x10FFFF, "~")) - 1
        k = CHAR_CLASSES[i][2] if i >= 0 and CHAR_CLASSES[i][0] <= cp <= CHAR_CLASSES[i][1] else "other"
        cache[c] = k
    return k


def text_stats(texts):
    """Statistics of documents' texts; lines are non-empty lines."""
    import re
    non_ascii = re.compile(r"[^\x00-\x7f]")
    lines = n_non_ascii = chars = nbytes = 0
    by_class = dict.fromkeys(CLASS_ORDER, 0)
    line_chars, line_bytes, doc_bytes, doc_lines = [], [], [], []
    for text in texts:
        n = 0
        for line in text.split("\n"):
            if not line.strip():
                continue
            n += 1
            b = len(line.encode("utf-8"))
            line_chars.append(len(line))
            line_bytes.append(b)
            if not line.isascii():
                n_non_ascii += 1
                for k in {char_class(c) for c in set(non_ascii.findall(line))}:
                    by_class[k] += 1
        lines += n
        doc_lines.append(n)
        doc_bytes.append(len(text.encode("utf-8")))
        chars += len(text)
    nbytes = sum(doc_bytes)
    return dict(docs=len(doc_bytes), lines=lines, bytes=nbytes, chars=chars, non_ascii=n_non_ascii,
                by_class=by_class, line_chars=line_chars, line_bytes=line_bytes, doc_bytes=doc_bytes,
                doc_lines=doc_lines)


def print_stats(name, st, out):
    import statistics

    def dist(v, unit=""):
        if not v:
            return "n/a"
        v = sorted(v)
        return (f"mean {statistics.fmean(v):.0f}{unit}, median {v[len(v) // 2]}{unit}, "
                f"p10 {v[len(v) // 10]}{unit}, p90 {v[len(v) * 9 // 10]}{unit}")

    lines = max(st["lines"], 1)
    lc = sorted(st["line_chars"])
    short = sum(1 for x in lc if x < 30) / lines
    long_ = sum(1 for x in lc if x >= 200) / lines
    print(f"{name}: {st['docs']} documents, {st['lines']} non-empty lines, {st['bytes'] / 1e6:.1f} MB of text", file=out)
    print(f"  lines with non-ASCII: {100 * st['non_ascii'] / lines:.1f}%; non-ASCII share of text bytes: "
          f"{100 * (st['bytes'] - st['chars']) / max(st['bytes'], 1):.1f}% (UTF-8 continuation "
          f"and lead bytes beyond the first: bytes - characters)", file=out)
    print("  lines holding each class: " + ", ".join(
        f"{k} {100 * v / lines:.1f}%" for k, v in st["by_class"].items() if v), file=out)
    print(f"  line length, characters: {dist(st['line_chars'])}; under 30: {100 * short:.0f}%, "
          f"200 or more: {100 * long_:.0f}%", file=out)
    print(f"  line length, bytes: {dist(st['line_bytes'])}", file=out)
    print(f"  document length, bytes: {dist(st['doc_bytes'])}", file=out)
    print(f"  document length, lines: {dist(st['doc_lines'])}", file=out)


def read_texts(path):
    """The documents' texts of a JSONL (field "text") or WET file (conversion
    records), plain, gzip or zstd (sniffed by magic bytes)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    elif data[:4] == b"\x28\xb5\x2f\xfd":
        data = subprocess.run(["zstd", "-dcq"], input=data, stdout=subprocess.PIPE, check=True).stdout
    if data.startswith(b"WARC/"):
        pos = 0
        while True:
            head_end = data.find(b"\r\n\r\n", pos)
            if head_end < 0:
                break
            head = data[pos:head_end].decode("utf-8", "replace")
            length = int(next(l.split(":", 1)[1] for l in head.split("\r\n")
                              if l.lower().startswith("content-length:")))
            block = data[head_end + 4:head_end + 4 + length]
            if "WARC-Type: conversion" in head:
                yield block.decode("utf-8", "replace")
            pos = head_end + 4 + length
            while data[pos:pos + 2] == b"\r\n":
                pos += 2
        return
    for line in data.split(b"\n"):
        if line.strip():
            doc = json.loads(line)
            if isinstance(doc.get("text"), str):
                yield doc["text"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out")
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--sites", type=int, default=40)
    ap.add_argument("--parts", type=int, default=2)
    ap.add_argument("--format", choices=["jsonl", "wet", "both"], default="jsonl")
    ap.add_argument("--compress", choices=["zst", "gz", "none"], default="zst")
    ap.add_argument("--charset", choices=["ascii", "multilingual"], default="ascii")
    ap.add_argument("--labels", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--variety", action="store_true",
                    help="add in-body labels, templated lines, rotating lists, print and "
                         "opinion templates; labels.jsonl then also has each line's kind")
    ap.add_argument("--stats", action="store_true", help="print the corpus's statistics (stdout)")
    ap.add_argument("--stats-of", nargs="+", metavar="FILE",
                    help="print the statistics of these JSONL/WET files (all together) and exit")
    args = ap.parse_args()
    if args.stats_of:
        texts = [t for path in args.stats_of for t in read_texts(path)]
        print_stats(" ".join(os.path.basename(p) for p in args.stats_of), text_stats(texts), sys.stdout)
        return
    if not args.out:
        ap.error("--out is required")
    os.makedirs(args.out, exist_ok=True)
    docs = make_documents(args)
    rng = random.Random(args.seed + 1)
    ext = {"zst": ".zst", "gz": ".gz", "none": ""}[args.compress]
    for k in range(args.parts):
        part = docs[k::args.parts]
        if args.format in ("jsonl", "both"):
            lines = [(json.dumps({"id": d["id"], "url": d["url"], "text": d["text"],
                                  "meta": {"part": k}}, ensure_ascii=False) + "\n").encode()
                     for d in part]
            write(os.path.join(args.out, f"part-{k}.jsonl{ext}"), lines, args.compress, False)
        if args.format in ("wet", "both"):
            recs = [warcinfo(rng)] + [warc_record(d, rng) for d in part]
            write(os.path.join(args.out, f"part-{k}.warc.wet{ext}"), recs, args.compress, True)
    if args.labels:
        with open(os.path.join(args.out, "labels.jsonl"), "w") as f:
            for d in docs:
                row = {"id": d["id"], "url": d["url"], "labels": d["labels"]}
                if "kinds" in d:
                    row["kinds"] = d["kinds"]
                f.write(json.dumps(row) + "\n")
    if args.stats:
        print_stats(f"{args.charset} corpus, {args.sites} sites", text_stats(d["text"] for d in docs), sys.stdout)
        by_lang = {}
        for d in docs:
            by_lang[d["lang"]] = by_lang.get(d["lang"], 0) + 1
        print("  documents by language: " + ", ".join(
            f"{k} {100 * v / len(docs):.1f}%" for k, v in sorted(by_lang.items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    main()
