#!/usr/bin/env bash
# Builds and runs every test: the Release build, then the whole suite under
# AddressSanitizer + UndefinedBehaviorSanitizer, then the concurrency tests
# (thread pool, counter, end-to-end CLI runs with several threads) under
# ThreadSanitizer. Tests that need ../shared skip cleanly without it.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

run_suite() {  # build-dir sanitizer ctest-args...
  local dir=$1 san=$2
  shift 2
  echo "== building $dir${san:+ (sanitize=$san)}"
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDECHROME_SANITIZE="$san" \
        -DDECHROME_BUILD_BENCHMARKS=OFF >/dev/null
  cmake --build "$dir" -j"$jobs" >/dev/null
  echo "== testing $dir"
  (cd "$dir" && ctest --output-on-failure -j"$jobs" "$@")
}

echo "== building build (Release, with benchmarks)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs" >/dev/null
(cd build && ctest --output-on-failure -j"$jobs")

echo "== install + find_package(dechrome) from a separate project"
rm -rf build/install-test
cmake --install build --prefix build/install-test/prefix >/dev/null
cmake -S tests/install -B build/install-test/consumer -DCMAKE_PREFIX_PATH="$PWD/build/install-test/prefix" >/dev/null
cmake --build build/install-test/consumer >/dev/null
python3 scripts/make_corpus.py --out build/install-test/corpus --docs 200 --sites 5 --parts 1
build/install-test/consumer/consumer build/install-test/corpus/part-0.jsonl.zst

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_suite build-asan address,undefined

export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
run_suite build-tsan thread -L 'runtime|count|cli'

echo "== fuzzing: every fuzz target for 30 s (clang, ASan + UBSan; fuzz/, scripts/fuzz.sh)"
bash scripts/fuzz.sh 30
