#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (clang, ASan + UBSan) in a build
# folder of their own, writes their seeds (fuzz/make_seeds.py) and runs each
# target for SECONDS (default 30) on its seeds and on what earlier runs
# found. Prints each target's executions and coverage; exits 1 if any target
# crashed, broke an invariant, leaked, ran out of memory or hung (the input
# is kept as <build>/artifacts/<target>/crash-* etc.; rerun it with
# <build>/fuzz/fuzz_<target> FILE).
#
#   scripts/fuzz.sh [SECONDS]      DECHROME_FUZZ_BUILD=build-fuzz (default)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
dir=${DECHROME_FUZZ_BUILD:-build-fuzz}
jobs=$(nproc 2>/dev/null || echo 2)
targets=(jsonl warc codec site table html normalize)

echo "== building $dir (clang, fuzzers, sanitize=address,undefined)"
CC=clang CXX=clang++ cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" \
  -DDECHROME_BUILD_FUZZERS=ON -DDECHROME_SANITIZE=address,undefined \
  -DDECHROME_BUILD_TESTS=OFF -DDECHROME_BUILD_TOOLS=OFF -DDECHROME_BUILD_BENCHMARKS=OFF \
  -DDECHROME_INSTALL=OFF >/dev/null
cmake --build "$dir" -j"$jobs" --target dechrome_fuzzers >/dev/null
rm -rf "$dir/seeds"
python3 fuzz/make_seeds.py --out "$dir/seeds" >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
failed=()
printf '%-9s %10s %8s %8s %6s  %s\n' target execs exec/s cov ft result
for t in "${targets[@]}"; do
  mkdir -p "$dir/corpus/$t" "$dir/artifacts/$t" "$dir/logs"
  log="$dir/logs/$t.log"
  rc=0
  "$dir/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=60 -print_final_stats=1 \
    -artifact_prefix="$dir/artifacts/$t/" "$dir/corpus/$t" "$dir/seeds/$t" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  result=ok
  if [ "$rc" -ne 0 ]; then
    result="FAILED (exit $rc, see $log)"
    failed+=("$t")
  fi
  printf '%-9s %10s %8s %8s %6s  %s\n' "$t" "${execs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "$result"
done
if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz: failed: ${failed[*]}" >&2
  for t in "${failed[@]}"; do
    grep -m1 -E 'ERROR: |invariant failed|runtime error' "$dir/logs/$t.log" >&2 || true
    ls "$dir/artifacts/$t" >&2
  done
  exit 1
fi
