#!/usr/bin/env python3
"""Generates a deterministic CC-NEWS-like HTML WARC corpus with a gold standard.

Every site has a template family (semantic HTML5, div soup, old table layout,
WordPress, blog, portal with mega-menus, a JavaScript app shell), its own
class-name vocabulary, language mix, charset and chrome: logo and tagline, nav
menu, breadcrumbs, a changing date line, byline, share buttons, in-body labels
("Advertisement"), templated lines ("READ MORE: ...", "Tags: ..."), rotating
related headlines, a "most popular" box, comments, newsletter form, cookie
banner, footer, and things a browser does not show (hidden, <noscript>,
<template>). About a third of each page's bytes are inline <script> and
<style>. Articles have a headline, an optional standfirst, 4-25 paragraphs in
several scripts (Latin with accents, Cyrillic, Greek, Arabic, CJK, emoji),
interviews with short answers, block quotes; some appear at two URLs of their
site (print / AMP copy) and a few are syndicated to a second site.

Records are like CC-NEWS: a warcinfo record first, then per fetch a request
and a response record (WARC/1.0, one gzip member per record). Among the
responses: about 3% redirects (empty body), 2% image/jpeg, 1% 404 pages; HTML
bodies are sometimes gzip-encoded (Content-Encoding) and/or chunked
(Transfer-Encoding), stored as sent. WARC-Block-Digest is the SHA-1 of the
block, WARC-Payload-Digest the SHA-1 of the HTTP body as stored (after the
header, transfer and content codings not removed, as warcio computes it).

Usage:
  make_html_corpus.py --out DIR [--mib N] [--sites N] [--parts N] [--seed S]
                      [--quiet]

Writes DIR/part-K.warc.gz and DIR/gold.jsonl, one row per status-200 HTML page:
  {"url", "warc_record_id" (the response record's), "title" (the headline),
   "content": [the article's lines: headline, standfirst, paragraphs,
               interview lines, block quotes, as a browser shows them:
               entities decoded, whitespace runs collapsed to one space,
               stripped],
   "site", "family", "charset", "lang", "kind" (page|print|amp|syndicated)}
and prints corpus statistics to stderr. --mib is the total of uncompressed
HTML bodies (MiB) to reach. The same arguments give the same bytes. Only the
Python standard library is used.
"""

import argparse
import base64
import datetime
import gzip
import hashlib
import json
import os
import random
import re
import sys
import time
import uuid
import zlib

# ---------------------------------------------------------------------------
# Vocabularies (written for this generator).

EN = (
    "the of and to in a is that for it as was with be by on not at from this have are "
    "which but has an they were their been more after also new its two about over than first "
    "could into would people year years last said says will only other some when there city "
    "council minister river market school police court report water energy company prices "
    "government village festival museum bridge station harbour election research hospital "
    "farmers students players coach season match library budget transport science climate "
    "engineers voters officials residents plan week month local national regional funding "
    "project workers union strike talks agreement deal growth inflation rates bank households "
    "families children teachers doctors nurses patients service services public private "
    "director spokesperson statement investigation evidence trial judge ruling appeal "
    "committee members vote law bill proposal changes housing rent homes construction roads "
    "traffic rail airport flights storm flooding drought temperatures forecast record team "
    "league final goal win defeat fans stadium tickets concert film book author exhibition "
    "it’s don’t won’t council’s company’s government’s R&D M&A decision future"
).split()
FR = (
    "le la les des une dans pour avec sur été après déjà très où français société économie "
    "gouvernement élection député ministère réforme année prévu marché santé hôpital "
    "université étudiants grève accord sécurité première même deux être château forêt "
    "théâtre Noël ça garçon leçon reçu région élus maire conseil habitants projet travaux "
    "transports énergie électricité prix hausse baisse selon d’après qu’il l’État l’année "
    "aujourd’hui enquête procès témoins à côté réussi démarré créé décidé été"
).split()
DE = (
    "der die das und mit für über nach Straße Größe Bürger Bürgermeister Regierung Wahl "
    "Gemeinde müssen können Schüler Förderung Wirtschaft Krankenhaus Öffentlichkeit Ärzte "
    "Bahnhof Brücke Bundestag Änderung fünf zwölf heißt gegenüber während Millionen Euro "
    "Landkreis Polizei Gericht Urteil Unternehmen Preise Mieten Wohnungen Verkehr Zug "
    "Flughafen Energie Strom Klima Schulen Lehrer Kinder Familien wurde werden hatte sagte "
    "erklärte außerdem schließlich natürlich zunächst bislang Jahr Woche Stadt"
).split()
ES = (
    "el la los las del con para según años gobierno elección economía política país también "
    "más después región niño mañana España información población educación acción situación "
    "públicos alcalde ayuntamiento vecinos proyecto obras energía precios subida bajada "
    "investigación juicio tribunal sentencia empresa trabajadores huelga acuerdo sanidad "
    "médicos pacientes escuela profesores ciudad semana mes año dijo señaló además"
).split()
PT = (
    "o a os as do da em para com não são ações governo eleição economia também após país "
    "região população informação cidade saúde até três coração prefeito câmara moradores "
    "projeto obras energia preços aumento queda investigação julgamento tribunal empresa "
    "trabalhadores greve acordo médicos pacientes escola professores semana mês ano disse"
).split()
RU = (
    "и в не на что с по это как из за от года Москва правительство выборы экономика "
    "президент министр город область школа больница решение заявил сообщил новый время люди "
    "работа рынок цены суд депутаты жители проект строительство энергия рост снижение "
    "расследование приговор компания сотрудники забастовка соглашение врачи пациенты "
    "учителя неделя месяц году также после более однако ещё всё её объём съезд"
).split()
UK = (
    "і в не на що з по це як від року Київ уряд вибори економіка президент міністр місто "
    "область школа лікарня рішення заявив повідомив новий час люди робота ринок ціни суд "
    "їх є ґанок депутати мешканці проєкт будівництво енергія зростання зниження компанія "
    "працівники угода лікарі пацієнти вчителі тиждень місяць також після більше однак ще"
).split()
EL = (
    "και το η ο των στην για με από που είναι κυβέρνηση εκλογές οικονομία πρόεδρος υπουργός "
    "πόλη σχολείο νοσοκομείο απόφαση δήλωσε νέος χρόνος άνθρωποι εργασία αγορά τιμές "
    "δικαστήριο Αθήνα δήμαρχος κάτοικοι έργο ενέργεια αύξηση μείωση εταιρεία συμφωνία "
    "γιατροί ασθενείς εβδομάδα μήνα χρόνια επίσης μετά"
).split()
AR = (
    "في من على إلى عن مع هذا التي الذي الحكومة الانتخابات الاقتصاد الرئيس الوزير المدينة "
    "المدرسة المستشفى القرار قال الجديد الوقت الناس العمل السوق الأسعار المحكمة القاهرة "
    "المشروع الطاقة ارتفاع انخفاض الشركة العمال الاتفاق الأطباء المرضى الأسبوع الشهر العام"
).split()
ZH = (
    "政府 今天 宣布 经济 增长 市场 城市 学校 医院 记者 报道 北京 上海 表示 发展 新的 计划 公司 "
    "国际 会议 人民 问题 价格 上涨 下降 工人 协议 医生 病人 老师 学生 交通 铁路 机场 天气 预报 "
    "地区 居民 项目 能源 法院 判决 调查 委员会 这个 已经 正在 将会 我们 他们 认为 目前 同时"
).split()
JA = (
    "政府 は が を に で と 東京 発表 経済 市場 学校 病院 記者 会見 によると した です ます "
    "新しい 計画 会社 国際 会議 問題 今年 大阪 選挙 価格 上昇 下落 労働者 合意 医師 患者 "
    "先生 学生 交通 鉄道 空港 天気 地域 住民 事業 電力 裁判所 判決 調査 委員会 すでに 現在 "
    "また 一方 ついて 関係者 明らかにした"
).split()
EMOJI = ["😀", "🎉", "🔥", "👍", "🌍", "⚽", "📈", "🚀", "❤️", "🙏", "😂", "✅"]
VOCAB = {"en": EN, "fr": FR, "de": DE, "es": ES, "pt": PT, "ru": RU, "uk": UK, "el": EL,
         "ar": AR, "zh": ZH, "ja": JA}
CJK = {"zh", "ja"}

FIRST = ("James Maria Oliver Sofia Lucas Emma Ahmed Fatima Ivan Olga Chen Mei Hiroshi Yuki "
         "Lars Ingrid Pierre Chloé José Lucía Dimitris Eleni Kwame Amara Priya Arjun Sean Niamh "
         "Tomasz Zofia João Ana Mehmet Ayşe Björn Søren Hélène François").split()
LAST = ("Smith Müller García Rossi Dubois Kowalski Ivanova Petrov Wang Li Tanaka Sato Johansson "
        "Nielsen O’Brien MacLeod Papadopoulos Haddad Mensah Okafor Sharma Patel Silva Santos "
        "Yılmaz Novák Horváth Jensen Brown Wilson Lefèvre Schröder Núñez").split()
