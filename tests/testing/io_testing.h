// Test helpers for code that reads ByteSources: an in-memory ByteSource
// (optionally handing out at most a few bytes per Read, like a pipe) and
// ReadAll with a chosen buffer size.
//
// Thread safety: a StringSource is used by one thread at a time.
#ifndef DECHROME_TESTING_IO_TESTING_H_
#define DECHROME_TESTING_IO_TESTING_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "dechrome/status.h"
#include "io/byte_source.h"

namespace dechrome {
namespace testing {

class StringSource : public ByteSource {
 public:
  // `max_chunk` (0 = unlimited) caps the bytes returned by one Read.
  explicit StringSource(std::string data, size_t max_chunk = 0)
      : data_(std::move(data)), max_chunk_(max_chunk) {}

  absl::StatusOr<size_t> Read(char* buf, size_t n) override;
  uint64_t raw_offset() const override { return pos_; }

 private:
  const std::string data_;
  const size_t max_chunk_;
  size_t pos_ = 0;
};

std::unique_ptr<ByteSource> MakeStringSource(std::string data, size_t max_chunk = 0);

// Reads `source` to the end with Read calls of `buf_size` bytes. On error,
// returns it; the bytes read before it go to *partial when given.
absl::StatusOr<std::string> ReadAll(ByteSource* source, size_t buf_size = 1 << 16,
                                    std::string* partial = nullptr);

// OpenDecompressed over `data` in memory, then ReadAll.
absl::StatusOr<std::string> DecompressAll(std::string data, size_t buf_size = 1 << 16,
                                          Codec* codec = nullptr, size_t max_chunk = 0,
                                          std::string* partial = nullptr);

// Deterministic text-like bytes (words, spaces, newlines) that compress
// about 3:1, or incompressible bytes when `random_bytes`.
std::string TestText(size_t size, uint64_t seed = 1, bool random_bytes = false);

}  // namespace testing
}  // namespace dechrome

#endif  // DECHROME_TESTING_IO_TESTING_H_
