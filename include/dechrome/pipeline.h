// -----------------------------------------------------------------------------
// File: pipeline.h
// -----------------------------------------------------------------------------
//
// The library's entry points, which the dechrome command calls:
//
//   CountInputs()   pass 1: read inputs, count lines per site -> ChromeTable
//   FilterInputs()  pass 2: read inputs again, drop chrome lines, write outputs
//
// `dechrome run` is RunInputs(): CountInputs() then FilterInputs() over the
// same inputs, in one process.
// Inputs are paths ("-" is standard input, spooled so that both passes read
// the same bytes); the codec (gzip, zstd, none) and the format (JSONL,
// WARC/WET, HTML in WARC) are sniffed from the bytes, never from the name.
// Each output keeps its input's format unless RunOptions::output_format (or
// its name, see OutputFormat) says JSONL or WET; its codec follows its name
// (".zst", ".gz", anything else: none) or, for "-", the input's codec.
//
// A problem with one input (missing, unreadable, truncated) is recorded in
// Summary::file_errors and the other inputs go on; the call then returns an
// error naming every failed input. Its output, if any, is not committed.
// Malformed records pass through unchanged and are counted, unless
// InputOptions::strict, which makes them an error of their file.
//
// The library never prints and never exits.
//
// Thread safety: each call uses RunOptions::threads workers internally; the
// calls themselves may run concurrently on different inputs.

#ifndef DECHROME_PIPELINE_H_
#define DECHROME_PIPELINE_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dechrome/options.h"
#include "dechrome/status.h"
#include "dechrome/table.h"

