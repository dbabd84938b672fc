// -----------------------------------------------------------------------------
// File: doc_output.h
// -----------------------------------------------------------------------------
//
// Writing a document as a new record, for outputs whose format is not the
// input's (HTML pages to JSONL or WET, WET documents to JSONL): Dolma's
// JSONL document layout, WET `conversion` records and the `warcinfo` record
// that opens a WET file. Every byte written is a function of the input
// record alone (record ids are derived from the source's), so outputs are
// the same for any number of threads and on every run.
//
// Thread safety: pure functions.

#ifndef DECHROME_PIPELINE_DOC_OUTPUT_H_
#define DECHROME_PIPELINE_DOC_OUTPUT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dechrome/options.h"
#include "dechrome/status.h"
#include "record/record.h"

namespace dechrome {

enum class WriteFormat { kSame, kJsonl, kWet };

// What `format` means for an output named `output` ("-": standard output).
WriteFormat ResolveWriteFormat(OutputFormat format, const std::string& output);

// The error for JSONL input `input` whose output `output` would be WET.
absl::Status JsonlToWetError(const std::string& input, const std::string& output);

// The output file name for `input` in a folder: its own name for kSame (or
// kAuto); else its name without the codec, ".warc", ".wet", ".jsonl" and
// ".json" suffixes, plus ".jsonl.zst" (kJsonl) or ".warc.wet.gz" (kWet).
std::string OutputNameFor(const std::string& input_base_name, OutputFormat format);

// The kept lines of `doc` (keep[i] for line i), joined by '\n'.
void AppendKeptText(const ParsedRecord& doc, const std::vector<bool>& keep, std::string* out);

// {"id", "url", "date", "title", "text", "metadata": {...}} and '\n'. The
// metadata has the source's WARC type, and for HTML pages its content
// type, charset and where the charset came from; `lines` and
// `lines_removed` count non-blank lines.
void AppendDolmaDocument(const ParsedRecord& doc, std::string_view text, uint64_t lines,
                         uint64_t lines_removed, std::string* out);

// A WARC/1.0 `conversion` record of `text` (Content-Type text/plain),
// referring to `doc` (WARC-Refers-To its record id, WARC-Target-URI its URL,
// WARC-Date its date), with a block digest.
void AppendConversionRecord(const ParsedRecord& doc, std::string_view text, std::string* out);

// The `warcinfo` record that opens a WET output whose input does not start
// with one; `date` is the first input record's WARC-Date (may be empty).
void AppendWarcinfoRecord(std::string_view date, std::string_view file_name, std::string* out);

// The value of header field `name` (first occurrence) of the WARC record
// that `record` starts with ("" if none).
std::string WarcFieldOf(std::string_view record, std::string_view name);

}  // namespace dechrome

#endif  // DECHROME_PIPELINE_DOC_OUTPUT_H_
