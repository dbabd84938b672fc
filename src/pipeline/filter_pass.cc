// Pass 2: drop the chrome lines and write every record out, in order.

#include <memory>
#include <new>
#include <tuple>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "dechrome/pipeline.h"
#include "hash/line_hash.h"
#include "io/compress.h"
#include "io/output_file.h"
#include "jsonl/jsonl.h"
#include "pipeline/doc_output.h"
#include "pipeline/html_page_hint.h"
#include "pipeline/input.h"
#include "pipeline/line_hints.h"
#include "pipeline/json_out.h"
#include "pipeline/passes.h"
#include "pipeline/producer.h"
#include "pipeline/resume.h"
#include "pipeline/stats.h"
#include "policy/decider.h"
#include "policy/document_judge.h"
#include "policy/page_judge.h"
#include "runtime/ordered_pipeline.h"
#include "text/site.h"
#include "warc/warc.h"

namespace dechrome {

namespace {

struct FilterWorker {
  FilterWorker(bool fold_dates, const ChromeDecider& decider, const SiteResolver* resolver)
      : hasher(fold_dates), judge(decider), page_judge(decider), sites(resolver) {}
  DocumentHasher hasher;
  DocumentJudge judge;
  PageJudge page_judge;
  SiteCache sites;
  std::vector<LineRule> rules;
  absl::flat_hash_map<std::pair<int, uint64_t>, size_t> audit_index;  // per chunk
  // (site, element path, rule) -> index in FilterResult::paths, per chunk.
  absl::flat_hash_map<std::tuple<int, uint64_t, LineRule>, size_t> path_index;
  ParsedRecord parsed;
  std::vector<LineKeys> keys;
  std::vector<bool> keep;
  std::string record_out;  // one rewritten record
  std::string kept_text;   // a converted document's text
  std::string plain;       // a chunk's uncompressed output
  std::unique_ptr<BlockCompressor> compressors[3];

