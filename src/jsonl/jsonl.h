// -----------------------------------------------------------------------------
// File: jsonl.h
// -----------------------------------------------------------------------------
//
// JSON Lines: one record per '\n'-terminated line (U+2028 inside a string is
// not a separator); a last line without '\n' is a record too.
//
// The text value is never re-serialised: Parse() finds the raw escaped string
// of the text field (simdjson On-Demand) and splits it at its "\n" escapes
// ("\n" or "\u000a"); each segment is one Line, whose decoded form is in
// ParsedRecord::text. Rewrite() writes the record's bytes up to the text's
// opening quote, the kept raw segments joined by "\n", and the bytes from
// the closing quote on: every other field, and every kept line's escaped
// bytes, come out byte-identical.
//
// Malformed records (invalid JSON, text field missing or not a string,
// invalid UTF-8 in the record, an empty line) give ParsedRecord::kMalformed
// with a message; the pipeline passes them through unchanged.
//
// Details: a key that occurs twice counts by its first occurrence; a lone
// surrogate escape ("\ud83d" alone) decodes to U+FFFD; kept lines are joined
// by "\n" even where the input had "\u000a"; a numeric id keeps its JSON
// spelling. On-Demand does not validate values it skips (`"x": tru`). A
// UTF-8 byte order mark at the start of a record (a file saved with one) is
// skipped for parsing and kept in the output, like the bytes around the text.
//
// Thread safety: the chunker is used by one thread; the format is const and
// may be shared (Parse keeps a thread-local simdjson parser).

#ifndef DECHROME_JSONL_JSONL_H_
#define DECHROME_JSONL_JSONL_H_

#include <memory>
#include <string>
#include <vector>

#include "record/record.h"

namespace dechrome {

struct JsonlOptions {
  // Dotted path of the text field ("text", "doc.body").
  std::string text_field = "text";
  // Dotted paths tried in order for the URL; the first present string wins.
  // A value without a scheme ("example.com/a") is fine.
  std::vector<std::string> url_fields = {"url", "metadata.url", "metadata.warc_url"};
  // Dotted path of the document id (for --emit=attributes and explain).
  std::string id_field = "id";
};

// `head`: bytes already read from `source` (used for sniffing); they come
// first. `target_bytes`: a chunk ends at the first record end past it.
std::unique_ptr<RecordChunker> NewJsonlChunker(ByteSource* source, std::string head,
                                               size_t target_bytes);

std::unique_ptr<RecordFormat> NewJsonlFormat(const JsonlOptions& options);

}  // namespace dechrome

#endif  // DECHROME_JSONL_JSONL_H_
