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

 private:
  static inline const iconv_t kNone = nullptr;
  static inline const iconv_t kFailed = reinterpret_cast<iconv_t>(-1);
  iconv_t cd_[kNumEncodings];
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
