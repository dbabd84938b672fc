#!/usr/bin/env python3
"""Scores an extractor's text against the gold of a make_html_corpus.py corpus.

usage: score_gold.py GOLD_DIR --output OUT [OUT ...] [--json FILE] [--groups]

GOLD_DIR   a folder written by scripts/make_html_corpus.py (its gold.jsonl:
           one row per status-200 HTML page with the page's article lines).
--output   what the extractor wrote for GOLD_DIR/part-*.warc.gz: JSONL
           records with a "url" (or "metadata.url" / "metadata.warc_url") and
           a "text", or WARC/WET files whose `conversion` records (also
           text/plain `resource` records) name the page in WARC-Target-URI.
           Plain, gzip (one or many members) or zstd (through the `zstd`
           command), recognised by their bytes. Records of one URL are joined.
--json     also write the scores, with a breakdown by template family,
           charset, language and page kind, to FILE.
--groups   print that breakdown too, one line per group.

Word-level scores per gold page. Words are the Unicode word runs (regex \\w+)
of the text after NFKC normalisation and case folding, counted as a multiset;
G = the words of the page's gold lines, O = the words of the extractor's text
for the page's URL, matched = |O & G| (multiset intersection):
  precision = matched / |O|   (100 when the page is there but O is empty)
  recall    = matched / |G|
  F1        = 2 P R / (P + R) (0 when both are 0)
A gold page missing from the outputs scores F1 = 0, recall = 0 and precision
= 0 too (nothing extracted counts as nothing right, so a tool that drops pages
cannot gain precision by it). Each score is the mean over the gold pages, in
percent. Output records whose URL is not in the gold (404 pages, ...) are not
scored; their number is reported as unmatched_outputs in --json.

Prints one line:
  f1=X precision=Y recall=Z pages=N found=M
and exits 0; exits 2 on unreadable or malformed input, naming the file.
"""
import argparse
import collections
import gzip
import json
import os
import re
import subprocess
import sys
import unicodedata
import zlib

WORD_RUN = re.compile(r"\w+")


class InputError(Exception):
    pass


def word_bag(text):
    """Multiset of the word runs of text after NFKC + casefold."""
    return collections.Counter(WORD_RUN.findall(unicodedata.normalize("NFKC", text).casefold()))


def clean_url(url):
    url = (url or "").strip()
    if len(url) >= 2 and url[0] == "<" and url[-1] == ">":
        url = url[1:-1].strip()
    return url


