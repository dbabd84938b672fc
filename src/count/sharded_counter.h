// -----------------------------------------------------------------------------
// File: sharded_counter.h
// -----------------------------------------------------------------------------
//
// A ShardedLineCounter maps a 64-bit (site, line) key to a LineEntry: the
// number of documents of that site that contained the line, the site's index
// and the kind of key (a line, or one of the per-site keys counted beside
// lines). It is the only shared mutable state of the counting pass, and the
// largest: one entry per distinct (site, line).
//
// Memory
// ------
// An entry takes 16 bytes: the key, the count, and the site index with the
// kind in one word. The line's global (site-independent) key is not stored:
// a line's key is SiteLineKey(global, site seed), which is invertible
// (GlobalOfSiteLineKey() in hash/line_hash.h), and the other kinds' global
// keys are functions of their key; whoever reads the entries derives it.
// Each shard is an open-addressed table of 64-byte buckets (4 entries, one
// cache line) probed linearly from a bucket chosen by the key, filled to at
// most 7/8 and grown by a quarter (doubled while small), so that at any size
// past the first growths it holds at least 0.7 entries per slot: at most
// 23 bytes per distinct key, where a node-free hash map of (key, entry)
// pairs took 28 to 57. Growing rehashes one shard at a time: the transient
// is one shard's table, not the whole counter's.
//
// Thread safety
// -------------
// AddBatch() may be called concurrently from any number of threads.
// ForEach*(), size(), MemoryUsage(), Find() and Subtract() require that no
// AddBatch() is in progress (call them after the workers have joined);
// Subtract() calls on distinct shards may run concurrently.
//
// Invariants:
// (1) A key lives in shard ShardOf(key) and nowhere else.
// (2) ShardOf() uses bits [48 - shard_bits, 48) of the key; the bucket is
//     chosen from the key multiplied by an odd constant (its high bits
//     depend on every bit of the key), so the shard choice never starves
//     the table's probe bits.
// (3) Counts saturate at UINT32_MAX; they never wrap.
// (4) Counting is a commutative sum: the final state does not depend on the
//     order or grouping of Add() calls, so any thread schedule gives the same
//     table. (Two keys of different kind or site that are equal -- a 64-bit
//     collision -- share one entry, which keeps the first one's site and
//     kind.)
// (5) A shard's buckets are filled by linear probing without deletion: a
//     key is in its home bucket or in a later one (cyclically), with every
//     bucket in between full, and a bucket's used slots come first.

#ifndef DECHROME_COUNT_SHARDED_COUNTER_H_
#define DECHROME_COUNT_SHARDED_COUNTER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "runtime/mutex.h"
#include "absl/types/span.h"

namespace dechrome {

// What a counted key is. The count pass derives each entry's global key
// from it (src/pipeline/count_pass.cc).
enum class KeyKind : uint32_t {
  kLine = 0,      // a line: global = GlobalOfSiteLineKey(key, site seed)
  kHeadline = 1,  // policy/headline.h: global = HeadlineGlobal(key)
  kTemplate = 2,  // policy/headline.h: global = TemplateGlobal(key)
  kPath = 3,      // an HTML element path (PathKey()): global = key
};

// The largest site index a counter can hold (30 bits; the all-ones tag marks
// an empty slot).
inline constexpr uint32_t kMaxCounterSite = (uint32_t{1} << 30) - 2;

struct LineEntry {
  uint32_t count = 0;  // documents (of the entry's site) containing the key
  uint32_t tag = 0;    // site << 2 | kind

  static uint32_t Tag(uint32_t site, KeyKind kind) {
    return site << 2 | static_cast<uint32_t>(kind);
  }
  uint32_t site() const { return tag >> 2; }
  KeyKind kind() const { return static_cast<KeyKind>(tag & 3); }
};

// One occurrence to add: a key with its site and kind.
struct KeyedLine {
  KeyedLine() = default;
  // REQUIRES: site <= kMaxCounterSite.
  KeyedLine(uint64_t key, uint32_t site, KeyKind kind, uint32_t count = 1)
      : key(key), tag(LineEntry::Tag(site, kind)), count(count) {}
  uint64_t key = 0;
  uint32_t tag = 0;    // LineEntry::Tag(site, kind)
  uint32_t count = 0;  // how many documents to add (1 when counting)
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
  struct Slot {
    uint64_t key;
    LineEntry entry;  // entry.tag == kEmpty: unused
  };
  static constexpr uint32_t kEmpty = ~uint32_t{0};
  static constexpr size_t kBucketSlots = 4;
  struct alignas(64) Bucket {
    Slot slots[kBucketSlots];
  };
  struct alignas(64) Shard {
    mutable Mutex mu;
    std::unique_ptr<Bucket[]> buckets ABSL_GUARDED_BY(mu);
    size_t num_buckets ABSL_GUARDED_BY(mu) = 0;
    size_t size ABSL_GUARDED_BY(mu) = 0;
    size_t grow_at ABSL_GUARDED_BY(mu) = 0;  // size at which to grow
  };

  // The home bucket of `key` in a table of `num_buckets`.
  static size_t HomeBucket(uint64_t key, size_t num_buckets) {
    const uint64_t h = key * 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>((static_cast<unsigned __int128>(h) * num_buckets) >> 64);
  }
  // The slot of `key` in `shard`, or the empty slot where it would go
  // (nullptr when the table has no buckets).
  static Slot* Probe(Bucket* buckets, size_t num_buckets, uint64_t key);
  // Makes room for one more entry in `shard`.
  static void Reserve(Shard& shard) ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu);
  static void ForEachIn(const Shard& shard, absl::FunctionRef<void(uint64_t, const LineEntry&)> fn)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu);

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
