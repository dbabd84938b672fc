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
// most 7/8 and grown by a quarter (doubled while small: under 16 KiB, or
// while the doubled table is at most a sixteenth of the shard's share of
// the memory budget), so that once it is past that it holds at least 0.7
// entries per slot: at most 23 bytes per distinct key, where a node-free hash
// map of (key, entry) pairs took 28 to 57. While doubling (a table far
// under its budget) it may hold as few as 7/16 entries a slot: up to about
// 37 bytes a key. Growing rehashes one shard at a time: the transient
// is one shard's table, not the whole counter's.
//
// Spilling
// --------
// With a memory limit (SpillOptions), a shard whose table would grow past
// its share of the limit (limit / shards) writes its entries, sorted by
// key, as a run to a SpillFile in the temporary folder and starts again
// empty in the same buckets; runs merge by level, 16 at a time
// (SpillFile::Compact()), so each entry is rewritten at most log16(spills)
// times. Spilling and merging run under the shard's lock: the other
// workers go on with the other shards. Seal() ends counting: afterwards ForEachInShard() walks a spilled
// shard's runs and what is left in memory merged in key order, with the
// counts summed, so every reader sees exactly the counts of an unlimited
// run. The limit covers the tables; the runs are on disk (their bytes are
// in spill_bytes()).
//
// Thread safety
// -------------
// AddBatch() may be called concurrently from any number of threads, until
// Seal(). ForEach*(), size(), MemoryUsage(), Find() and Subtract() require
// that no AddBatch() is in progress (call them after the workers have
// joined), and, where a shard spilled, Seal() -- except ForEach*() for a
// count exchange, which adds parts up (see ForEach()); calls on distinct
// shards may run concurrently.
//
// Invariants:
// (1) A key lives in shard ShardOf(key) and nowhere else.
// (2) ShardOf() is the key's top shard_bits bits, so shard s holds a key
//     range below shard s + 1's: the shards' entries, each sorted, are all
//     entries sorted. The bucket is chosen from the key multiplied by an
//     odd constant (its high bits depend on every bit of the key), so the
//     shard choice never starves the table's probe bits.
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
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "runtime/mutex.h"
#include "absl/types/span.h"
#include "count/line_entry.h"
#include "count/spill.h"
#include "dechrome/status.h"

namespace dechrome {

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

struct SpillOptions {
  uint64_t memory_limit = 0;  // bytes for all shards' tables; 0: no limit
  std::string temp_dir;       // where runs go (an existing folder)
};

class ShardedLineCounter {
 public:
  // REQUIRES: 0 <= shard_bits <= 16
  explicit ShardedLineCounter(int shard_bits = 6, SpillOptions spill = {});
  ShardedLineCounter(const ShardedLineCounter&) = delete;
  ShardedLineCounter& operator=(const ShardedLineCounter&) = delete;

  size_t num_shards() const { return size_t{1} << shard_bits_; }
  size_t ShardOf(uint64_t key) const {
    return shard_bits_ == 0 ? 0 : static_cast<size_t>(key >> (64 - shard_bits_));
  }

  // Adds every line of `lines`, all of which must belong to shard `shard`.
  // The shard's lock is taken once.
  void AddBatch(size_t shard, absl::Span<const KeyedLine> lines);

  // Ends counting: a spilled shard's entries in memory are sorted for
  // merging with its runs. No AddBatch() after it.
  void Seal();

  // Subtracts `amount` from an existing key's count (near-duplicate
  // correction). Never goes below 1. (On a spilled shard the correction is
  // kept aside and applied as the shard is walked.)
  void Subtract(uint64_t key, uint32_t amount);

  // Entry for `key`, if counted. (On a spilled shard this walks the whole
  // shard from disk: tests only.)
  std::optional<LineEntry> Find(uint64_t key) const;

  // The first error of spilling or of reading spilled runs back (ForEach*()
  // then skipped the rest of that shard): the counts are incomplete.
  absl::Status status() const;
  // Runs written (compactions included), and bytes written to spill files.
  uint64_t spill_runs() const;
  uint64_t spill_bytes() const;

