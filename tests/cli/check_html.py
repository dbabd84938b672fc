#!/usr/bin/env python3
"""Checks of dechrome's outputs for HTML WARC input (tests/cli/html_cli_test.cc).

  check_html.py jsonl OUT            Dolma documents: every row has id, url, date,
                                     title, text, metadata (in that order); prints
                                     "docs=N"
  check_html.py same IN OUT          WARC output of WARC input: every input record is
                                     in the output byte for byte and in order; each
                                     HTML document's response is followed by one
                                     conversion record that refers to it; prints
                                     "records=N conversions=M"
  check_html.py wet OUT              WET output: a warcinfo record first, then only
                                     conversion records with WARC-Refers-To and a
                                     correct block digest; prints "conversions=N"
Exit 1 with a message on the first problem.
"""
import base64
import gzip
import hashlib
import json
import subprocess
import sys
import zlib


def read(path):
    raw = open(path, "rb").read()
    if raw[:4] == b"\x28\xb5\x2f\xfd":
        return subprocess.run(["zstd", "-dc", path], capture_output=True, check=True).stdout
    if raw[:2] == b"\x1f\x8b":
        return gzip.decompress(raw)
    return raw


def records(data):
    """WARC records as (header dict, raw bytes, block)."""
    pos, out = 0, []
    while pos < len(data):
        end = data.index(b"\r\n\r\n", pos)
        head = data[pos:end].decode("utf-8", "replace").split("\r\n")
        fields = {}
        for line in head[1:]:
            k, _, v = line.partition(":")
            fields.setdefault(k.strip().lower(), v.strip())
        n = int(fields["content-length"])
        block = data[end + 4:end + 4 + n]
        stop = end + 4 + n
        while data[stop:stop + 2] == b"\r\n":
            stop += 2
        out.append((fields, data[pos:stop], block))
        pos = stop
    return out


def fail(msg):
    print("check_html: " + msg, file=sys.stderr)
    sys.exit(1)


def check_jsonl(path):
    n = 0
    for i, line in enumerate(read(path).split(b"\n")):
        if not line:
            continue
        doc = json.loads(line)
        keys = list(doc)
        if keys != ["id", "url", "date", "title", "text", "metadata"]:
            fail(f"{path}: row {i + 1}: fields {keys}")
        if not doc["id"] or not doc["url"].startswith("http"):
            fail(f"{path}: row {i + 1}: no id or url")
        if "warc_type" not in doc["metadata"]:
            fail(f"{path}: row {i + 1}: metadata without warc_type")
        n += 1
    print(f"docs={n}")


def digest(block):
    return "sha1:" + base64.b32encode(hashlib.sha1(block).digest()).decode()


def check_same(inp, out):
    a, b = records(read(inp)), records(read(out))
    j, conversions = 0, 0
    for fields, raw, _ in a:
        if j >= len(b) or b[j][1] != raw:
            fail(f"record {fields.get('warc-record-id')} missing or changed in {out}")
        j += 1
        if j < len(b) and b[j][0].get("warc-type") == "conversion" and \
                b[j][0].get("warc-refers-to") == fields.get("warc-record-id") and \
                fields.get("warc-type") != "conversion":
            if b[j][0].get("warc-block-digest") != digest(b[j][2]):
                fail(f"bad block digest in {out}")
            conversions += 1
            j += 1
    if j != len(b):
        fail(f"{out}: {len(b) - j} records more than expected")
    print(f"records={len(a)} conversions={conversions}")


def check_wet(path):
    recs = records(read(path))
    if not recs or recs[0][0].get("warc-type") != "warcinfo":
        fail(f"{path}: no warcinfo record first")
    for fields, _, block in recs[1:]:
        if fields.get("warc-type") != "conversion" or not fields.get("warc-refers-to"):
            fail(f"{path}: {fields.get('warc-type')} record in WET output")
        if fields.get("warc-block-digest") != digest(block) or not block.endswith(b"\n"):
            fail(f"{path}: bad block of {fields.get('warc-target-uri')}")
    print(f"conversions={len(recs) - 1}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "jsonl":
        check_jsonl(sys.argv[2])
    elif cmd == "same":
        check_same(sys.argv[2], sys.argv[3])
    elif cmd == "wet":
        check_wet(sys.argv[2])
    else:
        fail("unknown command " + cmd)
