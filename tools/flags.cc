#include "flags.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "io/compress.h"
#include "pipeline/doc_output.h"

namespace dechrome {
namespace cli {
namespace {

// The commands a flag applies to (Flag::commands).
enum : unsigned {
  kRunCmd = 1,
  kCountCmd = 2,
  kFilterCmd = 4,
  kExplainCmd = 8,
  kMergeCmd = 16,
  // The commands that read documents: an option's default.
  kPassCmds = kRunCmd | kCountCmd | kFilterCmd | kExplainCmd,
  kAllCmds = kPassCmds | kMergeCmd,
};

unsigned CommandBit(Command c) {
  switch (c) {
    case Command::kRun: return kRunCmd;
    case Command::kCount: return kCountCmd;
    case Command::kFilter: return kFilterCmd;
    case Command::kExplain: return kExplainCmd;
    case Command::kMerge: return kMergeCmd;
    default: return 0;
  }
}

const char* CommandName(Command c) {
  switch (c) {
    case Command::kRun: return "run";
    case Command::kCount: return "count";
    case Command::kFilter: return "filter";
    case Command::kExplain: return "explain";
    case Command::kMerge: return "merge";
    default: return "";
  }
}

struct Flag {
  const char* short_name;  // "-j" or nullptr
  const char* long_name;   // "--threads"
  const char* value_name;  // "N" or nullptr for a switch
  const char* help;        // one line
  const char* long_help;   // extra detail for --help (may be "")
  std::function<bool(CliArgs*, const std::string&, std::string*)> apply;
  bool policy = false;
  unsigned commands = kPassCmds;  // where it applies; elsewhere a usage error
};

// "--flag wants WHAT, not 'VALUE'" in *e; returns false.
bool Refuse(std::string* e, const char* flag, const char* what, const std::string& v) {
  *e = absl::StrCat(flag, " wants ", what, ", not '", v, "'");
  return false;
}

// An integer in [lo, hi]: optional '-', digits, nothing else (no space, no
// '+', no suffix: "2x" and " 2" are refused).
bool ToInt(const std::string& v, long lo, long hi, long* out) {
  long n = 0;
  const char* end = v.data() + v.size();
  const auto [ptr, ec] = std::from_chars(v.data(), end, n);
  if (v.empty() || ec != std::errc() || ptr != end || n < lo || n > hi) return false;
  *out = n;
  return true;
}

// A finite number in [lo, hi] ("0.02", "2e-2"); "nan", "inf", " 1" and "1x"
// are refused.
bool ToFraction(const std::string& v, double lo, double hi, double* out) {
  double f = 0;
  const char* end = v.data() + v.size();
  const auto [ptr, ec] = std::from_chars(v.data(), end, f);
  if (v.empty() || ec != std::errc() || ptr != end || !std::isfinite(f) || f < lo || f > hi) return false;
  *out = f;
  return true;
}

// A dotted path of JSON keys: "text", "metadata.url"; no empty key.
bool IsDottedPath(absl::string_view v) {
  if (v.empty()) return false;
  for (absl::string_view key : absl::StrSplit(v, '.'))
    if (key.empty()) return false;
  return true;
}

// A size in bytes: a number with an optional K, M or G suffix (1024-based).
bool ToSize(const std::string& v, uint64_t* out) {
  if (v.empty()) return false;
  uint64_t unit = 1;
  std::string digits = v;
  switch (v.back()) {
    case 'k': case 'K': unit = uint64_t{1} << 10; break;
    case 'm': case 'M': unit = uint64_t{1} << 20; break;
    case 'g': case 'G': unit = uint64_t{1} << 30; break;
    default: break;
  }
  if (unit != 1) digits.pop_back();
  // Plain digits, and at most 2^40 bytes in all.
  if (digits.empty() || digits.size() > 13 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  const uint64_t n = std::stoull(digits);
  if (n > (uint64_t{1} << 40) / unit) return false;
  *out = n * unit;
  return true;
}

const std::vector<Flag>& Flags() {
  static const std::vector<Flag>* flags = new std::vector<Flag>{
      {"-o", "--output", "PATH", "output file, folder (several inputs), or - for stdout",
       "With several inputs, or when PATH is an existing folder, each output goes to\n"
       "PATH/<input name>. The codec follows the output name: .zst -> zstd, .gz ->\n"
       "gzip, else none; on stdout it follows the input. Outputs are written under a\n"
       "temporary name and renamed when complete.",
       [](CliArgs* a, const std::string& v, std::string* e) {
         if (v.empty()) return Refuse(e, "--output", "a path (or - for standard output)", v);
         a->output = v;
         return true;
       },
       false, kRunCmd | kCountCmd | kFilterCmd | kMergeCmd},
      {"-j", "--threads", "N", "worker threads (default: all cores); reading runs on one more; output does not depend on it", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 0, 1024, &n)) return Refuse(e, "--threads", "a number from 0 to 1024", v);
         a->options.threads = static_cast<int>(n);
         return true;
       }},
      {"-L", "--level", "N", "output compression level (zstd 1-19, gzip 0-3; 0 = the codec's default: zstd 3, gzip 0)",
       "The range is checked against each output's codec where it is known before\n"
       "reading (from the output's name, or an input file's bytes for stdout).",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 0, 19, &n)) return Refuse(e, "--level", "a number from 0 to 19 (zstd 1-19, gzip 0-3)", v);
         a->options.level = static_cast<int>(n);
         a->level_given = true;
         return true;
       },
       false, kRunCmd | kFilterCmd},
      {nullptr, "--hint-memory", "SIZE", "run: memory for pass 1's line keys (default 1G; 0: none)",
       "'run' keeps each line's key (16 bytes a line, 28 a document) from the\n"
       "counting pass so that the filtering pass does not parse, normalise and hash\n"
       "the documents again. Beyond this budget the rest is read in full again:\n"
       "slower, same output.\n"
       "SIZE is in bytes, or with a K, M or G suffix.",
       [](CliArgs* a, const std::string& v, std::string* e) {
         uint64_t n;
         if (!ToSize(v, &n)) return Refuse(e, "--hint-memory", "a size up to 1T (bytes, or 64K, 512M, 2G)", v);
         a->options.hint_memory = n;
         return true;
       },
       false, kRunCmd},
      {nullptr, "--memory", "SIZE", "run, count: memory budget (default: half of RAM or of the cgroup limit)",
       "A byte budget for the run: read-ahead and output chunks, pass 1's line\n"
       "keys (at most a quarter, and at most --hint-memory), the near-duplicate\n"
       "sketches (a quarter; past it they spill to --temp-dir by site, and come\n"
       "back a few sites at a time) and the counting table, which spills sorted,\n"
       "zstd-compressed runs to --temp-dir when it would pass the rest, and\n"
       "merges them at the end. The table and outputs are byte-identical\n"
       "to a run without a budget. The table built at the end (24 bytes a key) must\n"
       "fit in memory. SIZE is in bytes, or with a K, M or G suffix (at least 16M).",
       [](CliArgs* a, const std::string& v, std::string* e) {
         uint64_t n;
         if (!ToSize(v, &n) || n < (uint64_t{16} << 20))
           return Refuse(e, "--memory", "a size from 16M up to 1T (bytes, or 512M, 2G)", v);
         a->options.memory = n;
         return true;
       },
       false, kRunCmd | kCountCmd},
      {nullptr, "--temp-dir", "DIR", "run, count: where the counting table spills (default $TMPDIR, /tmp)",
       "Spill files are created there and unlinked at once: the space they take\n"
       "is freed when dechrome exits, however it exits.",
       [](CliArgs* a, const std::string& v, std::string* e) {
         if (v.empty()) return Refuse(e, "--temp-dir", "a folder", v);
         a->options.temp_dir = v;
         return true;
       },
       false, kRunCmd | kCountCmd},
      {nullptr, "--chunk-size", "SIZE", "bytes of input in one unit of parallel work (default 1M)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         uint64_t n;
         if (!ToSize(v, &n) || n < 4096 || n > (uint64_t{1} << 30))
           return Refuse(e, "--chunk-size", "a size from 4K to 1G", v);
         a->options.chunk_bytes = static_cast<size_t>(n);
         return true;
       }},
      {nullptr, "--id", "ID", "explain: the document's id (JSONL id field or WARC-Record-ID)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         if (v.empty()) return Refuse(e, "--id", "a document id", v);
         a->explain_id = v;
         return true;
       },
       false, kExplainCmd},
      {nullptr, "--url", "URL", "explain: the document's URL", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         if (v.empty()) return Refuse(e, "--url", "a URL", v);
         a->explain_url = v;
         return true;
       },
       false, kExplainCmd},
      {nullptr, "--table", "FILE", "filter, explain: the chrome table written by 'dechrome count'", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         if (v.empty()) return Refuse(e, "--table", "a table file", v);
         a->table = v;
         return true;
       },
       false, kFilterCmd | kExplainCmd},
      {nullptr, "--text-field", "PATH", "JSONL: dotted path of the text field (default: text)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         if (!IsDottedPath(v)) return Refuse(e, "--text-field", "a dotted path of keys (text, metadata.text)", v);
         a->options.input.text_field = v;
         return true;
       }},
      {nullptr, "--url-field", "PATHS",
       "JSONL: comma-separated dotted paths of the URL, first present wins\n"
       "                          (default: url,metadata.url,metadata.warc_url)",
       "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         std::vector<std::string> paths;
         for (absl::string_view p : absl::StrSplit(absl::string_view(v.data(), v.size()), ',')) {
           if (!IsDottedPath(p))
             return Refuse(e, "--url-field", "comma-separated dotted paths of keys (url,metadata.url)", v);
           paths.emplace_back(p.data(), p.size());
         }
         a->options.input.url_fields = std::move(paths);
         return true;
       }},
      {nullptr, "--id-field", "PATH", "JSONL: dotted path of the document id (default: id)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         if (!IsDottedPath(v)) return Refuse(e, "--id-field", "a dotted path of keys (id, metadata.id)", v);
         a->options.input.id_field = v;
         return true;
       }},
      {nullptr, "--site", "MODE", "domain (registrable domain, default) or host",
       "Documents without a usable URL are not counted per site; only the cross-site\n"
       "rule can remove their lines.",
       [](CliArgs* a, const std::string& v, std::string* e) {
         if (v == "domain") {
           a->options.input.site_by_domain = true;
         } else if (v == "host") {
           a->options.input.site_by_domain = false;
         } else {
           return Refuse(e, "--site", "'domain' or 'host'", v);
         }
         return true;
       },
       false, kRunCmd | kCountCmd | kExplainCmd},
      {nullptr, "--min-count", "N", "a line is chrome on >= N documents of its site (default 2)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 1, UINT32_MAX, &n)) return Refuse(e, "--min-count", "a number from 1 to 4294967295", v);
         a->options.policy.min_count = static_cast<uint32_t>(n);
         return true;
       },
       true},
      {nullptr, "--min-fraction", "F", "... and on >= F of its site's documents (default 0.02)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         double f;
         if (!ToFraction(v, 0, 1, &f)) return Refuse(e, "--min-fraction", "a number from 0 to 1", v);
         a->options.policy.min_fraction = f;
         return true;
       },
       true},
      {nullptr, "--long-line-length", "N",
       "lines of >= N normalised bytes are long (default 60; 0 = no distinction)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 0, 1L << 20, &n)) return Refuse(e, "--long-line-length", "a number from 0 to 1048576", v);
         a->options.policy.long_line_length = static_cast<uint32_t>(n);
         return true;
       },
       true},
      {nullptr, "--long-min-count", "N", "long lines are chrome on >= N documents (default 3)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 1, UINT32_MAX, &n))
           return Refuse(e, "--long-min-count", "a number from 1 to 4294967295", v);
         a->options.policy.long_min_count = static_cast<uint32_t>(n);
         return true;
       },
       true},
      {nullptr, "--min-site-docs", "N", "sites with fewer documents are never filtered (default 3)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 1, UINT32_MAX, &n))
           return Refuse(e, "--min-site-docs", "a number from 1 to 4294967295", v);
         a->options.policy.min_site_docs = static_cast<uint32_t>(n);
         return true;
       },
       true},
      {nullptr, "--min-sites", "N", "a line on >= N different sites is chrome everywhere (default 4; 0 = off)",
       "", [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 0, UINT32_MAX, &n)) return Refuse(e, "--min-sites", "a number from 0 to 4294967295", v);
         a->options.policy.min_sites = static_cast<uint32_t>(n);
         return true;
       },
       true},
      {nullptr, "--cross-site-min-length", "N",
       "the cross-site rule ignores lines shorter than N normalised bytes (default 12)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 0, 1L << 20, &n))
           return Refuse(e, "--cross-site-min-length", "a number from 0 to 1048576", v);
         a->options.policy.cross_site_min_length = static_cast<uint32_t>(n);
         return true;
       },
       true},
      {nullptr, "--isolated-max-fraction", "F",
       "keep runs of candidates inside running text when on <= F of the site (default 0.5)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         double f;
         if (!ToFraction(v, 0, 1, &f)) return Refuse(e, "--isolated-max-fraction", "a number from 0 to 1", v);
         a->options.policy.isolated_max_fraction = f;
         return true;
       },
       true},
      {nullptr, "--isolated-max-run", "N", "... and at most N lines long (default 6)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 0, 1000, &n)) return Refuse(e, "--isolated-max-run", "a number from 0 to 1000", v);
         a->options.policy.isolated_max_run = static_cast<uint32_t>(n);
         return true;
       },
       true},
      {nullptr, "--no-protect-isolated", nullptr, "remove candidates inside running text too", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.protect_isolated = false;
         return true;
       },
       true},
      {nullptr, "--no-protect-title", nullptr, "remove candidates that look like the page's own headline",
       "", [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.protect_title = false;
         return true;
       },
       true},
      {nullptr, "--no-protect-lead", nullptr,
       "remove candidates that are the first paragraph under the page's own headline", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.protect_lead = false;
         return true;
       },
       true},
      {nullptr, "--no-headline-list", nullptr,
       "keep lines made of other pages' headlines run together (lists of links)", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.headline_list = false;
         return true;
       },
       true},
      {nullptr, "--no-protect-interview", nullptr,
       "remove candidates that are a question or its short answer in an interview", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.protect_interview = false;
         return true;
       },
       true},
      {nullptr, "--no-protect-dateline", nullptr,
       "remove a text page's date line next to its own headline when it is site chrome by its counts", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.protect_dateline = false;
         return true;
       },
       true},
      {nullptr, "--comment-region", nullptr,
       "remove a text page's reader comments: the kept lines of a thread under a comments heading", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.comment_region = true;
         return true;
       },
       true},
      {nullptr, "--no-signed-comments", nullptr,
       "keep a text page's reader comments even when the thread has a commenter's byline (\"Mike says:\")", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.signed_comments = false;
         return true;
       },
       true},
      {nullptr, "--no-dated-bylines", nullptr,
       "a commenter's byline is only \"Name says:\", not also a name and the comment's time "
       "(\"Ann — July 6, 2012, 4:08 am\")",
       "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.dated_bylines = false;
         return true;
       },
       true},
      {nullptr, "--no-headline-tail", nullptr,
       "the comment rules do not take a line that begins with the page's title and goes on (\"<title> 385 Comments\") "
       "for its headline",
       "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.headline_tail = false;
         return true;
       },
       true},
      {nullptr, "--remove-labels", nullptr,
       "remove short lines on a large share of a site's pages even inside running text", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.remove_labels = true;
         return true;
       },
       true},
      {nullptr, "--no-other-headline", nullptr,
       "keep short lines that are another page's headline on the site (rotating related-story lists)", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.other_headline = false;
         return true;
       },
       true},
      {nullptr, "--no-templated", nullptr,
       "keep lines made of a site-frequent label and a changing tail (\"Filed under: ...\", \"Tags: ...\")", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.templated = false;
         return true;
       },
       true},
      {nullptr, "--no-page-structure", nullptr,
       "HTML pages: judge lines by their counts alone, not by the page's structure", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.page_structure = false;
         return true;
       },
       true},
      {nullptr, "--no-article-head", nullptr,
       "HTML pages: remove prose between the page's headline and its article's run (lead, standfirst) by the other rules", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.article_head = false;
         return true;
       },
       true},
      {nullptr, "--no-page-date", nullptr,
       "HTML pages: remove the page's date line next to its headline by the other rules", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.page_date = false;
         return true;
       },
       true},
      {nullptr, "--no-own-story", nullptr,
       "HTML pages: remove long lines that begin with the page's headline by the other rules", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.own_story = false;
         return true;
       },
       true},
      {nullptr, "--no-near-duplicates", nullptr,
       "count copies of one article (print, AMP, mobile) separately", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.collapse_near_duplicates = false;
         return true;
       },
       false, kRunCmd | kCountCmd | kExplainCmd},
      {nullptr, "--no-own-text-apart", nullptr,
       "count two pages of a site as copies of one article even when each has long lines of its own", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.own_text_apart = false;
         return true;
       },
       false, kRunCmd | kCountCmd | kExplainCmd},
      {nullptr, "--no-fold-dates", nullptr, "do not fold month/weekday names and relative times", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.fold_dates = false;
         return true;
       },
       false, kRunCmd | kCountCmd | kExplainCmd},
      {nullptr, "--drop-empty", nullptr, "drop documents left with no text (counted in the summary)", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.drop_empty = true;
         return true;
       },
       false, kRunCmd | kFilterCmd},
      {nullptr, "--resume", nullptr, "skip inputs whose outputs an earlier --resume run completed (file outputs only)",
       "Each complete output gets a hidden manifest beside it (.NAME.dechrome-resume:\n"
       "the input's path, size and mtime, the table's checksum, the options that\n"
       "change the output, the output's size and mtime). With --resume, an input\n"
       "whose output and manifest still match is not read again; any mismatch redoes\n"
       "it. Start a long job with --resume and rerun the same command after a crash.\n"
       "'run' still counts every input (pass 1); only filtering is saved. The summary,\n"
       "--stats and --audit count this run's work only (inputs_resumed says how many\n"
       "were skipped).",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.resume = true;
         return true;
       },
       false, kRunCmd | kFilterCmd},
      {nullptr, "--strict", nullptr, "malformed records and bad WARC framing are errors, not passed through",
       "", [](CliArgs* a, const std::string&, std::string*) {
         a->options.input.strict = true;
         return true;
       }},
      {nullptr, "--audit", "DIR",
       "write per-site removal stats and top chrome lines to DIR (TSV and JSON)",
       "Files: summary.json, sites.tsv, chrome_lines.tsv, audit.json; see README.",
       [](CliArgs* a, const std::string& v, std::string* e) {
         if (v.empty()) return Refuse(e, "--audit", "a folder", v);
         a->audit_dir = v;
         a->options.collect_audit = true;
         return true;
       },
       false, kRunCmd | kFilterCmd},
      {nullptr, "--emit", "WHAT", "documents (default) or attributes (Dolma attribute rows of chrome spans)",
       "attributes: per document {\"id\": ..., \"attributes\": {\"dechrome__chrome\":\n"
       "[[start, end, 1.0], ...]}} with code point offsets (Python text[start:end]),\n"
       "one row per JSONL record, in order; every record needs an id.",
       [](CliArgs* a, const std::string& v, std::string* e) {
         if (v == "documents") {
           a->options.emit_attributes = false;
         } else if (v == "attributes") {
           a->options.emit_attributes = true;
         } else {
           return Refuse(e, "--emit", "'documents' or 'attributes'", v);
         }
         return true;
       },
       false, kRunCmd | kFilterCmd},
      {nullptr, "--output-format", "FORMAT",
       "auto (default), same, jsonl or wet: what each output holds",
       "auto: from the output's name (.jsonl or .json in it: jsonl; .wet: wet;\n"
       "else same). same: the input's format (WARC: an HTML response is kept and\n"
       "followed by a conversion record of its article text). jsonl: one Dolma\n"
       "document per page {id, url, date, title, text, metadata}. wet: a warcinfo\n"
       "record, then one conversion record per page. jsonl and wet leave out\n"
       "records that are not documents (counted). In a folder, jsonl and wet\n"
       "outputs are named <input stem>.jsonl.zst and <input stem>.warc.wet.gz.",
       [](CliArgs* a, const std::string& v, std::string* e) {
         if (v == "auto") {
           a->options.output_format = OutputFormat::kAuto;
         } else if (v == "same") {
           a->options.output_format = OutputFormat::kSame;
         } else if (v == "jsonl") {
           a->options.output_format = OutputFormat::kJsonl;
         } else if (v == "wet") {
           a->options.output_format = OutputFormat::kWet;
         } else {
           return Refuse(e, "--output-format", "auto, same, jsonl or wet", v);
         }
         return true;
       },
       false, kRunCmd | kFilterCmd},
      {nullptr, "--extract-only", nullptr,
       "run: no chrome removal, only text extraction (HTML pages: every visible line)", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.extract_only = true;
         return true;
       },
       false, kRunCmd},
      {nullptr, "--no-html", nullptr, "HTML responses in WARC pass through instead of becoming documents",
       "", [](CliArgs* a, const std::string&, std::string*) {
         a->options.input.html = false;
         return true;
       }},
      {nullptr, "--max-html-size", "SIZE", "bytes of one decoded HTML payload read at most (default 32M)",
       "", [](CliArgs* a, const std::string& v, std::string* e) {
         uint64_t n;
         if (!ToSize(v, &n) || n < 1024) return Refuse(e, "--max-html-size", "a size from 1K to 1T", v);
         a->options.input.max_html_bytes = n;
         return true;
       }},
      {nullptr, "--max-record-size", "SIZE", "larger records pass through unparsed (default 256M)",
       "A record larger than SIZE (a JSONL line, a WARC record) is not parsed and\n"
       "not counted for chrome: it is copied to an output of its own format\n"
       "untouched, in pieces, never held in memory whole, and left out of JSONL or\n"
       "WET output of a WARC; the summary counts it as oversized. One record costs\n"
       "up to about four times SIZE in memory. SIZE is in bytes, or with a K, M or\n"
       "G suffix.",
       [](CliArgs* a, const std::string& v, std::string* e) {
         uint64_t n;
         if (!ToSize(v, &n) || n < 1024) return *e = "--max-record-size wants a size of at least 1K", false;
         a->options.input.max_record_bytes = n;
         return true;
       }},
      {nullptr, "--stats", "FILE", "write the summary as JSON to FILE", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         if (v.empty()) return Refuse(e, "--stats", "a file name", v);
         a->stats_path = v;
         return true;
       },
       false, kRunCmd | kCountCmd | kFilterCmd | kMergeCmd},
      {"-q", "--quiet", nullptr, "no summary on stderr", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->quiet = true;
         return true;
       },
       false, kRunCmd | kCountCmd | kFilterCmd | kMergeCmd},
      {"-v", "--verbose", nullptr, "also list the first malformed records", "",
       [](CliArgs* a, const std::string&, std::string*) {
         ++a->verbose;
         return true;
       },
       false, kRunCmd | kCountCmd | kFilterCmd},
      {nullptr, "--progress", nullptr, "show progress on stderr (default: when it is a terminal)", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->progress = 1;
         return true;
       }},
      {nullptr, "--no-progress", nullptr, "never show progress", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->progress = 0;
         return true;
       }},
      {"-f", "--force", nullptr, "write compressed output to a terminal; overwrite nothing else", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->force = true;
         return true;
       },
       false, kRunCmd | kFilterCmd},
      {"-h", nullptr, nullptr, "short help", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->command = Command::kHelp;
         return true;
       },
       false, kAllCmds},
      {nullptr, "--help", nullptr, "long help", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->command = Command::kHelp;
         a->long_help = true;
         return true;
       },
       false, kAllCmds},
      {"-V", "--version", nullptr, "print the version", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->command = Command::kVersion;
         return true;
       },
       false, kAllCmds},
  };
  return *flags;
}

