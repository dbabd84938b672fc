// -----------------------------------------------------------------------------
// File: block_list.h
// -----------------------------------------------------------------------------
//
// BlockList<T>: an append-only sequence (cleared as a whole) kept in fixed blocks of 2^kBlockBits
// elements. Growing never moves what it holds: a std::vector that doubles
// copies everything each time and pages in about twice the memory it ends
// with, which for the counting pass's per-document key lists (tens of MB)
// cost more page faults than the lists themselves.
//
// T must be trivially copyable; new blocks are not zeroed.
//
// Thread safety: none (one owner); const methods may be called concurrently
// when nobody appends.

#ifndef DECHROME_RUNTIME_BLOCK_LIST_H_
#define DECHROME_RUNTIME_BLOCK_LIST_H_

#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

namespace dechrome {

template <typename T, int kBlockBits = 16>
class BlockList {
  static_assert(std::is_trivially_copyable_v<T>, "BlockList holds plain values");

 public:
  static constexpr size_t kBlockSize = size_t{1} << kBlockBits;

  void push_back(const T& value) {
    if (size_ == blocks_.size() * kBlockSize) blocks_.emplace_back(new T[kBlockSize]);
    blocks_[size_ >> kBlockBits][size_ & (kBlockSize - 1)] = value;  // (after clear(), not the last)
    ++size_;
  }
  const T& operator[](size_t i) const { return blocks_[i >> kBlockBits][i & (kBlockSize - 1)]; }
  size_t size() const { return size_; }
  // Empties the list and keeps its blocks for what comes next.
  void clear() { size_ = 0; }
  // Bytes allocated.
  size_t MemoryUsage() const {
    return blocks_.size() * kBlockSize * sizeof(T) + blocks_.capacity() * sizeof(blocks_[0]);
  }

 private:
  std::vector<std::unique_ptr<T[]>> blocks_;
  size_t size_ = 0;
};

}  // namespace dechrome

#endif  // DECHROME_RUNTIME_BLOCK_LIST_H_
