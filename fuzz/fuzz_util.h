// -----------------------------------------------------------------------------
// File: fuzz_util.h
// -----------------------------------------------------------------------------
//
// Helpers shared by the libFuzzer targets of fuzz/: an in-memory ByteSource
// whose read sizes the input chooses, a control-byte reader, an independent
// UTF-8 validator, and FUZZ_CHECK, which reports a broken invariant and
// aborts (libFuzzer then saves the input as a crash artefact).
//
// Thread safety: none needed; a fuzz target runs on one thread.

#ifndef DECHROME_FUZZ_FUZZ_UTIL_H_
#define DECHROME_FUZZ_FUZZ_UTIL_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "io/byte_source.h"

#define FUZZ_CHECK(cond)                                                         \
  do {                                                                           \
    if (!(cond)) {                                                               \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, \
                   #cond);                                                       \
      std::abort();                                                              \
    }                                                                            \
  } while (0)

namespace dechrome {
namespace fuzz {

// Takes control bytes off the front of the input; 0 once it is used up.
class Control {
 public:
  Control(const uint8_t* data, size_t size)
      : data_(reinterpret_cast<const char*>(data)), size_(size) {}
  uint8_t Byte() {
    if (size_ == 0) return 0;
    --size_;
    return static_cast<uint8_t>(*data_++);
  }
  // What is left of the input.
  std::string_view rest() const { return std::string_view(data_, size_); }

 private:
  const char* data_;
  size_t size_;
};

// Serves `data` in reads of at most `piece` bytes (any size when 0), so that
// buffer boundaries fall everywhere.
class MemorySource : public ByteSource {
 public:
  MemorySource(std::string_view data, size_t piece) : data_(data), piece_(piece) {}
  absl::StatusOr<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min(n, data_.size() - pos_);
    if (piece_ != 0) k = std::min(k, piece_);
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  uint64_t raw_offset() const override { return pos_; }

 private:
  std::string_view data_;
  size_t piece_;
  size_t pos_ = 0;
};

// A read size from a control byte: 0 (whole reads) or 1..255 bytes.
inline size_t PieceSize(uint8_t b) { return b < 64 ? 0 : b - 63u; }

// Strict UTF-8 (RFC 3629: no overlongs, no surrogates, <= U+10FFFF),
// written here so as not to test the library against itself.
inline bool IsUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    unsigned c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (end - p <= n) return false;
    if (p[1] < lo || p[1] > hi) return false;
    for (int i = 2; i <= n; ++i) {
      if (p[i] < 0x80 || p[i] > 0xBF) return false;
    }
    p += n + 1;
  }
  return true;
}

// A copy of `bytes` followed by `padding` readable bytes (records handed to
// RecordFormat::Parse need kChunkPadding of them).
class Padded {
 public:
  Padded(std::string_view bytes, size_t padding) {
    buf_.reserve(bytes.size() + padding);
    buf_.assign(bytes);
    buf_.append(padding, '}');
    size_ = bytes.size();
  }
  std::string_view view() const { return std::string_view(buf_.data(), size_); }

 private:
  std::string buf_;
  size_t size_;
};

}  // namespace fuzz
}  // namespace dechrome

#endif  // DECHROME_FUZZ_FUZZ_UTIL_H_
