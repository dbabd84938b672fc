#!/usr/bin/env python3
"""Generates a deterministic synthetic web-text corpus with per-site chrome.

Each site has a template: a header (site name, menu), a date line whose digits
change, a sidebar of its own articles' headlines, a comment form, social
links, a footer; many sites share a cookie banner and a CMS line. Articles are
made of random sentences (mostly unique lines). Some articles have print
copies (same body, other chrome), some share a quote, some are interviews
with short answers. Everything comes from one seed: the same arguments give
the same bytes.

Usage:
  make_corpus.py --out DIR [--docs N] [--sites N] [--parts N]
                 [--format jsonl|wet|both] [--compress zst|gz|none]
                 [--labels] [--seed S]

Writes DIR/part-K.jsonl[.zst|.gz] and/or DIR/part-K.warc.wet[.gz|.zst], and
with --labels DIR/labels.jsonl: {"id", "labels"} with one character per line
of the text: c = content, n = chrome. Only the Python standard library is
used; .zst output pipes through the zstd command.
"""

import argparse
import base64
import gzip
import hashlib
import json
import os
import random
import subprocess
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


def sentence(rng, lo=8, hi=28):
    n = rng.randint(lo, hi)
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", ".", "?", "!"])


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def headline(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 9))]
    return " ".join(words).capitalize()


class Site:
    def __init__(self, rng, index):
        self.index = index
        self.name = "".join(rng.choice("bcdfghklmnprstvwz") + rng.choice("aeiou")
                            for _ in range(rng.randint(2, 4))).capitalize() + rng.choice(
                                [" Times", " Post", " Herald", " Daily", " News", " Chronicle"])
        self.domain = self.name.lower().replace(" ", "") + rng.choice([".com", ".org", ".net", ".co.uk"])
        self.hosts = ["www." + self.domain, "m." + self.domain, "news." + self.domain]
        self.menu = rng.sample(MENU, rng.randint(5, 10))
        self.tagline = sentence(rng, 5, 9)
        self.footer = [f"© {2000 + index % 20} {self.name}. All rights reserved.",
                       "Contact us | Privacy policy | Terms of use",
                       f"{self.name} is not responsible for the content of external sites."]
        self.social = ["Share on Facebook", "Share on Twitter", "Email this article"]
        self.comment_form = ["Leave a comment", "Name *", "E-mail *", "Comment Title*", "Post comment"]
        self.cookie = rng.random() < 0.6
        self.cms = rng.choice(SHARED_CMS) if rng.random() < 0.5 else None
        self.headlines = []


def chrome_top(site, rng):
    lines = [site.name, site.tagline]
    lines += site.menu
    day = rng.randint(1, 28)
    lines.append(f"Last Updated : GMT {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}")
    lines.append(f"{rng.choice(DAYS)}, {day} {rng.choice(MONTHS)} {rng.randint(2015, 2024)}")
    return lines


def chrome_bottom(site, rng, own_headline):
    lines = list(site.social)
    lines.append("Related headlines")
    pool = [h for h in site.headlines if h != own_headline]
    lines += rng.sample(pool, min(len(pool), 4))
    lines.append(f"Comments ({rng.randint(0, 250)})")
    lines += site.comment_form
    if site.cookie:
        lines.append(SHARED_COOKIE)
    if site.cms:
        lines.append(site.cms)
    lines += site.footer
    return lines


def make_documents(args):
    rng = random.Random(args.seed)
    sites = [Site(rng, i) for i in range(args.sites)]
    # Zipf-like share of documents per site.
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(sites))]
    total = sum(weights)
    per_site = [max(3, int(args.docs * w / total)) for w in weights]
    quotes = {}
    docs = []
    for site, n in zip(sites, per_site):
        articles = []
        for a in range(n):
            h = headline(rng)
            site.headlines.append(h)
            body = [paragraph(rng) for _ in range(rng.randint(3, 12))]
            if rng.random() < 0.15:
                # Interview: questions and short answers.
                for _ in range(rng.randint(2, 4)):
                    body.append("Q: " + sentence(rng, 5, 12).rstrip(".!") + "?")
                    body.append(rng.choice(SHORT_ANSWERS))
            if rng.random() < 0.1:
                q = quotes.setdefault(site.index, '"' + sentence(rng, 12, 20) + '" said the spokesperson.')
                body.insert(rng.randint(0, len(body)), q)
            articles.append((h, body))
        for a, (h, body) in enumerate(articles):
            copies = 1 + (1 if rng.random() < 0.08 else 0)
            for c in range(copies):
                host = rng.choice(site.hosts)
                path = f"/{rng.choice(site.menu).lower()}/{a:05d}-{h.lower().replace(' ', '-')[:40]}"
                url = f"https://{host}{path}" + ("/print" if c else "")
                top = chrome_top(site, rng)
                bottom = chrome_bottom(site, rng, h)
                lines = top + [h] + body + bottom
                labels = "n" * len(top) + "c" + "c" * len(body) + "n" * len(bottom)
                doc_id = f"synthetic/{site.domain}/{a}" + ("-print" if c else "")
                docs.append({"id": doc_id, "url": url, "text": "\n".join(lines), "labels": labels})
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--sites", type=int, default=40)
    ap.add_argument("--parts", type=int, default=2)
    ap.add_argument("--format", choices=["jsonl", "wet", "both"], default="jsonl")
    ap.add_argument("--compress", choices=["zst", "gz", "none"], default="zst")
    ap.add_argument("--labels", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
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
                f.write(json.dumps({"id": d["id"], "url": d["url"], "labels": d["labels"]}) + "\n")


if __name__ == "__main__":
    main()