def load(path):
    """The decompressed bytes of path (plain, gzip or zstd)."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise InputError("%s: cannot read: %s" % (path, e.strerror or e))
    if raw.startswith(b"\x1f\x8b"):
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as e:
            raise InputError("%s: bad gzip data: %s" % (path, e))
    if raw.startswith(b"\x28\xb5\x2f\xfd"):
        try:
            done = subprocess.run(["zstd", "-dcq"], input=raw, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        except OSError:
            raise InputError("%s: zstd data, and the zstd command is not available" % path)
        if done.returncode != 0:
            raise InputError("%s: bad zstd data: %s" % (path, done.stderr.decode("utf-8", "replace").strip()))
        return done.stdout
    return raw


def jsonl_texts(path, data):
    for no, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as e:
            raise InputError("%s: line %d: not JSON: %s" % (path, no, e))
        if not isinstance(rec, dict):
            raise InputError("%s: line %d: not a JSON object" % (path, no))
        meta = rec.get("metadata")
        meta = meta if isinstance(meta, dict) else {}
        url = rec.get("url") or meta.get("url") or meta.get("warc_url")
        text = rec.get("text")
        if isinstance(url, str) and isinstance(text, str):
            yield clean_url(url), text


def warc_texts(path, data):
    pos, end = 0, len(data)
    while True:
        while pos < end and data[pos] in b"\r\n":
            pos += 1
        if pos >= end:
            return
        if not data.startswith(b"WARC/", pos):
            raise InputError("%s: byte %d: a WARC record should start here" % (path, pos))
        stop = data.find(b"\r\n\r\n", pos)
        gap = 4
        if stop < 0:
            stop, gap = data.find(b"\n\n", pos), 2
        if stop < 0:
            raise InputError("%s: byte %d: WARC header without end" % (path, pos))
        fields = {}
        for line in data[pos:stop].decode("utf-8", "replace").splitlines()[1:]:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        try:
            length = int(fields.get("content-length", ""))
        except ValueError:
            raise InputError("%s: byte %d: WARC record without a valid Content-Length" % (path, pos))
        start = stop + gap
        if start + length > end:
            raise InputError("%s: byte %d: WARC record truncated" % (path, pos))
        kind = fields.get("warc-type", "").lower()
        ctype = fields.get("content-type", "").lower()
        if kind == "conversion" or (kind == "resource" and ctype.startswith("text/plain")):
            yield clean_url(fields.get("warc-target-uri")), data[start:start + length].decode("utf-8", "replace")
        pos = start + length


def read_outputs(paths):
    """-> {url: text} over all outputs."""
    texts = {}
    for path in paths:
        data = load(path)
        records = warc_texts if data.lstrip(b"\r\n").startswith(b"WARC/") else jsonl_texts
        for url, text in records(path, data):
            texts[url] = texts[url] + "\n" + text if url in texts else text
    return texts


def read_gold(folder):
    path = os.path.join(folder, "gold.jsonl")
    data = load(path)
    rows = []
    for no, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            url, content = clean_url(row["url"]), row["content"]
            if not isinstance(content, list) or not all(isinstance(x, str) for x in content):
                raise ValueError("content is not a list of strings")
        except (ValueError, KeyError, TypeError) as e:
            raise InputError("%s: line %d: bad gold row: %s" % (path, no, e))
        rows.append((url, word_bag("\n".join(content)), row))
    if not rows:
        raise InputError("%s: no gold rows" % path)
    return rows


def score_page(gold, out):
    """-> (precision, recall, f1) in [0, 1] of one found page."""
    matched = sum(min(n, out[w]) for w, n in gold.items() if w in out)
    n_out, n_gold = sum(out.values()), sum(gold.values())
    p = matched / n_out if n_out else 1.0
    r = matched / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summary(scores):
    n = len(scores)
    pct = lambda i: round(100.0 * sum(s[i] for s in scores) / n, 2) if n else 0.0
    return {"pages": n, "found": sum(1 for s in scores if s[3]), "precision": pct(0), "recall": pct(1), "f1": pct(2)}


def main(argv=None):
    ap = argparse.ArgumentParser(prog="score_gold.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter, usage=argparse.SUPPRESS)
    ap.add_argument("gold_dir")
    ap.add_argument("--output", nargs="+", required=True, metavar="OUT")
    ap.add_argument("--json", metavar="FILE")
    ap.add_argument("--groups", action="store_true")
    args = ap.parse_args(argv)
    try:
        gold = read_gold(args.gold_dir)
        got = read_outputs(args.output)
    except InputError as e:
        print("score_gold.py: %s" % e, file=sys.stderr)
        return 2
    scores = []
    groups = collections.defaultdict(list)
    for url, bag, row in gold:
        text = got.get(url)
        s = score_page(bag, word_bag(text)) + (True,) if text is not None else (0.0, 0.0, 0.0, False)
        scores.append(s)
        for key in ("family", "charset", "lang", "kind"):
            if key in row:
                groups["%s=%s" % (key, row[key])].append(s)
    total = summary(scores)
    gold_urls = {url for url, _, _ in gold}
    result = {"all": total, "unmatched_outputs": sum(1 for u in got if u not in gold_urls),
              "groups": {k: summary(v) for k, v in sorted(groups.items())}}
    if args.json:
        try:
            with open(args.json, "w") as f:
                json.dump(result, f, indent=1)
                f.write("\n")
        except OSError as e:
            print("score_gold.py: %s: cannot write: %s" % (args.json, e.strerror or e), file=sys.stderr)
            return 2
    if args.groups:
        for k, v in result["groups"].items():
            print("  %-26s f1=%6.2f precision=%6.2f recall=%6.2f pages=%d found=%d" % (
                k, v["f1"], v["precision"], v["recall"], v["pages"], v["found"]))
    print("f1=%.2f precision=%.2f recall=%.2f pages=%d found=%d" % (
        total["f1"], total["precision"], total["recall"], total["pages"], total["found"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