SECTIONS = ["News", "World", "Business", "Sport", "Culture", "Opinion", "Science", "Travel",
            "Health", "Video", "Local", "Weather", "Politics", "Tech", "Food", "Lifestyle",
            "Money", "Education", "Environment", "Motoring", "Property", "Books", "Music", "Film",
            "Podcasts", "Obituaries", "Letters", "Puzzles", "Jobs", "Events", "Photos", "Style",
            "Economy", "Markets", "Cricket", "Football", "Rugby", "Tennis", "Regions", "Archive",
            "Entertainment", "Crime", "Courts", "Transport", "Climate", "Energy", "Faith"]
SUBMENU = ["Latest", "Analysis", "In pictures", "Explainers", "Live", "Features", "Interviews",
           "Columns", "Data", "Most read", "Long reads", "Newsletters", "Archive", "Video"]
SHORT_ANSWERS = ["Yes.", "No.", "No comment.", "Absolutely.", "I think so.", "Not really.",
                 "Of course.", "Never.", "Maybe.", "Exactly."]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = {"fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
          "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
          "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
          "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"}
DAYS = {"fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
        "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
        "es": "lunes martes miércoles jueves viernes sábado domingo",
        "ru": "понедельник вторник среда четверг пятница суббота воскресенье"}
# Chrome labels: advertisement, continue, read more, tags, posted in, photo, related, most
# popular, comments, leave a reply, newsletter, subscribe, cookie text, accept, by, home, share.
LABELS = {
    "en": ["Advertisement", "Continue reading below", "READ MORE", "Tags", "Posted in", "Photo",
           "Related stories", "Most popular", "comments", "Leave a reply",
           "Sign up for our morning newsletter", "Subscribe",
           "We use cookies to personalise content and ads and to analyse our traffic.",
           "Accept all", "By", "Home", "Share this article"],
    "fr": ["Publicité", "La suite après la publicité", "LIRE AUSSI", "Mots-clés", "Publié dans",
           "Photo", "À lire aussi", "Les plus lus", "commentaires", "Laisser un commentaire",
           "Inscrivez-vous à notre newsletter", "S’abonner",
           "Nous utilisons des cookies pour améliorer votre expérience.", "Tout accepter", "Par",
           "Accueil", "Partager cet article"],
    "de": ["Anzeige", "Weiterlesen nach der Anzeige", "LESEN SIE AUCH", "Schlagwörter",
           "Veröffentlicht in", "Foto", "Mehr zum Thema", "Meistgelesen", "Kommentare",
           "Kommentar schreiben", "Jetzt Newsletter abonnieren", "Abonnieren",
           "Wir verwenden Cookies, um Inhalte und Anzeigen zu personalisieren.", "Alle akzeptieren",
           "Von", "Startseite", "Artikel teilen"],
    "es": ["Publicidad", "Sigue leyendo debajo", "LEA TAMBIÉN", "Etiquetas", "Publicado en",
           "Foto", "Noticias relacionadas", "Lo más leído", "comentarios", "Deja un comentario",
           "Suscríbete a nuestro boletín", "Suscribirse",
           "Utilizamos cookies para mejorar su experiencia.", "Aceptar todo", "Por", "Portada",
           "Compartir"],
    "ru": ["Реклама", "Продолжение ниже", "ЧИТАЙТЕ ТАКЖЕ", "Теги", "Рубрика", "Фото",
           "Похожие новости", "Самое читаемое", "комментариев", "Оставить комментарий",
           "Подпишитесь на нашу рассылку", "Подписаться",
           "Мы используем файлы cookie для улучшения работы сайта.", "Принять", "Автор",
           "Главная", "Поделиться"],
    "ja": ["広告", "続きは下へ", "あわせて読みたい", "タグ", "カテゴリー", "写真", "関連記事",
           "アクセスランキング", "件のコメント", "コメントを書く", "ニュースレターに登録",
           "登録する", "当サイトではクッキーを使用しています。", "同意する", "文",
           "ホーム", "この記事をシェア"],
}
for _l in ("multi", "pt", "uk", "el", "ar", "zh"):
    LABELS[_l] = LABELS["en"]
LABELS["uk"] = LABELS["ru"]
CONTINUE_EN = ["Continue reading below", "Story continues below", "Article continues after this ad"]

FAMILIES = ["html5", "divsoup", "table", "wordpress", "blog", "portal", "app"]

# Class-name pieces: a site picks one prefix and one synonym per role.
PREFIXES = ["", "td-", "jeg_", "c-", "mvp-", "tdb-", "site-", "nw-", "gh-", "ui-", "o-", "ss-",
            "article-", "x-", "pg-", "js-"]
ROLES = {
    "header": ["header", "masthead", "top-bar", "site-header", "header-wrap", "branding"],
    "logo": ["logo", "site-title", "brand", "logo-text", "masthead-title"],
    "tagline": ["tagline", "site-description", "slogan", "strapline"],
    "nav": ["nav", "main-menu", "primary-nav", "menu-main", "navbar", "mainnav"],
    "crumbs": ["breadcrumbs", "crumbs", "breadcrumb-trail", "path"],
    "date": ["dateline", "today", "current-date", "date-bar", "topdate"],
    "byline": ["byline", "author-meta", "post-meta", "meta-author", "entry-meta"],
    "share": ["share", "social-share", "sharebar", "share-buttons", "social"],
    "body": ["post-content", "entry-content", "article-body", "story-body", "content-inner",
             "text", "td-post-content", "body-copy", "rich-text"],
    "stand": ["standfirst", "excerpt", "lede", "summary", "intro", "dek", "subtitle"],
    "related": ["related", "related-posts", "more-stories", "also-read", "recirc"],
    "popular": ["most-popular", "popular", "trending", "most-read", "top-stories"],
    "comments": ["comments", "comment-list", "discussion", "talk"],
    "news": ["newsletter", "signup", "subscribe-box", "nl-form"],
    "cookie": ["cookie-banner", "cookie-notice", "consent", "gdpr", "cc-window"],
    "footer": ["footer", "site-footer", "colophon", "bottom", "foot"],
    "ad": ["ad-slot", "advert", "ad-container", "dfp", "ad-unit", "banner-ad"],
    "widget": ["sidebar-widget", "widget", "box", "module", "panel", "card"],
    "readmore": ["read-more", "inline-related", "also", "see-also"],
    "tags": ["tags", "tag-list", "keywords", "topics"],
    "figure": ["figure", "image", "media", "wp-caption", "photo"],
}

CHARSET_PY = {"utf-8": "utf-8", "windows-1252": "cp1252", "iso-8859-1": "latin-1",
              "windows-1251": "cp1251", "shift_jis": "cp932"}
NAMED = {"’": "&rsquo;", "‘": "&lsquo;", "“": "&ldquo;", "”": "&rdquo;", "—": "&mdash;",
         "–": "&ndash;", "…": "&hellip;", "é": "&eacute;", "è": "&egrave;", "à": "&agrave;",
         "ü": "&uuml;", "ö": "&ouml;", "ä": "&auml;", "ç": "&ccedil;", "ñ": "&ntilde;",
         "ß": "&szlig;", "°": "&deg;", "€": "&euro;"}
SERVERS = ["nginx", "Apache", "cloudflare", "Microsoft-IIS/10.0", "LiteSpeed", "nginx/1.18.0",
           "Apache/2.4.41 (Ubuntu)", "openresty", "AmazonS3", "Varnish"]
UA = "CCBot/2.0 (https://commoncrawl.org/faq/)"


def cap(s):
    return s[:1].upper() + s[1:]


class Lang:
    """Random text in one language."""

    def __init__(self, code):
        self.code = code
        self.words = VOCAB[code]

    def sentence(self, rng, lo=7, hi=22):
        w = rng.choices(self.words, k=rng.randint(lo, hi))
        if self.code in CJK:
            cut = len(w) // 2
            return "".join(w[:cut]) + "、" + "".join(w[cut:]) + "。"
        s = cap(" ".join(w))
        r = rng.random()
        if self.code == "en" and r < 0.12:
            return "“" + s + ",” said " + rng.choice(FIRST) + " " + rng.choice(LAST) + "."
        if r < 0.2:
            k = rng.randint(2, len(w) - 1) if len(w) > 3 else 1
            s = cap(" ".join(w[:k])) + " — " + " ".join(w[k:])
        elif r < 0.27:
            s += " " + str(rng.randint(2, 99)) + "\u00a0" + rng.choice(["km", "%", "kg", "m", "€"])
        elif r < 0.32 and self.code == "ar":
            s += " (" + str(rng.randint(1990, 2024)) + ")"
        return s + rng.choice(".....?!") if self.code != "ar" else s + rng.choice("..؟")

    def paragraph(self, rng, lo=60, hi=600):
        target = rng.randint(lo, hi)
        if self.code in CJK:
            target //= 3
        out, n = [], 0
        while n < target:
            s = self.sentence(rng)
            out.append(s)
            n += len(s) + 1
        text = ("" if self.code in CJK else " ").join(out)
        if len(text) > hi and len(out) > 1:
            text = ("" if self.code in CJK else " ").join(out[:-1])
        return text

    def headline(self, rng):
        w = rng.choices(self.words, k=rng.randint(5, 11))
        if self.code in CJK:
            return "".join(w)
        return cap(" ".join(w))


