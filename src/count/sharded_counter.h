// -----------------------------------------------------------------------------
// File: sharded_counter.h
// -----------------------------------------------------------------------------
//
// A ShardedLineCounter maps a 64-bit (site, line) key to an Entry: the number
// of documents of that site that contained the line, the site's index and the
// line's global (site-independent) key. It is the only shared mutable state of
// the counting pass.
//
// Thread safety
// -------------
// Add() may be called concurrently from any number of threads.
// ForEachSorted(), size(), MemoryUsage() and Find() require that no Add() is
// in progress (call them after the workers have joined).
//
// Invariants:
// (1) A key lives in shard ShardOf(key) and nowhere else.
// (2) ShardOf() uses bits [48 - shard_bits, 48) of the key; the per-shard
//     absl::flat_hash_map re-hashes the key with absl::Hash, so the shard
//     choice never starves the table's probe bits.
// (3) Counts saturate at UINT32_MAX; they never wrap.
// (4) Counting is a commutative sum: the final state does not depend on the
//     order or grouping of Add() calls, so any thread schedule gives the same
//     table.

#ifndef DECHROME_COUNT_SHARDED_COUNTER_H_
#define DECHROME_COUNT_SHARDED_COUNTER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "runtime/mutex.h"
#include "absl/types/span.h"

namespace dechrome {

struct LineEntry {
  uint32_t count = 0;  // documents (of the entry's site) containing the line
  uint32_t site = 0;   // site index (see SiteRegistry)
  uint64_t global = 0; // GlobalLineKey of the normalised line
};

// One occurrence to add: a key with its site and global key.
struct KeyedLine {
  uint64_t key;
  uint64_t global;
  uint32_t site;
  uint32_t count;  // how many documents to add (1 when counting)
};

class ShardedLineCounter {
 public:
  // REQUIRES: 0 <= shard_bits <= 16
  explicit ShardedLineCounter(int shard_bits = 6);
  ShardedLineCounter(const ShardedLineCounter&) = delete;
  ShardedLineCounter& operator=(const ShardedLineCounter&) = delete;

  size_t num_shards() const { return size_t{1} << shard_bits_; }
  size_t ShardOf(uint64_t key) const {
    return shard_bits_ == 0 ? 0 : (key >> (48 - shard_bits_)) & (num_shards() - 1);
  }

  // Adds every line of `lines`, all of which must belong to shard `shard`.
  // The shard's lock is taken once.
  void AddBatch(size_t shard, absl::Span<const KeyedLine> lines);

  // Subtracts `amount` from an existing key's count (near-duplicate
  // correction). Never goes below 1.
  void Subtract(uint64_t key, uint32_t amount);

  // Entry for `key`, or nullptr.
  const LineEntry* Find(uint64_t key) const;

  // Calls fn(key, entry) for every entry in increasing key order.
  void ForEachSorted(absl::FunctionRef<void(uint64_t, const LineEntry&)> fn) const;
  // Calls fn(key, entry) for every entry, in no particular order.
  void ForEach(absl::FunctionRef<void(uint64_t, const LineEntry&)> fn) const;
  // The same over shard `shard` only (shards may be walked concurrently).
  void ForEachInShard(size_t shard, absl::FunctionRef<void(uint64_t, const LineEntry&)> fn) const;

  size_t size() const;
  size_t ShardSize(size_t shard) const;
  // Bytes held by the hash tables (slots and control bytes).
  size_t MemoryUsage() const;

 private:
  struct alignas(64) Shard {
    mutable Mutex mu;
    absl::flat_hash_map<uint64_t, LineEntry> map ABSL_GUARDED_BY(mu);
  };

  // Constant after construction.
  const int shard_bits_;
  const std::unique_ptr<Shard[]> shards_;
};

// Collects one thread's lines per shard and flushes a shard's batch under one
// lock when it is full. Not thread-safe: one per worker thread.
class BatchedCounterWriter {
 public:
  explicit BatchedCounterWriter(ShardedLineCounter* counter, size_t batch_size = 1024);
  ~BatchedCounterWriter();  // flushes
  void Add(const KeyedLine& line);
  void Flush();

 private:
  ShardedLineCounter* counter_;
  size_t batch_size_;
  std::vector<std::vector<KeyedLine>> batches_;
};

}  // namespace dechrome

#endif  // DECHROME_COUNT_SHARDED_COUNTER_H_
