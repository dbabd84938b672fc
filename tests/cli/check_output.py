#!/usr/bin/env python3
"""Independent checker of a dechrome JSONL output against its input.

  check_output.py INPUT OUTPUT [--labels LABELS] [--text-field text]

Checks that every input record comes out in order; that every field other
than the text decodes to the same value and that the record's bytes outside
the text value are identical; that the kept lines are a subsequence of the
input lines (byte-identical, in order) and that blank lines are all kept.
With --labels (make_corpus.py --labels), also reports how many content (c)
and chrome (n) lines were removed, and, where the labels name each line's
kind (make_corpus.py --variety), "kinds": {kind: [lines, removed]}. Prints one JSON object; exits 1 on any
violation. Standard library only (zstd through the zstd command).
"""

import argparse
import gzip
import json
import subprocess
import sys


def read_bytes(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    if data[:4] == b"\x28\xb5\x2f\xfd":
        return subprocess.run(["zstd", "-dc"], input=data, stdout=subprocess.PIPE, check=True).stdout
    return data


def records(path):
    data = read_bytes(path)
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def text_span(raw, field):
    """Byte span of the raw JSON string value of top-level `field`."""
    key = json.dumps(field).encode()
    obj = json.loads(raw)
    start = 0
    while True:
        i = raw.find(key, start)
        if i < 0:
            return None
        j = i + len(key)
        while raw[j:j + 1] in (b" ", b"\t"):
            j += 1
        if raw[j:j + 1] == b":":
            j += 1
            while raw[j:j + 1] in (b" ", b"\t"):
                j += 1
            if raw[j:j + 1] == b'"':
                k = j + 1
                while raw[k:k + 1] != b'"':
                    k += 2 if raw[k:k + 1] == b"\\" else 1
                return (j, k + 1)
        start = i + 1
    return obj


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--labels")
    ap.add_argument("--text-field", default="text")
    args = ap.parse_args()
    problems = []
    ins, outs = records(args.input), records(args.output)
    labels = {}
    kinds = {}
    if args.labels:
        with open(args.labels) as f:
            for line in f:
                row = json.loads(line)
                labels[row["id"]] = row["labels"]
                if "kinds" in row:
                    kinds[row["id"]] = row["kinds"]
    stats = {"records": len(ins), "lines": 0, "lines_removed": 0, "c": 0, "c_removed": 0,
             "n": 0, "n_removed": 0}
    if len(ins) != len(outs):
        problems.append(f"{len(ins)} records in, {len(outs)} out")
    for r, (a, b) in enumerate(zip(ins, outs)):
        try:
            ja, jb = json.loads(a), json.loads(b)
        except ValueError:
            if a != b:
                problems.append(f"record {r + 1}: unparsable record changed")
            continue
        f = args.text_field
        if not isinstance(ja, dict) or not isinstance(ja.get(f), str):
            if a != b:
                problems.append(f"record {r + 1}: record without text changed")
            continue
        for k in set(ja) | set(jb):
            if k != f and ja.get(k) != jb.get(k):
                problems.append(f"record {r + 1}: field {k} changed")
        sa, sb = text_span(a, f), text_span(b, f)
        if a[:sa[0]] != b[:sb[0]] or a[sa[1]:] != b[sb[1]:]:
            problems.append(f"record {r + 1}: bytes outside the text changed")
        la = ja[f].split("\n") if ja[f] != "" else []
        lb = jb[f].split("\n") if jb[f] != "" else []
        keep = []
        i = 0
        for line in la:
            if i < len(lb) and lb[i] == line:
                keep.append(True)
                i += 1
            else:
                keep.append(False)
        if i != len(lb):
            problems.append(f"record {r + 1}: output lines are not a subsequence of the input")
            continue
        for line, k in zip(la, keep):
            if not k and line.strip() == "":
                problems.append(f"record {r + 1}: a blank line was removed")
        stats["lines"] += len(la)
        stats["lines_removed"] += keep.count(False)
        lab = labels.get(ja.get("id"))
        kind = kinds.get(ja.get("id"))
        if (lab is not None and len(lab) != len(la)) or (kind is not None and len(kind) != len(la)):
            problems.append(f"record {r + 1}: its labels do not have one entry a line")
            continue
        if lab is not None:
            for ch, k in zip(lab, keep):
                if ch in "cn":
                    stats[ch] += 1
                    if not k:
                        stats[ch + "_removed"] += 1
            for name, k in zip(kind or (), keep):
                counts = stats.setdefault("kinds", {}).setdefault(name, [0, 0])
                counts[0] += 1
                counts[1] += 0 if k else 1
    stats["problems"] = problems[:20]
    print(json.dumps(stats))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
