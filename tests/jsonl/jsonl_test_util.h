// Helpers for the jsonl tests: an in-memory ByteSource with short reads and
// an optional failure, and padded copies of records for Parse().
//
// Thread safety: none needed (single-threaded tests).

#ifndef DECHROME_TESTS_JSONL_JSONL_TEST_UTIL_H_
#define DECHROME_TESTS_JSONL_JSONL_TEST_UTIL_H_

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <string_view>

#include "io/byte_source.h"
#include "record/record.h"

namespace dechrome {
namespace jsonl_test {

// Serves `data`, at most `max_read` bytes per Read() (a random amount in
// [1, max_read] when `rng` is given). With fail_at <= data.size(), a Read()
// that would go past fail_at returns DataLossError instead.
class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string data, size_t max_read = SIZE_MAX,
                        std::mt19937* rng = nullptr, size_t fail_at = SIZE_MAX)
      : data_(std::move(data)), max_read_(max_read), rng_(rng), fail_at_(fail_at) {}

  absl::StatusOr<size_t> Read(char* buf, size_t n) override {
    ++reads_;
    size_t k = std::min({n, max_read_, data_.size() - pos_});
    if (rng_ != nullptr && k > 1) k = std::uniform_int_distribution<size_t>(1, k)(*rng_);
    if (pos_ + k > fail_at_ || (k == 0 && fail_at_ <= data_.size())) {
      return absl::DataLossError("injected failure at " + std::to_string(fail_at_));
    }
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  uint64_t raw_offset() const override { return pos_; }
  size_t reads() const { return reads_; }

 private:
  const std::string data_;
  const size_t max_read_;
  std::mt19937* const rng_;
  const size_t fail_at_;
  size_t pos_ = 0;
  size_t reads_ = 0;
};

// A copy of a record followed by kChunkPadding bytes of `pad` (not spaces by
// default, so that reading past the record would be noticed), as the
// chunker guarantees.
class PaddedRecord {
 public:
  explicit PaddedRecord(std::string_view record, char pad = '}') {
    buf_.reserve(record.size() + kChunkPadding);
    buf_.assign(record);
    buf_.append(kChunkPadding, pad);
  }
  std::string_view view() const { return std::string_view(buf_.data(), buf_.size() - kChunkPadding); }

 private:
  std::string buf_;
};

}  // namespace jsonl_test
}  // namespace dechrome

#endif  // DECHROME_TESTS_JSONL_JSONL_TEST_UTIL_H_