  // Calls fn(key, entry) for every entry in increasing key order.
  void ForEachSorted(absl::FunctionRef<void(uint64_t, const LineEntry&)> fn) const;
  // Calls fn(key, entry) for every entry, in no particular order. (Before
  // Seal(), a shard that spilled gives its runs' entries and then those in
  // memory: a key may come twice, and its count is the sum. The count
  // exchange of a distributed run adds such parts up.)
  void ForEach(absl::FunctionRef<void(uint64_t, const LineEntry&)> fn) const;
  // The same over shard `shard` only (shards may be walked concurrently).
  void ForEachInShard(size_t shard, absl::FunctionRef<void(uint64_t, const LineEntry&)> fn) const;
  // Walks shard `shard` as ForEachInShard() does, then empties it: its
  // table's memory and its spill file are given back (their runs and bytes
  // still count in spill_runs() and spill_bytes()), and AddBatch() may fill
  // it again. If reading its runs back fails, the shard is left as it was
  // and status() says so. Before Seal() only. (The MPI exchange keeps a
  // process's own partition of the counts this way: src/mpi/.)
  void DrainShard(size_t shard, absl::FunctionRef<void(uint64_t, const LineEntry&)> fn);

  size_t size() const;
  size_t ShardSize(size_t shard) const;
  // Bytes held by the shards' buckets and headers (not the writers' batches,
  // 16 bytes a line per shard of each BatchedCounterWriter, nor the
  // corrections kept aside for spilled keys).
  size_t MemoryUsage() const;

 private:
  using Slot = KeyedEntry;  // entry.tag == kEmpty: unused
  static constexpr uint32_t kEmpty = ~uint32_t{0};
  static constexpr size_t kUnknownSize = ~size_t{0};
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
    // Spilling: the runs, and after Seal() the entries in memory sorted at
    // the front of the buckets; corrections for spilled keys.
    std::unique_ptr<SpillFile> spill ABSL_GUARDED_BY(mu);
    bool sorted ABSL_GUARDED_BY(mu) = false;
    absl::flat_hash_map<uint64_t, uint64_t> subtracted ABSL_GUARDED_BY(mu);
    mutable absl::Status status ABSL_GUARDED_BY(mu);
    mutable size_t merged_size ABSL_GUARDED_BY(mu) = kUnknownSize;  // sorted: keys in all
    // Runs and spill bytes of spill files given back by DrainShard().
    uint64_t drained_runs ABSL_GUARDED_BY(mu) = 0;
    uint64_t drained_bytes ABSL_GUARDED_BY(mu) = 0;
  };

  // The home bucket of `key` in a table of `num_buckets`.
  static size_t HomeBucket(uint64_t key, size_t num_buckets) {
    const uint64_t h = key * 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>((static_cast<unsigned __int128>(h) * num_buckets) >> 64);
  }
  // The slot of `key` in `shard`, or the empty slot where it would go
  // (nullptr when the table has no buckets).
  static Slot* Probe(Bucket* buckets, size_t num_buckets, uint64_t key);
  // Makes room for one more entry in `shard`: grows its table, or spills
  // it when growing would pass the shard's limit.
  void Reserve(Shard& shard) ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu);
  // Writes the shard's entries as a run and empties its table.
  void Spill(Shard& shard) ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu);
  // Moves the used slots to the front of the buckets, sorted by key;
  // returns their start. The table is no longer a hash table after it.
  static KeyedEntry* SortInPlace(Shard& shard) ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu);
  // The sum of of(file) over the shards' spill files.
  // (Plus `drained` of the shards' drained files.)
  uint64_t SumOverSpills(uint64_t (*of)(const SpillFile&), uint64_t Shard::*drained) const;
  static void ForEachIn(const Shard& shard, absl::FunctionRef<void(uint64_t, const LineEntry&)> fn)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu);

  // Constant after construction.
  const int shard_bits_;
  const std::unique_ptr<Shard[]> shards_;
  const SpillOptions spill_;
  const size_t shard_limit_;  // bytes of buckets per shard; 0: none
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
