#include "count/sharded_counter.h"

#include <algorithm>
#include <utility>

#include "dechrome/status.h"

namespace dechrome {

ShardedLineCounter::ShardedLineCounter(int shard_bits)
    : shard_bits_(shard_bits), shards_(new Shard[size_t{1} << shard_bits]) {
  DECHROME_CHECK(shard_bits >= 0 && shard_bits <= 16);
}

ShardedLineCounter::Slot* ShardedLineCounter::Probe(Bucket* buckets, size_t num_buckets,
                                                    uint64_t key) {
  if (num_buckets == 0) return nullptr;
  size_t b = HomeBucket(key, num_buckets);
  // The table is never full (Reserve()), so the walk ends.
  for (;;) {
    for (Slot& slot : buckets[b].slots) {
      if (slot.entry.tag == kEmpty || slot.key == key) return &slot;
    }
    if (++b == num_buckets) b = 0;
  }
}

void ShardedLineCounter::Reserve(Shard& shard) {
  if (shard.size < shard.grow_at) return;
  // Small tables double; past 256 buckets (16 KiB) they grow by a quarter,
  // which keeps at least 7/8 / 1.25 = 0.7 entries per slot.
  const size_t n = shard.num_buckets;
  const size_t grown = n == 0 ? 4 : n < 256 ? 2 * n : n + n / 4;
  std::unique_ptr<Bucket[]> buckets(new Bucket[grown]);
  for (size_t b = 0; b < grown; ++b)
    for (Slot& slot : buckets[b].slots) slot.entry.tag = kEmpty;
  for (size_t b = 0; b < n; ++b) {
    for (const Slot& slot : shard.buckets[b].slots) {
      if (slot.entry.tag == kEmpty) break;  // used slots come first
      *Probe(buckets.get(), grown, slot.key) = slot;
    }
  }
  shard.buckets = std::move(buckets);
  shard.num_buckets = grown;
  shard.grow_at = grown * kBucketSlots / 8 * 7;
}

void ShardedLineCounter::AddBatch(size_t shard_index, absl::Span<const KeyedLine> lines) {
  Shard& shard = shards_[shard_index];
  MutexLock lock(&shard.mu);
  // The table is far larger than the caches: touch a home bucket a few
  // lines ahead so that its cache misses overlap. (Growth moves the table:
  // the hints are recomputed from num_buckets each time.)
  constexpr size_t kAhead = 8;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i + kAhead < lines.size() && shard.num_buckets != 0)
      __builtin_prefetch(&shard.buckets[HomeBucket(lines[i + kAhead].key, shard.num_buckets)]);
    const KeyedLine& l = lines[i];
    assert(ShardOf(l.key) == shard_index);
    assert(l.tag != kEmpty);
    Reserve(shard);
    Slot* slot = Probe(shard.buckets.get(), shard.num_buckets, l.key);
    if (slot->entry.tag == kEmpty) {
      slot->key = l.key;
      slot->entry.tag = l.tag;
      slot->entry.count = 0;
      ++shard.size;
    }
    uint64_t sum = uint64_t{slot->entry.count} + l.count;
    slot->entry.count = sum > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(sum);
  }
}

void ShardedLineCounter::Subtract(uint64_t key, uint32_t amount) {
  Shard& shard = shards_[ShardOf(key)];
  MutexLock lock(&shard.mu);
  Slot* slot = Probe(shard.buckets.get(), shard.num_buckets, key);
  if (slot == nullptr || slot->entry.tag == kEmpty) return;
  uint32_t& c = slot->entry.count;
  c = c > amount ? c - amount : 1;
}

const LineEntry* ShardedLineCounter::Find(uint64_t key) const {
  const Shard& shard = shards_[ShardOf(key)];
  MutexLock lock(&shard.mu);
  const Slot* slot = Probe(shard.buckets.get(), shard.num_buckets, key);
  return slot == nullptr || slot->entry.tag == kEmpty ? nullptr : &slot->entry;
}

void ShardedLineCounter::ForEachIn(const Shard& shard,
                                   absl::FunctionRef<void(uint64_t, const LineEntry&)> fn) {
  for (size_t b = 0; b < shard.num_buckets; ++b) {
    for (const Slot& slot : shard.buckets[b].slots) {
      if (slot.entry.tag == kEmpty) break;
      fn(slot.key, slot.entry);
    }
  }
}

void ShardedLineCounter::ForEach(
    absl::FunctionRef<void(uint64_t, const LineEntry&)> fn) const {
  for (size_t s = 0; s < num_shards(); ++s) ForEachInShard(s, fn);
}

void ShardedLineCounter::ForEachInShard(
    size_t shard_index, absl::FunctionRef<void(uint64_t, const LineEntry&)> fn) const {
  const Shard& shard = shards_[shard_index];
  MutexLock lock(&shard.mu);
  ForEachIn(shard, fn);
}

void ShardedLineCounter::ForEachSorted(
    absl::FunctionRef<void(uint64_t, const LineEntry&)> fn) const {
  // Shards hold disjoint key ranges of bits [48 - k, 48), which is not the
  // key order, so gather everything and sort once.
  std::vector<std::pair<uint64_t, LineEntry>> all;
  all.reserve(size());
  ForEach([&](uint64_t key, const LineEntry& e) { all.emplace_back(key, e); });
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [key, entry] : all) fn(key, entry);
}

size_t ShardedLineCounter::ShardSize(size_t shard) const {
  MutexLock lock(&shards_[shard].mu);
  return shards_[shard].size;
}

size_t ShardedLineCounter::size() const {
  size_t n = 0;
  for (size_t s = 0; s < num_shards(); ++s) n += ShardSize(s);
  return n;
}

size_t ShardedLineCounter::MemoryUsage() const {
  size_t bytes = sizeof(Shard) * num_shards();
  for (size_t s = 0; s < num_shards(); ++s) {
    MutexLock lock(&shards_[s].mu);
    bytes += shards_[s].num_buckets * sizeof(Bucket);
  }
  return bytes;
}

BatchedCounterWriter::BatchedCounterWriter(ShardedLineCounter* counter, size_t batch_size)
    : counter_(counter), batch_size_(batch_size), batches_(counter->num_shards()) {
  for (auto& b : batches_) b.reserve(batch_size_);
}

BatchedCounterWriter::~BatchedCounterWriter() { Flush(); }

void BatchedCounterWriter::Add(const KeyedLine& line) {
  size_t shard = counter_->ShardOf(line.key);
  std::vector<KeyedLine>& batch = batches_[shard];
  batch.push_back(line);
  if (batch.size() >= batch_size_) {
    counter_->AddBatch(shard, batch);
    batch.clear();
  }
}

void BatchedCounterWriter::Flush() {
  for (size_t s = 0; s < batches_.size(); ++s) {
    if (!batches_[s].empty()) {
      counter_->AddBatch(s, batches_[s]);
      batches_[s].clear();
    }
  }
}

}  // namespace dechrome
