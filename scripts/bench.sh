#!/usr/bin/env bash
# End-to-end throughput of 'dechrome run' against the codec floor, both
# measured in the same run (machines are noisy, so only the ratio travels).
#
# Corpora (generated once, cached in bench-data/):
#   jsonl  JSONL, zstd-compressed (one frame per file)     scripts/make_corpus.py
#   wet    WET, gzip with one member per record (like Common Crawl)
#          each at least SIZE_MB decompressed, 400 sites, 4 files
#   mjsonl, mwet  the same two formats of a multilingual corpus, same sizes
#          (make_corpus.py --charset multilingual: sites in 16 languages
#          besides English, English mostly with typographic quotes, dashes
#          and emoji; about 60% of its lines hold non-ASCII characters)
#   html   CC-NEWS-like HTML WARC, gzip per record          scripts/make_html_corpus.py
#          SIZE_MB MiB of HTML (default 300), 40 sites, 4 files; the output
#          is JSONL (dechrome --output-format jsonl: OUTDIR/<stem>.jsonl.zst)
#
# For each corpus and thread count T:
#   dechrome  dechrome run -q -jT INPUTS -o OUTDIR   (output codec = input's)
#   floor     what any two-pass tool must do at least: decompress the inputs
#             twice and compress the (decompressed) output once:
#               jsonl: zstd -dc (x2) + zstd -3 -T$T of the output
#               wet:   igzip -dc (x2) + igzip -1 -T$T of the output
#               html:  igzip -dc (x2) + zstd -3 -T$T of the output
#             If dechrome cannot read HTML WARC yet, its html row says n/a
#             and the floor compresses the corpus's gold.jsonl instead.
#             mjsonl and mwet have the floors of jsonl and wet.
#             the pieces run one after another and their times add up.
# Each time is the best of REPEAT wall-clock runs; the table also gives the
# CPU time (user + system) of that try, which other load disturbs less, and
# dechrome's pages (documents; html: status-200 HTML pages) per second, in
# all and per thread. The tries of dechrome and of the floor alternate (one
# of each, REPEAT times), so that load from elsewhere on a shared machine
# falls on both alike.
# count/core is the input's MB over the CPU seconds of the count pass's
# workers in the run's best try (--stats count_worker_cpu_seconds: parsing,
# normalising, hashing and counting, and pass 1 keeping each line's keys for
# pass 2; not the reading thread's decompression, nor the table build);
# count-only/core is the same for 'dechrome count -jT' on the same inputs
# (the count pass without pass 2's hints), the highest of REPEAT tries (not
# alternated with anything).
#
# Environment: THREADS (default "1 2"), REPEAT (3), SIZE_MB (200; html: 300),
# DECHROME_BIN (default build/dechrome, built with scripts/build.sh if
# missing), CORPORA (default "jsonl wet mjsonl mwet html").
set -euo pipefail
shopt -s inherit_errexit
if [[ -n ${DECHROME_BIN:-} && ${DECHROME_BIN} != /* ]]; then DECHROME_BIN=$PWD/$DECHROME_BIN; fi
cd "$(dirname "$0")/.."
root=$PWD

THREADS=${THREADS:-1 2}
REPEAT=${REPEAT:-3}
[[ $REPEAT =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: REPEAT must be 1 or more" >&2; exit 1; }
HTML_MB=${SIZE_MB:-300}
SIZE_MB=${SIZE_MB:-200}
CORPORA=${CORPORA:-jsonl wet mjsonl mwet html}
BIN=${DECHROME_BIN:-$root/build/dechrome}
SITES=400
PARTS=4
HTML_SITES=40
# make_corpus.py writes about 3.6 kB (JSONL) / 3.8 kB (WET) per document at
# 400 sites; aim a little high so that both corpora reach SIZE_MB.
BYTES_PER_DOC=3400
# The multilingual corpus: about 4.6 kB (JSONL) / 4.8 kB (WET) per document.
M_BYTES_PER_DOC=4400

die() { echo "bench.sh: $*" >&2; exit 1; }
for tool in python3 zstd igzip bc; do
  command -v "$tool" >/dev/null || die "needs $tool"
done
if [[ ! -x $BIN ]]; then
  [[ -z ${DECHROME_BIN:-} ]] || die "DECHROME_BIN=$BIN is not executable"
  echo "building $BIN with scripts/build.sh ..." >&2
  bash scripts/build.sh >&2
fi

data=$root/bench-data
work=$data/work
mkdir -p "$data"

now() { date +%s.%N; }
# time_once CMD...: runs CMD (a command or shell function) once and prints
# "WALL CPU" in seconds: CPU is user + system time of CMD and its children
# (bash's time keyword), which other load on the machine disturbs less than
# wall time. (Inside a || list errexit is off, so functions given here must
# return non-zero themselves when a step fails.)
time_once() {
  local tfile wall user sys
  tfile=$(mktemp)
  { TIMEFORMAT='%3R %3U %3S'; time "$@" 2>&4; } 4>&2 2>"$tfile" ||
    { rm -f "$tfile"; echo "bench.sh: '$*' failed" >&2; return 1; }
  read -r wall user sys <"$tfile"
  rm -f "$tfile"
  printf '%s %s' "$wall" "$(echo "$user + $sys" | bc -l)"
}

# count_rate FILE: the count workers' rate of a --stats file, as $mb (the
# corpus's MB) over its count_worker_cpu_seconds; n/a without them.
count_rate() {
  local wcpu
  if [[ ! -f $1 ]]; then
    echo n/a
    return 0
  fi
  wcpu=$(sed -n 's/.*"count_worker_cpu_seconds": \([0-9.]*\).*/\1/p' "$1")
  if [[ -n $wcpu ]] && (($(echo "$wcpu > 0" | bc -l))); then
    printf '%.0f' "$(echo "$mb / $wcpu" | bc -l)"
  else
    echo n/a
  fi
}

# ---------------------------------------------------------------------------
# Corpora. The two generator runs share every argument but the format, so
# they hold the same documents; they run in parallel (one core each).

docs=$((SIZE_MB * 1000000 / BYTES_PER_DOC))
mdocs=$((SIZE_MB * 1000000 / M_BYTES_PER_DOC))
# Keyed by the generator's contents too, so that a changed generator
# regenerates.
generator=$(sha1sum scripts/make_corpus.py | cut -c1-8)
html_generator=$(sha1sum scripts/make_html_corpus.py | cut -c1-8)
corpus_dir() {
  case $1 in
    html) echo "$data/html-${HTML_MB}mib-$html_generator" ;;
    *) echo "$data/$1-${SIZE_MB}mb-$generator" ;;
  esac
}
generate() {  # generate NAME FORMAT COMPRESS
  local dir
  dir=$(corpus_dir "$1")
  [[ -f $dir/.done ]] && return 0
  rm -rf "$dir"
  if [[ $1 == html ]]; then
    python3 scripts/make_html_corpus.py --out "$dir" --mib "$HTML_MB" --sites "$HTML_SITES" \
      --parts "$PARTS" --seed 1
  elif [[ $1 == m* ]]; then
    python3 scripts/make_corpus.py --out "$dir" --docs "$mdocs" --sites "$SITES" --parts "$PARTS" \
      --format "$2" --compress "$3" --charset multilingual
  else
    python3 scripts/make_corpus.py --out "$dir" --docs "$docs" --sites "$SITES" --parts "$PARTS" \
      --format "$2" --compress "$3"
  fi
  local size
  case $3 in
    zst) size=$(zstd -dc "$dir"/part-* | wc -c) ;;
    gz) size=$(igzip -dc "$dir"/part-* | wc -c) ;;
  esac
  echo "$size" >"$dir/.bytes"
  touch "$dir/.done"
}
# pages NAME: the corpus's documents (html: status-200 HTML pages), cached.
pages() {
  local dir n
  dir=$(corpus_dir "$1")
  if [[ ! -f $dir/.pages ]]; then
    case $1 in
      jsonl | mjsonl) n=$(zstd -dcq "$dir"/part-* | wc -l) ;;
      wet | mwet) n=$(igzip -dc "$dir"/part-* | grep -ac '^WARC-Type: conversion') ;;
      html) n=$(wc -l <"$dir/gold.jsonl") ;;
    esac
    echo "$n" >"$dir/.pages"
  fi
  cat "$dir/.pages"
}
pending=()
for c in $CORPORA; do
  [[ -f $(corpus_dir "$c")/.done ]] || pending+=("$c")