  BlockCompressor* Compressor(Codec codec, int level) {
    auto& c = compressors[static_cast<int>(codec)];
    if (!c) c = BlockCompressor::Create(codec, level);
    return c.get();
  }
};

struct FilterResult {
  ChunkStats stats;
  std::string out;  // compressed bytes for the output
  // collect_audit: removed keys of this chunk, in order of first occurrence.
  std::vector<Summary::ChromeLine> audit;
  // collect_audit: HTML lines removed for their place, by (site, path, rule).
  std::vector<Summary::ChromePath> paths;
  absl::Status error;  // the chunk ran out of memory: its file fails
};

// The attribute row's id of a record without one: "FILE:RECORD", the
// input's file name and the 1-based record number.
std::string MadeUpId(const std::string& path, uint64_t record) {
  const size_t slash = path.find_last_of('/');
  return absl::StrCat(slash == std::string::npos ? path : path.substr(slash + 1), ":", record + 1);
}

// An attribute row with no spans.
void AppendEmptyAttributeRow(std::string_view id, std::string* out) {
  out->append("{\"id\": ");
  AppendJsonString(id, out);
  out->append(", \"attributes\": {\"dechrome__chrome\": []}}\n");
}

// Unicode code points in `s` (valid UTF-8: bytes that do not continue a
// sequence).
uint64_t CodePoints(std::string_view s) {
  uint64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// One attribute row: spans (in code points) of the runs of removed lines,
// each with the newline that separates it from the kept text, so that
// deleting them gives the filtered text.
void AppendAttributeRow(const ParsedRecord& doc, const std::vector<bool>& keep, std::string* out) {
  out->append("{\"id\": ");
  AppendJsonString(doc.id, out);
  out->append(", \"attributes\": {\"dechrome__chrome\": [");
  const size_t n = doc.lines.size();
  // Code point offset of each line start, and of the text's end.
  std::vector<uint64_t> start(n + 1);
  uint64_t pos = 0;
  for (size_t i = 0; i < n; ++i) {
    start[i] = pos;
    const Line& l = doc.lines[i];
    pos += CodePoints(doc.text.substr(l.text_begin, l.text_end - l.text_begin)) + (i + 1 < n ? 1 : 0);
  }
  start[n] = pos;
  bool first = true;
  for (size_t i = 0; i < n;) {
    if (keep[i]) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < n && !keep[j]) ++j;
    // Lines [i, j) go. With a kept line after them, take up to its start
    // (their trailing newlines); at the end of the text, take the newline
    // before them instead, if there is a kept line before.
    uint64_t b = start[i], e = start[j];
    if (j == n && i > 0) b = start[i] - 1;
    absl::StrAppend(out, first ? "" : ", ", "[", b, ", ", e, ", 1.0]");
    first = false;
    i = j;
  }
  out->append("]}}\n");
}

Codec OutputCodec(const std::string& output, Codec input_codec, const RunOptions& options) {
  if (output != "-") return CodecForOutputName(output);
  if (options.stdout_codec == "none") return Codec::kNone;
  if (options.stdout_codec == "gzip") return Codec::kGzip;
  if (options.stdout_codec == "zstd") return Codec::kZstd;
  return input_codec;
}

}  // namespace

absl::Status FilterInputs(const ChromeTable& table, const std::vector<std::string>& inputs,
                          const std::vector<std::string>& outputs, const RunOptions& options,
                          Summary* summary) {
  if (!options.resume) return FilterPass(table, inputs, outputs, options, summary, nullptr);
  DECHROME_RETURN_IF_ERROR(CheckResumeOutputs(outputs));
  if (inputs.size() != outputs.size())
    return absl::InvalidArgumentError("FilterInputs: one output per input is required");
  ResumeState resume(inputs, outputs);
  resume.SetTable(table, options);
  return FilterPass(table, inputs, outputs, options, summary, nullptr, nullptr, &resume);
}

absl::Status FilterPass(const ChromeTable& table, const std::vector<std::string>& inputs,
                        const std::vector<std::string>& outputs, const RunOptions& options,
                        Summary* summary, LineHints* hints,
                        const std::vector<absl::Status>* input_status,
                        const ResumeState* resume) {
  if (inputs.size() != outputs.size())
    return absl::InvalidArgumentError("FilterInputs: one output per input is required");
  if (input_status != nullptr && input_status->size() != inputs.size())
    return absl::InvalidArgumentError("FilterPass: one status per input is required");
  if (resume != nullptr) DECHROME_RETURN_IF_ERROR(CheckResumeOutputs(outputs));
  const absl::Time start = absl::Now();
  const int threads = ResolveThreads(options.threads);
  const ChromeDecider decider(table);
  summary->chrome_keys = decider.chrome_keys();
  summary->chrome_path_keys = decider.chrome_path_keys();
  summary->cross_site_keys = decider.cross_site_keys();
  summary->per_site.assign(table.sites().size(), Summary::SiteStats{});
  SiteResolver resolver(table.site_by_domain() ? SiteMode::kDomain : SiteMode::kHost);
  const RecordFormats formats(options.input);
  std::vector<std::unique_ptr<FilterWorker>> workers;
  for (int i = 0; i < threads; ++i)
    workers.push_back(std::make_unique<FilterWorker>(table.policy().fold_dates, decider, &resolver));

  // Inputs not read: those that failed in pass 1 (they fail with its
  // status) and, with resume, those whose outputs are complete.
  std::vector<absl::Status> skip =
      input_status != nullptr ? *input_status : std::vector<absl::Status>(inputs.size());
  std::vector<bool> resumed(inputs.size(), false);
  if (resume != nullptr) {
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (!skip[i].ok()) continue;
      std::string why;
      if (resume->Complete(i, &why)) {
        resumed[i] = true;
        skip[i] = absl::AlreadyExistsError("output complete (resumed)");
      } else if (!why.empty() && summary->warnings.size() < kMaxWarnings) {
        summary->warnings.push_back(absl::StrCat(outputs[i], ": written again: ", why));
      }
    }
  }
  InputProducer producer(inputs, options.chunk_bytes, options.input.strict,
                         options.input.max_record_bytes);
  producer.set_skip(&skip);
  uint64_t raw_total = 0;
  for (const std::string& in : inputs) raw_total += InputFileSize(in);
  uint64_t raw_done_files = 0;
  absl::Time last_progress = absl::InfinitePast();
  std::unique_ptr<OutputFile> out;  // of the file being written
  size_t out_file = SIZE_MAX;

  // Pass 1 made hints for every chunk of every input; from the first
  // skipped (resumed) input on, the blobs would not line up with the chunks
  // read here, so the rest of the pass goes without them.
  bool use_hints = hints != nullptr;
  auto produce = [&](PassTask* t) -> absl::StatusOr<bool> {
    absl::StatusOr<bool> more = producer.Next(t);
    t->hints.clear();
    if (more.ok() && *more && resumed[t->file]) use_hints = false;
    if (use_hints && more.ok() && *more && t->kind == PassTask::Kind::kChunk)
      t->hints = hints->Take();
    return more;
  };

