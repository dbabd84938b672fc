// -----------------------------------------------------------------------------
// File: warc_header.h
// -----------------------------------------------------------------------------
//
// Internal helpers shared by the WARC chunker and the WARC format: finding
// the end of a header block and walking its "Name: value" fields. The same
// code reads the HTTP header block inside `response` records, which has the
// same shape (a first line, fields, a blank line).
//
// A header block is: a first line (the version line "WARC/1.0" or the HTTP
// status line), fields, then an empty line. Lines end with "\n" or "\r\n".
// A line starting with a space or tab continues the previous field. Field
// names compare case-insensitively. Nothing here allocates except
// FieldValue() when a field has continuation lines.
//
// Thread safety: pure functions.

#ifndef DECHROME_WARC_WARC_HEADER_H_
#define DECHROME_WARC_WARC_HEADER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace dechrome {
namespace warc_internal {

inline bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Removes leading and trailing spaces, tabs and '\r'.
std::string_view Trim(std::string_view s);

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
bool ContainsIgnoreCase(std::string_view s, std::string_view needle);

// Returns the offset one past the '\n' of the empty line that ends the header
// block starting at data[0] (the first line is never taken as the empty
// line), or std::string_view::npos when `data` holds no empty line.
size_t FindHeaderEnd(std::string_view data);

// One field of a header block; offsets are relative to the block.
struct HeaderField {
  size_t line_begin = 0;   // first byte of the field's first line
  size_t name_end = 0;     // name = [line_begin, name_end), trailing blanks cut
  size_t value_begin = 0;  // value on the first line, blanks and '\r' cut
  size_t value_end = 0;
  size_t line_end = 0;     // one past the '\n' of its last continuation line
  bool has_colon = false;  // false for a malformed line without ':'
  bool continued() const;  // has continuation lines (see FieldValue)

  std::string_view name(std::string_view block) const {
    return block.substr(line_begin, name_end - line_begin);
  }
  std::string_view first_value(std::string_view block) const {
    return block.substr(value_begin, value_end - value_begin);
  }

  // Internal: end of the first line (one past its '\n').
  size_t first_line_end = 0;
};

inline bool HeaderField::continued() const { return line_end != first_line_end; }

// The field's whole value: the first-line value, and each continuation
// line's trimmed text appended after one space.
std::string FieldValue(std::string_view block, const HeaderField& field);

// Calls fn(const HeaderField&) for every field of `block` (which starts at
// the first line and runs at least to the empty line; use FindHeaderEnd) in
// order, stopping at the empty line, at the end of `block`, or when fn
// returns false. A line without ':' is no field (WARC and HTTP both require
// "name:"), nor are the continuation lines after it: fn never sees them, so
// "Content-Length\r\n 3" is not a length (a rewrite could not replace it).
template <typename Fn>
void ForEachField(std::string_view block, Fn&& fn) {
  const char* data = block.data();
  const size_t size = block.size();
  const void* nl = std::memchr(data, '\n', size);
  if (nl == nullptr) return;
  size_t pos = static_cast<const char*>(nl) - data + 1;
  HeaderField field;
  bool have = false;
  while (pos < size) {
    const void* p = std::memchr(data + pos, '\n', size - pos);
    size_t next = p ? static_cast<const char*>(p) - data + 1 : size;
    size_t content_end = p ? next - 1 : size;
    if (content_end > pos && data[content_end - 1] == '\r') --content_end;
    if (content_end == pos) break;  // the empty line
    if (IsBlank(data[pos])) {
      if (have) field.line_end = next;
      pos = next;
      continue;
    }
    if (have && field.has_colon && !fn(static_cast<const HeaderField&>(field))) return;
    have = true;
    field = HeaderField();
    field.line_begin = pos;
    field.first_line_end = field.line_end = next;
    const void* colon = std::memchr(data + pos, ':', content_end - pos);
    size_t name_end;
    size_t value_begin;
    if (colon != nullptr) {
      field.has_colon = true;
      name_end = static_cast<const char*>(colon) - data;
      value_begin = name_end + 1;
    } else {
      name_end = value_begin = content_end;
    }
    while (name_end > pos && IsBlank(data[name_end - 1])) --name_end;
    size_t value_end = content_end;
    while (value_begin < value_end && IsBlank(data[value_begin])) ++value_begin;
    while (value_end > value_begin && IsBlank(data[value_end - 1])) --value_end;
    field.name_end = name_end;
    field.value_begin = value_begin;
    field.value_end = value_end;
    pos = next;
  }
  if (have && field.has_colon) fn(static_cast<const HeaderField&>(field));
}

// Parses a Content-Length value: ASCII digits only, at most 18 of them.
bool ParseContentLength(std::string_view value, uint64_t* out);

// The RFC 4648 base32 form (A-Z 2-7, '=' padding) of `bytes`.
std::string Base32Encode(std::string_view bytes);

// Incremental SHA-1 (OpenSSL EVP) giving the WARC digest form
// "sha1:" + base32 of the 20-byte digest.
class Sha1Digest {
 public:
  Sha1Digest();
  ~Sha1Digest();
  Sha1Digest(const Sha1Digest&) = delete;
  Sha1Digest& operator=(const Sha1Digest&) = delete;

  void Update(std::string_view bytes);
  // "sha1:" + 32 base32 characters. Call once.
  std::string FinishWarc();

 private:
  void* ctx_;  // EVP_MD_CTX*
};

// "sha1:" + base32(SHA-1(bytes)).
std::string WarcSha1(std::string_view bytes);

}  // namespace warc_internal
}  // namespace dechrome

#endif  // DECHROME_WARC_WARC_HEADER_H_
