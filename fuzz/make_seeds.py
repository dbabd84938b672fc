#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/fuzz_*.cc).

Usage: make_seeds.py --out DIR

Fills DIR/<target>/ (jsonl, warc, codec, site, table, html, normalize) with small
files: records and pages cut from the generated corpora of
scripts/make_corpus.py and scripts/make_html_corpus.py, and hand-written edge
cases. Each file starts with the control bytes its target reads first (see
the target's header comment). Deterministic: the same tree gives the same
seeds. Only the Python standard library (and the zstd command, when present)
is used.
"""

import argparse
import gzip
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_SEED = 32 * 1024


def write(out, target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data[:MAX_SEED] if target != "codec" else data)


def warc_records(data):
    """Splits an uncompressed WARC stream into (header, block, record bytes)."""
    pos = 0
    out = []
    while pos < len(data):
        end = data.find(b"\r\n\r\n", pos)
        if end < 0:
            break
        header = data[pos:end + 2]
        length = 0
        for line in header.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        block_start = end + 4
        rec_end = block_start + length + 4  # "\r\n\r\n" after the block
        out.append((header, data[block_start:block_start + length], data[pos:rec_end]))
        pos = rec_end
    return out


def http_body(block):
    """The decoded body of an HTTP response block (chunked, gzip undone)."""
    end = block.find(b"\r\n\r\n")
    if end < 0:
        return b""
    head, body = block[:end].lower(), block[end + 4:]
    if b"transfer-encoding: chunked" in head:
        plain, p = b"", 0
        while True:
            nl = body.find(b"\r\n", p)
            if nl < 0:
                break
            size = int(body[p:nl].split(b";")[0] or b"0", 16)
            if size == 0:
                break
            plain += body[nl + 2:nl + 2 + size]
            p = nl + 2 + size + 2
        body = plain
    if b"content-encoding: gzip" in head:
        try:
            body = gzip.decompress(body)
        except Exception:
            return b""
    return body


def warc_record(headers, block, version=b"WARC/1.0", eol=b"\r\n"):
    r = version + eol
    for k, v in headers:
        r += k + b": " + v + eol
    r += b"Content-Length: " + str(len(block)).encode() + eol + eol
    return r + block + b"\r\n\r\n"


def http_response(body, headers, status=b"HTTP/1.1 200 OK"):
    h = status + b"\r\n" + b"".join(k + b": " + v + b"\r\n" for k, v in headers) + b"\r\n"
    return h + body


def chunked(body, step=7):
    out = b""
    for i in range(0, len(body), step):
        piece = body[i:i + step]
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def jsonl_seeds(out, corpus):
    with open(os.path.join(corpus, "part-0.jsonl"), "rb") as f:
        lines = f.read().split(b"\n")
    for i in range(0, 40, 4):
        write(out, "jsonl", "corpus-%02d" % i, b"\x00\x00\x05" + b"\n".join(lines[i:i + 3]) + b"\n")
    write(out, "jsonl", "corpus-small-reads", b"\x50\x40\xaa" + b"\n".join(lines[:5]) + b"\n")
    edge = [
        rb'{"text":"a\nb\u000ac\u000Ad","url":"http://x.example.com/p","id":7}',
        rb'{"id":"x","metadata":{"url":"https://m.example.org/"},"text":"line\\n not a break\n\n  \nend"}',
        rb'{"text":"\ud83d\ude00 \ud83d alone \ude00\n\u00e9\"quoted\"\n","url":"//example.co.uk/a"}',
        rb'{"text":"","url":"http://e.example/"}',
        rb'{"text":"no url\r\nwith CR\r\n"}',
        rb'{"text":"dup","text":"second","url":"a.example.com"}',
        rb'{"te\u0078t":"escaped key","text":"x\ny"}',
        rb'{"text":123}',
        rb'{"url":"http://a.b/"}',
        rb'{"text":"trailing"} x',
        rb'[1,2,3]',
        rb'   ',
        b'{"text":"bad utf8 \xff\xfe"}',
        rb'{"text":"x\q"}',
        rb'{"text":"a\nb","url":"http://a.example/","nested":{"text":"deep","url":[1,{"a":null}]}}',
    ]
    write(out, "jsonl", "edge-lines", b"\x00\x00\x0f" + b"\n".join(edge) + b"\n")
    write(out, "jsonl", "edge-no-final-newline", b"\x41\x03\xff" + b"\n".join(edge[:3]))
    for i, e in enumerate(edge):
        write(out, "jsonl", "edge-%02d" % i, bytes([0, 0, 0x55]) + e + b"\n")


def warc_seeds(out, corpus, html_corpus):
    with open(os.path.join(corpus, "part-0.warc.wet"), "rb") as f:
        wet = warc_records(f.read())
    for i, (_, _, rec) in enumerate(wet[:8]):
        write(out, "warc", "wet-%02d" % i, b"\x00\x00\x0b" + rec)
    write(out, "warc", "wet-several", b"\x48\x05\x6d" + b"".join(r for _, _, r in wet[:4]))
    with gzip.open(os.path.join(html_corpus, "part-0.warc.gz"), "rb") as f:
        html = warc_records(f.read())
    for i, (_, block, rec) in enumerate(html[:12]):
        if len(rec) <= MAX_SEED:
            write(out, "warc", "html-%02d" % i, b"\x00\x00\x07" + rec)
        else:  # too long as it is: the same page, shorter and not compressed
            body = http_body(block)[:12000]
            resp = http_response(body, [(b"Content-Type", b"text/html; charset=utf-8")])
            write(out, "warc", "html-%02d" % i, b"\x00\x00\x07" + warc_record(
                [(b"WARC-Type", b"response"), (b"WARC-Target-URI", b"https://www.example.com/a/%d" % i),
                 (b"Content-Type", b"application/http; msgtype=response")], resp))
    page = b"<html><head><title>T</title><meta charset=windows-1252></head><body><p>caf\xe9</p><nav><a href=/>Home</a></nav></body></html>"
    resp_headers = [(b"WARC-Type", b"response"), (b"WARC-Target-URI", b"http://www.example.com/x"),
                    (b"WARC-Record-ID", b"<urn:uuid:1>"), (b"WARC-Date", b"2024-01-01T00:00:00Z"),
                    (b"Content-Type", b"application/http; msgtype=response")]
    cases = {
        "chunked-gzip": http_response(chunked(gzip.compress(page, mtime=0)),
                                      [(b"Content-Type", b"text/html"), (b"Transfer-Encoding", b"chunked"),
                                       (b"Content-Encoding", b"gzip")]),
        "deflate": http_response(zlib.compress(page), [(b"Content-Type", b"text/html"),
                                                      (b"Content-Encoding", b"deflate")]),
        "utf16": http_response(b"\xff\xfe" + "<p>h\u00e9llo</p>".encode("utf-16-le"),
                               [(b"Content-Type", b"text/html")]),
        "sjis": http_response("<p>\u65e5\u672c\u8a9e</p>".encode("shift_jis"),
                              [(b"Content-Type", b"text/html; charset=shift_jis")]),
        "no-type": http_response(b"<!DOCTYPE html><p>sniffed</p>", []),
        "redirect": http_response(b"", [(b"Location", b"/b")], b"HTTP/1.1 301 Moved"),
        "folded": b"HTTP/1.0 200 OK\nContent-Type: text/html;\n charset=koi8-r\nTransfer-Encoding: chunked\n\n5\nab\xc1\xc2c\n0\n\n",
        "text-plain": http_response(b"one\ntwo\r\nthree", [(b"Content-Type", b"text/plain")]),
    }
    for name, resp in cases.items():
        write(out, "warc", "http-" + name, b"\x00\x00\xa5" + warc_record(resp_headers, resp))
    odd = [
        warc_record([(b"WARC-Type", b"conversion"), (b"WARC-Target-URI", b"<http://a.example/>"),
                     (b"WARC-Block-Digest", b"sha1:AAAA"), (b"WARC-Payload-Digest", b"sha1:BBBB")],
                    b"l1\nl2\n\nl4", version=b"WARC/1.1", eol=b"\n"),
        warc_record([(b"WARC-Type", b"resource"), (b"Content-Type", b"text/plain"),
                     (b"X-Long", b"a\r\n continued")], b"r1\r\nr2"),
        warc_record([(b"WARC-Type", b"resource"), (b"Content-Type", b"text/html")], page),
        b"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 999\r\n\r\ntruncated",
        b"junk before\r\n" + warc_record([(b"WARC-Type", b"conversion")], b"x"),
        b"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: -1\r\n\r\n\r\n\r\n",
        b"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length:\r\n 3\r\n\r\nabc\r\n\r\n",
        b"\r\n\r\n" + warc_record([(b"WARC-Type", b"conversion")], b"y", eol=b"\n"),
    ]
    for i, rec in enumerate(odd):
        write(out, "warc", "odd-%02d" % i, bytes([0x40 + i, 2 * i + 1, 0x5a]) + rec)
    write(out, "warc", "odd-all", b"\x00\x00\x33" + b"".join(odd))


def codec_seeds(out, corpus):
    with open(os.path.join(corpus, "part-0.jsonl"), "rb") as f:
        text = f.read()[:20000]
    small = text[:3000]
    write(out, "codec", "plain", b"\x00\x00" + small[:500])
    write(out, "codec", "gzip", b"\x00\x00" + gzip.compress(small, mtime=0))
    write(out, "codec", "gzip-members", b"\x50\x31" + gzip.compress(small[:700], mtime=0) +
          gzip.compress(small[700:], mtime=0))
    write(out, "codec", "gzip-truncated", b"\x00\x00" + gzip.compress(text, mtime=0)[:900])
    write(out, "codec", "gzip-bad-crc", b"\x00\x00" + gzip.compress(small, mtime=0)[:-8] + b"\0" * 8)
    write(out, "codec", "roundtrip-gzip", b"\x40\x93" + small[:900])
    write(out, "codec", "roundtrip-zstd", b"\x41\xa7" + small[:900])
    if shutil.which("zstd"):
        def zstd(data, *args):
            return subprocess.run(["zstd", "-q", "-c", *args], input=data, stdout=subprocess.PIPE,
                                  check=True).stdout
        write(out, "codec", "zstd", b"\x00\x00" + zstd(small))
        write(out, "codec", "zstd-frames", b"\x47\x0f" + zstd(small[:1000]) + zstd(small[1000:], "-19"))
        write(out, "codec", "zstd-truncated", b"\x00\x00" + zstd(text)[:700])
        write(out, "codec", "zstd-checksum", b"\x00\x00" + zstd(small, "--check"))
        # A skippable frame first, and a dictionary frame (0x184D2A5D) as
        # the .warc.zst convention has it.
        skip = struct.pack("<II", 0x184D2A50, 5) + b"hello"
        write(out, "codec", "zstd-skippable", b"\x00\x00" + skip + zstd(small))
        with tempfile.TemporaryDirectory() as tmp:
            samples = []
            for i in range(40):
                p = os.path.join(tmp, "s%d" % i)
                with open(p, "wb") as f:
                    f.write(text[i * 400:(i + 1) * 400] or b"x")
                samples.append(p)
            dpath = os.path.join(tmp, "dict")
            r = subprocess.run(["zstd", "-q", "--train", *samples, "-o", dpath, "--maxdict=2048"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if r.returncode == 0:
                with open(dpath, "rb") as f:
                    d = f.read()
                framed = struct.pack("<II", 0x184D2A5D, len(d)) + d
                write(out, "codec", "zstd-dict", b"\x00\x00" + framed + zstd(small, "-D", dpath))


def site_seeds(out):
    urls = [
        b"http://www.example.com/a/b?c#d", b"https://news.bbc.co.uk/x", b"example.org",
        b"//cdn.example.net/x.js", b"HTTP://WWW.EXAMPLE.COM:8080/", b"http:\\\\host.example\\p",
        b"mailto:someone@example.com", b"urn:isbn:123", b"example.com:8080/a",
        b"https://user:pw@sub.example.co.jp/", b"http://[::1]:80/", b"http://[2001:DB8::1]/",
        b"http://192.168.0.1/", b"http://localhost/", b"localhost", b"garbage", b"http://intranet/",
        b"  <http://a.blogspot.com/>  ", b"http://b.blogspot.com./", b"http://co.uk/",
        "http://b\u00fccher.example/".encode(), "http://\uff21\uff22\uff23.com/".encode(),
        "https://\u0645\u062b\u0627\u0644.\u0625\u062e\u062a\u0628\u0627\u0631/".encode(),
        b"http://bad\xff.example/", b"http://a..b/", b"http://" + b"a." * 130 + b"com/",
        b"http://exa mple.com/", b"http://ex%41mple.com/", b"https://", b"", b"http://_dmarc.x-y.example/",
    ]
    write(out, "site", "all", b"\n".join(urls))
    for i, u in enumerate(urls):
        write(out, "site", "url-%02d" % i, u)


def table_seeds(out):
    def u32(v):
        return struct.pack("<I", v)

    def u64(v):
        return struct.pack("<Q", v)

    # Version 2 with the flags Serialize() writes (bits 9-10: headline and
    # label keys counted); version 1 is still read.
    def table(sites, entries, flags=2 | 32 | 512 | 1024, version=2):
        b = b"DCHRTBL\n" + u32(version) + u32(flags) + u32(5) + struct.pack("<d", 0.25) + u32(10)
        b += u32(3) + u32(20) + struct.pack("<d", 0.4) + u32(4) + u32(200) + u32(8)
        b += u64(len(sites))
        for name, docs in sites:
            b += u64(docs) + u32(len(name)) + name
        b += u64(len(entries))
        for key, glob, count, site in entries:
            b += u64(key) + u64(glob) + u32(count) + u32(site)
        return b + u64(0)  # checksum: the target fixes it (control bit 0)

    sites = [(b"a.example", 10), (b"b.example", 3), (b"c.example", 7)]
    entries = [(5, 100, 4, 0), (9, 100, 2, 1), (12, 7, 9, 2), (2**63, 100, 1, 2), (2**64 - 1, 8, 3, 0)]
    write(out, "table", "small", b"\x11" + table(sites, entries))
    write(out, "table", "small-noload", b"\x01" + table(sites, entries, flags=1 | 4 | 8 | 16 | 512))
    write(out, "table", "small-v1", b"\x11" + table(sites, entries, flags=2 | 32, version=1))
    write(out, "table", "empty", b"\x11" + table([], []))
    write(out, "table", "unsorted", b"\x01" + table(sites[::-1], entries))
    write(out, "table", "bad-site", b"\x01" + table(sites, [(1, 1, 1, 9)]))
    write(out, "table", "no-checksum-fix", b"\x10" + table(sites, entries))
    write(out, "table", "magic-only", b"\x00DCHRTBL\n")
    write(out, "table", "other-version", b"\x01DCHRTBL\n" + u32(9) + b"\0" * 40)


def html_seeds(out, html_corpus):
    with gzip.open(os.path.join(html_corpus, "part-0.warc.gz"), "rb") as f:
        records = warc_records(f.read())
    n = 0
    for header, block, _ in records:
        if b"msgtype=response" not in header:
            continue
        body = http_body(block)
        if body:
            write(out, "html", "page-%02d" % n, bytes([n * 7 % 256]) + body[:MAX_SEED - 1])
            n += 1
    edge = {
        "entities": b"<p>&amp;&lt;&gt;&quot;&apos;&nbsp;&copy&notit;&notin;&#x1F600;&#0;&#x110000;&#128;&#xD800;&bogus;</p>",
        "script": b"<script><!--<script>x</script>--></script><p>after</p><style>p{}</style><noscript>n</noscript>",
        "comments": b"<!--> <!---> <!-- a -- b --!> <?pi x?> </ bogus> <!DOCTYPE html PUBLIC \"x\"><p>t</p>",
        "rcdata": b"<title>A &amp; <b>B</b></title><textarea>&lt;x</textarea><xmp><b></xmp><plaintext><p>all text",
        "foreign": b"<svg><![CDATA[ cdata <p> ]]><title>svg title</title><style>s</style></svg><math><mi>x</mi></math>",
        "attrs": b"<div id=Main class='Nav  Top' hidden><a href=\"/x?a=1&amp;b=2\" HREF=dup>L</a></div><a href=/>link</a> text",
        "blocks": b"<body><nav><ul><li>Home<li>News</ul></nav><article><h1>Head</h1><p>Para <br> two<p>three</article><footer>(c)</footer>",
        "unclosed": b"<p <div a=\"b <span x='<table><tr><td>cell</td><td>cell2",
        "invisible": b"<div style='display:none'>hidden</div><p style=\"visibility: hidden\">h</p><template><p>t</p></template>",
        "deep": b"<div>" * 300 + b"deep" + b"</div>" * 300,
        "nul-utf8": b"<p>a\x00b\xff\xfe\xc3(\xe2\x82</p>",
        "meta-http-equiv": b"<meta http-equiv=Content-Type content=\"text/html; charset=koi8-r\"><p>\xc1\xc2</p>",
        "meta-charset": b"<!-- x --><meta charset=\"iso-2022-jp\"><p>\x1b$B$3\x1b(B</p>",
        "bom-utf16": b"\xfe\xff\x00<\x00p\x00>\x00h\x00i",
        "labels": b"latin1\n<p>x</p>",
    }
    for i, (name, page) in enumerate(edge.items()):
        write(out, "html", "edge-" + name, bytes([i * 3]) + page)


def normalize_seeds(out):
    lines = [
        "Home | News | Sport | Weather",
        "GMT 06:49:16, Friday 7 September 2018",
        "Posted 3 hours ago by Jane Doe",
        "Read more: https://example.com/a/b?c=1",
        "\u201cQuoted,\u201d she said \u2014 and left\u2026",
        "Cr\u00e8me br\u00fbl\u00e9e \u00e0 la fran\u00e7aise",
        "cre\u0300me bru\u0302le\u0301e (decomposed)",
        "\u041d\u043e\u0432\u043e\u0441\u0442\u0438 \u0434\u043d\u044f",
        "\u0395\u03bb\u03bb\u03ac\u03b4\u03b1 \u03a3\u03a3",
        "\u0627\u0644\u0623\u062e\u0628\u0627\u0631 \u0627\u0644\u064a\u0648\u0645 \u0661\u0662\u0663",
        "\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd",
        "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e",
        "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u0e04\u0e23\u0e31\u0e1a",
        "\ud55c\uad6d\uc5b4 \u1112\u1161\u11ab\u1100\u116e\u11a8",
        "\u65b0\u95fb\u4e2d\u5fc3 \uff08\uff11\uff12\uff09\uff1a",
        "\ufb01\ufb02 \u2460 \u2474 \u33a1 \ufdfa",
        "\U0001F600 \U0001F469\u200d\U0001F4BB \u2764\ufe0f",
        "soft\u00adhyphen zero\u200bwidth \ufeffbom",
    ]
    data = "\n".join(lines).encode("utf-8")
    write(out, "normalize", "all-dates", b"\x01" + data)
    write(out, "normalize", "all-plain", b"\x00" + data)
    # The same with ASCII runs 16 bytes at a time (control bit 1), and long
    # ASCII runs that cross 64-byte blocks before non-ASCII bytes.
    write(out, "normalize", "all-dates-narrow", b"\x03" + data)
    write(out, "normalize", "all-plain-narrow", b"\x02" + data)
    run = "The Quick, brown fox 42 -- " * 6
    long_runs = "\n".join(run[: 60 + k] + "\u00e9\u4e2d x" for k in range(80))
    write(out, "normalize", "long-runs", b"\x01" + long_runs.encode("utf-8"))
    write(out, "normalize", "long-runs-narrow", b"\x03" + long_runs.encode("utf-8"))
    write(out, "normalize", "invalid", b"\x01" + b"a\xff b\xc3( \xe2\x82 \xed\xa0\x80 x\r\n\xf4\x90\x80\x80")
    for i, line in enumerate(lines):
        write(out, "normalize", "line-%02d" % i, bytes([i & 1]) + line.encode("utf-8"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "text")
        html_corpus = os.path.join(tmp, "html")
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "make_corpus.py"), "--out", corpus,
                        "--docs", "60", "--sites", "4", "--parts", "1", "--format", "both",
                        "--compress", "none"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "make_html_corpus.py"), "--out",
                        html_corpus, "--mib", "0.3", "--sites", "4", "--parts", "1", "--quiet"],
                       check=True, stdout=subprocess.DEVNULL)
        jsonl_seeds(args.out, corpus)
        warc_seeds(args.out, corpus, html_corpus)
        codec_seeds(args.out, corpus)
        site_seeds(args.out)
        table_seeds(args.out)
        html_seeds(args.out, html_corpus)
        normalize_seeds(args.out)
    for target in sorted(os.listdir(args.out)):
        d = os.path.join(args.out, target)
        print("%-9s %3d seeds" % (target, len(os.listdir(d))))


if __name__ == "__main__":
    main()