done
if ((${#pending[@]})); then
  echo "generating ${pending[*]} corpus (jsonl, wet: $docs documents, mjsonl, mwet: $mdocs documents, $SITES sites; html: $HTML_MB MiB, $HTML_SITES sites; $PARTS files) in $data ..." >&2
  t0=$(now)
  pids=()
  for c in "${pending[@]}"; do
    case $c in
      jsonl) generate jsonl jsonl zst & ;;
      wet) generate wet wet gz & ;;
      mjsonl) generate mjsonl jsonl zst & ;;
      mwet) generate mwet wet gz & ;;
      html) generate html html gz & ;;
      *) die "unknown corpus '$c' (jsonl, wet, mjsonl, mwet, html)" ;;
    esac
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || die "corpus generation failed"; done
  printf 'generated in %.1f s\n' "$(echo "$(now) - $t0" | bc -l)" >&2
fi

# ---------------------------------------------------------------------------
# Timings.

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo "machine: $(nproc) cores, ${cpu:-unknown CPU}, $(uname -sr)"
commit=$(git describe --always --dirty 2>/dev/null || echo unknown)
echo "dechrome: $("$BIN" --version 2>/dev/null | head -1) ($BIN, tree $commit); zstd $(zstd --version | grep -o 'v[0-9][0-9.]*' | head -1); igzip $(igzip --version 2>&1 | head -1 | grep -o '[0-9][0-9.]*' | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "best of $REPEAT (wall); floor = decompress inputs x2 + compress output x1 (jsonl, html: zstd -3, wet: igzip -1)"
echo "cpu = user + system seconds of that same try"
echo "tries of dechrome and of the floor alternate"
echo "count/core = MB / the CPU seconds of the count pass's workers in that try (dechrome --stats:"
echo "  count_worker_cpu_seconds; parse, normalise, hash, count, and keep the keys for pass 2;"
echo "  not the reading thread); count-only/core = the same of 'dechrome count -jT', best of $REPEAT"
echo
fmt='%-6s %7s %5s %10s %8s %6s %13s %7s %7s %9s %8s %14s %10s %15s\n'
# shellcheck disable=SC2059
printf "$fmt" corpus threads MB dechrome_s floor_s ratio dechrome_MB/s cpu_s floor_cpu cpu_ratio pages/s pages/s/thread count/core count-only/core

rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

for c in $CORPORA; do
  dir=$(corpus_dir "$c")
  inputs=("$dir"/part-*)
  bytes=$(cat "$dir/.bytes")
  mb=$(echo "$bytes / 1000000" | bc -l)
  npages=$(pages "$c")
  case $c in
    jsonl | mjsonl | html) dcat() { zstd -dcq "$@"; } ;;
    wet | mwet) dcat() { igzip -dc "$@"; } ;;
  esac
  for t in $THREADS; do
    out=$work/out-$c-$t
    case $c in
      html) run_dechrome() { "$BIN" run -q -j"$t" --output-format jsonl "${inputs[@]}" -o "$out" --stats "$work/stats.json"; } ;;
      *) run_dechrome() { "$BIN" run -q -j"$t" "${inputs[@]}" -o "$out" --stats "$work/stats.json"; } ;;
    esac
    case $c in
      jsonl | mjsonl) floor() {
          zstd -dcq -T"$t" "${inputs[@]}" >/dev/null || return
          zstd -dcq -T"$t" "${inputs[@]}" >/dev/null || return
          zstd -3 -q -T"$t" -c "$plain" >/dev/null
        } ;;
      wet | mwet) floor() {
          igzip -dc "${inputs[@]}" >/dev/null || return
          igzip -dc "${inputs[@]}" >/dev/null || return
          igzip -1 -T "$t" -c "$plain" >/dev/null
        } ;;
      html) floor() {
          igzip -dc "${inputs[@]}" >/dev/null || return
          igzip -dc "${inputs[@]}" >/dev/null || return
          zstd -3 -q -T"$t" -c "$plain" >/dev/null
        } ;;
    esac
    rm -f "$work/stats.json" "$work/stats.json.best"
    # The output's decompressed bytes, for the floor's compression step
    # (from dechrome's first try).
    plain=$work/out-$c-$t.plain
    dechrome_s="" dechrome_cpu="" floor_s="" floor_cpu="" failed=""
    for ((r = 0; r < REPEAT; r++)); do
      if [[ -z $failed ]]; then
        rm -rf "$out" "$work/stats.json"
        if [[ $c == html ]]; then
          # dechrome without HTML WARC input fails here: say n/a, and let
          # the floor compress the gold text (about the size of the right
          # output).
          if ! timing=$(time_once run_dechrome 2>"$work/err"); then
            echo "bench.sh: html: dechrome failed: $(grep -v "^bench.sh: " "$work/err" | tail -n 1)" >&2
            failed=1
            cp "$dir/gold.jsonl" "$plain"
            floor_s="" floor_cpu=""  # every floor try kept compresses the gold
          fi
        else
          timing=$(time_once run_dechrome) || exit 1
        fi
        if [[ -z $failed ]]; then
          read -r wall cpu_s <<<"$timing"
          if [[ -z $dechrome_s ]] || (($(echo "$wall < $dechrome_s" | bc -l))); then
            dechrome_s=$wall dechrome_cpu=$cpu_s
            rm -f "$work/stats.json.best"
            if [[ -f $work/stats.json ]]; then cp "$work/stats.json" "$work/stats.json.best"; fi
          fi
          if ((r == 0)); then dcat "$out"/* >"$plain"; fi
        fi
      fi
      timing=$(time_once floor) || exit 1
      read -r wall cpu_s <<<"$timing"
      if [[ -z $floor_s ]] || (($(echo "$wall < $floor_s" | bc -l))); then
        floor_s=$wall floor_cpu=$cpu_s
      fi
    done
    floor_s=$(printf '%.3f' "$floor_s") floor_cpu=$(printf '%.3f' "$floor_cpu")
    rm -rf "$out" "$plain"
    if [[ -n $failed ]]; then
      # shellcheck disable=SC2059
      printf "$fmt" "$c" "$t" "$(printf '%.0f' "$mb")" n/a "$floor_s" n/a n/a n/a "$floor_cpu" n/a n/a n/a n/a n/a
      continue
    fi
    dechrome_s=$(printf '%.3f' "$dechrome_s") dechrome_cpu=$(printf '%.3f' "$dechrome_cpu")
    count_core=$(count_rate "$work/stats.json.best")
    # The count pass alone (html: its pages as text, as the run reads them).
    count_only=n/a
    for ((r = 0; r < REPEAT; r++)); do
      rm -f "$work/count.tbl" "$work/count.json"
      "$BIN" count -q -j"$t" "${inputs[@]}" -o "$work/count.tbl" --stats "$work/count.json" ||
        { echo "bench.sh: dechrome count failed" >&2; exit 1; }
      rate=$(count_rate "$work/count.json")
      if [[ $rate != n/a ]] && { [[ $count_only == n/a ]] || ((rate > count_only)); }; then count_only=$rate; fi
    done
    rm -f "$work/count.tbl" "$work/count.json"
    ratio=$(echo "$dechrome_s / $floor_s" | bc -l)
    rate=$(echo "$mb / $dechrome_s" | bc -l)
    prate=$(echo "$npages / $dechrome_s" | bc -l)
    # shellcheck disable=SC2059
    printf "$fmt" "$c" "$t" "$(printf '%.0f' "$mb")" "$dechrome_s" "$floor_s" \
      "$(printf '%.2f' "$ratio")" "$(printf '%.1f' "$rate")" "$dechrome_cpu" "$floor_cpu" \
      "$(printf '%.2f' "$(echo "$dechrome_cpu / $floor_cpu" | bc -l)")" \
      "$(printf '%.0f' "$prate")" "$(printf '%.0f' "$(echo "$prate / $t" | bc -l)")" "$count_core" "$count_only"
  done
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
