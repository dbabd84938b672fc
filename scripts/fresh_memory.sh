#!/usr/bin/env bash
# What fresh memory costs on this machine (README, "Performance": page
# faults). Maps MIB MiB of anonymous memory, 2 MiB-aligned, and writes one
# byte in each 4 KiB page: once with 4 KiB pages, once after
# madvise(MADV_HUGEPAGE) (2 MiB pages where transparent huge pages allow
# it: /sys/kernel/mm/transparent_hugepage/enabled). Prints the seconds each
# took, the cost per 4 KiB page, and the huge pages the kernel gave.
# REPEAT rounds, alternating. A machine where first touches are dear (a VM
# whose host backs guest memory lazily, or shadow paging) shows it here.
#
#   MIB=256 REPEAT=3 bash scripts/fresh_memory.sh
set -euo pipefail
MIB=${MIB:-256}
REPEAT=${REPEAT:-3}
[[ $MIB =~ ^[1-9][0-9]*$ && $REPEAT =~ ^[1-9][0-9]*$ ]] || {
  echo "fresh_memory.sh: MIB and REPEAT must be positive integers" >&2
  exit 1
}
command -v cc >/dev/null || { echo "fresh_memory.sh: needs a C compiler (cc)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/probe.c" <<'EOF'
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

int main(int argc, char** argv) {
  const size_t bytes = (size_t)strtoull(argv[1], NULL, 10) << 20;
  const int huge = atoi(argv[2]);
  const size_t align = (size_t)2 << 20;
  char* raw = mmap(NULL, bytes + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) { perror("mmap"); return 1; }
  char* p = (char*)(((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1));
  if (huge && madvise(p, bytes, MADV_HUGEPAGE) != 0) perror("madvise");
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (size_t i = 0; i < bytes; i += 4096) p[i] = 1;
  clock_gettime(CLOCK_MONOTONIC, &b);
  const double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
  long huge_kb = 0;
  FILE* f = fopen("/proc/self/smaps_rollup", "r");
  char line[256];
  while (f != NULL && fgets(line, sizeof line, f) != NULL)
    if (strncmp(line, "AnonHugePages:", 14) == 0) huge_kb = strtol(line + 14, NULL, 10);
  if (f != NULL) fclose(f);
  printf("%-10s %8.3f s %8.2f us/4KiB %8ld MiB in huge pages\n", huge ? "2MiB-adv" : "4KiB", s,
         s * 1e6 / (double)(bytes / 4096), huge_kb >> 10);
  return 0;
}
EOF
cc -O2 -o "$work/probe" "$work/probe.c"
echo "touching $MIB MiB, one byte a 4 KiB page (THP: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown))"
for ((r = 0; r < REPEAT; ++r)); do
  "$work/probe" "$MIB" 0
  "$work/probe" "$MIB" 1
done
