// Character references: the generated named table and numeric references.

#include "html/html_entities.h"

#include <algorithm>
#include <cstring>

namespace dechrome {
namespace html_internal {
namespace {

// kHtmlEntityCount, kHtmlEntityMaxName, kHtmlEntityMaxLegacyName,
// kHtmlEntityFirst[257], kHtmlEntities[]: see scripts/gen_html_entities.py.
#include "html/html_entities.inc"

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

// The entry named exactly `name`, or nullptr.
const HtmlEntity* Find(std::string_view name) {
  const unsigned char c0 = static_cast<unsigned char>(name[0]);
  const HtmlEntity* first = kHtmlEntities + kHtmlEntityFirst[c0];
  const HtmlEntity* last = kHtmlEntities + kHtmlEntityFirst[c0 + 1];
  const HtmlEntity* it = std::lower_bound(
      first, last, name, [](const HtmlEntity& e, std::string_view n) { return e.Name() < n; });
  if (it != last && it->Name() == name) return it;
  return nullptr;
}

// windows-1252 meanings of 0x80..0x9F (0: the code point stays as it is).
constexpr uint16_t kWindows1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

}  // namespace

const HtmlEntity* NamedReferences(size_t* count) {
  *count = kHtmlEntityCount;
  return kHtmlEntities;
}

const HtmlEntity* MatchNamedReference(std::string_view s) {
  // Every name is letters and digits, then an optional ';'. Only the whole
  // run of alphanumerics can be followed by ';'; shorter matches are the
  // legacy names without ';' (at most kHtmlEntityMaxLegacyName bytes).
  size_t n = 0;
  const size_t limit = std::min(s.size(), kHtmlEntityMaxName);
  while (n < limit && IsAsciiAlnum(static_cast<unsigned char>(s[n]))) ++n;
  if (n == 0) return nullptr;
  if (n < s.size() && s[n] == ';' && n + 1 <= kHtmlEntityMaxName) {
    if (const HtmlEntity* e = Find(s.substr(0, n + 1))) return e;
  }
  for (size_t len = std::min(n, kHtmlEntityMaxLegacyName); len >= 2; --len) {
    if (const HtmlEntity* e = Find(s.substr(0, len))) return e;
  }
  return nullptr;
}

uint32_t NumericReferenceCodePoint(uint32_t value) {
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0xFFFD;
  if (value >= 0x80 && value <= 0x9F && kWindows1252[value - 0x80] != 0) {
    return kWindows1252[value - 0x80];
  }
  return value;
}

size_t EncodeUtf8(uint32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

}  // namespace html_internal
}  // namespace dechrome
