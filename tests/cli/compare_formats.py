#!/usr/bin/env python3
"""Compares dechrome's JSONL and WET outputs of the same documents, and
turns a JSONL file into a WET file (Python standard library only).

  compare_formats.py compare JSONL_OUT WET_OUT [--url-field PATH]
      Reads every record of the JSONL output and every conversion record of
      the WET output, matches documents by URL (the JSONL field PATH, dotted,
      default "url"; the WET's WARC-Target-URI, angle brackets stripped),
      and checks that each WET block is the JSONL text + "\\n" (a document
      emptied of all its lines: the JSONL text is "" and the WET block is ""
      or "\\n"). Documents with the same URL are matched in order. Prints one
      JSON object ({"documents", "emptied", "problems"}); exits 1 on any
      difference or unmatched document.

  compare_formats.py jsonl-to-wet JSONL WET [--url-field PATH] [--text-field PATH]
      Writes WET (gzip, one member per record) with a warcinfo record, then
      one conversion record per JSONL record: WARC-Target-URI = the URL field
      as it is, block = text + "\\n", with WARC-Block-Digest and
      WARC-Payload-Digest (sha1, base32) like Common Crawl's WET files.

Inputs may be plain, gzip (any number of members) or zstd (through the
`zstd -dc` command), sniffed by magic bytes.
"""

import argparse
import base64
import collections
import gzip
import hashlib
import json
import subprocess
import sys
import uuid


def read_bytes(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    if data[:4] == b"\x28\xb5\x2f\xfd":
        return subprocess.run(["zstd", "-dc"], input=data, stdout=subprocess.PIPE,
                              check=True).stdout
    return data


def dotted(obj, path):
    for part in path.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return None
        obj = obj[part]
    return obj


def jsonl_records(path):
    for line in read_bytes(path).split(b"\n"):
        if line.strip():
            yield json.loads(line)


def header_end(data, start):
    """Offset one past the empty line that ends the header at `start`."""
    pos = data.find(b"\n", start)
    while pos != -1:
        if data[pos + 1:pos + 2] == b"\n":
            return pos + 2
        if data[pos + 1:pos + 3] == b"\r\n":
            return pos + 3
        pos = data.find(b"\n", pos + 1)
    return -1


def warc_records(path):
    """Yields (fields dict with lower-case names, block) of every record."""
    data = read_bytes(path)
    pos, n = 0, len(data)
    while pos < n:
        if not data.startswith(b"WARC/", pos):
            raise ValueError("%s: byte %d: not a WARC record" % (path, pos))
        end = header_end(data, pos)
        if end < 0:
            raise ValueError("%s: byte %d: header without an empty line" % (path, pos))
        fields = {}
        for line in data[pos:end].split(b"\n")[1:]:
            name, sep, value = line.rstrip(b"\r").partition(b":")
            if sep:
                fields.setdefault(name.strip().lower().decode("latin-1"), value.strip())
        length = int(fields["content-length"])
        block = data[end:end + length]
        if len(block) != length:
            raise ValueError("%s: byte %d: block runs past the end" % (path, pos))
        yield fields, block
        pos = end + length
        while data[pos:pos + 1] in (b"\r", b"\n"):
            pos += 1


def compare(args):
    jsonl = collections.defaultdict(collections.deque)
    for rec in jsonl_records(args.jsonl):
        url = dotted(rec, args.url_field)
        text = dotted(rec, args.text_field)
        if not isinstance(url, str) or not isinstance(text, str):
            continue
        jsonl[url].append(text.encode("utf-8", "surrogatepass"))
    problems = []
    documents = emptied = 0
    for fields, block in warc_records(args.wet):
        if fields.get("warc-type", b"").lower() != b"conversion":
            continue
        url = fields.get("warc-target-uri", b"").decode("utf-8")
        if url.startswith("<") and url.endswith(">"):
            url = url[1:-1].strip()
        if not jsonl[url]:
            problems.append("WET document %r has no JSONL twin" % url)
            continue
        text = jsonl[url].popleft()
        documents += 1
        if text == b"" and block in (b"", b"\n"):
            emptied += 1
            continue
        if block != text + b"\n":
            a, b = block.split(b"\n"), (text + b"\n").split(b"\n")
            i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
            problems.append("%s: line %d differs: WET %r vs JSONL %r (WET %d lines, JSONL %d)" % (
                url, i, a[i] if i < len(a) else None, b[i] if i < len(b) else None,
                len(a) - 1, len(b) - 1))
    for url, left in jsonl.items():
        for _ in left:
            problems.append("JSONL document %r has no WET twin" % url)
    print(json.dumps({"documents": documents, "emptied": emptied, "problems": len(problems)}))
    for p in problems[:20]:
        print(p, file=sys.stderr)
    return 1 if problems or documents == 0 else 0


def record(headers, block):
    head = "\r\n".join(["WARC/1.0"] + ["%s: %s" % kv for kv in headers]
                       + ["Content-Length: %d" % len(block)])
    return head.encode("utf-8") + b"\r\n\r\n" + block + b"\r\n\r\n"


def sha1_b32(block):
    return "sha1:" + base64.b32encode(hashlib.sha1(block).digest()).decode()


def jsonl_to_wet(args):
    info = b"software: compare_formats.py\r\nformat: WARC File Format 1.0\r\n"
    members = [record([("WARC-Type", "warcinfo"), ("WARC-Date", "2024-05-01T12:00:00Z"),
                       ("WARC-Record-ID", "<urn:uuid:%s>" % uuid.uuid5(uuid.NAMESPACE_URL, args.wet)),
                       ("Content-Type", "application/warc-fields")], info)]
    n = 0
    for rec in jsonl_records(args.jsonl):
        url = dotted(rec, args.url_field)
        text = dotted(rec, args.text_field)
        if not isinstance(url, str) or not isinstance(text, str):
            continue
        block = text.encode("utf-8", "surrogatepass") + b"\n"
        rid = uuid.uuid5(uuid.NAMESPACE_URL, "%d:%s" % (n, url))
        members.append(record([("WARC-Type", "conversion"), ("WARC-Target-URI", url),
                               ("WARC-Date", "2024-05-01T12:00:00Z"),
                               ("WARC-Record-ID", "<urn:uuid:%s>" % rid),
                               ("WARC-Block-Digest", sha1_b32(block)),
                               ("WARC-Payload-Digest", sha1_b32(block)),
                               ("Content-Type", "text/plain")], block))
        n += 1
    with open(args.wet, "wb") as f:
        for m in members:
            f.write(gzip.compress(m, compresslevel=6, mtime=0))
    print(json.dumps({"documents": n}))
    return 0 if n > 0 else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("compare")
    c.add_argument("jsonl")
    c.add_argument("wet")
    w = sub.add_parser("jsonl-to-wet")
    w.add_argument("jsonl")
    w.add_argument("wet")
    for p in (c, w):
        p.add_argument("--url-field", default="url")
        p.add_argument("--text-field", default="text")
    args = ap.parse_args()
    return compare(args) if args.command == "compare" else jsonl_to_wet(args)


if __name__ == "__main__":
    sys.exit(main())