const Flag* FindFlag(const std::string& name) {
  for (const Flag& f : Flags()) {
    if ((f.short_name && name == f.short_name) || (f.long_name && name == f.long_name)) return &f;
  }
  return nullptr;
}

}  // namespace

std::string UsageLine() {
  return "usage: dechrome run|count|filter|explain|merge [OPTIONS] INPUT... [-o OUTPUT]; 'dechrome --help' for more";
}

namespace {

// Appends the help of the options that apply to `bits`. For one command,
// a "run: " or "filter, explain: " at the start of a line is dropped (it
// says where the option applies, which that command's help does not need).
void AppendOptions(bool long_help, unsigned bits, bool one_command, std::string* s) {
  for (const Flag& f : Flags()) {
    if ((f.commands & bits) == 0) continue;
    std::string names;
    if (f.short_name) names += f.short_name;
    if (f.short_name && f.long_name) names += ", ";
    if (f.long_name) names += f.long_name;
    if (f.value_name) absl::StrAppend(&names, f.long_name ? "=" : " ", f.value_name);
    std::string line = "  " + names;
    if (line.size() < 26) {
      line.resize(26, ' ');
    } else {
      line += "\n" + std::string(26, ' ');
    }
    absl::string_view help = f.help;
    absl::string_view long_text = f.long_help;
    if (bits == kCountCmd && f.long_name == absl::string_view("--output")) {
      help = "the chrome table to write (for 'dechrome filter' and 'dechrome explain')";
      long_text = "";
    }
    if (bits == kMergeCmd && f.long_name == absl::string_view("--output")) {
      help = "the merged table to write (required; a file, not standard output)";
      long_text = "Written under a temporary name and renamed when complete.";
    }
    if (one_command) {
      const size_t colon = help.find(": ");
      bool commands_only = colon != absl::string_view::npos;
      if (commands_only) {
        for (absl::string_view word : absl::StrSplit(help.substr(0, colon), ", "))
          if (word != "run" && word != "count" && word != "filter" && word != "explain" && word != "merge")
            commands_only = false;
      }
      if (commands_only) help.remove_prefix(colon + 2);
    }
    absl::StrAppend(s, line, help, "\n");
    if (long_help && !long_text.empty()) {
      for (absl::string_view l : absl::StrSplit(long_text, '\n'))
        absl::StrAppend(s, std::string(26, ' '), l, "\n");
    }
  }
}

const char kInputText[] =
    "INPUT is JSONL or WARC/WET, plain, gzip or zstd, recognised by its bytes; '-' reads\n"
    "standard input, which is spooled (zstd-compressed) to a temporary file in $TMPDIR so\n"
    "that both passes read the same bytes.\n";

std::string CommandHelp(bool long_help, Command command) {
  std::string s;
  switch (command) {
    case Command::kRun:
      s = "usage: dechrome run [OPTIONS] INPUT... -o OUTPUT\n"
          "\n"
          "Counts every line of the inputs per site (pass 1), then writes each input with\n"
          "its chrome lines removed (pass 2): HTML pages become their article text.\n";
      break;
    case Command::kCount:
      s = "usage: dechrome count [OPTIONS] INPUT... -o TABLE\n"
          "\n"
          "Pass 1 alone: counts every line of the inputs per site and writes the chrome\n"
          "table, which 'dechrome filter' applies (to these inputs or others).\n";
      break;
    case Command::kFilter:
      s = "usage: dechrome filter [OPTIONS] --table TABLE INPUT... -o OUTPUT\n"
          "\n"
          "Pass 2 alone: writes each input with the chrome lines of TABLE (made by\n"
          "'dechrome count') removed. Policy options given here override the table's;\n"
          "the site mode, date folding and near-duplicate counting are the table's.\n";
      break;
    case Command::kExplain:
      s = "usage: dechrome explain [OPTIONS] (--id ID | --url URL) [--table TABLE] INPUT...\n"
          "\n"
          "Shows why each line of one document is kept or removed: its count, the\n"
          "threshold, the rule, the normal form. Counts the inputs first unless --table\n"
          "is given.\n";
      break;
    case Command::kMerge:
      s = "usage: dechrome merge [OPTIONS] TABLE... -o TABLE\n"
          "\n"
          "Merges tables that 'dechrome count' made of disjoint inputs into the table of\n"
          "all of them, taking the tables in the order given (one table is copied, so\n"
          "that scripts can loop). The tables must agree on the site mode and date\n"
          "folding; the policy is the first table's, with other-headline, headline-list,\n"
          "templated and page structure only if every table counted them. With --no-near-duplicates counts the result\n"
          "is the table that one 'count' over all the inputs writes, byte for byte; with\n"
          "near-duplicate collapse (the default), copies of an article that fall into\n"
          "different tables are counted once per table.\n";
      break;
    default:
      break;
  }
  if (command != Command::kMerge) absl::StrAppend(&s, "\n", kInputText);
  s += "\noptions:\n";
  AppendOptions(long_help, CommandBit(command), true, &s);
  if (long_help) {
    s += "\nexit status: 0 success, 1 data or runtime error (any input failed), 2 usage error\n";
  }
  if (!long_help) absl::StrAppend(&s, "\n'dechrome ", CommandName(command), " --help': more detail");
  absl::StrAppend(&s, long_help ? "\n" : "; ", "'dechrome --help': every command\n");
  return s;
}

// The codec of input `path` from its first bytes, when it is a regular file
// that can be read now; false otherwise (standard input, a pipe: known only
// when it is read).
bool SniffInputCodec(const std::string& path, Codec* codec) {
  if (path == "-") return false;
  // Never open a FIFO here: a writer waiting for its reader would be released
  // and then see none.
  struct stat file;
  if (stat(path.c_str(), &file) != 0 || !S_ISREG(file.st_mode)) return false;
  const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  unsigned char head[4] = {0, 0, 0, 0};
  ssize_t got = -1;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) got = pread(fd, head, sizeof(head), 0);
  close(fd);
  if (got < 0) return false;
  if (got >= 2 && head[0] == 0x1f && head[1] == 0x8b) {
    *codec = Codec::kGzip;
  } else if (got >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd) {
    *codec = Codec::kZstd;
  } else {
    *codec = Codec::kNone;
  }
  return true;
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string BaseName(const std::string& path) {
  if (path == "-") return "stdin";
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// -L against the codec of each output, where it is known before reading:
// from the output's name (as PlanOutputs() will name it), or for standard
// output from the input file's first bytes.
bool CheckLevel(const CliArgs& args, std::string* error) {
  if (!args.level_given) return true;
  const int level = args.options.level;
  const bool to_stdout = args.output.empty() || args.output == "-";
  const bool to_folder = !to_stdout && (args.inputs.size() > 1 || IsDirectory(args.output));
  for (const std::string& in : args.inputs) {
    Codec codec = Codec::kNone;
    if (to_stdout) {
      const std::string& forced = args.options.stdout_codec;
      if (forced == "gzip") {
        codec = Codec::kGzip;
      } else if (forced == "zstd") {
        codec = Codec::kZstd;
      } else if (forced.empty() && !SniffInputCodec(in, &codec)) {
        continue;
      }
    } else {
      codec = CodecForOutputName(to_folder ? OutputNameFor(BaseName(in), args.options.output_format)
                                           : args.output);
    }
    const std::string out = to_stdout ? "standard output" : to_folder ? "the outputs" : args.output;
    if (codec == Codec::kGzip && level > 3) {
      *error = absl::StrCat("--level ", level, " is out of range for gzip output (", out, "): gzip levels are 0 to 3");
      return false;
    }
  }
  return true;
}

}  // namespace

std::string HelpText(bool long_help, Command command) {
  if (CommandBit(command) != 0) return CommandHelp(long_help, command);
  std::string s =
      "dechrome: strip repeated page chrome (menus, footers, banners) from web text corpora\n"
      "\n"
      "usage:\n"
      "  dechrome run    [OPTIONS] INPUT... -o OUTPUT        count, then filter (two passes)\n"
      "  dechrome count  [OPTIONS] INPUT... -o TABLE         pass 1: write the chrome table\n"
      "  dechrome filter [OPTIONS] --table TABLE INPUT... -o OUTPUT   pass 2: apply a table\n"
      "  dechrome explain [OPTIONS] (--id ID | --url URL) [--table TABLE] INPUT...\n"
      "                  why each line of one document is kept or removed (counts the\n"
      "                  inputs first unless --table is given)\n"
      "  dechrome merge  [OPTIONS] TABLE... -o TABLE         merge tables of disjoint inputs\n"
      "  dechrome COMMAND --help                          that command's options alone\n"
      "\n";
  absl::StrAppend(&s, kInputText, "\noptions:\n");
  AppendOptions(long_help, kAllCmds, false, &s);
  if (long_help) {
    s +=
        "\n"
        "A line is chrome on its site (registrable domain) when the site has at least\n"
        "--min-site-docs documents and the line (normalised: NFKC, case folded, digits,\n"
        "dates, punctuation and spacing folded) is in at least max(--min-count,\n"
        "--min-fraction x site documents) of them, copies of one article counted once;\n"
        "or when it is on at least --min-sites different sites. Blank lines are never\n"
        "removed; kept lines and every other field are copied byte for byte.\n"
        "\n"
        "exit status: 0 success, 1 data or runtime error (any input failed), 2 usage error\n";
  }
  return s;
}

bool ParseFlags(int argc, char** argv, CliArgs* args, std::string* error) {
  int i = 1;
  if (i < argc) {
    std::string cmd = argv[i];
    if (cmd == "run") {
      args->command = Command::kRun;
      ++i;
    } else if (cmd == "count") {
      args->command = Command::kCount;
      ++i;
    } else if (cmd == "filter") {
      args->command = Command::kFilter;
      ++i;
    } else if (cmd == "explain") {
      args->command = Command::kExplain;
      ++i;
    } else if (cmd == "merge") {
      args->command = Command::kMerge;
      ++i;
    } else if (cmd == "help") {  // "dechrome help [COMMAND]"
      args->command = Command::kHelp;
      args->long_help = true;
      if (i + 1 < argc) {
        const std::string topic = argv[i + 1];
        for (Command c : {Command::kRun, Command::kCount, Command::kFilter, Command::kExplain, Command::kMerge})
          if (topic == CommandName(c)) args->help_command = c;
        if (args->help_command == Command::kNone) {
          *error = absl::StrCat("no help on '", topic, "': the commands are run, count, filter, explain and merge");
          return false;
        }
      }
      return true;
    }
  }
  const Command explicit_command = args->command;
  // Help wins over everything else on the line ("dechrome run -j x --help").
  for (int k = i; k < argc; ++k) {
    const std::string arg = argv[k];
    if (arg == "--") break;
    if (arg == "-h" || arg == "--help") {
      args->command = Command::kHelp;
      args->long_help = arg == "--help";
      args->help_command = explicit_command;
      return true;
    }
  }
  bool only_inputs = false;
  std::vector<std::string> given;  // the long names of the options given
  for (; i < argc; ++i) {
    std::string arg = argv[i];
    if (only_inputs || arg == "-" || arg.empty() || arg[0] != '-') {
      if (arg.empty()) {
        *error = "an input name is empty";
        return false;
      }
      args->inputs.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_inputs = true;
      continue;
    }
    std::string name = arg, value;
    bool has_value = false;
    if (arg.rfind("--", 0) == 0) {
      size_t eq = arg.find('=');
      if (eq != std::string::npos) {
        name = arg.substr(0, eq);
        value = arg.substr(eq + 1);
        has_value = true;
      }
    } else if (arg.size() > 2) {  // -j4, -ofile
      name = arg.substr(0, 2);
      value = arg.substr(2);
      has_value = true;
    }
    const Flag* flag = FindFlag(name);
    if (flag == nullptr) {
      *error = absl::StrCat("unknown option '", arg, "'");
      return false;
    }
    const unsigned bit = CommandBit(explicit_command);
    if (bit != 0 && (flag->commands & bit) == 0) {
      *error = absl::StrCat("'", name, "' is not an option of 'dechrome ", CommandName(explicit_command),
                            "' (see 'dechrome ", CommandName(explicit_command), " --help')");
      return false;
    }
    if (flag->value_name) {
      if (!has_value) {
        if (i + 1 >= argc) {
          *error = absl::StrCat("option '", name, "' needs a value (", flag->value_name, ")");
          return false;
        }
        value = argv[++i];
      }
    } else if (has_value) {
      *error = absl::StrCat("option '", name, "' takes no value");
      return false;
    }
    if (!flag->apply(args, value, error)) return false;
    if (flag->long_name) given.push_back(flag->long_name);
    if (flag->policy) args->policy_flags_given.push_back(flag->long_name);
  }
  if (args->command == Command::kHelp || args->command == Command::kVersion) return true;
  if (explicit_command == Command::kNone) {
    *error = argc > 1 ? absl::StrCat("unknown command '", argv[1], "'") : "no command given";
    return false;
  }
  if (args->command == Command::kMerge) {
    if (args->inputs.empty()) {
      *error = "merge needs at least one table (made by 'dechrome count')";
      return false;
    }
    for (const std::string& in : args->inputs) {
      if (in == "-") {
        *error = "merge reads table files, not standard input";
        return false;
      }
    }
    if (args->output.empty() || args->output == "-") {
      *error = "merge needs -o TABLE (a file: a table is binary)";
      return false;
    }
    return true;
  }
  if (args->inputs.empty()) {
    *error = "no input given (use - for standard input)";
    return false;
  }
  if (args->command == Command::kCount && args->output.empty()) {
    *error = "count needs -o TABLE";
    return false;
  }
  if (args->command == Command::kFilter && args->table.empty()) {
    *error = "filter needs --table TABLE (made by 'dechrome count')";
    return false;
  }
  if (args->command == Command::kExplain && args->explain_id.empty() == args->explain_url.empty()) {
    *error = "explain needs exactly one of --id ID or --url URL";
    return false;
  }
  if (args->command == Command::kExplain && !args->table.empty()) {
    // With a table, these are the table's.
    for (const char* f : {"--site", "--no-fold-dates", "--no-near-duplicates", "--no-own-text-apart"}) {
      if (std::find(given.begin(), given.end(), f) != given.end()) {
        *error = absl::StrCat("'", f, "' is set when counting; with --table, explain uses the table's");
        return false;
      }
    }
  }
  if (args->options.resume && (args->output.empty() || args->output == "-")) {
    *error = "--resume needs file outputs (-o FOLDER, or -o FILE for one input), not standard output";
    return false;
  }
  return CheckLevel(*args, error);
}

}  // namespace cli
}  // namespace dechrome
