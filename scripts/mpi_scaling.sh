#!/usr/bin/env bash
# `mpirun -n 1..N dechrome run` against one process (README, "Several
# processes and machines (MPI)"): wall time, peak RSS of every process
# (/usr/bin/time -v), the most counter keys one process held after the
# count exchange and the most bytes one process received in it (--stats:
# partition_keys_max, exchange_bytes_max), and the bytes sent in all
# (-v). Every run's outputs must be byte-identical to `run -j1`'s (else exit
# 1).
#
# COMMAND=count runs `dechrome count` instead (no pass 2, no line hints:
# the counting state alone), and compares the table files.
#
#   CORPUS=DIR (its part-*.jsonl.zst; default: make_corpus.py --docs 29400
#   --sites 400 --parts 4 into bench-data/mpi) MAX_N=4 BIN=build/dechrome
#   COMMAND=run bash scripts/mpi_scaling.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
MAX_N=${MAX_N:-4}
COMMAND=${COMMAND:-run}
BIN=${BIN:-$root/build/dechrome}
CORPUS=${CORPUS:-$root/bench-data/mpi}
die() { echo "mpi_scaling.sh: $*" >&2; exit 1; }
[[ -x /usr/bin/time ]] || die "needs /usr/bin/time (Debian package 'time')"
command -v mpirun >/dev/null || die "needs mpirun (Debian package 'openmpi-bin')"
[[ -x $BIN ]] || die "$BIN: no dechrome binary (scripts/build.sh)"
if ! compgen -G "$CORPUS/part-*" >/dev/null; then
  python3 scripts/make_corpus.py --out "$CORPUS" --docs 29400 --sites 400 --parts 4 >/dev/null
fi
inputs=("$CORPUS"/part-*)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
json() { { grep -o "\"$2\": [0-9]*" "$1" || true; } | head -1 | sed 's/.*: //'; }
rss() { grep 'Maximum resident' "$1" | awk '{printf "%.0f\n", $NF / 1024}'; }

/usr/bin/time -v -o "$work/time.ref" "$BIN" "$COMMAND" -q -j1 "${inputs[@]}" -o "$work/ref" --stats "$work/ref.json"
echo "input: $(du -cb "${inputs[@]}" | tail -1 | cut -f1) bytes compressed; $(json "$work/ref.json" bytes_in) bytes of JSONL;" \
     "$(json "$work/ref.json" table_entries) table entries"
mib() { [[ -n $1 ]] && echo "scale=1; $1 / 1048576" | bc | sed 's/^\./0./'; }
printf '| command | wall s | sent, all processes | most received by one | most keys held by one | largest counting table | peak RSS per process (MB) |\n'
printf '|---|---:|---:|---:|---:|---:|---|\n'
printf "| \`$COMMAND -j1\` | %s | | | %s | %s MiB | %s |\n" "$(grep 'Elapsed' "$work/time.ref" | awk '{print $NF}')" \
       "$(json "$work/ref.json" table_entries)" "$(mib "$(json "$work/ref.json" counter_memory_bytes)")" "$(rss "$work/time.ref")"
for ((n = 1; n <= MAX_N; n++)); do
  out=$work/out$n
  start=$(date +%s.%N)
  mpirun --oversubscribe -n "$n" sh -c '/usr/bin/time -v -o "$0.$OMPI_COMM_WORLD_RANK" "$@"' "$work/time$n" \
    "$BIN" "$COMMAND" -v -q -j1 "${inputs[@]}" -o "$out" --stats "$work/s$n.json" 2>"$work/err$n"
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  diff -r "$work/ref" "$out" >/dev/null || die "mpirun -n $n: outputs differ from $COMMAND -j1"
  sent=$({ grep -o 'counts exchanged: [0-9.]* MiB' "$work/err$n" || true; } | awk '{print $3 " MiB"}')
  recv=$(json "$work/s$n.json" exchange_bytes_max)
  keys=$(json "$work/s$n.json" partition_keys_max)
  rsses=$(for ((r = 0; r < n; r++)); do rss "$work/time$n.$r"; done | paste -sd, | sed 's/,/, /g')
  printf "| \`mpirun -n %d ... -j1\` | %.2f | %s | %s | %s | %s MiB | %s |\n" "$n" "$wall" "${sent:-0}" \
         "${recv:+$(mib "$recv") MiB}" "${keys:-$(json "$work/s$n.json" table_entries)}" \
         "$(mib "$(json "$work/s$n.json" counter_memory_bytes)")" "$rsses"
done
