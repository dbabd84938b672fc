// Bytes in a WHATWG encoding -> UTF-8. UTF-8 itself is validated with
// simdjson and repaired by hand (WHATWG UTF-8 decoder: one U+FFFD per
// maximal invalid subsequence); windows-1252 and x-user-defined, the two
// single-byte encodings iconv gets wrong or lacks, are table lookups; every
// other encoding goes through glibc iconv with one descriptor per thread and
// encoding.

#include <errno.h>
#include <iconv.h>
#include <simdjson.h>

#include <cstring>
#include <memory>

#include "http/http_internal.h"

namespace dechrome {
namespace http_internal {
namespace {

constexpr char kReplacementChar[] = "\xEF\xBF\xBD";  // U+FFFD

// WHATWG index-windows-1252, 0x80..0x9F (0xA0..0xFF map to themselves).
constexpr uint16_t kWindows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  //
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  //
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  //
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

// Writes the UTF-8 form of `cp` (< 0x10000) at `dst`; returns its length.
size_t PutBmp(uint32_t cp, char* dst) {
  if (cp < 0x80) {
    dst[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    dst[0] = static_cast<char>(0xC0 | (cp >> 6));
    dst[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  dst[0] = static_cast<char>(0xE0 | (cp >> 12));
  dst[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  dst[2] = static_cast<char>(0x80 | (cp & 0x3F));
  return 3;
}

// Whether glibc decodes `e` one byte at a time, each byte to one BMP code
// point or to an error, with no state (no combining sequences: windows-1255
// and windows-1258 are left out, glibc composes their diacritics).
bool IsSimpleSingleByte(Encoding e) {
  switch (e) {
    case Encoding::kIbm866:
    case Encoding::kIso8859_2:
    case Encoding::kIso8859_3:
    case Encoding::kIso8859_4:
    case Encoding::kIso8859_5:
    case Encoding::kIso8859_6:
    case Encoding::kIso8859_7:
    case Encoding::kIso8859_8:
    case Encoding::kIso8859_8I:
    case Encoding::kIso8859_10:
    case Encoding::kIso8859_13:
    case Encoding::kIso8859_14:
    case Encoding::kIso8859_15:
    case Encoding::kIso8859_16:
    case Encoding::kKoi8R:
    case Encoding::kKoi8U:
    case Encoding::kMacintosh:
    case Encoding::kWindows874:
    case Encoding::kWindows1250:
    case Encoding::kWindows1251:
    case Encoding::kWindows1253:
    case Encoding::kWindows1254:
    case Encoding::kWindows1256:
    case Encoding::kWindows1257:
    case Encoding::kXMacCyrillic:
      return true;
    default:
      return false;
  }
}

// The UTF-8 of each byte of a single-byte encoding, as glibc iconv decodes
// it (asked once per byte), so that decoding is a table lookup per byte with
// the same output as DecodeWithIconv's loop: len 0 marks a byte iconv
// rejects (EILSEQ), which becomes one U+FFFD.
struct SingleByteTable {
  char utf8[256][3];
  uint8_t len[256];
};

// Builds `t` for `e` with the descriptor `cd`; false when some byte does
// not decode to one code point of at most 3 UTF-8 bytes or to EILSEQ (then
// iconv is used as it is).
bool BuildSingleByteTable(iconv_t cd, SingleByteTable* t) {
  for (int b = 0; b < 256; ++b) {
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    char in = static_cast<char>(b);
    char* inp = &in;
    size_t inleft = 1;
    char out[16];
    char* outp = out;
    size_t outleft = sizeof(out);
    size_t r = iconv(cd, &inp, &inleft, &outp, &outleft);
    if (r == static_cast<size_t>(-1)) {
      if (errno != EILSEQ) return false;
      t->len[b] = 0;
      continue;
    }
    // The shift-back sequence of a stateless encoding is empty.
    if (iconv(cd, nullptr, nullptr, &outp, &outleft) == static_cast<size_t>(-1)) return false;
    const size_t n = static_cast<size_t>(outp - out);
    if (n == 0 || n > 3 || inleft != 0) return false;
    // One code point: a lead byte and its continuation bytes only.
    const uint8_t lead = static_cast<uint8_t>(out[0]);
    const size_t want = lead < 0x80 ? 1 : lead >= 0xE0 ? 3 : 2;
    if (want != n) return false;
    std::memcpy(t->utf8[b], out, n);
    t->len[b] = static_cast<uint8_t>(n);
  }
  iconv(cd, nullptr, nullptr, nullptr, nullptr);
  return true;
}

class IconvCache {
 public:
  IconvCache() {
    for (int i = 0; i < kNumEncodings; ++i) cd_[i] = kNone;
  }
  ~IconvCache() {
    for (int i = 0; i < kNumEncodings; ++i) {
      if (cd_[i] != kNone && cd_[i] != kFailed) iconv_close(cd_[i]);
    }
  }
  IconvCache(const IconvCache&) = delete;
  IconvCache& operator=(const IconvCache&) = delete;

  // The descriptor for `e` -> UTF-8, opened on first use; nullptr when
  // iconv_open failed (remembered: not retried).
  iconv_t Get(Encoding e) {
    iconv_t& cd = cd_[static_cast<int>(e)];
    if (cd == kNone) {
      cd = iconv_open("UTF-8", IconvName(e));
      if (cd == reinterpret_cast<iconv_t>(-1)) cd = kFailed;
    }
    return cd == kFailed ? nullptr : cd;
  }

  // The byte table of a simple single-byte encoding (IsSimpleSingleByte),
  // built on first use; nullptr when it cannot be built.
  const SingleByteTable* Table(Encoding e, iconv_t cd) {
    const int i = static_cast<int>(e);
    if (table_state_[i] == 0) {
      table_state_[i] = 2;
      if (IsSimpleSingleByte(e)) {
        auto t = std::make_unique<SingleByteTable>();
        if (BuildSingleByteTable(cd, t.get())) {
          tables_[i] = std::move(t);
          table_state_[i] = 1;
        }
      }
    }
    return tables_[i].get();
  }

 private:
  static inline const iconv_t kNone = nullptr;
  static inline const iconv_t kFailed = reinterpret_cast<iconv_t>(-1);
  iconv_t cd_[kNumEncodings];
  uint8_t table_state_[kNumEncodings] = {};  // 0: not tried, 1: built, 2: none
  std::unique_ptr<SingleByteTable> tables_[kNumEncodings];
};

}  // namespace

bool IsAscii(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t acc = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    acc |= w;
  }
  for (; i < n; ++i) acc |= static_cast<uint8_t>(p[i]);
  return (acc & 0x8080808080808080ULL) == 0;
}

bool IsValidUtf8(std::string_view s) { return simdjson::validate_utf8(s.data(), s.size()); }

size_t WithoutPartialUtf8Tail(std::string_view s) {
  const auto* b = reinterpret_cast<const uint8_t*>(s.data());
  size_t n = s.size();
  // Look back over at most 3 continuation bytes to a lead byte.
  for (size_t back = 1; back <= 4 && back <= n; ++back) {
    uint8_t c = b[n - back];
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    size_t need = c < 0x80 ? 1 : (c >= 0xF0 ? 4 : (c >= 0xE0 ? 3 : (c >= 0xC0 ? 2 : 1)));
    return need > back ? n - back : n;
  }
  return n;
}

size_t RepairUtf8(std::string_view in, std::string* out) {
  const auto* b = reinterpret_cast<const uint8_t*>(in.data());
  const size_t n = in.size();
  out->clear();
  out->reserve(n + n / 8 + 16);
  size_t replaced = 0;
  size_t run = 0;  // start of the pending valid run
  size_t i = 0;
  while (i < n) {
    uint8_t c = b[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t need;
    uint8_t lower = 0x80, upper = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0) lower = 0xA0;
      if (c == 0xED) upper = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0) lower = 0x90;
      if (c == 0xF4) upper = 0x8F;
    } else {
      need = 0;  // never a lead byte
    }
    size_t j = i + 1;
    bool ok = need > 0;
    for (size_t k = 0; ok && k < need; ++k, ++j) {
      if (j >= n || b[j] < lower || b[j] > upper) ok = false;
      lower = 0x80;
      upper = 0xBF;
      if (!ok) break;
    }
    if (ok) {
      i = j;
      continue;
    }
    // b[i, j) is a maximal invalid subsequence: one U+FFFD; the byte at j
    // (if any) is read again as a possible lead byte.
    out->append(in.data() + run, i - run);
    out->append(kReplacementChar, 3);
    ++replaced;
    i = j;
    run = i;
  }
  out->append(in.data() + run, n - run);
  return replaced;
}

void DecodeWindows1252(std::string_view in, std::string* out) {
  size_t high = 0;
  for (char c : in) high += static_cast<uint8_t>(c) >> 7;
  out->resize(in.size() + 2 * high);
  char* dst = out->data();
  for (char ch : in) {
    uint8_t c = static_cast<uint8_t>(ch);
    if (c < 0x80) {
      *dst++ = ch;
    } else {
      dst += PutBmp(c < 0xA0 ? kWindows1252High[c - 0x80] : c, dst);
    }
  }
  out->resize(static_cast<size_t>(dst - out->data()));
}

void DecodeXUserDefined(std::string_view in, std::string* out) {
  size_t high = 0;
  for (char c : in) high += static_cast<uint8_t>(c) >> 7;
  out->resize(in.size() + 2 * high);
  char* dst = out->data();
  for (char ch : in) {
    uint8_t c = static_cast<uint8_t>(ch);
    dst += PutBmp(c < 0x80 ? c : 0xF780 + c - 0x80, dst);
  }
  out->resize(static_cast<size_t>(dst - out->data()));
}

IconvResult DecodeWithIconv(Encoding e, std::string_view in, std::string* out, size_t* replaced) {
  thread_local IconvCache cache;
  *replaced = 0;
  iconv_t cd = cache.Get(e);
  if (cd == nullptr) return IconvResult::kUnavailable;
  if (const SingleByteTable* table = cache.Table(e, cd)) {
    // What the loop below does for these encodings, a byte at a time.
    out->resize(3 * in.size());
    char* dst = out->data();
    size_t bad = 0;
    for (char ch : in) {
      const uint8_t c = static_cast<uint8_t>(ch);
      if (c < 0x80 && table->len[c] == 1 && table->utf8[c][0] == ch) {
        *dst++ = ch;
        continue;
      }
      const size_t n = table->len[c];
      if (n == 0) {
        std::memcpy(dst, kReplacementChar, 3);
        dst += 3;
        ++bad;
      } else {
        std::memcpy(dst, table->utf8[c], 3);
        dst += n;
      }
    }
    out->resize(static_cast<size_t>(dst - out->data()));
    *replaced = bad;
    return IconvResult::kOk;
  }
  iconv(cd, nullptr, nullptr, nullptr, nullptr);  // initial shift state
  const size_t skip = (e == Encoding::kUtf16Be || e == Encoding::kUtf16Le) ? 2 : 1;

  // Most text grows by at most half (2-byte CJK -> 3 bytes); grown on E2BIG.
  out->resize(in.size() + in.size() / 2 + 16);
  size_t produced = 0;
  char* inp = const_cast<char*>(in.data());
  size_t inleft = in.size();
  bool flushing = false;
  for (;;) {
    char* outp = out->data() + produced;
    size_t outleft = out->size() - produced;
    size_t r = flushing ? iconv(cd, nullptr, nullptr, &outp, &outleft)
                        : iconv(cd, &inp, &inleft, &outp, &outleft);
    produced = static_cast<size_t>(outp - out->data());
    if (r != static_cast<size_t>(-1)) {
      if (flushing) break;
      flushing = true;  // inleft == 0: write the shift-back sequence, if any
      continue;
    }
    int err = errno;
    if (err == E2BIG) {
      out->resize(out->size() * 2);
      continue;
    }
    if (out->size() - produced < 3) out->resize(out->size() * 2);
    std::memcpy(out->data() + produced, kReplacementChar, 3);
    produced += 3;
    ++*replaced;
    if (err == EINVAL) {  // a sequence cut short by the end of the input
      inp += inleft;
      inleft = 0;
    } else {  // EILSEQ (or anything else): skip a byte and go on
      size_t n = skip < inleft ? skip : inleft;
      inp += n;
      inleft -= n;
    }
    // The shift state is kept: an ISO-2022-JP error does not end its run.
    if (inleft == 0) flushing = true;
  }
  out->resize(produced);
  return IconvResult::kOk;
}

}  // namespace http_internal
}  // namespace dechrome