namespace dechrome {

// What a pass did, summed over its inputs. Deterministic except the timings.
struct Summary {
  uint64_t files = 0;
  // RunOptions::resume: inputs whose outputs an earlier run completed (see
  // FilterInputs()); not read by pass 2, not in files or any count below.
  uint64_t inputs_resumed = 0;
  uint64_t records = 0;            // every record read
  uint64_t documents = 0;          // records with text
  uint64_t passthrough = 0;        // records that are not documents
  std::map<std::string, uint64_t> passthrough_types;  // WARC-Type -> count
  uint64_t malformed = 0;          // records that could not be parsed
  uint64_t html_documents = 0;     // documents made from HTML pages
  uint64_t html_not_decoded = 0;   // payloads that claim HTML but could not be read
  // Records not written because the output format has no place for them
  // (JSONL or WET output of a WARC: requests, redirects, images, ...).
  uint64_t records_left_out = 0;
  uint64_t skipped_bytes = 0;      // WARC bytes outside records (copied through, or below)
  // Of those, bytes not written because the output format has no place for
  // them (JSONL or WET output of a WARC), like records_left_out.
  uint64_t skipped_bytes_left_out = 0;
  // Records larger than InputOptions::max_record_bytes: not parsed, not
  // counted for chrome, copied through in pieces (or, like other records
  // that have no place in the output format, left out: records_left_out).
  uint64_t oversized = 0;
  uint64_t oversized_bytes = 0;    // their bytes
  // Lenient WARC repairs: runs of bytes outside records (garbage, a header
  // without a version line, a bad Content-Length, a truncated record, blank
  // lines before the first record). The first few are among the warnings,
  // with their byte offsets.
  uint64_t warc_repairs = 0;
  // With RunOptions::emit_attributes: rows for records that have no id of
  // their own (malformed, oversized or without an id field), named
  // "FILE:RECORD" (the input's file name, the 1-based record number).
  uint64_t made_up_ids = 0;
  uint64_t documents_without_site = 0;
  uint64_t sites = 0;
  uint64_t lines = 0;              // non-blank lines of documents
  uint64_t lines_removed = 0;
  uint64_t text_bytes = 0;         // bytes of document text
  uint64_t text_bytes_removed = 0; // bytes of removed lines (with their '\n')
  uint64_t documents_emptied = 0;  // documents whose every line was removed
  uint64_t documents_dropped = 0;  // ... and that were dropped (drop_empty)
  uint64_t raw_bytes_in = 0;       // sizes of the input files (0 for stdin, pipes)
  uint64_t bytes_in = 0;           // decompressed bytes read
  uint64_t bytes_out = 0;          // compressed bytes written
  // CountInputs(): the table was built (every input was read to its end or
  // failed on its own, see file_errors); false when the run stopped early at
  // an error (--strict), and then the table must not be used.
  bool table_built = false;
  uint64_t table_entries = 0;
  // Bytes of pass 1's counting state at its peak: the counting table, the
  // near-duplicate sketches and the hints kept for pass 2.
  uint64_t table_memory = 0;
  // Of which the counting table (16-byte entries in open-addressed buckets),
  // with its number of distinct keys: counter_memory / counter_keys is the
  // bytes per key (--stats: counter_bytes_per_key).
  uint64_t counter_memory = 0;
  uint64_t counter_keys = 0;
  // Under mpirun (src/mpi/): the most counter keys that one process held
  // after the count exchange (those of the sites it owns; counter_keys is
  // the job's), and the most bytes that one process received in the
  // exchange (counts, sketches, and what the table's decisions need).
  // 0 in one process.
  uint64_t partition_keys_max = 0;
  uint64_t exchange_bytes_max = 0;
  // Runs the counting table wrote to disk under RunOptions::memory (merges
  // of runs included) and their bytes; 0 when it fit.
  uint64_t spill_runs = 0;
  uint64_t spill_bytes = 0;
  // The same for the near-duplicate sketches (each spill is a run; the
  // last when the collapse brings them back by partition included).
  uint64_t sketch_spill_runs = 0;
  uint64_t sketch_spill_bytes = 0;
  uint64_t near_duplicate_documents = 0;  // documents counted as copies
  // RunInputs(), pass 2: documents judged from pass 1's line keys (the rest,
  // beyond --hint-memory, were normalised again), and of those, JSONL
  // documents read again from their text and URL offsets without parsing,
  // and HTML pages rebuilt from pass 1's extracted text (not decoded again).
  uint64_t hinted_documents = 0;
  uint64_t documents_from_spans = 0;
  uint64_t html_from_hints = 0;
  uint64_t chrome_keys = 0;        // (site, line) keys judged chrome
  uint64_t chrome_path_keys = 0;   // HTML element path keys at the same count (not lines)
  uint64_t cross_site_keys = 0;    // lines judged chrome on every site
  double count_seconds = 0;
  double filter_seconds = 0;
  // CPU seconds of each pass's threads (all processes together under MPI):
  // the workers' (parse, normalise, hash and count; judge, rewrite and
  // compress), the reading thread's (read, decompress, cut into records).
  // The work between the passes (near-duplicate collapse, table build) is
  // in neither. --stats only, like the times.
  double count_worker_cpu_seconds = 0;
  double count_reader_cpu_seconds = 0;
  double filter_worker_cpu_seconds = 0;
  double filter_reader_cpu_seconds = 0;
  std::vector<std::string> warnings;     // first malformed records, etc.
  std::vector<std::string> file_errors;  // "PATH: message"

  // Per site (indexes of the table's sites): filled by FilterInputs().
  struct SiteStats {
    uint64_t documents = 0;
    uint64_t lines = 0;
    uint64_t lines_removed = 0;
    uint64_t bytes_removed = 0;
  };
  std::vector<SiteStats> per_site;

