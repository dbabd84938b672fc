#!/usr/bin/env bash
# Peak memory of `dechrome run` under --memory budgets (README, "Memory").
#
# Generates (once, into bench-data/) the bench corpora that scripts/bench.sh
# uses (same generator and arguments: JSONL.zst, ASCII and multilingual),
# then runs `dechrome run -jTHREADS` on each with no budget and with every
# budget in BUDGETS, under /usr/bin/time -v, and prints peak RSS, the
# counting table's bytes per key, spills and time; every budgeted run's
# outputs must be byte-identical to the unbudgeted run's (else exit 1).
#
#   SIZE_MB=200 THREADS=2 BUDGETS="512M 128M" CORPORA="jsonl mjsonl" bash scripts/memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
SIZE_MB=${SIZE_MB:-200}
THREADS=${THREADS:-2}
BUDGETS=${BUDGETS:-512M 128M}
CORPORA=${CORPORA:-jsonl mjsonl}
BIN=${DECHROME_BIN:-$root/build/dechrome}
SITES=400
PARTS=4
BYTES_PER_DOC=3400    # as scripts/bench.sh
M_BYTES_PER_DOC=4400

die() { echo "memory.sh: $*" >&2; exit 1; }
[[ -x /usr/bin/time ]] || die "needs /usr/bin/time (Debian package 'time')"
if [[ ! -x $BIN ]]; then
  [[ -z ${DECHROME_BIN:-} ]] || die "DECHROME_BIN=$BIN is not executable"
  bash scripts/build.sh >&2
fi
generator=$(sha1sum scripts/make_corpus.py | cut -c1-8)
data=$root/bench-data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf "%-8s %-7s %10s %14s %7s %10s %8s\n" corpus budget "peak MiB" "counter B/key" spills "spill MiB" seconds
for name in $CORPORA; do
  dir=$data/$name-${SIZE_MB}mb-$generator   # the folder bench.sh uses
  if [[ ! -f $dir/.done ]]; then
    rm -rf "$dir"
    case $name in
      jsonl) python3 scripts/make_corpus.py --out "$dir" --docs $((SIZE_MB * 1000000 / BYTES_PER_DOC)) \
               --sites $SITES --parts $PARTS --format jsonl --compress zst ;;
      mjsonl) python3 scripts/make_corpus.py --out "$dir" --docs $((SIZE_MB * 1000000 / M_BYTES_PER_DOC)) \
                --sites $SITES --parts $PARTS --format jsonl --compress zst --charset multilingual ;;
      *) die "unknown corpus $name (jsonl, mjsonl)" ;;
    esac >/dev/null
    echo "$(zstd -dc "$dir"/part-* | wc -c)" >"$dir/.bytes"
    touch "$dir/.done"
  fi
  for budget in none $BUDGETS; do
    out=$work/$name-$budget
    args=()
    [[ $budget == none ]] || args=(--memory "$budget" --temp-dir "$work")
    start=$(date +%s.%N)
    /usr/bin/time -v -o "$work/time" "$BIN" run -q -j"$THREADS" "${args[@]}" "$dir"/part-*.jsonl.zst \
      -o "$out" --stats "$work/stats.json"
    end=$(date +%s.%N)
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
    read -r bpk spills spill_bytes < <(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d.get("counter_bytes_per_key", 0), d["spill_runs"], d["spill_bytes"])' "$work/stats.json")
    printf "%-8s %-7s %10.1f %14s %7s %10.1f %8.2f\n" "$name" "$budget" "$(echo "$rss / 1024" | bc -l)" \
      "$bpk" "$spills" "$(echo "$spill_bytes / 1048576" | bc -l)" "$(echo "$end - $start" | bc -l)"
    if [[ $budget != none ]]; then
      diff -rq "$work/$name-none" "$out" >/dev/null || die "$name: outputs with --memory $budget differ"
    fi
  done
done