def to_html(text, mode):
    """Text -> HTML source a browser shows as text (entities in the site's style)."""
    t = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text.isascii():
        return t
    t = t.replace("\u00a0", "&nbsp;")
    if mode == "named":
        for ch, ent in NAMED.items():
            if ch in t:
                t = t.replace(ch, ent)
    elif mode == "numeric":
        for ch in NAMED:
            if ch in t:
                t = t.replace(ch, "&#%d;" % ord(ch))
    elif mode == "hex":
        for ch in NAMED:
            if ch in t:
                t = t.replace(ch, "&#x%X;" % ord(ch))
    return t


def attr(s):
    return s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def slug(text, n=60):
    s = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-")
    if not s.isascii():
        s = hashlib.md5(text.encode()).hexdigest()[:12]
    return s[:n].strip("-") or "story"


# ---------------------------------------------------------------------------
# Sites.

class Site:
    def __init__(self, index, seed, profile):
        rng = random.Random(seed * 7919 + index * 104729 + 17)
        self.rng = rng
        self.index = index
        self.lang, self.charset, self.family = profile
        self.name = "".join(rng.choice("bcdfghklmnprstvwz") + rng.choice("aeiou")
                            for _ in range(rng.randint(2, 3))).capitalize() + rng.choice(
            [" Times", " Post", " Herald", " Daily", " News", " Chronicle", " Courier", " Gazette",
             " Observer", " Today", " Express", " Journal", " Wire", " Report"])
        tld = {"fr": ".fr", "de": ".de", "es": ".es", "pt": ".com.br", "ru": ".ru", "uk": ".com.ua",
               "el": ".gr", "ja": ".jp", "zh": ".cn", "ar": ".com"}.get(self.lang)
        tld = tld or rng.choice([".com", ".com", ".org", ".net", ".co.uk", ".com.au", ".ie", ".ca"])
        base = self.name.lower().replace(" ", "") + str(index)
        if self.family == "blog":
            self.domain = base + ".blogspot.com"
            self.host = self.domain
        else:
            self.domain = base + tld
            self.host = "www." + self.domain
        self.scheme = "https" if rng.random() < 0.9 else "http"
        # Languages of the article paragraphs.
        if self.lang == "multi":
            others = rng.sample(["fr", "de", "es", "pt", "ru", "uk", "el", "ar", "zh", "ja"], 4)
            self.mix = [("en", 0.5)] + [(o, 0.5 / len(others)) for o in others]
        else:
            self.mix = [(self.lang, 0.93), ("en" if self.lang != "en" else "fr", 0.07)]
        self.langs = {c: Lang(c) for c, _ in self.mix}
        self.main = Lang(self.mix[0][0])
        self.labels = LABELS[self.lang if self.lang in LABELS else "en"]
        self.entities = rng.choice(["raw", "raw", "named", "numeric", "hex"])
        if self.charset != "utf-8" and self.entities == "raw":
            self.entities = "named"
        # How the charset is declared.
        if self.charset == "utf-8":
            self.decl = rng.choice(["http", "meta", "meta", "http-equiv", "bom", "http+meta"])
        else:
            self.decl = rng.choice(["http", "meta", "http-equiv", "http+meta"])
        self.server = rng.choice(SERVERS)
        self.powered = rng.choice([None, None, "PHP/7.4.33", "PHP/8.1.2", "Express", "ASP.NET"])
        pre = rng.choice(PREFIXES)
        self.cls = {role: pre + rng.choice(names) for role, names in ROLES.items()}
        self.menu = rng.sample(SECTIONS, rng.randint(10, min(40, len(SECTIONS))))
        self.sections = self.menu[:max(4, len(self.menu) // 3)]
        self.tagline = self.main.headline(rng)
        self.topics = [w for w in rng.sample(self.main.words, 20) if len(w) > 2][:12] or ["news"]
        self.authors = ["%s %s" % (rng.choice(FIRST), rng.choice(LAST)) for _ in range(rng.randint(3, 12))]
        self.credits = ["%s/%s" % (rng.choice(FIRST + ["Staff"]), rng.choice(["Reuters", "AFP", "Getty Images", "AP", self.name, "EPA"]))
                        for _ in range(6)]
        self.cookie_rate = rng.choice([0.0, 0.5, 0.9])
        self.comment_rate = rng.choice([0.0, 0.3, 0.6])
        self.label_rate = rng.choice([0.2, 0.5, 0.8])
        self.stand_rate = rng.choice([0.0, 0.5, 0.9])
        self.br_paragraphs = self.family == "table" and rng.random() < 0.5
        self.wrap = rng.random() < 0.3
        self.jsonld_body = rng.random() < 0.3
        self.headlines = []  # (headline, url) of the site's articles
        self.footer_links = rng.sample(["About us", "Contact", "Privacy policy", "Terms of use",
                                        "Advertise", "Careers", "Corrections", "Accessibility",
                                        "Cookie settings", "Sitemap", "RSS", "Help", "Archive",
                                        "Newsletters", "Subscriptions", "Editorial standards"], 9)
        self.styles = [css_blob(rng, self) for _ in range(rng.randint(2, 4))]
        self.scripts = [js_blob(rng) for _ in range(rng.randint(8, 14))]
        self.filler = filler_blob(rng, self)
        self.gtm = "GTM-%s" % "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(7))
        self.ua = "UA-%d-%d" % (rng.randint(100000, 99999999), rng.randint(1, 9))

    def k(self, role):
        return self.cls[role]

    def url(self, path):
        return "%s://%s%s" % (self.scheme, self.host, path)


def css_blob(rng, site):
    props = ["margin:0 auto", "padding:%dpx %dpx", "font:%d %dpx/%.1f %s", "color:#%06x",
             "background:#%06x", "display:flex", "display:none", "position:relative",
             "border-bottom:1px solid #%06x", "max-width:%dpx", "text-transform:uppercase",
             "letter-spacing:.%dem", "transition:opacity .%ds ease-in-out", "z-index:%d",
             "grid-template-columns:repeat(%d,1fr)", "box-shadow:0 %dpx %dpx rgba(0,0,0,.%d)"]
    fonts = ["Georgia,serif", "'Helvetica Neue',Arial,sans-serif", "Roboto,sans-serif",
             "'Source Serif Pro',serif", "system-ui,-apple-system,sans-serif"]
    names = list(site.cls.values()) + ["btn", "icon", "grid", "col", "row", "hero", "card",
                                       "thumb", "caption", "meta", "wrap", "container"]
    out = []
    size = rng.randint(5000, 16000)
    n = 0
    while n < size:
        sel = ".%s%s" % (rng.choice(names), rng.choice(["", " a", ":hover", " .%s" % rng.choice(names),
                                                          "__%s" % rng.choice(["item", "link", "title", "inner"]),
                                                          "--%s" % rng.choice(["active", "large", "dark"])]))
        body = []
        for p in rng.sample(props, rng.randint(2, 6)):
            k = p.count("%")
            vals = []
            for conv in re.findall(r"%(?:\.\d)?0?\d*([dfsx])", p)[:k]:
                if conv == "s":
                    vals.append(rng.choice(fonts))
                elif conv == "f":
                    vals.append(rng.uniform(1.1, 1.8))
                elif conv == "x":
                    vals.append(rng.randint(0, 0xFFFFFF))
                else:
                    vals.append(rng.randint(1, 40))
            body.append(p % tuple(vals))
        rule = "%s{%s}" % (sel, ";".join(body))
        if rng.random() < 0.08:
            rule = "@media (max-width:%dpx){%s}" % (rng.choice([480, 640, 768, 1024]), rule)
        out.append(rule)
        n += len(rule)
    return "".join(out)


def _ident(rng):
    if rng.random() < 0.6:
        return rng.choice("abcdefghijklmnopqrstuvwxyz_$") + rng.choice(["", "", "e", "t", "n", "r", "o"])
    return rng.choice(["load", "init", "track", "render", "get", "set", "on", "lazy", "ad", "cmp"]) + \
        rng.choice(["Slot", "Config", "Handler", "State", "Queue", "Consent", "Event", "Module", "Items"])


def js_blob(rng):
    tpl = [
        "var {a}={b}||{{}};",
        "function {a}({b},{c}){{return {b}&&{b}.{d}?{b}.{d}({c}):void 0}}",
        "{a}.prototype.{b}=function({c}){{this.{d}=this.{d}||[];this.{d}.push({c});return this}};",
        "if(typeof {a}!==\"undefined\"){{{a}.{b}(\"{s}\",{n})}}",
        "for(var {a}=0;{a}<{b}.length;{a}++){{{c}[{b}[{a}]]=!0}}",
        "window.{a}=window.{a}||[];window.{a}.push({{event:\"{s}\",value:{n}}});",
        "try{{{a}=JSON.parse(localStorage.getItem(\"{s}\"))}}catch({b}){{{a}=null}}",
        "{a}=new RegExp(\"^(?:{s})$\",\"i\");",
        "document.addEventListener(\"DOMContentLoaded\",function(){{{a}(\"{s}\",{n})}});",
        "var {a}=function({b}){{var {c}=[];return {b}.forEach(function({d}){{{c}.push({d}*{n})}}),{c}}};",
        "{a}[\"{s}\"]=function(){{return({b}=({b}||0)+{n})%{n2}}};",
        "!function({a},{b}){{\"object\"==typeof exports?module.exports={b}():{a}.{c}={b}()}}(this,function(){{return{{v:\"{n}.{n2}.0\"}}}});",
    ]
    out, n = [], 0
    size = rng.randint(1500, 7000)
    while n < size:
        st = rng.choice(tpl).format(a=_ident(rng), b=_ident(rng), c=_ident(rng), d=_ident(rng),
                                    s="%s/%x" % (rng.choice(["ad", "cmp", "px", "ev", "usr", "cfg"]), rng.getrandbits(40)),
                                    n=rng.randint(0, 999), n2=rng.randint(1, 99))
        out.append(st)
        n += len(st)
    return "(function(){\"use strict\";" + "".join(out) + "})();"


def filler_blob(rng, site):
    """Invisible markup (an SVG sprite, empty ad slots) as a list of elements."""
    parts = []
    for i in range(rng.randint(150, 260)):
        if rng.random() < 0.7:
            d = "M%d %d" % (rng.randint(0, 24), rng.randint(0, 24)) + "".join(
                "%s%.2f %.2f" % (rng.choice("LCQSlcqs"), rng.uniform(0, 24), rng.uniform(0, 24))
                for _ in range(rng.randint(10, 40))) + "z"
            parts.append('<symbol id="icon-%s-%d" viewBox="0 0 24 24"><path d="%s"/></symbol>' % (
                rng.choice(["share", "fb", "x", "mail", "search", "menu", "close", "arrow", "play", "user"]), i, d))
        else:
            parts.append('<g id="g%d"><rect x="%d" y="%d" width="%d" height="%d" rx="2"/></g>' % (
                i, rng.randint(0, 9), rng.randint(0, 9), rng.randint(4, 20), rng.randint(4, 20)))
    return parts


# ---------------------------------------------------------------------------
# Articles.

class Article:
    def __init__(self, site, rng, number, published):
        self.site = site
        self.number = number
        self.published = published
        self.section = rng.choice(site.sections)
        self.author = rng.choice(site.authors)
        self.headline = site.main.headline(rng)
        self.standfirst = site.main.paragraph(rng, 60, 200) if rng.random() < site.stand_rate else None
        langs = [c for c, _ in site.mix]
        weights = [w for _, w in site.mix]
        body = []  # (kind, text): p, q, a (short answer), quote
        for _ in range(rng.randint(4, 25)):
            lang = site.langs[rng.choices(langs, weights)[0]]
            text = lang.paragraph(rng)
            if site.lang == "multi" and rng.random() < 0.05:
                text += " " + rng.choice(EMOJI)
            body.append(("p", text))
        if rng.random() < 0.12:
            at = rng.randint(1, len(body))
            qa = []
            for _ in range(rng.randint(2, 5)):
                qa.append(("q", "Q: " + site.main.sentence(rng, 5, 12)[:-1] + "?"))
                qa.append(("a", rng.choice(SHORT_ANSWERS)) if rng.random() < 0.6
                          else ("p", site.main.paragraph(rng, 60, 250)))
            body[at:at] = qa
        if rng.random() < 0.25:
            body.insert(rng.randint(1, len(body)), ("quote", "“" + site.main.sentence(rng, 10, 20) + "”"))
        self.body = body
        self.tags = rng.sample(site.topics, min(len(site.topics), rng.randint(2, 5)))
        self.slug = slug(self.headline)
        d = published
        self.path = rng.choice([
            "/%s/%04d/%02d/%02d/%s/" % (self.section.lower(), d.year, d.month, d.day, self.slug),
            "/%s/%s-%d" % (self.section.lower(), self.slug, 100000 + number),
            "/news/%s.html" % self.slug,
            "/%04d/%02d/%s.html" % (d.year, d.month, self.slug),
            "/article/%d/%s" % (500000 + number * 7, self.slug)])
        if site.family == "blog":
            self.path = "/%04d/%02d/%s.html" % (d.year, d.month, self.slug[:40])
        self.figure = rng.random() < 0.7
        self.caption = site.main.sentence(rng, 6, 14)

    def gold(self):
        lines = [self.headline] + ([self.standfirst] if self.standfirst else [])
        return lines + [t for _, t in self.body]


# ---------------------------------------------------------------------------
# Page rendering.

def fmt_date(site, d):
    if site.lang in MONTHS:
        m = MONTHS[site.lang].split()[d.month - 1]
        wd = DAYS[site.lang].split()[d.weekday()]
        return "%s %d %s %d" % (wd, d.day, m, d.year) if site.lang != "de" else \
            "%s, %d. %s %d" % (wd, d.day, m, d.year)
    if site.lang == "ja":
        return "%d年%d月%d日" % (d.year, d.month, d.day)
    style = site.index % 3
    if style == 0:
        return "%s, %s %d, %d" % (DAYS_EN[d.weekday()], MONTHS_EN[d.month - 1], d.day, d.year)
    if style == 1:
        return "%d %s %d %02d:%02d" % (d.day, MONTHS_EN[d.month - 1], d.year, d.hour, d.minute)
    return "%04d-%02d-%02d %02d:%02d GMT" % (d.year, d.month, d.day, d.hour, d.minute)


class Page:
    """Builds one page's HTML from pieces (lists of strings, joined once)."""

    def __init__(self, site, rng, when, art, kind):
        self.s = site
        self.rng = rng
        self.when = when
        self.art = art
        self.kind = kind

    def t(self, text):
        return to_html(text, self.s.entities)

    # -- chrome pieces ------------------------------------------------------
    def header(self):
        s, k = self.s, self.s.k
        logo = '<a href="/" class="%s" rel="home">%s</a>' % (k("logo"), self.t(s.name))
        tag = '<p class="%s">%s</p>' % (k("tagline"), self.t(s.tagline))
        date = '<div class="%s"><time datetime="%s">%s</time></div>' % (
            k("date"), self.when.isoformat(), self.t(fmt_date(s, self.when)))
        if s.family == "table":
            return ('<table width="100%%" cellpadding="0" cellspacing="0" border="0"><tr>'
                    '<td class="%s"><font size="5"><b>%s</b></font><br>%s</td><td align="right">%s</td></tr></table>\n'
                    % (k("header"), logo, tag, date))
        tagname = "header" if s.family in ("html5", "wordpress", "app") else "div"
        return '<%s class="%s" id="masthead">\n<div class="%s-inner">%s\n%s</div>\n%s\n</%s>\n' % (
            tagname, k("header"), k("header"), logo, tag, date, tagname)

    def nav(self):
        s, k = self.s, self.s.k
        if s.family == "table":
            return '<table width="100%%"><tr><td class="%s">%s</td></tr></table>\n' % (
                k("nav"), " | ".join('<a href="/%s/">%s</a>' % (m.lower(), m) for m in s.menu))
        items = []
        for m in s.menu:
            li = '<li class="%s__item menu-item menu-item-type-taxonomy" data-id="%d"><a href="/%s/" class="%s__link">%s</a>' % (
                k("nav"), zlib.crc32(m.encode()) & 0xFFFF, m.lower(), k("nav"), m)
            if s.family == "portal":
                sub = "".join('<li><a href="/%s/%s/">%s</a></li>' % (m.lower(), x.lower().replace(" ", "-"), x)
                              for x in SUBMENU[: 4 + len(m) % 8])
                li += '<div class="mega-menu" aria-hidden="true"><ul class="mega-col">%s</ul></div>' % sub
            items.append(li + "</li>")
        tagname = "nav" if s.family != "divsoup" else "div"
        return '<%s class="%s" role="navigation"><button class="menu-toggle" aria-expanded="false">Menu</button><ul class="%s__list">\n%s\n</ul></%s>\n' % (
            tagname, k("nav"), k("nav"), "\n".join(items), tagname)

    def crumbs(self):
        k = self.s.k
        return '<div class="%s"><a href="/">%s</a> › <a href="/%s/">%s</a></div>\n' % (
            k("crumbs"), self.t(self.s.labels[15]), self.art.section.lower(), self.art.section)

    def byline(self):
        s, a = self.s, self.art
        if s.family == "blog":
            txt = "Posted by %s at %d:%02d %s" % (a.author, a.published.hour % 12 + 1, a.published.minute,
                                                  "AM" if a.published.hour < 12 else "PM")
        else:
            txt = "%s %s | %s" % (s.labels[14], a.author, fmt_date(s, a.published))
        return '<div class="%s"><span class="author">%s</span></div>\n' % (s.k("byline"), self.t(txt))

    def share(self):
        s = self.s
        btn = ["Facebook", "X", "WhatsApp", "Email", "Print", "Copy link"]
        return '<div class="%s"><span>%s</span>%s</div>\n' % (
            s.k("share"), self.t(s.labels[16]),
            "".join('<a class="btn btn-%s" href="#"><svg><use href="#icon-share-0"/></svg>%s</a>' % (b.lower(), b) for b in btn))

    def other_headlines(self, n):
        pool = self.s.headlines
        out = []
        for _ in range(n * 3):
            h = pool[self.rng.randrange(len(pool))]
            if h[0] != self.art.headline and h not in out:
                out.append(h)
            if len(out) == n:
                break
        return out

    def related(self):
        s = self.s
        items = "".join('<li><a href="%s">%s</a></li>' % (attr(u), self.t(h))
                        for h, u in self.other_headlines(self.rng.randint(5, 10)))
        return '<section class="%s %s"><h2>%s</h2><ul>%s</ul></section>\n' % (
            s.k("widget"), s.k("related"), self.t(s.labels[6]), items)

    def popular(self):
        s = self.s
        day = random.Random(s.index * 1000 + self.when.toordinal())
        pool = s.headlines
        picks = day.sample(pool, min(5, len(pool)))
        items = "".join('<li><span class="rank">%d</span><a href="%s">%s</a></li>' % (i + 1, attr(u), self.t(h))
                        for i, (h, u) in enumerate(picks))
        return '<div class="%s %s"><h3>%s</h3><ol>%s</ol></div>\n' % (
            s.k("widget"), s.k("popular"), self.t(s.labels[7]), items)

    def comments(self):
        s, rng = self.s, self.rng
        n = rng.randint(1, 12)
        out = ['<section class="%s" id="comments"><h2>%d %s</h2><ol class="comment-list">' % (s.k("comments"), n, self.t(s.labels[8]))]
        for i in range(n):
            user = rng.choice(["anon", "reader", "jb", "north", "citizen", "mike", "sol"]) + str(rng.randint(1, 9999))
            d = self.when - datetime.timedelta(minutes=rng.randint(5, 3000))
            out.append('<li class="comment" id="comment-%d"><div class="comment-author"><b class="fn">%s</b> '
                       '<time>%s</time></div><div class="comment-content"><p>%s</p></div><a class="reply" href="#">Reply</a></li>'
                       % (rng.getrandbits(24), user, fmt_date(s, d), self.t(s.main.paragraph(rng, 30, 300))))
        out.append('</ol><div id="respond"><h3>%s</h3><form><label>Name *</label><input name="author">'
                   '<label>Email *</label><input name="email"><textarea name="comment"></textarea>'
                   '<button type="submit">Post comment</button></form></div></section>\n' % self.t(s.labels[9]))
        return "".join(out)

    def newsletter(self):
        s = self.s
        return ('<div class="%s"><p class="nl-title">%s</p><form><input type="email" placeholder="Enter your email">'
                '<button>%s</button></form><p class="nl-small">You can unsubscribe at any time.</p></div>\n'
                % (s.k("news"), self.t(s.labels[10]), self.t(s.labels[11])))

    def cookie(self):
        s = self.s
        hidden = " hidden" if self.rng.random() < 0.25 else ""
        return ('<div class="%s" role="dialog"%s><p>%s <a href="/privacy">Privacy policy</a></p>'
                '<button>%s</button><button>Manage settings</button></div>\n'
                % (s.k("cookie"), hidden, self.t(s.labels[12]), self.t(s.labels[13])))

    def footer(self):
        s, k = self.s, self.s.k
        links = "".join('<li><a href="/%s">%s</a></li>' % (slug(x), x) for x in s.footer_links)
        copy = "© %d %s. All rights reserved." % (self.when.year, s.name)
        if s.family == "table":
            return ('<table width="100%%"><tr><td class="%s" align="center"><font size="1">%s<br>%s</font></td></tr></table>\n'
                    % (k("footer"), " | ".join('<a href="/%s">%s</a>' % (slug(x), x) for x in s.footer_links), self.t(copy)))
        tagname = "footer" if s.family in ("html5", "wordpress", "app", "portal") else "div"
        return '<%s class="%s"><ul class="%s-links">%s</ul><p class="copyright">%s</p></%s>\n' % (
            tagname, k("footer"), k("footer"), links, self.t(copy), tagname)

    def invisible(self):
        s = self.s
        return ('<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=%s" height="0" width="0" '
                'style="display:none;visibility:hidden"></iframe></noscript>\n'
                '<template id="tpl-share-pop"><div class="share-pop"><p>Copy link</p><p>Link copied to clipboard</p></div></template>\n'
                '<div class="search-overlay" hidden><form><input name="q"><p>Search %s</p></form></div>\n'
                % (s.gtm, self.t(s.name)))

    # -- article -----------------------------------------------------------
    def inline(self, html_text):
        """Links and emphasis inside a paragraph, and source line wrapping."""
        rng = self.rng
        toks = html_text.split(" ")
        n = len(toks)
        j = -1
        if n >= 8 and rng.random() < 0.4:
            i = rng.randrange(n - 4)
            j = i + rng.randint(0, 3)
            toks[i] = '<a href="%s">%s' % (attr(self.s.url("/tag/" + rng.choice(self.s.topics))), toks[i])
            toks[j] += "</a>"
        if n >= 12 and rng.random() < 0.15:
            i = rng.randrange(j + 1, n - 1) if j + 1 < n - 1 else n - 2
            if i > j:
                toks[i] = "<em>" + toks[i]
                toks[i + 1] += "</em>"
        if self.s.wrap and n > 14:
            return "\n".join(" ".join(toks[i:i + 12]) for i in range(0, n, 12))
        return " ".join(toks)

    def body_items(self):
        """The article body: gold lines with chrome between them."""
        s, a, rng, k = self.s, self.art, self.rng, self.s.k
        br = s.br_paragraphs and self.kind != "amp"
        out = []
        labelled = rng.random() < s.label_rate
        fig_at = rng.randint(0, 2) if a.figure else -1
        more_at = rng.randint(2, 6) if rng.random() < 0.5 else -1
        for i, (kind, text) in enumerate(a.body):
            h = self.t(text)
            if i == fig_at:
                out.append('<figure class="%s"><img src="%s" srcset="%s" alt="" loading="lazy" width="800" height="450">'
                           '<figcaption>%s %s: %s</figcaption></figure>\n' % (
                               k("figure"), self.img(), ", ".join(self.img() + " %dw" % w for w in (320, 640, 960, 1280)),
                               self.t(a.caption), self.t(s.labels[5]), self.t(rng.choice(s.credits))))
            if kind == "q":
                h = "<strong>Q:</strong>" + h[2:]
            if br:
                if kind == "quote":
                    out.append("<blockquote>%s</blockquote>\n" % h)
                else:
                    out.append(self.inline(h) + ("<br><br>\n" if i + 1 < len(a.body) else "\n"))
            elif kind == "quote":
                out.append('<blockquote class="pull-quote"><p>%s</p></blockquote>\n' % h)
            else:
                out.append("<p>%s</p>\n" % (self.inline(h) if kind == "p" else h))
            if labelled and i in (1, 5, 9) and i + 1 < len(a.body):
                lab = s.labels[0] if rng.random() < 0.6 else (
                    rng.choice(CONTINUE_EN) if s.labels is LABELS["en"] else s.labels[1])
                out.append('<div class="%s" id="ad-inarticle-%d"><span class="ad-label">%s</span>'
                           '<div id="div-gpt-ad-%d-%d" data-sizes="[[300,250],[336,280]]"></div></div>\n'
                           % (k("ad"), i, self.t(lab), rng.getrandbits(30), i))
            others = self.other_headlines(1) if i == more_at and i + 1 < len(a.body) else None
            if others:
                h2, u2 = others[0]
                out.append('<p class="%s"><strong>%s:</strong> <a href="%s">%s</a></p>\n' % (
                    k("readmore"), self.t(s.labels[2]), attr(u2), self.t(h2)))
        if rng.random() < 0.7:
            out.append('<p class="%s">%s: %s</p>\n' % (k("tags"), self.t(s.labels[3]),
                                                      ", ".join('<a href="/tag/%s">%s</a>' % (slug(t), self.t(t)) for t in a.tags)))
        if s.family in ("wordpress", "blog") or rng.random() < 0.3:
            out.append('<p class="cat-links">%s <a href="/%s/" rel="category tag">%s</a></p>\n' % (
                self.t(s.labels[4]), a.section.lower(), a.section))
        return out

    def img(self):
        return "https://%s/wp-content/uploads/%d/%02d/img-%06d.jpg" % (
            "cdn." + self.s.domain, self.art.published.year, self.art.published.month, self.rng.getrandbits(20))

    def article(self):
        s, a, k = self.s, self.art, self.s.k
        head = ['<h1 class="%s">%s</h1>\n' % ("entry-title" if s.family in ("wordpress", "blog", "divsoup") else "headline",
                                            self.t(a.headline))]
        if a.standfirst:
            head.append('<p class="%s">%s</p>\n' % (k("stand"), self.t(a.standfirst)))
        head.append(self.byline())
        body = "".join(self.body_items())
        if s.family == "table":
            html = '<table width="100%%"><tr><td valign="top" class="story">%s%s<div class="%s">%s</div></td>' % (
                "".join(head), self.crumbs(), k("body"), body)
            return html if self.kind == "page" else html + "</tr></table>\n"
        tagname = "article" if s.family in ("html5", "wordpress", "app", "portal") else "div"
        extra = ' id="post-%d" class="post-%d post type-post status-publish format-standard hentry"' % (
            a.number, a.number) if s.family == "wordpress" else ' class="%s-article"' % k("body")
        return '<%s%s>\n<header class="entry-header">%s</header>\n%s<div class="%s">\n%s</div>\n%s</%s>\n' % (
            tagname, extra, "".join(head), self.share(), k("body"), body, self.share() if self.rng.random() < 0.5 else "", tagname)

    # -- scripts -------------------------------------------------------------
    def jsonld(self):
        s, a = self.s, self.art
        d = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.headline,
             "datePublished": a.published.isoformat() + "Z", "dateModified": self.when.isoformat() + "Z",
             "author": {"@type": "Person", "name": a.author},
             "publisher": {"@type": "Organization", "name": s.name,
                           "logo": {"@type": "ImageObject", "url": "https://%s/logo.png" % s.domain}},
             "mainEntityOfPage": s.url(a.path), "articleSection": a.section, "keywords": a.tags}
        if a.standfirst:
            d["description"] = a.standfirst
        if s.jsonld_body:
            d["articleBody"] = " ".join(t for _, t in a.body)
        return '<script type="application/ld+json">%s</script>\n' % json.dumps(
            d, ensure_ascii=s.charset != "utf-8").replace("</", "<\\/")

    def page_scripts(self):
        s, a, rng = self.s, self.art, self.rng
        pid = rng.getrandbits(32)
        out = [
            '<script>window.dataLayer=window.dataLayer||[];dataLayer.push({"pageType":"article","section":"%s",'
            '"author":%s,"pageId":%d,"wordCount":%d,"published":"%s"});</script>\n'
            % (a.section, json.dumps(a.author), pid, sum(len(t.split()) for _, t in a.body), a.published.isoformat()),
            "<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});"
            "var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id='+i;"
            "f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','%s');</script>\n" % s.gtm,
        ]
        if rng.random() < 0.5:
            out.append("<script>document.write('<script src=\"https://ads.%s/tag.js?sz=300x250&amp;ord=%d\"><\\/script>');</script>\n"
                       % (s.domain, pid))
        if rng.random() < 0.6:
            out.append("<script>var _paq=window._paq=window._paq||[];_paq.push(['setCustomDimension',1,'%s']);"
                       "_paq.push(['trackPageView']);_paq.push(['enableLinkTracking']);</script>\n" % a.section)
        return out

    def app_data(self):
        a = self.art
        d = {"props": {"pageProps": {"article": {"id": a.number, "title": a.headline, "summary": a.standfirst,
                                                   "blocks": [{"type": k, "text": t} for k, t in a.body],
                                                   "tags": a.tags}}},
             "page": "/[section]/[slug]", "buildId": "b%x" % (self.s.index * 7919), "isFallback": False}
        return '<script id="__NEXT_DATA__" type="application/json">%s</script>\n' % json.dumps(
            d, ensure_ascii=True).replace("</", "<\\/")

    # -- whole page ----------------------------------------------------------
    def head(self, style_html, script_html):
        s, a = self.s, self.art
        meta = ""
        if "meta" in s.decl or s.decl == "bom":
            meta = '<meta charset="%s">\n' % s.charset
        elif s.decl == "http-equiv":
            meta = '<meta http-equiv="Content-Type" content="text/html; charset=%s">\n' % s.charset
        title = a.headline if a else "Page not found"
        canon = s.url(a.path) if a else s.url("/404")
        doctype = ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">'
                   if s.family == "table" else "<!DOCTYPE html>")
        amp = " amp" if self.kind == "amp" else ""
        lang = {"multi": "en"}.get(s.lang, s.lang)
        return ('%s\n<html lang="%s"%s>\n<head>\n%s<title>%s | %s</title>\n'
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                '<meta name="description" content="%s">\n<meta property="og:title" content="%s">\n'
                '<meta property="og:site_name" content="%s">\n<link rel="canonical" href="%s">\n'
                '<link rel="stylesheet" href="/assets/main.%x.css">\n%s%s</head>\n'
                % (doctype, lang, amp, meta, self.t(title), self.t(s.name), attr(a.standfirst or title) if a else "",
                   attr(title), attr(s.name), attr(canon), s.index * 2654435761 & 0xFFFFFFFF, style_html, script_html))

    def render(self, target):
        """-> HTML text of about `target` bytes, a third or so of it script and style."""
        s, rng, kind = self.s, self.rng, self.kind
        body = []
        if self.art is None:  # 404
            body += [self.header(), self.nav(),
                     '<div class="error-404"><h1>Page not found</h1><p>Sorry, the page you were looking for does not exist.</p></div>\n',
                     self.popular(), self.footer()]
        elif kind == "print":
            body += ['<div class="print-header">%s — %s</div>\n' % (self.t(s.name), s.host), self.article(),
                     '<p class="print-footer">%s %s</p>\n' % (self.t("© %d %s." % (self.when.year, s.name)), s.url(self.art.path))]
        elif kind == "amp":
            body += ['<header class="amp-header"><a href="/">%s</a><button on="tap:sidebar.toggle">☰</button></header>\n' % self.t(s.name),
                     '<amp-sidebar id="sidebar" layout="nodisplay"><ul>%s</ul></amp-sidebar>\n' % "".join(
                         '<li><a href="/%s/">%s</a></li>' % (m.lower(), m) for m in s.menu[:10]),
                     self.article(), self.related(),
                     '<footer class="amp-footer"><p>%s</p><a href="%s">View full site</a></footer>\n' % (
                         self.t("© %d %s" % (self.when.year, s.name)), s.url(self.art.path))]
        else:
            side = [self.related(), self.popular()]
            if rng.random() < 0.4:
                side.append(self.newsletter())
            top = [self.header(), self.nav()]
            if s.family != "table":
                top.append(self.crumbs())
            cookie = [self.cookie()] if rng.random() < s.cookie_rate else []
            comments = [self.comments()] if rng.random() < s.comment_rate else []
            tick = self.other_headlines(1) if s.family == "portal" else None
            if tick:
                top.append('<div class="ticker"><span>Breaking</span> <a href="%s">%s</a></div>\n' % (
                    attr(tick[0][1]), self.t(tick[0][0])))
            if s.family == "blog":
                side.append('<div class="widget BlogArchive"><h2>Blog Archive</h2><ul><li>► %d (%d)</li>'
                            '<li>▼ %s (%d)</li></ul></div>\n' % (self.when.year - 1, rng.randint(40, 90),
                                                               MONTHS_EN[self.when.month - 1], rng.randint(5, 30)))
            art = self.article()
            if s.family == "table":
                body += cookie + top + [art, '<td width="300" valign="top" class="%s">' % s.k("widget")] + side + \
                    ['</td></tr></table>\n'] + comments + [self.footer()]
            elif s.family in ("html5", "wordpress", "app", "portal"):
                main = "main" if s.family != "wordpress" else 'main id="main" class="site-main"'
                body += cookie + top + ["<%s>\n" % main, art] + comments + ["</%s>\n" % main.split()[0],
                                                                         '<aside class="sidebar">\n'] + side + ["</aside>\n", self.footer()]
            else:
                body += cookie + top + ['<div class="%s-wrap"><div class="%s">' % (s.k("body"), s.k("body")), art,
                                        "</div>", '<div class="sidebar %s">' % s.k("widget")] + side + ["</div></div>\n"] + comments + [self.footer()]
                if s.family == "blog":
                    body.append('<div class="blog-pager"><a href="#">Newer Post</a> <a href="#">Older Post</a> <a href="/">Home</a></div>\n'
                                '<div class="post-feeds">Subscribe to: <a href="/feeds/posts/default">Post Comments (Atom)</a></div>\n')
        body.append(self.invisible())
        if self.art is not None and kind == "page":
            body.append('<noscript><p>Please enable JavaScript to view the comments.</p></noscript>\n')
        natural = sum(len(x) for x in body) + 900
        share = rng.uniform(0.25, 0.38)
        want_scripts = int(target * share)
        # Scripts and styles: the site's blobs (a prefix of them, the same order on every page)
        # and per-page snippets.
        page_js = self.page_scripts() if self.art is not None else []
        if self.art is not None:
            page_js.insert(0, self.jsonld())
            if s.family == "app":
                page_js.append(self.app_data())
        have = sum(len(x) for x in page_js)
        style = []
        for css in s.styles:
            if have >= want_scripts:
                break
            style.append("<style>%s</style>\n" % css)
            have += len(css) + 16
        if kind == "amp":
            style.insert(0, "<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;"
                            "animation:-amp-start 8s steps(1,end) 0s 1 normal both}</style>\n")
        style.append('<style>#post-%d .hero{background-image:url(%s)}</style>\n' % (
            self.art.number if self.art else 0, self.img() if self.art else "/bg.jpg"))
        head_js, tail_js = [], []
        for i, js in enumerate(s.scripts):
            if have >= want_scripts:
                break
            (head_js if i % 3 == 0 else tail_js).append("<script>%s</script>\n" % js)
            have += len(js) + 18
        if have < want_scripts - 200:  # a per-page config object fills the rest
            n = (want_scripts - have) // 14
            tail_js.append("<script>window.__CFG__=%s;</script>\n" % json.dumps(
                {"slots": ["s%x" % rng.getrandbits(40) for _ in range(max(1, n))]}, separators=(",", ":")))
        head_js += page_js[:2]
        tail_js += page_js[2:]
        fill = target - want_scripts - natural
        filler = []
        if fill > 0:
            filler.append('<svg xmlns="http://www.w3.org/2000/svg" style="display:none">')
            for el in s.filler:
                if fill <= 0:
                    break
                filler.append(el)
                fill -= len(el)
            filler.append("</svg>\n")
            while fill > 0:  # empty ad slots
                el = '<div class="%s" id="div-gpt-ad-%d-%d" data-slot="/%d/%s/%s" data-sizes="[[728,90],[970,250]]"></div>\n' % (
                    s.k("ad"), rng.getrandbits(40), len(filler), s.index * 1009, s.domain, self.art.section if self.art else "misc")
                filler.append(el)
                fill -= len(el)
        body_cls = {"wordpress": "post-template-default single single-post single-format-standard",
                    "blog": "loading variant-indie", "app": "", "portal": "portal home-layout"}.get(s.family, s.k("body") + "-page")
        opener = '<body class="%s">\n' % body_cls
        if s.family == "app":
            opener += '<div id="__next">\n'
            body.append("</div>\n")
        return "".join([self.head("".join(style), "".join(head_js)), opener] + filler + body + tail_js + ["</body>\n</html>\n"])