  // `*at`: the record being worked on (for an out-of-memory message).
  auto work_chunk = [&](int w, PassTask& task, FilterResult* result, size_t* at) -> absl::Status {
    // A file that failed (to open, to read, or in pass 1) gets no output:
    // nothing to write, and its format may be unknown.
    if (task.kind == PassTask::Kind::kFileEnd && !task.status.ok()) return absl::OkStatus();
    FilterWorker& fw = *workers[w];
    const Codec codec = OutputCodec(outputs[task.file], task.input_codec, options);
    BlockCompressor* compressor = fw.Compressor(codec, options.level);
    const bool warc_in = task.format == RecordFormatKind::kWarc;
    WriteFormat write = ResolveWriteFormat(options.output_format, outputs[task.file]);
    if (!warc_in && write == WriteFormat::kJsonl) write = WriteFormat::kSame;
    // (PlanOutputs() refuses this before pass 1 for inputs whose format
    // their first bytes tell; standard input and pipes get here.)
    if (!warc_in && write == WriteFormat::kWet) return JsonlToWetError(inputs[task.file], outputs[task.file]);
    // Records that are not documents have no place in JSONL or WET output.
    const bool documents_only = warc_in && write != WriteFormat::kSame;
    const bool per_record = warc_in && write != WriteFormat::kJsonl;
    const RecordFormat& format = formats.For(task.format);
    const Chunk& chunk = task.chunk;
    ChunkStats& stats = result->stats;
    fw.plain.clear();
    fw.audit_index.clear();
    fw.path_index.clear();
    // Emits one piece of output: WARC compresses each record on its own (one
    // gzip member / zstd frame per record); JSONL compresses the chunk.
    auto emit = [&](std::string_view bytes) -> absl::Status {
      if (per_record && !options.emit_attributes) return compressor->CompressAppend(bytes, &result->out);
      fw.plain.append(bytes);
      return absl::OkStatus();
    };
    size_t next_issue = 0;
    auto emit_issues_before = [&](size_t record) -> absl::Status {
      while (next_issue < chunk.issues.size() && chunk.issues[next_issue].before_record <= record) {
        const FramingIssue& issue = chunk.issues[next_issue++].issue;
        stats.AddIssue(inputs[task.file], issue);
        if (documents_only) {
          stats.skipped_bytes_left_out += issue.bytes_skipped;  // no place in JSONL or WET
        } else if (!options.emit_attributes) {
          DECHROME_RETURN_IF_ERROR(emit(issue.bytes));
        }
      }
      return absl::OkStatus();
    };
    // A piece of an oversized record: copied through as it is (or left out
    // of JSONL and WET output), never parsed.
    if (chunk.piece) {
      stats.AddPiece(inputs[task.file], chunk, options.input.max_record_bytes);
      DECHROME_RETURN_IF_ERROR(emit_issues_before(0));
      if (write == WriteFormat::kWet && chunk.first_record == 0 && chunk.piece_first) {
        fw.record_out.clear();
        const std::string& out_path = outputs[task.file];
        const size_t slash = out_path.find_last_of('/');
        AppendWarcinfoRecord(WarcFieldOf(chunk.data, "WARC-Date"),
                             slash == std::string::npos ? out_path : out_path.substr(slash + 1),
                             &fw.record_out);
        DECHROME_RETURN_IF_ERROR(emit(fw.record_out));
      }
      if (options.emit_attributes) {
        // JSONL: a row for it, as for every record.
        if (chunk.piece_first && !per_record) {
          ++stats.made_up_ids;
          fw.record_out.clear();
          AppendEmptyAttributeRow(MadeUpId(inputs[task.file], chunk.first_record), &fw.record_out);
          DECHROME_RETURN_IF_ERROR(emit(fw.record_out));
        }
      } else if (documents_only) {
        if (chunk.piece_first) ++stats.records_left_out;
      } else {
        DECHROME_RETURN_IF_ERROR(emit(chunk.data));
      }
      DECHROME_RETURN_IF_ERROR(emit_issues_before(SIZE_MAX));
      if ((!per_record || options.emit_attributes) && !fw.plain.empty()) {
        DECHROME_RETURN_IF_ERROR(compressor->CompressAppend(fw.plain, &result->out));
      }
      return absl::OkStatus();
    }
    stats.bytes_in += chunk.data.size();
    // A WET output opens with the input's own warcinfo record (a WET input
    // keeps it), or with one of ours.
    bool keep_first_warcinfo = false;
    if (write == WriteFormat::kWet && chunk.first_record == 0 && task.kind == PassTask::Kind::kChunk &&
        !chunk.records.empty()) {
      const RecordSpan& first = chunk.records[0];
      const std::string_view first_record(chunk.data.data() + first.begin, first.end - first.begin);
      keep_first_warcinfo = WarcFieldOf(first_record, "WARC-Type") == "warcinfo";
      if (!keep_first_warcinfo) {
        fw.record_out.clear();
        const std::string& out_path = outputs[task.file];
        const size_t slash = out_path.find_last_of('/');
        AppendWarcinfoRecord(WarcFieldOf(first_record, "WARC-Date"),
                             slash == std::string::npos ? out_path : out_path.substr(slash + 1),
                             &fw.record_out);
        DECHROME_RETURN_IF_ERROR(emit(fw.record_out));
      }
    }
    HintCursor hint_cursor(task.hints, chunk.first_record, chunk.records.size());
    for (size_t i = 0; i < chunk.records.size(); ++i) {
      *at = i;
      DECHROME_RETURN_IF_ERROR(emit_issues_before(i));
      const RecordSpan& span = chunk.records[i];
      std::string_view rec(chunk.data.data() + span.begin, span.end - span.begin);
      // A document that pass 1 located is read again from its spans,
      // without parsing the JSON (attribute rows need its id: parse those).
      // It must come out as pass 1 saw it, or it is parsed in full.
      // Likewise an HTML page that pass 1 extracted is rebuilt from it.
      size_t hinted_lines = 0, page_words = 0;
      const RecordSpans spans = options.emit_attributes
                                    ? RecordSpans()
                                    : hint_cursor.Spans(i, rec.size(), &hinted_lines);
      const uint32_t* page =
          spans.valid ? nullptr : hint_cursor.Page(i, rec.size(), &hinted_lines, &page_words);
      if (spans.valid && format.ParseSpans(rec, spans, &fw.parsed) &&
          fw.parsed.lines.size() == hinted_lines) {
        ++stats.documents_from_spans;
      } else if (page != nullptr && ReadHtmlPageHint(page, page_words, hinted_lines, &fw.parsed)) {
        ++stats.html_from_hints;
      } else {
        fw.parsed.Clear();
        format.Parse(rec, &fw.parsed);
      }
      ++stats.records;
      if (fw.parsed.kind != ParsedRecord::Kind::kDocument) {
        if (fw.parsed.kind == ParsedRecord::Kind::kMalformed) {
          ++stats.malformed;
          std::string msg = absl::StrCat(RecordWhere(inputs[task.file], chunk, i), ": ",
                                         fw.parsed.error);
          if (options.input.strict) return absl::DataLossError(msg);
          if (stats.warnings.size() < kMaxWarnings) stats.warnings.push_back(std::move(msg));
        } else {
          ++stats.passthrough;
          ++stats.passthrough_types[fw.parsed.type];
          if (!fw.parsed.warning.empty()) {
            ++stats.html_not_decoded;
            if (stats.warnings.size() < kMaxWarnings)
              stats.warnings.push_back(
                  absl::StrCat(RecordWhere(inputs[task.file], chunk, i), ": ", fw.parsed.warning));
          }
        }
        if (documents_only && !(i == 0 && keep_first_warcinfo)) {
          ++stats.records_left_out;
          continue;
        }
        if (options.emit_attributes) {
          // Attribute rows line up with JSONL records one to one: a
          // malformed record gets one with no spans, with its id if it has
          // one (the text field was the problem), else a made-up one.
          if (!per_record) {
            fw.record_out.clear();
            if (fw.parsed.id.empty()) ++stats.made_up_ids;
            AppendEmptyAttributeRow(
                fw.parsed.id.empty() ? MadeUpId(inputs[task.file], chunk.first_record + i) : fw.parsed.id,
                &fw.record_out);
            DECHROME_RETURN_IF_ERROR(emit(fw.record_out));
          }
          continue;
        }
        DECHROME_RETURN_IF_ERROR(emit(rec));
        continue;
      }
      ++stats.documents;
      if (fw.parsed.html) ++stats.html_documents;
      stats.text_bytes += fw.parsed.text.size();
      SiteCache::Entry& site_entry = fw.sites.Lookup(fw.parsed.url);
      const std::string& site = site_entry.site;
      int site_index = -1;
      if (site.empty()) {
        ++stats.documents_without_site;
      } else {
        if (site_entry.index == SiteCache::kNoIndex) site_entry.index = table.FindSite(site);
        site_index = static_cast<int>(site_entry.index);
      }
      // Pass 1 kept the keys of the documents it counted (those with a
      // site): no need to normalise them again.
      const uint32_t* hinted =
          site.empty() ? nullptr : hint_cursor.Next(i, rec.size(), fw.parsed.lines.size());
      if (hinted != nullptr && site_index >= 0) {
        ++stats.hinted_documents;
        LineKeysFromHints(fw.parsed, hinted, &fw.keys);
        fw.hasher.UseKeys(&fw.keys);
        fw.judge.Judge(
            fw.keys, site_index, fw.parsed.url,
            [&](size_t k) { return fw.hasher.NormalForm(fw.parsed, k); }, &fw.rules, &fw.parsed);
      } else {
        fw.hasher.Hash(fw.parsed, SiteSeed(site), &fw.keys);
        fw.judge.Judge(fw.parsed, fw.keys, site_index, fw.parsed.url, &fw.rules);
      }
      if (fw.parsed.html) fw.page_judge.Judge(fw.parsed, site_index, SiteSeed(site), &fw.rules);
      fw.keep.assign(fw.keys.size(), true);
      uint64_t lines = 0, removed = 0, kept_lines = 0, kept_bytes = 0;
      for (size_t k = 0; k < fw.keys.size(); ++k) {
        const Line& l = fw.parsed.lines[k];
        if (fw.rules[k] != LineRule::kBlank) ++lines;
        if (IsRemoved(fw.rules[k])) {
          fw.keep[k] = false;
          ++removed;
        } else {
          ++kept_lines;
          kept_bytes += l.text_end - l.text_begin;
        }
      }
      // The text shrinks by what the kept lines and their separators do not
      // cover.
      const uint64_t removed_bytes =
          removed == 0 ? 0 : fw.parsed.text.size() - kept_bytes - (kept_lines > 0 ? kept_lines - 1 : 0);
      if (options.collect_audit && removed > 0) {
        for (size_t k = 0; k < fw.keys.size(); ++k) {
          if (fw.keep[k]) continue;
          const LineRule rule = fw.rules[k];
          if (rule == LineRule::kLinkBox || rule == LineRule::kOutsideArticle) {
            const uint64_t path = fw.parsed.facts[k].path;
            auto [it, inserted] =
                fw.path_index.try_emplace(std::make_tuple(site_index, path, rule), result->paths.size());
            const Line& l = fw.parsed.lines[k];
            if (inserted) {
              Summary::ChromePath cp;
              cp.site = site_index;
              cp.path = path;
              cp.rule = LineRuleName(rule);
              cp.example = std::string(fw.parsed.text.substr(l.text_begin, l.text_end - l.text_begin));
              result->paths.push_back(std::move(cp));
            }
            ++result->paths[it->second].removed;
            result->paths[it->second].bytes += l.text_end - l.text_begin;
            continue;
          }
          LineKeys lk = fw.keys[k];
          const bool cross = fw.rules[k] == LineRule::kCrossSite;
          const uint64_t key = site_index >= 0 ? lk.key : lk.global;
          auto [it, inserted] = fw.audit_index.try_emplace({site_index, key}, result->audit.size());
          if (inserted) {
            Summary::ChromeLine cl;
            cl.site = site_index;
            cl.key = key;
            const Line& l = fw.parsed.lines[k];
            cl.text = std::string(fw.parsed.text.substr(l.text_begin, l.text_end - l.text_begin));
            // A key from pass 1 comes without its global key: hash the line.
            if (lk.counted) lk = fw.hasher.HashLine(cl.text, SiteSeed(site));
            Verdict v = decider.Explain(site_index, lk.key, lk.global, lk.norm_length);
            cl.count = v.count;
            cl.threshold = cross ? 0 : v.threshold;
            cl.sites = v.sites;
            cl.rule = LineRuleName(fw.rules[k]);
            result->audit.push_back(std::move(cl));
          }
          ++result->audit[it->second].removed;
        }
      }
      stats.lines += lines;
      stats.lines_removed += removed;
      stats.text_bytes_removed += removed_bytes;
      if (site_index >= 0) {
        Summary::SiteStats& ss = stats.per_site[static_cast<uint32_t>(site_index)];
        ++ss.documents;
        ss.lines += lines;
        ss.lines_removed += removed;
        ss.bytes_removed += removed_bytes;
      }
      if (options.emit_attributes) {
        if (fw.parsed.html)
          return absl::InvalidArgumentError(
              absl::StrCat(RecordWhere(inputs[task.file], chunk, i),
                           ": attribute rows are for JSONL inputs, not HTML pages"));
        if (fw.parsed.id.empty()) {
          // Rows line up with the records: name it after its place.
          ++stats.made_up_ids;
          if (stats.warnings.size() < kMaxWarnings)
            stats.warnings.push_back(absl::StrCat(
                RecordWhere(inputs[task.file], chunk, i), ": no id field '", options.input.id_field,
                "' (see --id-field): its attribute row is named ",
                MadeUpId(inputs[task.file], chunk.first_record + i)));
          fw.parsed.id = MadeUpId(inputs[task.file], chunk.first_record + i);
        }
        if (removed > 0 && removed == lines) ++stats.documents_emptied;
        fw.record_out.clear();
        AppendAttributeRow(fw.parsed, fw.keep, &fw.record_out);
        DECHROME_RETURN_IF_ERROR(emit(fw.record_out));
        continue;
      }
      const bool emptied = removed > 0 && removed == lines;
      if (emptied) ++stats.documents_emptied;
      const bool drop = emptied && options.drop_empty;
      if (drop) ++stats.documents_dropped;
      // An HTML page, or a text document in another format: a new record.
      if (fw.parsed.html || write == WriteFormat::kJsonl) {
        // In WARC output the page's own record stays, the text follows it.
        if (write == WriteFormat::kSame) DECHROME_RETURN_IF_ERROR(emit(rec));
        if (drop) continue;
        fw.kept_text.clear();
        AppendKeptText(fw.parsed, fw.keep, &fw.kept_text);
        fw.record_out.clear();
        if (write == WriteFormat::kJsonl) {
          AppendDolmaDocument(fw.parsed, fw.kept_text, lines, removed, &fw.record_out);
        } else {
          AppendConversionRecord(fw.parsed, fw.kept_text, &fw.record_out);
        }
        DECHROME_RETURN_IF_ERROR(emit(fw.record_out));
        continue;
      }
      if (drop) continue;
      if (removed == 0) {
        DECHROME_RETURN_IF_ERROR(emit(rec));
        continue;
      }
      if (!per_record) {
        format.Rewrite(rec, fw.parsed, fw.keep, &fw.plain);  // no intermediate copy
        continue;
      }
      fw.record_out.clear();
      format.Rewrite(rec, fw.parsed, fw.keep, &fw.record_out);
      DECHROME_RETURN_IF_ERROR(emit(fw.record_out));
    }
    DECHROME_RETURN_IF_ERROR(emit_issues_before(SIZE_MAX));
    if ((!per_record || options.emit_attributes) && !fw.plain.empty()) {
      DECHROME_RETURN_IF_ERROR(compressor->CompressAppend(fw.plain, &result->out));
    }
    return absl::OkStatus();
  };
  // Running out of memory fails the chunk's file alone (consume() drops its
  // output and skips the rest of it), never the process.
  auto work = [&](int w, PassTask& task, FilterResult* result) -> absl::Status {
    size_t at = 0;
    try {
      return work_chunk(w, task, result, &at);
    } catch (const std::bad_alloc&) {
      *result = FilterResult();
      FilterWorker& fw = *workers[w];
      fw.parsed = ParsedRecord();
      fw.keys = std::vector<LineKeys>();
      std::string().swap(fw.plain);
      std::string().swap(fw.record_out);
      std::string().swap(fw.kept_text);
      result->error = OutOfMemoryError(inputs[task.file], task.chunk, at);
      return absl::OkStatus();
    }
  };
  size_t failed_file = SIZE_MAX;  // the file whose chunk ran out of memory
  absl::Status failed_status;

