#!/usr/bin/env bash
# Installs every Debian 12 package that dechrome's build, tests and benchmarks
# need. Idempotent; run as root (or through sudo) on a fresh machine.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git python3 bc time
  libabsl-dev libzstd-dev zstd libxxhash-dev
  libsimdjson-dev libisal-dev isal zlib1g-dev
  libutf8proc-dev libpsl-dev libidn2-dev publicsuffix libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  libgumbo-dev
  libopenmpi-dev openmpi-bin
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
