#include <cinttypes>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "dechrome/pipeline.h"
#include "pipeline/json_out.h"
#include "pipeline/passes.h"
#include "pipeline/stats.h"

#ifndef DECHROME_VERSION_STRING
#define DECHROME_VERSION_STRING "0.0.0"
#endif

namespace dechrome {

const char* Version() { return DECHROME_VERSION_STRING; }

void ChunkStats::AddTo(Summary* s) const {
  s->records += records;
  s->documents += documents;
  s->passthrough += passthrough;
  for (const auto& [type, n] : passthrough_types) s->passthrough_types[type] += n;
  s->malformed += malformed;
  s->html_documents += html_documents;
  s->html_not_decoded += html_not_decoded;
  s->records_left_out += records_left_out;
  s->skipped_bytes += skipped_bytes;
  s->skipped_bytes_left_out += skipped_bytes_left_out;
  s->documents_without_site += documents_without_site;
  s->lines += lines;
  s->lines_removed += lines_removed;
  s->text_bytes += text_bytes;
  s->text_bytes_removed += text_bytes_removed;
  s->documents_emptied += documents_emptied;
  s->documents_dropped += documents_dropped;
  s->bytes_in += bytes_in;
  s->hinted_documents += hinted_documents;
  s->documents_from_spans += documents_from_spans;
  s->html_from_hints += html_from_hints;
  s->oversized += oversized;
  s->oversized_bytes += oversized_bytes;
  s->made_up_ids += made_up_ids;
  for (const std::string& w : warnings)
    if (s->warnings.size() < kMaxWarnings) s->warnings.push_back(w);
  for (size_t j = 0; j < repair_warnings.size(); ++j)
    if (s->warc_repairs + j < kMaxRepairWarnings && s->warnings.size() < kMaxWarnings)
      s->warnings.push_back(repair_warnings[j]);
  s->warc_repairs += warc_repairs;
  for (const auto& [site, st] : per_site) {
    if (site >= s->per_site.size()) continue;
    Summary::SiteStats& t = s->per_site[site];
    t.documents += st.documents;
    t.lines += st.lines;
    t.lines_removed += st.lines_removed;
    t.bytes_removed += st.bytes_removed;
  }
}

void ChunkStats::AddIssue(const std::string& path, const FramingIssue& issue) {
  skipped_bytes += issue.bytes_skipped;
  if (issue.continued) return;
  if (repair_warnings.size() < kMaxRepairWarnings)
    repair_warnings.push_back(absl::StrCat(path, ": byte ", issue.stream_offset, ": ", issue.message,
                                           issue.bytes_skipped > 0
                                               ? absl::StrCat(" (", issue.bytes_skipped, " bytes outside records)")
                                               : std::string()));
  ++warc_repairs;
}

void ChunkStats::AddPiece(const std::string& path, const Chunk& chunk, uint64_t max_bytes) {
  bytes_in += chunk.data.size();
  oversized_bytes += chunk.data.size();
  if (!chunk.piece_first) return;
  ++records;
  ++oversized;
  if (warnings.size() < kMaxWarnings)
    warnings.push_back(absl::StrCat(path, ": record ", chunk.first_record + 1, " (byte ", chunk.stream_offset,
                                    "): larger than --max-record-size (", max_bytes,
                                    " bytes): not parsed, not counted for chrome"));
}

namespace {
// Marks the status of InputsFailedError().
constexpr char kInputsFailedPayload[] = "dechrome/inputs-failed";
}  // namespace

absl::Status InputsFailedError(size_t failed) {
  absl::Status s = absl::DataLossError(absl::StrCat(failed, " input(s) failed"));
  s.SetPayload(kInputsFailedPayload, absl::Cord());
  return s;
}

bool OnlyInputsFailed(const absl::Status& status) {
  return status.GetPayload(kInputsFailedPayload).has_value();
}

void Summary::AddCountPass(const Summary& count) {
  sites = count.sites;
  table_built = count.table_built;
  table_entries = count.table_entries;
  table_memory = count.table_memory;
  counter_memory = count.counter_memory;
  counter_keys = count.counter_keys;
  partition_keys_max = count.partition_keys_max;
  exchange_bytes_max = count.exchange_bytes_max;
  spill_runs = count.spill_runs;
  spill_bytes = count.spill_bytes;
  sketch_spill_runs = count.sketch_spill_runs;
  sketch_spill_bytes = count.sketch_spill_bytes;
  near_duplicate_documents = count.near_duplicate_documents;
  count_seconds += count.count_seconds;
  count_worker_cpu_seconds += count.count_worker_cpu_seconds;
  count_reader_cpu_seconds += count.count_reader_cpu_seconds;
}

namespace {

std::string Pct(uint64_t part, uint64_t whole) {
  if (whole == 0) return "0.00%";
  return absl::StrFormat("%.2f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string Mib(uint64_t bytes) {
  return absl::StrFormat("%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

}  // namespace

std::string Summary::ToText() const {
  double seconds = count_seconds + filter_seconds;
  double mbps = seconds > 0 ? static_cast<double>(bytes_in) / 1e6 / seconds : 0;
  std::string s;
  absl::StrAppend(&s, "files ", files, ", records ", records, ", documents ", documents,
                  " (", documents_without_site, " without a site), sites ", sites, "\n");
  if (inputs_resumed > 0)
    absl::StrAppend(&s, "inputs resumed (outputs complete from an earlier run; not read, not in these counts): ",
                    inputs_resumed, "\n");
  if (passthrough > 0) {
    absl::StrAppend(&s, "passed through ", passthrough, " non-document records:");
    for (const auto& [type, n] : passthrough_types) absl::StrAppend(&s, " ", type, "=", n);
    absl::StrAppend(&s, "\n");
  }
  if (html_documents > 0 || html_not_decoded > 0)
    absl::StrAppend(&s, "HTML pages read ", html_documents, ", not decoded (passed through) ",
                    html_not_decoded, "\n");
  if (records_left_out > 0)
    absl::StrAppend(&s, "records left out (no place in the output format): ", records_left_out, "\n");
  if (oversized > 0)
    absl::StrAppend(&s, "records larger than --max-record-size (not parsed, ",
                    records_left_out > 0 ? "copied through or left out" : "copied through", "): ", oversized,
                    ", ", oversized_bytes, " bytes\n");
  if (warc_repairs > 0)
    absl::StrAppend(&s, "WARC framing repairs: ", warc_repairs, " (the first ", kMaxRepairWarnings,
                    " are among the warnings, with their byte offsets)\n");
  if (made_up_ids > 0)
    absl::StrAppend(&s, "attribute rows named FILE:RECORD (the record had no id): ", made_up_ids, "\n");
  if (malformed > 0 || skipped_bytes > 0)
    absl::StrAppend(&s, records_left_out > 0 ? "malformed records (passed through or left out): "
                                             : "malformed records passed through: ",
                    malformed,
                    ", bytes outside records copied: ", skipped_bytes - skipped_bytes_left_out,
                    skipped_bytes_left_out > 0
                        ? absl::StrCat(", left out (no place in the output format): ", skipped_bytes_left_out)
                        : std::string(),
                    "\n");
  absl::StrAppend(&s, "lines removed ", lines_removed, " of ", lines, " (", Pct(lines_removed, lines),
                  "), text bytes removed ", text_bytes_removed, " of ", text_bytes, " (",
                  Pct(text_bytes_removed, text_bytes), ")\n");
  absl::StrAppend(&s, "documents emptied ", documents_emptied, ", dropped ", documents_dropped,
                  ", counted as near-duplicates ", near_duplicate_documents, "\n");
  // raw_bytes_in sums the sizes of input files (standard input and pipes
  // have none): shown only when it says something.
  absl::StrAppend(&s, "bytes in ", bytes_in,
                  raw_bytes_in != bytes_in && raw_bytes_in > 0
                      ? absl::StrCat(" (input files ", raw_bytes_in, " bytes)")
                      : std::string(),
                  ", bytes out ", bytes_out, "\n");
  absl::StrAppend(&s, "table: ", table_entries, " line keys, ", chrome_keys, " chrome, ",
                  cross_site_keys, " cross-site; memory ", Mib(table_memory));
  if (counter_keys > 0) {
    absl::StrAppend(&s, absl::StrFormat(" (counting table %.1f bytes per key)",
                                        static_cast<double>(counter_memory) / counter_keys));
  }
  if (spill_runs > 0) absl::StrAppend(&s, "; spilled ", spill_runs, " runs, ", Mib(spill_bytes));
  if (sketch_spill_runs > 0) {
    absl::StrAppend(&s, "; sketches spilled ", sketch_spill_runs, " runs, ", Mib(sketch_spill_bytes));
  }
  absl::StrAppend(&s, "\n");
  absl::StrAppend(&s, absl::StrFormat("time: count %.2fs, filter %.2fs, %.1f MB/s\n", count_seconds,
                                      filter_seconds, mbps));
  return s;
}

std::string_view Summary::JsonPrefix() { return "{\"files\": "; }

std::string Summary::ToJson(bool with_timings) const {
  std::string s(JsonPrefix());
  absl::StrAppend(&s, files, ", ");
  auto field = [&](std::string_view name, uint64_t v) {
    absl::StrAppend(&s, "\"", std::string(name), "\": ", v, ", ");
  };
  field("inputs_resumed", inputs_resumed);
  field("records", records);
  field("documents", documents);
  field("documents_without_site", documents_without_site);
  field("passthrough", passthrough);
  s += "\"passthrough_types\": {";
  bool first = true;
  for (const auto& [type, n] : passthrough_types) {
    if (!first) s += ", ";
    first = false;
    AppendJsonString(type, &s);
    absl::StrAppend(&s, ": ", n);
  }
  s += "}, ";
  field("malformed", malformed);
  field("html_documents", html_documents);
  field("html_not_decoded", html_not_decoded);
  field("records_left_out", records_left_out);
  field("skipped_bytes", skipped_bytes);
  field("skipped_bytes_left_out", skipped_bytes_left_out);
  field("oversized", oversized);
  field("oversized_bytes", oversized_bytes);
  field("warc_repairs", warc_repairs);
  field("made_up_ids", made_up_ids);
  field("sites", sites);
  field("lines", lines);
  field("lines_removed", lines_removed);
  field("text_bytes", text_bytes);
  field("text_bytes_removed", text_bytes_removed);
  field("documents_emptied", documents_emptied);
  field("documents_dropped", documents_dropped);
  field("near_duplicate_documents", near_duplicate_documents);
  field("raw_bytes_in", raw_bytes_in);
  field("bytes_in", bytes_in);
  field("bytes_out", bytes_out);
  field("table_entries", table_entries);
  // Memory depends on the thread count (per-thread buffers): a measurement,
  // like the timings.
  if (with_timings) field("table_memory_bytes", table_memory);
  if (with_timings) field("counter_memory_bytes", counter_memory);
  // Spills depend on the thread count (shards) and the budget.
  if (with_timings) field("spill_runs", spill_runs);
  if (with_timings) field("spill_bytes", spill_bytes);
  if (with_timings) field("sketch_spill_runs", sketch_spill_runs);
  if (with_timings) field("sketch_spill_bytes", sketch_spill_bytes);
  // Under mpirun: what one process held and received (a measurement of
  // the job's layout, not of its result).
  if (with_timings && partition_keys_max > 0) field("partition_keys_max", partition_keys_max);
  if (with_timings && exchange_bytes_max > 0) field("exchange_bytes_max", exchange_bytes_max);
  if (with_timings && counter_keys > 0)
    absl::StrAppend(&s, absl::StrFormat("\"counter_bytes_per_key\": %.1f, ",
                                        static_cast<double>(counter_memory) / counter_keys));
  // How far pass 1's hints reached (they change speed, never results).
  if (with_timings) field("hinted_documents", hinted_documents);
  if (with_timings) field("documents_from_spans", documents_from_spans);
  if (with_timings) field("html_from_hints", html_from_hints);
  field("chrome_keys", chrome_keys);
  field("chrome_path_keys", chrome_path_keys);
  field("cross_site_keys", cross_site_keys);
  double seconds = count_seconds + filter_seconds;
  if (with_timings) absl::StrAppend(&s, absl::StrFormat("\"count_seconds\": %.3f, \"filter_seconds\": %.3f, "
                                      "\"mb_per_second\": %.1f, ",
                                      count_seconds, filter_seconds,
                                      seconds > 0 ? static_cast<double>(bytes_in) / 1e6 / seconds : 0));
  if (with_timings) {
    absl::StrAppend(&s, absl::StrFormat("\"count_worker_cpu_seconds\": %.3f, \"count_reader_cpu_seconds\": %.3f, "
                                        "\"filter_worker_cpu_seconds\": %.3f, \"filter_reader_cpu_seconds\": %.3f, ",
                                        count_worker_cpu_seconds, count_reader_cpu_seconds,
                                        filter_worker_cpu_seconds, filter_reader_cpu_seconds));
  }
  s += "\"warnings\": [";
  for (size_t i = 0; i < warnings.size(); ++i) {
    if (i) s += ", ";
    AppendJsonString(warnings[i], &s);
  }
  s += "], \"file_errors\": [";
  for (size_t i = 0; i < file_errors.size(); ++i) {
    if (i) s += ", ";
    AppendJsonString(file_errors[i], &s);
  }
  s += "]}\n";
  return s;
}

}  // namespace dechrome
