#!/usr/bin/env python3
"""Checks scripts/make_corpus.py (run by ctest as make_corpus_test).

- The default (ASCII) corpus is byte-identical to what tests and eval were
  made with: a pinned SHA-256 of a small uncompressed corpus.
- --charset multilingual is deterministic, writes the same documents as
  JSONL and WET, has one label per line, and has the character mix the
  bench needs: at least a third of its non-empty lines hold non-ASCII
  characters, and every class of script is there.

Usage: make_corpus_test.py [SOURCE_DIR]
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile

SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
GEN = os.path.join(SRC, "scripts", "make_corpus.py")
sys.path.insert(0, os.path.join(SRC, "scripts"))
import make_corpus  # noqa: E402  (for read_texts and text_stats)

# sha256 of part-0.jsonl, part-0.warc.wet and labels.jsonl (in that order) of
# make_corpus.py --docs 200 --sites 5 --parts 1 --format both --compress none --labels
ASCII_SHA256 = "152cb3f923176f3c3814daab69d5641a368fffdd807ca22b6f0912ee215cab74"

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def run(out, *args):
    subprocess.run([sys.executable, GEN, "--out", out, *args], check=True, stdout=subprocess.DEVNULL)


def digest(folder, names):
    h = hashlib.sha256()
    for n in names:
        with open(os.path.join(folder, n), "rb") as f:
            h.update(f.read())
    return h.hexdigest()


with tempfile.TemporaryDirectory() as tmp:
    a = os.path.join(tmp, "ascii")
    run(a, "--docs", "200", "--sites", "5", "--parts", "1", "--format", "both", "--compress", "none",
        "--labels")
    got = digest(a, ["part-0.jsonl", "part-0.warc.wet", "labels.jsonl"])
    check(got == ASCII_SHA256, f"default corpus changed: sha256 {got}, pinned {ASCII_SHA256}")

    small = ["--docs", "600", "--sites", "200", "--parts", "2", "--format", "both", "--compress", "none",
             "--labels", "--charset", "multilingual"]
    m1, m2 = os.path.join(tmp, "m1"), os.path.join(tmp, "m2")
    run(m1, *small)
    run(m2, *small)
    names = sorted(os.listdir(m1))
    check(names == sorted(os.listdir(m2)) and digest(m1, names) == digest(m2, names),
          "multilingual corpus differs between two runs")

    jsonl = [t for k in range(2) for t in make_corpus.read_texts(os.path.join(m1, f"part-{k}.jsonl"))]
    wet = [t for k in range(2) for t in make_corpus.read_texts(os.path.join(m1, f"part-{k}.warc.wet"))]
    check(sorted(jsonl) == sorted(t.rstrip("\n") for t in wet), "JSONL and WET hold different texts")
    with open(os.path.join(m1, "labels.jsonl")) as f:
        labels = {d["id"]: d["labels"] for d in map(json.loads, f)}
    for k in range(2):
        with open(os.path.join(m1, f"part-{k}.jsonl")) as f:
            for doc in map(json.loads, f):
                check(len(labels[doc["id"]]) == doc["text"].count("\n") + 1,
                      f"{doc['id']}: labels and lines differ in number")

    st = make_corpus.text_stats(jsonl)
    share = st["non_ascii"] / st["lines"]
    print(f"multilingual: {st['docs']} documents, {st['lines']} lines, {100 * share:.1f}% with non-ASCII")
    check(share >= 1 / 3, f"only {100 * share:.1f}% of lines hold non-ASCII characters")
    for cls in ["punct/symbol", "latin", "cyrillic", "greek", "arabic", "hebrew", "indic", "cjk", "emoji"]:
        check(st["by_class"][cls] > 0, f"no line holds {cls} characters")
    long_lines = sum(1 for n in st["line_chars"] if n >= 200)
    short_lines = sum(1 for n in st["line_chars"] if n < 30)
    check(long_lines > 0.05 * st["lines"] and short_lines > 0.3 * st["lines"],
          "lines are not a mix of long paragraphs and short chrome")

print("FAILED" if failures else "OK")
sys.exit(1 if failures else 0)
