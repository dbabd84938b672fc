#!/usr/bin/env bash
# Runs dechrome on every corpus in ../shared/eval (JSONL and WET) and scores
# the output with ../shared/eval/score.py. Prints one table:
#   corpus  format  content_loss  chrome/non-content removed  docs  seconds
# Extra arguments go to 'dechrome run' (e.g. --min-count 4).
# Usage: scripts/eval.sh [DECHROME_OPTIONS...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
shared=${DECHROME_SHARED_DIR:-$root/../shared}
bin=${DECHROME_BIN:-$root/build/dechrome}
if [ ! -d "$shared/eval" ]; then
  echo "eval.sh: $shared/eval not found (it is only on development machines)" >&2
  exit 0
fi
if [ ! -x "$bin" ]; then
  bash scripts/build.sh >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf "%-10s %-6s %13s %22s %6s %8s\n" corpus format content_loss "chrome/non-content" docs seconds
for corpus in "$shared"/eval/data/*/; do
  name=$(basename "$corpus")
  for fmt in jsonl wet; do
    if [ "$fmt" = jsonl ]; then pattern="part-*.jsonl.zst"; else pattern="part-*.warc.wet.gz"; fi
    inputs=$(ls "$corpus"$pattern)
    out="$work/$name-$fmt"
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$bin" run -q "$@" $inputs -o "$out"
    end=$(date +%s.%N)
    # shellcheck disable=SC2086
    line=$(python3 "$shared/eval/score.py" "$corpus" $inputs --output "$out"/* --quiet --json "$work/$name-$fmt.json" | tail -n 1)
    loss=$(sed -n 's/.*content_loss=\([^ ]*\).*/\1/p' <<<"$line")
    nonc=$(sed -n 's/.*noncontent_removed=\([^ ]*\).*/\1/p' <<<"$line")
    chrome=$(sed -n 's/.*chrome_removed=\([^ ]*\).*/\1/p' <<<"$line")
    docs=$(sed -n 's/.*docs=\([^ ]*\).*/\1/p' <<<"$line")
    removed=$nonc
    if [ "$chrome" != "n/a" ] && [ -n "$chrome" ]; then removed=$chrome; fi
    printf "%-10s %-6s %13s %22s %6s %8.2f\n" "$name" "$fmt" "$loss" "$removed" "$docs" "$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')"
    if [ -n "${DECHROME_EVAL_JSON:-}" ]; then cp "$work/$name-$fmt.json" "$DECHROME_EVAL_JSON-$name-$fmt.json"; fi
  done
done
