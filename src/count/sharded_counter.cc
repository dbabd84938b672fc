#include "count/sharded_counter.h"

#include <algorithm>
#include <utility>

#include "dechrome/status.h"

namespace dechrome {

ShardedLineCounter::ShardedLineCounter(int shard_bits)
    : shard_bits_(shard_bits), shards_(new Shard[size_t{1} << shard_bits]) {
  DECHROME_CHECK(shard_bits >= 0 && shard_bits <= 16);
}

void ShardedLineCounter::AddBatch(size_t shard_index, absl::Span<const KeyedLine> lines) {
  Shard& shard = shards_[shard_index];
  MutexLock lock(&shard.mu);
  // The map is far larger than the caches: ask for a slot a few lines ahead
  // so that its cache misses overlap.
  constexpr size_t kAhead = 8;
  for (size_t i = 0; i < std::min(kAhead, lines.size()); ++i) shard.map.prefetch(lines[i].key);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i + kAhead < lines.size()) shard.map.prefetch(lines[i + kAhead].key);
    const KeyedLine& l = lines[i];
    assert(ShardOf(l.key) == shard_index);
    LineEntry& e = shard.map[l.key];
    if (e.count == 0) {
      e.site = l.site;
      e.global = l.global;
    }
    uint64_t sum = uint64_t{e.count} + l.count;
    e.count = sum > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(sum);
  }
}

void ShardedLineCounter::Subtract(uint64_t key, uint32_t amount) {
  Shard& shard = shards_[ShardOf(key)];
  MutexLock lock(&shard.mu);
  auto it = shard.map.find(key);
  if (it == shard.map.end()) return;
  uint32_t& c = it->second.count;
  c = c > amount ? c - amount : 1;
}

const LineEntry* ShardedLineCounter::Find(uint64_t key) const {
  const Shard& shard = shards_[ShardOf(key)];
  MutexLock lock(&shard.mu);
  auto it = shard.map.find(key);
  return it == shard.map.end() ? nullptr : &it->second;
}

void ShardedLineCounter::ForEach(
    absl::FunctionRef<void(uint64_t, const LineEntry&)> fn) const {
  for (size_t s = 0; s < num_shards(); ++s) ForEachInShard(s, fn);
}

void ShardedLineCounter::ForEachInShard(
    size_t shard_index, absl::FunctionRef<void(uint64_t, const LineEntry&)> fn) const {
  const Shard& shard = shards_[shard_index];
  MutexLock lock(&shard.mu);
  for (const auto& [key, entry] : shard.map) fn(key, entry);
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
  return shards_[shard].map.size();
}

size_t ShardedLineCounter::size() const {
  size_t n = 0;
  for (size_t s = 0; s < num_shards(); ++s) {
    MutexLock lock(&shards_[s].mu);
    n += shards_[s].map.size();
  }
  return n;
}

size_t ShardedLineCounter::MemoryUsage() const {
  size_t bytes = sizeof(Shard) * num_shards();
  for (size_t s = 0; s < num_shards(); ++s) {
    MutexLock lock(&shards_[s].mu);
    size_t cap = shards_[s].map.capacity();
    // One slot (key + entry) and one control byte per capacity unit.
    bytes += cap * (sizeof(std::pair<const uint64_t, LineEntry>) + 1);
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