  // With RunOptions::collect_audit: every removed (site, line) key, with its
  // first occurrence in input order.
  struct ChromeLine {
    int site = -1;              // table site index (-1: no site)
    uint64_t key = 0;
    std::string text;           // its first occurrence, as in the input
    uint64_t removed = 0;       // lines removed with this key
    uint32_t count = 0;         // documents of the site containing it
    uint32_t threshold = 0;     // the threshold it passed (0 for cross-site)
    uint32_t sites = 0;         // distinct sites containing it
    std::string rule;           // "site" or "cross-site"
  };
  std::vector<ChromeLine> chrome_lines;
  // With collect_audit: HTML lines removed for where they are rather than
  // for their counts ("link-box", "outside-article"), by (site, element
  // path, rule), with the first line removed there as an example. (Not
  // in chrome_lines: most are unique lines.)
  struct ChromePath {
    int site = -1;
    uint64_t path = 0;         // LineFacts::path (explain prints it as hex)
    std::string rule;
    std::string example;       // the first line removed there, as in the input
    uint64_t removed = 0;      // lines removed
    uint64_t bytes = 0;        // their bytes
  };
  std::vector<ChromePath> chrome_paths;

  // Takes what only the counting pass knows (sites, table, near-duplicates,
  // its time) from `count`, the summary of CountInputs() over the same
  // inputs; record counts stay those of this (filtering) pass.
  void AddCountPass(const Summary& count);

