#!/usr/bin/env bash
# Builds dechrome, generates a small CC-NEWS-like HTML WARC (12 news sites,
# about 20 MiB of HTML: request/response records, redirects, images, several
# charsets, chunked and gzip-encoded bodies) and runs the main job on it:
# HTML WARC in, article text out as Dolma JSONL. Shows the summary, then one
# page before (every visible line) and after (its article text).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== building (scripts/build.sh: a few minutes the first time; full log in build/build.log)"
mkdir -p build
# One progress line that updates in place; the end of the log if the build fails.
if ! bash scripts/build.sh 2>&1 | tee build/build.log |
    awk '/^\[ *[0-9]+%\]/ { printf "\r   %-72.72s", $0; fflush() } END { print "" }'; then
  tail -n 40 build/build.log
  echo "demo: the build failed; see build/build.log" >&2
  exit 1
fi
rm -rf demo && mkdir -p demo
echo "== generating demo/in: a CC-NEWS-like HTML WARC (scripts/make_html_corpus.py)"
python3 scripts/make_html_corpus.py --out demo/in --mib 20 --sites 12 --parts 2 --seed 3 --quiet
echo "== dechrome run -j2 demo/in/part-0.warc.gz demo/in/part-1.warc.gz --output-format jsonl -o demo/out"
build/dechrome run -j2 demo/in/part-0.warc.gz demo/in/part-1.warc.gz --output-format jsonl -o demo/out \
  --audit demo/audit --stats demo/stats.json
# The same pages, every visible line (no chrome removal), for the comparison.
build/dechrome run -q -j2 --extract-only demo/in/part-0.warc.gz -o demo/visible.jsonl.zst
python3 - <<'PY'
import json, subprocess
def docs(path):
    raw = subprocess.run(["zstd", "-dc", path], capture_output=True, check=True).stdout
    return [json.loads(l) for l in raw.split(b"\n") if l]
before = docs("demo/visible.jsonl.zst")
after = {d["url"]: d for d in docs("demo/out/part-0.jsonl.zst")}
# A page in English (the generated sites write in several languages).
def ascii_share(t):
    return sum(c < "\x80" for c in t) / max(1, len(t))
page = next(d for d in before[5:] if d["text"].count("\n") > 30 and ascii_share(d["text"]) > 0.97)
print("\n== one page as all its visible text (%s), %d lines" % (page["url"], page["text"].count("\n") + 1))
print(page["text"])
clean = after[page["url"]]
print("\n== the same page's article text from dechrome, %d lines (title: %s)" % (clean["text"].count("\n") + 1, clean["title"]))
print(clean["text"])
PY
echo
echo "== top chrome lines of one site (demo/audit/chrome_lines.tsv)"
head -n 6 demo/audit/chrome_lines.tsv | cut -c1-120
