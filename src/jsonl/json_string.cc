#include "jsonl/json_string.h"

#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace dechrome {
namespace jsonl_internal {
namespace {

// Parses 4 hex digits at p (p + 4 <= end is checked here).
inline bool ParseHex4(const char* p, const char* end, uint32_t* value) {
  if (end - p < 4) return false;
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    uint32_t d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
      d = (c | 0x20) - 'a' + 10;
    } else {
      return false;
    }
    v = (v << 4) | d;
  }
  *value = v;
  return true;
}

// Writes cp as UTF-8 at dst; returns the end. At most 4 bytes, never more
// than the 6 or 12 escaped bytes it came from.
inline char* PutUtf8(uint32_t cp, char* dst) {
  if (cp < 0x80) {
    *dst++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *dst++ = static_cast<char>(0xC0 | (cp >> 6));
    *dst++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *dst++ = static_cast<char>(0xE0 | (cp >> 12));
    *dst++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *dst++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *dst++ = static_cast<char>(0xF0 | (cp >> 18));
    *dst++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *dst++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *dst++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return dst;
}

// Copies bytes from *p to *dst up to the next backslash or `end`, and
// advances both. The decoded output never runs ahead of the raw input
// (every escape shrinks), so while 16 input bytes remain, a 16-byte store at
// *dst stays inside a buffer of the input's size.
inline void CopyUntilBackslash(const char** p, char** dst, const char* end) {
  const char* s = *p;
  char* d = *dst;
#ifdef __SSE2__
  const __m128i backslash = _mm_set1_epi8('\\');
  while (end - s >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d), v);
    const unsigned mask =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, backslash)));
    if (mask != 0) {
      const int k = __builtin_ctz(mask);
      *p = s + k;
      *dst = d + k;
      return;
    }
    s += 16;
    d += 16;
  }
#endif
  while (s < end && *s != '\\') *d++ = *s++;
  *p = s;
  *dst = d;
}

// The one decoding loop; kSplit also records a Line at every newline escape.
// `out` is grown by in.size() up front (decoded is never longer than raw) and
// trimmed at the end, so the loop writes through a plain pointer.
template <bool kSplit>
bool Decode(std::string_view in, uint32_t base, std::string* out, std::vector<Line>* lines) {
  const size_t old_size = out->size();
  out->resize(old_size + in.size());
  char* const out_base = &(*out)[0];
  char* dst = out_base + old_size;
  const char* const begin = in.data();
  const char* const end = begin + in.size();
  const char* p = begin;
  const char* seg = begin;     // raw start of the current segment
  char* text_seg = dst;        // decoded start of the current segment
  bool ok = true;
  auto newline = [&](const char* escape_begin, const char* escape_end) {
    if constexpr (kSplit) {
      lines->push_back(Line{static_cast<uint32_t>(text_seg - out_base),
                            static_cast<uint32_t>(dst - out_base),
                            base + static_cast<uint32_t>(seg - begin),
                            base + static_cast<uint32_t>(escape_begin - begin)});
      seg = escape_end;
    }
    *dst++ = '\n';
    text_seg = dst;
  };
  for (;;) {
    CopyUntilBackslash(&p, &dst, end);
    if (p == end) break;
    if (end - p < 2) {  // a lone backslash at the end
      ok = false;
      break;
    }
    const char* const escape = p;
    const char c = p[1];
    p += 2;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        *dst++ = c;
        continue;
      case 'b':
        *dst++ = '\b';
        continue;
      case 'f':
        *dst++ = '\f';
        continue;
      case 'r':
        *dst++ = '\r';
        continue;
      case 't':
        *dst++ = '\t';
        continue;
      case 'n':
        newline(escape, p);
        continue;
      case 'u':
        break;
      default:
        ok = false;
        break;
    }
    if (!ok) break;
    uint32_t cp;
    if (!ParseHex4(p, end, &cp)) {
      ok = false;
      break;
    }
    p += 4;
    if (cp == 0x0A) {
      newline(escape, p);
      continue;
    }
    if (cp >= 0xD800 && cp < 0xDC00) {
      uint32_t low;
      if (end - p >= 6 && p[0] == '\\' && p[1] == 'u' && ParseHex4(p + 2, end, &low) &&
          low >= 0xDC00 && low < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        p += 6;
      } else {
        cp = 0xFFFD;  // lone high surrogate
      }
    } else if (cp >= 0xDC00 && cp < 0xE000) {
      cp = 0xFFFD;  // lone low surrogate
    }
    dst = PutUtf8(cp, dst);
  }
  if constexpr (kSplit) {
    if (ok) {
      lines->push_back(Line{static_cast<uint32_t>(text_seg - out_base),
                            static_cast<uint32_t>(dst - out_base),
                            base + static_cast<uint32_t>(seg - begin),
                            base + static_cast<uint32_t>(in.size())});
    }
  }
  out->resize(static_cast<size_t>(dst - out_base));
  return ok;
}

}  // namespace

size_t FindClosingQuote(std::string_view s) {
  size_t from = 0;
  for (;;) {
    const size_t q = s.find('"', from);
    if (q == std::string_view::npos) return q;
    size_t k = q;
    while (k > 0 && s[k - 1] == '\\') --k;
    if (((q - k) & 1) == 0) return q;  // an even run of backslashes: not escaped
    from = q + 1;
  }
}

bool AppendUnescaped(std::string_view content, std::string* out) {
  return Decode<false>(content, 0, out, nullptr);
}

bool SplitEscapedLines(std::string_view content, uint32_t content_offset, std::string* scratch,
                       std::vector<Line>* lines) {
  return Decode<true>(content, content_offset, scratch, lines);
}

}  // namespace jsonl_internal
}  // namespace dechrome