# ---------------------------------------------------------------------------
# WARC and HTTP.

class Ids:
    def __init__(self, seed):
        self.rng = random.Random("warc-ids-%d" % seed)

    def new(self):
        return "<urn:uuid:%s>" % uuid.UUID(int=self.rng.getrandbits(128), version=4)


def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def warc_record(headers, block):
    """headers: list of (name, value) without Content-Length; -> one gzip member."""
    h = ["WARC/1.0"] + ["%s: %s" % kv for kv in headers] + ["Content-Length: %d" % len(block)]
    return gzip.compress(("\r\n".join(h) + "\r\n\r\n").encode("utf-8") + block + b"\r\n\r\n",
                         compresslevel=6, mtime=0)


def http_date(d):
    return "%s, %02d %s %04d %02d:%02d:%02d GMT" % (DAYS_EN[d.weekday()][:3], d.day, MONTHS_EN[d.month - 1][:3],
                                                     d.year, d.hour, d.minute, d.second)


def chunked(data, rng):
    out, i = [], 0
    while i < len(data):
        n = rng.choice([1024, 4096, 8000, 8192, 16384, rng.randint(100, 20000)])
        piece = data[i:i + n]
        out.append(b"%x\r\n" % len(piece) + piece + b"\r\n")
        i += n
    out.append(b"0\r\n\r\n")
    return b"".join(out)


