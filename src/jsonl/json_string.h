// -----------------------------------------------------------------------------
// File: json_string.h
// -----------------------------------------------------------------------------
//
// Internal to src/jsonl: the raw side of JSON strings. simdjson On-Demand
// locates a string value; these functions find its closing quote, decode its
// escapes to UTF-8, and split it at its newline escapes ("\n", "\u000a",
// "\u000A") while remembering where each segment lies in the escaped bytes,
// so that Rewrite() can splice kept segments back without re-escaping.
//
// Decoding is lenient where JSON decoders differ and strict where they agree:
//   * an escape other than \" \\ \/ \b \f \n \r \t \uXXXX is an error;
//   * a lone surrogate escape (\ud83d not followed by a low surrogate, or a
//     low surrogate alone) decodes to U+FFFD, so the result is always valid
//     UTF-8 when the raw bytes are (simdjson's stage 1 checks those);
//   * raw control characters are copied as they are.
//
// Thread safety: the functions have no state.

#ifndef DECHROME_JSONL_JSON_STRING_H_
#define DECHROME_JSONL_JSON_STRING_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "record/record.h"

namespace dechrome {
namespace jsonl_internal {

// `s` starts just after a string's opening quote. Returns the offset in `s`
// of the closing quote (the first '"' not escaped by an odd number of
// backslashes), or std::string_view::npos when there is none.
size_t FindClosingQuote(std::string_view s);

// Appends to `*out` the UTF-8 decoded form of `content`, the escaped bytes
// between a string's quotes. Returns false on an invalid escape (`*out` then
// holds a partial result).
bool AppendUnescaped(std::string_view content, std::string* out);

// Like AppendUnescaped, and splits `content` at its newline escapes: appends
// one Line per segment to `*lines` (at least one: "" gives one empty line).
// Line::raw_* are offsets of the escaped segment in the record, given that
// content[0] is at record offset `content_offset`; Line::text_* are offsets
// in `*scratch`, which receives the decoded segments joined by '\n'.
// REQUIRES: content_offset + content.size() <= UINT32_MAX, and
//           scratch->size() + content.size() <= UINT32_MAX.
bool SplitEscapedLines(std::string_view content, uint32_t content_offset,
                       std::string* scratch, std::vector<Line>* lines);

}  // namespace jsonl_internal
}  // namespace dechrome

#endif  // DECHROME_JSONL_JSON_STRING_H_
