#!/usr/bin/env python3
"""Independent checker of `dechrome --emit attributes` rows.

  check_attributes.py INPUT ATTRIBUTES DOCUMENTS [--text-field text] [--id-field id]

INPUT is the JSONL input, ATTRIBUTES the output of `dechrome run --emit
attributes` over it, DOCUMENTS the output of `dechrome run` (--emit documents)
over the same input with the same options. Checks that ATTRIBUTES has one row
per input record, in order, with the record's id; that every row has the form
{"id": ..., "attributes": {"dechrome__chrome": [[start, end, 1.0], ...]}} with
spans sorted, non-overlapping, non-empty and inside the text (Python string
indices, i.e. Unicode code points); and that deleting text[start:end] for
every span gives exactly the text of the same record in DOCUMENTS.

Prints one JSON object ({"documents", "spans", "chars_removed",
"documents_changed"}); exits 1 on any violation, listing the first ones on
stderr. Standard library only (zstd through the zstd command).
"""

import argparse
import json
import sys

from check_output import read_bytes  # same folder: one reader for both checkers


def rows(path):
    lines = read_bytes(path).split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return [json.loads(line) for line in lines]


def field(obj, dotted):
    for part in dotted.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return None
        obj = obj[part]
    return obj


def check_spans(spans, text, where, problems):
    """Returns the text with the spans deleted, or None if the spans are bad."""
    if not isinstance(spans, list):
        problems.append(f"{where}: dechrome__chrome is not a list")
        return None
    prev_end = -1
    for s in spans:
        if (not isinstance(s, list) or len(s) != 3 or not all(isinstance(v, int) for v in s[:2])
                or s[2] != 1.0):
            problems.append(f"{where}: bad span {s!r}")
            return None
        start, end = s[0], s[1]
        if not 0 <= start < end <= len(text):
            problems.append(f"{where}: span {s!r} outside the text (length {len(text)})")
            return None
        if start < prev_end:
            problems.append(f"{where}: span {s!r} overlaps or precedes the one before it")
            return None
        prev_end = end
    out = text
    for start, end, _ in reversed(spans):
        out = out[:start] + out[end:]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("attributes")
    ap.add_argument("documents")
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--id-field", default="id")
    args = ap.parse_args()
    problems = []
    ins, attrs, docs = rows(args.input), rows(args.attributes), rows(args.documents)
    stats = {"documents": 0, "spans": 0, "chars_removed": 0, "documents_changed": 0}
    if len(attrs) != len(ins):
        problems.append(f"{len(ins)} input records, {len(attrs)} attribute rows")
    if len(docs) != len(ins):
        problems.append(f"{len(ins)} input records, {len(docs)} documents out")
    for r, (a, row, d) in enumerate(zip(ins, attrs, docs)):
        where = f"record {r + 1}"
        if not isinstance(row, dict) or set(row) != {"id", "attributes"}:
            problems.append(f"{where}: row is not {{id, attributes}}: {row!r}"[:300])
            continue
        if row["id"] != field(a, args.id_field):
            problems.append(f"{where}: id {row['id']!r}, input has {field(a, args.id_field)!r}")
            continue
        if not isinstance(row["attributes"], dict) or set(row["attributes"]) != {"dechrome__chrome"}:
            problems.append(f"{where}: attributes are not {{dechrome__chrome}}")
            continue
        text = field(a, args.text_field)
        if not isinstance(text, str):
            problems.append(f"{where}: input record has no text")
            continue
        spans = row["attributes"]["dechrome__chrome"]
        filtered = check_spans(spans, text, where, problems)
        if filtered is None:
            continue
        expected = field(d, args.text_field)
        if filtered != expected:
            problems.append(f"{where}: spans applied give {filtered!r}, documents output has {expected!r}"[:600])
            continue
        stats["documents"] += 1
        stats["spans"] += len(spans)
        stats["chars_removed"] += len(text) - len(filtered)
        stats["documents_changed"] += 1 if spans else 0
    print(json.dumps(stats))
    for p in problems[:20]:
        print("check_attributes: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
