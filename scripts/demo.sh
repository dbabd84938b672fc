#!/usr/bin/env bash
# Builds dechrome, generates a small corpus (60 sites, 3000 pages, JSONL.zst)
# and runs the main job on it: the summary, then one page before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null
rm -rf demo && mkdir -p demo
python3 scripts/make_corpus.py --out demo/in --docs 3000 --sites 60 --parts 2 --compress zst
echo "== dechrome run -j2 demo/in/part-0.jsonl.zst demo/in/part-1.jsonl.zst -o demo/out"
build/dechrome run -j2 demo/in/part-0.jsonl.zst demo/in/part-1.jsonl.zst -o demo/out \
  --audit demo/audit --stats demo/stats.json
python3 - <<'PY'
import json, subprocess
def first(path):
    raw = subprocess.run(["zstd", "-dc", path], capture_output=True, check=True).stdout
    return json.loads(raw.split(b"\n", 1)[0])
before, after = first("demo/in/part-0.jsonl.zst"), first("demo/out/part-0.jsonl.zst")
print("\n== one page before (%s), %d lines" % (before["url"], before["text"].count("\n") + 1))
print(before["text"])
print("\n== the same page after, %d lines" % (after["text"].count("\n") + 1))
print(after["text"])
PY
echo
echo "== top chrome lines of one site (demo/audit/chrome_lines.tsv)"
head -n 6 demo/audit/chrome_lines.tsv | cut -c1-120