def fake_jpeg(rng):
    n = rng.randint(1500, 12000)
    return (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xdb\x00C\x00"
            + rng.getrandbits(8 * n).to_bytes(n, "little") + b"\xff\xd9")


class Writer:
    def __init__(self, out, parts, seed, quiet):
        self.out, self.parts, self.quiet = out, parts, quiet
        self.ids = Ids(seed)
        self.rng = random.Random(seed * 31 + 5)
        self.files = []
        self.warcinfo_ids = []
        for k in range(parts):
            f = open(os.path.join(out, "part-%d.warc.gz" % k), "wb")
            rid = self.ids.new()
            block = ("software: dechrome make_html_corpus.py\r\nformat: WARC File Format 1.0\r\n"
                     "conformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n"
                     "isPartOf: CC-NEWS-SYNTHETIC\r\ndescription: synthetic news crawl (seed %d)\r\n"
                     "robots: checked via crawler-commons\r\n" % seed).encode()
            f.write(warc_record([("WARC-Type", "warcinfo"), ("WARC-Date", "2024-03-01T00:00:00Z"),
                                 ("WARC-Record-ID", rid), ("WARC-Filename", "part-%d.warc.gz" % k),
                                 ("Content-Type", "application/warc-fields")], block))
            self.files.append(f)
            self.warcinfo_ids.append(rid)
        self.stats = {"records": parts, "responses": 0, "html_bytes": 0, "gzip": 0, "chunked": 0}

    def fetch(self, part, url, when, status, http_headers, body, rng, compressible):
        """Writes request + response; returns the response record id."""
        f, winfo = self.files[part], self.warcinfo_ids[part]
        u = url.split("://", 1)[1]
        host, _, path = u.partition("/")
        req = ("GET /%s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: text/html,application/xhtml+xml,"
               "application/xml;q=0.9,*/*;q=0.8\r\nAccept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip\r\n"
               "Connection: Keep-Alive\r\n\r\n" % (path, host, UA)).encode()
        wdate = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        req_id, resp_id = self.ids.new(), self.ids.new()
        f.write(warc_record([("WARC-Type", "request"), ("WARC-Date", wdate), ("WARC-Record-ID", req_id),
                             ("WARC-Target-URI", url), ("WARC-Warcinfo-ID", winfo),
                             ("WARC-Block-Digest", sha1_b32(req)),
                             ("Content-Type", "application/http; msgtype=request")], req))
        stored = body
        hdr = list(http_headers)
        if compressible and rng.random() < 0.10:
            stored = gzip.compress(stored, compresslevel=6, mtime=0)
            hdr.append(("Content-Encoding", "gzip"))
            self.stats["gzip"] += 1
        if compressible and rng.random() < 0.10:
            stored = chunked(stored, rng)
            hdr.append(("Transfer-Encoding", "chunked"))
            self.stats["chunked"] += 1
        else:
            hdr.append(("Content-Length", str(len(stored))))
        if compressible:
            hdr.append(("Vary", "Accept-Encoding"))
        reason = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found"}[status]
        head = "HTTP/1.1 %d %s\r\n" % (status, reason) + "".join("%s: %s\r\n" % kv for kv in hdr) + "\r\n"
        block = head.encode("latin-1") + stored
        f.write(warc_record([("WARC-Type", "response"), ("WARC-Date", wdate), ("WARC-Record-ID", resp_id),
                             ("WARC-Target-URI", url), ("WARC-Warcinfo-ID", winfo),
                             ("WARC-Concurrent-To", req_id), ("WARC-IP-Address", "203.0.113.%d" % rng.randint(1, 254)),
                             ("WARC-Payload-Digest", sha1_b32(stored)), ("WARC-Block-Digest", sha1_b32(block)),
                             ("Content-Type", "application/http; msgtype=response")], block))
        self.stats["records"] += 2
        self.stats["responses"] += 1
        return resp_id

    def close(self):
        for f in self.files:
            f.close()


