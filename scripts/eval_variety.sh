#!/usr/bin/env bash
# Generates the --variety corpus (scripts/make_corpus.py: in-body labels,
# templated lines, rotating lists, print and opinion templates, interviews
# and repeated quotes, each line labelled with its kind), runs dechrome on it
# and prints, per line kind, how many lines there are and what share went:
#   kind  side  lines  removed  share
# Needs no ../shared. Extra arguments go to 'dechrome run' (e.g.
# --no-templated). DOCS, SITES and SEED change the corpus (defaults 1500, 16
# and 1: the corpus of tests/cli/cli_test.cc's VarietyCorpus test);
# CHARSET=multilingual gives its sites other languages.
# Usage: scripts/eval_variety.sh [DECHROME_OPTIONS...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${DECHROME_BIN:-$root/build/dechrome}
if [ ! -x "$bin" ]; then
  bash scripts/build.sh >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/make_corpus.py --out "$work/in" --docs "${DOCS:-1500}" --sites "${SITES:-16}" --parts 1 \
  --labels --variety --seed "${SEED:-1}" --charset "${CHARSET:-ascii}"
mkdir "$work/out"
"$bin" run -q "$@" "$work/in/part-0.jsonl.zst" -o "$work/out/"
python3 tests/cli/check_output.py "$work/in/part-0.jsonl.zst" "$work/out/part-0.jsonl.zst" \
  --labels "$work/in/labels.jsonl" > "$work/check.json"
python3 - "$work/check.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
content = {"content", "headline", "interview-question", "interview-answer", "repeated-quote"}
unscored = {"byline", "photo-credit"}
print(f"{'kind':20s} {'side':9s} {'lines':>7s} {'removed':>8s} {'share':>8s}")
for kind, (lines, removed) in sorted(s["kinds"].items(),
                                     key=lambda kv: (kv[0] not in content, kv[0] in unscored, kv[0])):
    side = "content" if kind in content else "unscored" if kind in unscored else "chrome"
    print(f"{kind:20s} {side:9s} {lines:7d} {removed:8d} {100 * removed / lines:7.2f}%")
print(f"{'all content':20s} {'':9s} {s['c']:7d} {s['c_removed']:8d} {100 * s['c_removed'] / s['c']:7.2f}%")
print(f"{'all chrome':20s} {'':9s} {s['n']:7d} {s['n_removed']:8d} {100 * s['n_removed'] / s['n']:7.2f}%")
PY
