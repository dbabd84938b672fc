// -----------------------------------------------------------------------------
// File: html_entities.h
// -----------------------------------------------------------------------------
//
// Character references (WHATWG HTML 13.2.5.72-80): the 2,231 named ones, from
// a table generated at build time (scripts/gen_html_entities.py, from
// Python's html.entities.html5), and the numeric ones with the spec's
// replacements.
//
// Thread safety: pure functions over constant tables.

#ifndef DECHROME_HTML_HTML_ENTITIES_H_
#define DECHROME_HTML_HTML_ENTITIES_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dechrome {
namespace html_internal {

struct HtmlEntity {
  const char* name;  // without '&', with the ';' when the entry has one
  uint8_t name_len;
  const char* value;  // UTF-8
  uint8_t value_len;

  std::string_view Name() const { return {name, name_len}; }
  std::string_view Value() const { return {value, value_len}; }
};

// Every entry of the table, sorted by name bytes.
const HtmlEntity* NamedReferences(size_t* count);

// 13.2.5.73 Named character reference state: the longest entry of the table
// that `s` (the bytes after '&') starts with, or nullptr. A match without ';'
// is one of the legacy names ("amp", "copy", "not", ...).
const HtmlEntity* MatchNamedReference(std::string_view s);

// 13.2.5.80 Numeric character reference end state: the code point that a
// numeric reference of value `value` stands for (0, surrogates and values
// above 0x10FFFF give U+FFFD; 0x80-0x9F follow windows-1252).
// `value` saturates: pass any value above 0x10FFFF as 0x110000.
uint32_t NumericReferenceCodePoint(uint32_t value);

// Writes the UTF-8 form of `cp` (REQUIRES: cp <= 0x10FFFF) to out[0..3];
// returns its length.
size_t EncodeUtf8(uint32_t cp, char* out);

}  // namespace html_internal
}  // namespace dechrome

#endif  // DECHROME_HTML_HTML_ENTITIES_H_