  absl::flat_hash_map<std::pair<int, uint64_t>, size_t> audit_index;
  absl::flat_hash_map<std::tuple<int, uint64_t, std::string>, size_t> path_index;
  auto consume = [&](PassTask& task, FilterResult& result) -> absl::Status {
    if (resumed[task.file]) {  // its one task, a kFileEnd: the output stays
      ++summary->inputs_resumed;
      raw_done_files += InputFileSize(inputs[task.file]);
      return absl::OkStatus();
    }
    if (!result.error.ok() && failed_file != task.file) {
      failed_file = task.file;
      failed_status = result.error;
    }
    if (task.kind == PassTask::Kind::kFileEnd && task.file == failed_file) task.status = failed_status;
    result.stats.AddTo(summary);
    for (Summary::ChromePath& cp : result.paths) {
      auto [it, inserted] =
          path_index.try_emplace(std::make_tuple(cp.site, cp.path, cp.rule), summary->chrome_paths.size());
      if (inserted) {
        summary->chrome_paths.push_back(std::move(cp));
      } else {
        summary->chrome_paths[it->second].removed += cp.removed;
        summary->chrome_paths[it->second].bytes += cp.bytes;
      }
    }
    // Chunks arrive in input order: the first occurrence seen here is the
    // first in the input.
    for (Summary::ChromeLine& cl : result.audit) {
      auto [it, inserted] = audit_index.try_emplace({cl.site, cl.key}, summary->chrome_lines.size());
      if (inserted) {
        summary->chrome_lines.push_back(std::move(cl));
      } else {
        summary->chrome_lines[it->second].removed += cl.removed;
      }
    }
    const std::string& path = inputs[task.file];
    if (out_file != task.file) {
      out.reset();
      out_file = task.file;
      if (task.kind == PassTask::Kind::kChunk || task.status.ok()) {
        // Its old manifest goes first, with or without resume: it must never
        // vouch for other bytes.
        if (outputs[task.file] != "-") RemoveManifest(outputs[task.file]);
        absl::StatusOr<std::unique_ptr<OutputFile>> created = OutputFile::Create(outputs[task.file]);
        if (!created.ok()) return created.status();  // an unwritable output stops the run
        out = std::move(*created);
      }
    }
    if (task.file == failed_file) out.reset();  // removes the temporary file
    if (out != nullptr && !result.out.empty()) {
      absl::Status s = out->Write(result.out);
      if (!s.ok()) return s;
    }
    if (task.kind == PassTask::Kind::kFileEnd) {
      ++summary->files;
      raw_done_files += InputFileSize(path);
      if (!task.status.ok()) {
        summary->file_errors.push_back(absl::StrCat(path, ": ", task.status.message()));
        out.reset();  // removes the temporary file
      } else {
        if (task.empty_input) {
          std::string msg = absl::StrCat(path, ": empty input");
          if (options.input.strict) return absl::DataLossError(msg);
          if (summary->warnings.size() < kMaxWarnings) summary->warnings.push_back(msg);
        }
        if (out != nullptr) {
          summary->bytes_out += out->bytes_written();
          DECHROME_RETURN_IF_ERROR(out->Commit());
          if (resume != nullptr) {
            // Without its manifest the output is only redone by a later
            // resume: a warning, not a reason to stop.
            absl::Status recorded = resume->Record(task.file);
            if (!recorded.ok() && summary->warnings.size() < kMaxWarnings)
              summary->warnings.push_back(std::string(recorded.message()));
          }
        }
        out.reset();
      }
      summary->raw_bytes_in += InputFileSize(path);
    }
    if (options.on_progress && absl::Now() - last_progress > absl::Milliseconds(160)) {
      last_progress = absl::Now();
      uint64_t done = raw_done_files + (task.kind == PassTask::Kind::kChunk ? task.raw_offset : 0);
      options.on_progress(Progress{2, done, raw_total, summary->documents});
    }
    return absl::OkStatus();
  };

  PipelineCpu cpu;
  absl::Status status = RunOrdered<PassTask, FilterResult>(threads, produce, work, consume, &cpu);
  summary->filter_worker_cpu_seconds += cpu.workers;
  summary->filter_reader_cpu_seconds += cpu.producer;
  summary->filter_seconds += absl::ToDoubleSeconds(absl::Now() - start);
  if (!status.ok()) return status;
  if (!summary->file_errors.empty()) {
    return InputsFailedError(summary->file_errors.size());
  }
  return absl::OkStatus();
}

}  // namespace dechrome
