// -----------------------------------------------------------------------------
// File: distinct_keys.h
// -----------------------------------------------------------------------------
//
// DistinctKeys: which of a document's line keys are new in it (a line counts
// at most once per document). An open-addressed table sized for the
// document, with a generation stamp per slot so that starting a document
// clears nothing; faster than sorting the keys for the tens of lines of a
// page.
//
// Thread safety: none (one per counting thread).

#ifndef DECHROME_COUNT_DISTINCT_KEYS_H_
#define DECHROME_COUNT_DISTINCT_KEYS_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace dechrome {

class DistinctKeys {
 public:
  // Starts a document of at most `n` keys.
  void Reset(size_t n) {
    size_t capacity = 16;
    while (capacity < 2 * n) capacity *= 2;
    if (capacity > keys_.size()) {
      keys_.assign(capacity, 0);
      stamps_.assign(capacity, 0);
    }
    mask_ = capacity - 1;
    shift_ = 64;
    for (size_t c = capacity; c > 1; c /= 2) --shift_;
    if (++stamp_ == 0) {  // wrapped: every old stamp could look current
      std::fill(stamps_.begin(), stamps_.end(), 0);
      stamp_ = 1;
    }
  }

  // True the first time `key` is seen since Reset().
  bool Insert(uint64_t key) {
    for (size_t i = (key * 0x9E3779B97F4A7C15ull) >> shift_;; i = (i + 1) & mask_) {
      if (stamps_[i] != stamp_) {
        stamps_[i] = stamp_;
        keys_[i] = key;
        return true;
      }
      if (keys_[i] == key) return false;
    }
  }

 private:
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> stamps_;
  size_t mask_ = 0;
  int shift_ = 64;
  uint32_t stamp_ = 0;
};

}  // namespace dechrome

#endif  // DECHROME_COUNT_DISTINCT_KEYS_H_