def base_headers(site, when, content_type, rng):
    h = [("Date", http_date(when)), ("Server", site.server), ("Content-Type", content_type)]
    if site.powered:
        h.append(("X-Powered-By", site.powered))
    h.append(("Cache-Control", rng.choice(["max-age=300, public", "no-cache", "private, max-age=0", "public, max-age=60"])))
    if rng.random() < 0.5:
        h.append(("Last-Modified", http_date(when - datetime.timedelta(minutes=rng.randint(1, 600)))))
    if rng.random() < 0.3:
        h.append(("Set-Cookie", "sid=%x; Path=/; HttpOnly; SameSite=Lax" % rng.getrandbits(64)))
    if site.scheme == "https":
        h.append(("Strict-Transport-Security", "max-age=31536000"))
    h.append(("Connection", "keep-alive"))
    return h


def html_type(site):
    if site.decl in ("http", "http+meta"):
        return "text/html; charset=%s" % (site.charset if site.charset != "utf-8" else
                                           random.Random(site.index).choice(["utf-8", "UTF-8"]))
    return "text/html"


# ---------------------------------------------------------------------------
# Plan and main loop.

def profiles(n, rng):
    """(lang, charset, family) per site."""
    latin = max(1, round(0.2 * n)) if n >= 3 else 0
    special = [("ru", "windows-1251"), ("ja", "shift_jis")] if n >= 4 else []
    if n >= 20:
        special.append(("uk", "windows-1251"))
    out = list(special)
    for i in range(latin):
        out.append((["en", "fr", "de", "es", "pt"][i % 5], ["windows-1252", "iso-8859-1"][i % 2]))
    rest = ["multi", "en", "multi", "multi", "en", "el", "ar", "zh", "multi", "es", "fr", "de", "ru", "en"]
    i = 0
    while len(out) < n:
        out.append((rest[i % len(rest)], "utf-8"))
        i += 1
    out = out[:n]
    rng.shuffle(out)
    fams = [FAMILIES[i % len(FAMILIES)] for i in range(n)]
    rng.shuffle(fams)
    # A blog's host is a blogspot.com name; Japanese and Cyrillic blogs are fine too.
    return [(l, c, f) for (l, c), f in zip(out, fams)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 epilog="See the top of this file for the output formats.")
    ap.add_argument("--out", required=True)
    ap.add_argument("--mib", type=float, default=3.0, help="uncompressed HTML bytes to reach, in MiB (default 3)")
    ap.add_argument("--sites", type=int, default=40)
    ap.add_argument("--parts", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    if args.sites < 1 or args.parts < 1 or args.mib <= 0:
        ap.error("--sites, --parts and --mib must be positive")
    t0 = time.time()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    target = int(args.mib * 1024 * 1024)
    sites = [Site(i, args.seed, p) for i, p in enumerate(profiles(args.sites, rng))]
    start = datetime.datetime(2024, 3, 1, 0, 0, 0)
    span = 30 * 86400

    # Articles per site: Zipf-like shares, a few tiny sites, at least 5 pages each.
    mean_page = 78 * 1024  # what render() gives on average, in bytes (measured)
    n_pages = max(args.sites * 2, int(target / mean_page / 1.08))  # 8% copies and 404s
    weights = [1.0 / (i + 1) ** 0.9 for i in range(args.sites)]
    rng.shuffle(weights)
    tot = sum(weights)
    least = min(5, max(2, n_pages // (2 * args.sites)))
    spare = n_pages - least * args.sites
    counts = [least + int(spare * w / tot) for w in weights]
    if args.sites >= 10 and least == 5:  # two small sites that keep their size
        small = sorted(range(args.sites), key=lambda i: weights[i])[:2]
        counts[small[0]], counts[small[1]] = 5, 7
        for i in small:
            weights[i] = 0.0  # no top-up pages for them
    order = []  # (site index, article number)
    for si, n in enumerate(counts):
        order += [(si, a) for a in range(n)]
    rng.shuffle(order)
    times = sorted(rng.uniform(0, span) for _ in order)

    articles = {}
    for (si, a), ts in zip(order, times):
        site = sites[si]
        published = start + datetime.timedelta(seconds=ts - rng.uniform(600, 86400 * 1.5))
        published = published.replace(microsecond=0)
        art = Article(site, random.Random(args.seed * 1000003 + si * 100003 + a), a, published)
        articles[(si, a)] = art
        site.headlines.append((art.headline, site.url(art.path)))

    # Fetch list: (time, kind, site, article). Copies and syndication come later than the original.
    fetches = []
    synd_sites = [s for s, w in zip(sites, weights) if s.charset == "utf-8" and s.family != "blog" and w > 0]
    for (si, a), ts in zip(order, times):
        art = articles[(si, a)]
        fetches.append((ts, "page", sites[si], art))
        r = rng.random()
        if r < 0.06:
            fetches.append((min(span, ts + rng.uniform(60, 7200)), rng.choice(["print", "amp"]), sites[si], art))
        elif r < 0.07 and len(synd_sites) > 1 and sites[si].charset == "utf-8":
            other = rng.choice([s for s in synd_sites if s is not sites[si]] or [sites[si]])
            if other is not sites[si]:
                fetches.append((min(span, ts + rng.uniform(600, 36000)), "syndicated", other, art))
    n_base = len(fetches)
    for _ in range(int(n_base * 0.03)):
        fetches.append((rng.uniform(0, span), "redirect", rng.choice(sites), None))
    for _ in range(int(n_base * 0.02)):
        fetches.append((rng.uniform(0, span), "jpeg", rng.choice(sites), None))
    for _ in range(max(1, int(n_base * 0.01))):
        fetches.append((rng.uniform(0, span), "404", rng.choice(sites), None))
    fetches.sort(key=lambda f: f[0])

    writer = Writer(args.out, args.parts, args.seed, args.quiet)
    gold = open(os.path.join(args.out, "gold.jsonl"), "w", encoding="utf-8")
    st = {"pages": 0, "html": 0, "script": 0, "lines": 0, "nonascii": 0, "multi_lines": 0,
          "multi_nonascii": 0, "sizes": [], "kinds": {}}
    script_re = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.S)
    extra = 0
    per_part = (len(fetches) + args.parts - 1) // args.parts
    i = 0
    while True:
        if i < len(fetches):
            ts, kind, site, art = fetches[i]
        elif st["html"] < target:  # top up with new articles of random sites
            si = rng.choices(range(len(sites)), weights)[0]
            site = sites[si]
            ts = span + extra
            extra += 60
            art = Article(site, random.Random(args.seed * 1000003 + si * 100003 + 90000 + extra), 90000 + extra,
                          start + datetime.timedelta(seconds=ts - 3600))
            site.headlines.append((art.headline, site.url(art.path)))
            kind = "page"
        else:
            break
        part = min(args.parts - 1, i // per_part)
        i += 1
        prng = random.Random(args.seed * 999331 + i)
        when = (start + datetime.timedelta(seconds=ts)).replace(microsecond=0)
        st["kinds"][kind] = st["kinds"].get(kind, 0) + 1
        if kind == "redirect":
            src = site.url("/story/%d" % prng.randint(1000, 999999))
            dst = prng.choice(site.headlines)[1]
            if prng.random() < 0.5:
                src = "http://" + dst.split("://", 1)[1].rstrip("/")
            status = prng.choice([301, 302])
            h = base_headers(site, when, "text/html; charset=utf-8", prng) + [("Location", dst)]
            writer.fetch(part, src, when, status, h, b"", prng, False)
            continue
        if kind == "jpeg":
            url = "https://cdn.%s/wp-content/uploads/2024/%02d/photo-%d.jpg" % (site.domain, when.month, prng.getrandbits(24))
            writer.fetch(part, url, when, 200, base_headers(site, when, "image/jpeg", prng), fake_jpeg(prng), prng, False)
            continue
        page_kind = "page" if kind == "syndicated" else kind
        page = Page(site, prng, when, art, page_kind)
        target_bytes = prng.randint(46 * 1024, 92 * 1024)  # pages come out a little bigger
        if kind == "404":
            target_bytes //= 2
        html = page.render(target_bytes)
        data = html.encode(CHARSET_PY[site.charset], "xmlcharrefreplace")
        if site.decl == "bom":
            data = b"\xef\xbb\xbf" + data
        if kind == "404":
            url = site.url("/%s/%d-missing-page" % (prng.choice(site.sections).lower(), prng.randint(1, 99999)))
            writer.fetch(part, url, when, 404, base_headers(site, when, html_type(site), prng), data, prng, True)
            st["html"] += len(data)
            continue
        if kind == "print":
            url = site.url(art.path.rstrip("/") + ("?print=1" if prng.random() < 0.5 else "/print"))
        elif kind == "amp":
            url = site.url("/amp" + art.path) if prng.random() < 0.5 else site.url(art.path.rstrip("/") + "?outputType=amp")
        elif kind == "syndicated":
            url = site.url("/wire/%s-%d" % (art.slug, art.number))
        else:
            url = site.url(art.path)
        rid = writer.fetch(part, url, when, 200, base_headers(site, when, html_type(site), prng), data, prng, True)
        content = art.gold()
        gold.write(json.dumps({"url": url, "warc_record_id": rid, "title": art.headline, "content": content,
                               "site": site.domain, "family": site.family, "charset": site.charset,
                               "lang": site.lang, "kind": kind}, ensure_ascii=False) + "\n")
        st["pages"] += 1
        st["html"] += len(data)
        st["sizes"].append(len(data))
        if st["pages"] % 50 == 1:  # the script share, measured on a sample
            st["script"] += sum(len(m.group(0)) for m in script_re.finditer(html))
            st["sampled"] = st.get("sampled", 0) + len(html)
        na = sum(1 for line in content if not line.isascii())
        st["lines"] += len(content)
        st["nonascii"] += na
        if site.lang == "multi":
            st["multi_lines"] += len(content)
            st["multi_nonascii"] += na
    writer.close()
    gold.close()
    if not args.quiet:
        sizes = sorted(st["sizes"]) or [0]
        per_site = {}
        for s in sites:
            per_site[s.domain] = 0
        with open(os.path.join(args.out, "gold.jsonl"), encoding="utf-8") as f:
            for line in f:
                per_site[json.loads(line)["site"]] += 1
        ps = sorted(per_site.values())
        print("make_html_corpus: %.1f MiB of HTML in %d responses (%d records, %d parts), %.1f s"
              % (st["html"] / 1048576, writer.stats["responses"], writer.stats["records"], args.parts,
                 time.time() - t0), file=sys.stderr)
        print("  fetches: %s; gzip-encoded %d, chunked %d" % (
            ", ".join("%s %d" % kv for kv in sorted(st["kinds"].items())), writer.stats["gzip"], writer.stats["chunked"]),
            file=sys.stderr)
        print("  gold pages %d, sites %d (pages per site min %d, median %d, max %d)" % (
            st["pages"], len(sites), ps[0], ps[len(ps) // 2], ps[-1]), file=sys.stderr)
        print("  page KiB: mean %.1f, min %.1f, p50 %.1f, max %.1f; script+style share %.1f%% (sampled)" % (
            sum(sizes) / len(sizes) / 1024, sizes[0] / 1024, sizes[len(sizes) // 2] / 1024, sizes[-1] / 1024,
            100.0 * st["script"] / max(1, st.get("sampled", 0))), file=sys.stderr)
        print("  content lines %d, non-ASCII %.1f%% (multilingual sites: %.1f%% of %d)" % (
            st["lines"], 100.0 * st["nonascii"] / max(1, st["lines"]),
            100.0 * st["multi_nonascii"] / max(1, st["multi_lines"]), st["multi_lines"]), file=sys.stderr)
        fam = {}
        for s in sites:
            fam.setdefault(s.family, []).append("%s/%s" % (s.lang, s.charset))
        print("  sites: " + "; ".join("%s: %s" % (k, ", ".join(v)) for k, v in sorted(fam.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
