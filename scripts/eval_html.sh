#!/usr/bin/env bash
# Runs dechrome on the HTML WARC parts of ../shared/eval (real-dev, news-dev)
# and scores the article text with ../shared/eval/score_html.py (word-level
# precision, recall and F1 against the human gold text), beside extraction
# alone (--extract-only: every visible line).
# Prints, per corpus and mode, the score_html.py summary line, then one line
# per dataset of the corpus.
# Extra arguments go to 'dechrome run'.
# Usage: scripts/eval_html.sh [DECHROME_OPTIONS...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
shared=${DECHROME_SHARED_DIR:-$root/../shared}
bin=${DECHROME_BIN:-$root/build/dechrome}
if [ ! -d "$shared/eval" ]; then
  echo "eval_html.sh: $shared/eval not found (it is only on development machines)" >&2
  exit 0
fi
[ -x "$bin" ] || bash scripts/build.sh >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for corpus in real-dev news-dev; do
  dir=$shared/eval/data/$corpus
  ls "$dir"/part-*.warc.gz >/dev/null 2>&1 || continue
  for mode in extract-only dechrome; do
    out=$work/$corpus-$mode
    flags=()
    [ "$mode" = extract-only ] && flags=(--extract-only)
    start=$(date +%s.%N)
    "$bin" run -q "${flags[@]}" "$@" --output-format jsonl "$dir"/part-*.warc.gz -o "$out"
    end=$(date +%s.%N)
    echo "== $corpus $mode ($(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", b-a}') s)"
    python3 "$shared/eval/score_html.py" "$dir" --output "$out"/*.jsonl.zst --json "$out.json" | grep -E "f1=" || true
    # Per dataset (real-dev: dragnet2013, l3s-gn1), as the README's table has them.
    python3 -c 'import json, sys
for k, v in sorted(json.load(open(sys.argv[1])).items()):
    if isinstance(v, dict) and k != "all":
        print("  %s f1=%.2f precision=%.2f recall=%.2f pages=%d" % (k, v["f1"], v["precision"], v["recall"], v["pages"]))' "$out.json"
  done
done