  std::string ToText() const;  // the human summary (several lines)
  // The same as one JSON object; without timings (and memory, which depends
  // on the thread count) it is deterministic.
  std::string ToJson(bool with_timings = true) const;
  // The first bytes of every ToJson() (its opening and first field name):
  // what tells a summary file from other files.
  static std::string_view JsonPrefix();
};

// Pass 1. Returns the table (also when some inputs failed: check
// summary->file_errors; the status is then an error but *table is filled
// and summary->table_built is true). An error that stops the run (a
// malformed record with --strict) leaves *table alone, with table_built
// false.
absl::Status CountInputs(const std::vector<std::string>& inputs, const RunOptions& options,
                         ChromeTable* table, Summary* summary);

// Pass 2. outputs[i] receives inputs[i] filtered ("-" = standard output).
// The table's policy decides; its normalisation options are used.
// With RunOptions::resume (every output a file, else InvalidArgumentError),
// an input whose output an earlier run with resume completed from the same
// input file (size, mtime), table and output options is skipped: its output
// is left as it is and counted in summary->inputs_resumed, and nothing else
// of the summary (nor the audit) covers it. Every other output is written
// and gets its manifest (src/pipeline/resume.h); an output whose manifest
// does not match is written again, with a warning saying why. Without
// resume, an output written loses any manifest an earlier run left beside it.
absl::Status FilterInputs(const ChromeTable& table, const std::vector<std::string>& inputs,
                          const std::vector<std::string>& outputs, const RunOptions& options,
                          Summary* summary);

// `dechrome run`: CountInputs() then FilterInputs() over the same inputs, in
// one process, with the same outputs and table as the two calls. Pass 1
// keeps each line's key (RunOptions::hint_memory) so that pass 2 looks the
// lines up without normalising and hashing them again. *table
// receives the table; *summary the filtering pass's summary with the
// counting pass's part (Summary::AddCountPass()), or, when counting stopped
// early (table_built false), the counting pass's summary. An input that
// fails in pass 1 is not read again: it fails with pass 1's status (in
// summary->file_errors) and gets no output, even where FilterInputs() could
// read it now; the other inputs are then filtered without line keys from
// pass 1. With RunOptions::resume, pass 1 still reads every input (the
// table must be the one an uninterrupted run counts); pass 2 skips the
// inputs whose outputs are complete, as FilterInputs() does, and uses pass
// 1's line keys only up to the first skipped input (none when the first
// input looks complete before counting).
absl::Status RunInputs(const std::vector<std::string>& inputs,
                       const std::vector<std::string>& outputs, const RunOptions& options,
                       ChromeTable* table, Summary* summary);

// Whether `status` (from CountInputs(), FilterInputs() or RunInputs()) only
// sums up summary.file_errors: some inputs failed on their own and the rest
// were processed. Any other error stopped the run.
bool OnlyInputsFailed(const absl::Status& status);

// Where each input's output goes. `output` "" or "-": standard output for
// all. With several inputs, or when `output` is an existing folder, each
// output is `output`/<input's file name> ("stdin" for "-"), and the folder is
// created if missing. With OutputFormat::kJsonl or kWet, a folder output
// is named after the input without its codec and format suffixes, plus
// ".jsonl.zst" or ".warc.wet.gz" (CC-NEWS-...warc.gz -> CC-NEWS-....jsonl.zst).
// An output that is also an input, or two inputs with the same output name,
// are InvalidArgumentError. Every output folder is checked now, before any
// work, by creating and removing a file in it (the error names the output);
// temporary outputs that an interrupted earlier run left there are removed
// (see RemoveStaleTempFiles in src/io/output_file.h). A WET output of an
// input whose first bytes say JSONL is InvalidArgumentError naming both,
// before any output folder is made (standard input and pipes are read only
// once: they fail in the filtering pass instead).
absl::StatusOr<std::vector<std::string>> PlanOutputs(const std::vector<std::string>& inputs,
                                                     const std::string& output,
                                                     OutputFormat format = OutputFormat::kAuto);

// Why each line of one document was kept or removed.
struct LineExplanation {
  std::string text;        // the line as in the input (decoded)
  std::string normalized;  // its normal form ("" for a blank line)
  uint32_t count = 0;      // documents of the site containing it
  uint32_t threshold = 0;  // the site's threshold for this line (UINT32_MAX: never)
  uint32_t sites = 0;      // distinct sites containing it
  bool removed = false;
  std::string rule;        // "site", "cross-site", "below-threshold", "protected-title", ...
  // HTML pages: the line's element path (hex of its hash, as counted per
  // site), the landmarks above it ("nav,footer,word:related") and its bytes
  // inside links.
  std::string path;
  std::string landmarks;
  uint32_t link_bytes = 0;
};
struct Explanation {
  std::string input;  // the file it was found in
  uint64_t record = 0;  // 1-based record number in that file
  std::string id, url, site;
  uint64_t site_documents = 0;
  std::vector<LineExplanation> lines;
};

// Finds the first document of `inputs` whose id (JSONL id field, WARC
// WARC-Record-ID) equals `id`, or whose URL equals `url` (one of the two is
// non-empty), and explains its lines against `table`. NotFoundError if no
// document matches.
absl::Status ExplainDocument(const ChromeTable& table, const std::vector<std::string>& inputs,
                             const RunOptions& options, const std::string& id,
                             const std::string& url, Explanation* out);

// Writes the audit of a FilterInputs() run made with collect_audit into
// folder `dir` (created if missing):
//   summary.json      Summary::ToJson()
//   sites.tsv         site, documents, lines, lines_removed, bytes_removed,
//                     removed_percent (one row per site, sorted by site)
//   chrome_lines.tsv  site, rank, removed, count, threshold, sites, rule, text
//                     (the top `top_lines` chrome lines of each site by lines
//                     removed; tabs and newlines in text escaped as \t \n)
//   chrome_paths.tsv  site, rank, removed, bytes, rule, path, example (HTML
//                     pages: the top `top_lines` element paths of each site
//                     by lines removed for their place, see ChromePath)
//   audit.json        {"summary": {...}, "sites": [{"site", "documents",
//                     "lines", "lines_removed", "bytes_removed",
//                     "top_chrome_lines": [{"text", "removed", "count",
//                     "threshold", "sites", "rule"}], "top_chrome_paths":
//                     [{"path", "rule", "removed", "bytes", "example"}]}]}
// Every file is written under a temporary name and renamed. Deterministic:
// the same inputs give the same bytes.
absl::Status WriteAudit(const std::string& dir, const ChromeTable& table, const Summary& summary,
                        size_t top_lines = 20);

// The version string ("0.1.0").
const char* Version();

}  // namespace dechrome

#endif  // DECHROME_PIPELINE_H_
