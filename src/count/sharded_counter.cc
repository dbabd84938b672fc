#include "count/sharded_counter.h"

#include <algorithm>
#include <utility>

#include "dechrome/status.h"

namespace dechrome {

ShardedLineCounter::ShardedLineCounter(int shard_bits, SpillOptions spill)
    : shard_bits_(shard_bits),
      shards_(new Shard[size_t{1} << shard_bits]),
      spill_(std::move(spill)),
      shard_limit_(static_cast<size_t>(spill_.memory_limit >> shard_bits)) {
  DECHROME_CHECK(shard_bits >= 0 && shard_bits <= 16);
  static_assert(sizeof(Bucket) == kBucketSlots * sizeof(Slot), "buckets are arrays of slots");
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
  // Small tables double: under 256 buckets (16 KiB), and while the doubled
  // table is at most a sixteenth of the shard's share of the budget (each
  // growth moves every entry: doubling moves each about once in all, growing
  // by a quarter about four times). Past that they grow by a quarter, which
  // keeps at least 7/8 / 1.25 = 0.7 entries per slot where memory is short.
  const size_t n = shard.num_buckets;
  const size_t grown =
      n == 0 ? 4 : n < 256 || 2 * n * sizeof(Bucket) <= shard_limit_ / 16 ? 2 * n : n + n / 4;
  if (shard_limit_ > 0 && n > 0 && grown * sizeof(Bucket) > shard_limit_ && shard.status.ok()) {
    Spill(shard);
    if (shard.status.ok()) return;  // else: hold the entries in memory after all
  }
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

KeyedEntry* ShardedLineCounter::SortInPlace(Shard& shard) {
  KeyedEntry* slots = &shard.buckets[0].slots[0];
  const size_t capacity = shard.num_buckets * kBucketSlots;
  size_t used = 0;
  for (size_t i = 0; i < capacity; ++i)
    if (slots[i].entry.tag != kEmpty) slots[used++] = slots[i];
  std::sort(slots, slots + used,
            [](const KeyedEntry& a, const KeyedEntry& b) { return a.key < b.key; });
  return slots;
}

void ShardedLineCounter::Spill(Shard& shard) {
  if (shard.spill == nullptr) {
    absl::StatusOr<std::unique_ptr<SpillFile>> file = SpillFile::Create(spill_.temp_dir);
    if (!file.ok()) {
      shard.status = file.status();
      return;
    }
    shard.spill = std::move(*file);
  }
  KeyedEntry* sorted = SortInPlace(shard);
  auto clear = [&] {
    for (size_t b = 0; b < shard.num_buckets; ++b)
      for (Slot& slot : shard.buckets[b].slots) slot.entry.tag = kEmpty;
  };
  shard.status = shard.spill->AppendRun(sorted, shard.size);
  if (!shard.status.ok()) {
    // The entries stay in memory: put the table back together.
    std::vector<KeyedEntry> keep(sorted, sorted + shard.size);
    clear();
    for (const KeyedEntry& e : keep) *Probe(shard.buckets.get(), shard.num_buckets, e.key) = e;
    return;
  }
  clear();
  shard.size = 0;
  // (A failed merge leaves the runs as they were: nothing is lost, and the
  // error fails the count.)
  shard.status = shard.spill->Compact();
}

void ShardedLineCounter::Seal() {
  for (size_t s = 0; s < num_shards(); ++s) {
    Shard& shard = shards_[s];
    MutexLock lock(&shard.mu);
    if (shard.spill != nullptr && !shard.sorted) {
      if (shard.num_buckets > 0) SortInPlace(shard);
      shard.sorted = true;
    }
  }
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
    assert(!shard.sorted);
    assert(l.tag != kEmpty);
    Reserve(shard);
    Slot* slot = Probe(shard.buckets.get(), shard.num_buckets, l.key);
    if (slot->entry.tag == kEmpty) {
      slot->key = l.key;
      slot->entry.tag = l.tag;
      slot->entry.count = 0;
      ++shard.size;
    }
    slot->entry.Add(l.count);
  }
}

void ShardedLineCounter::Subtract(uint64_t key, uint32_t amount) {
  Shard& shard = shards_[ShardOf(key)];
  MutexLock lock(&shard.mu);
  if (shard.sorted) {
    // Applied as the shard is walked: clamping at 1 after each of several
    // subtractions equals clamping once after their sum.
    shard.subtracted[key] += amount;
    return;
  }
  Slot* slot = Probe(shard.buckets.get(), shard.num_buckets, key);
  if (slot == nullptr || slot->entry.tag == kEmpty) return;
  uint32_t& c = slot->entry.count;
  c = c > amount ? c - amount : 1;
}

std::optional<LineEntry> ShardedLineCounter::Find(uint64_t key) const {
  const size_t s = ShardOf(key);
  {
    const Shard& shard = shards_[s];
    MutexLock lock(&shard.mu);
    if (!shard.sorted) {
      const Slot* slot = Probe(shard.buckets.get(), shard.num_buckets, key);
      if (slot == nullptr || slot->entry.tag == kEmpty) return std::nullopt;
      return slot->entry;
    }
  }
  std::optional<LineEntry> found;
  ForEachInShard(s, [&](uint64_t k, const LineEntry& e) {
    if (k == key) found = e;
  });
  return found;
}

void ShardedLineCounter::ForEachIn(const Shard& shard,
                                   absl::FunctionRef<void(uint64_t, const LineEntry&)> fn) {
  if (shard.sorted) {
    const KeyedEntry* memory = shard.num_buckets > 0 ? &shard.buckets[0].slots[0] : nullptr;
    size_t n = 0;
    absl::Status s = MergeRuns(*shard.spill, memory, shard.size, [&](const KeyedEntry& e) {
      ++n;
      if (!shard.subtracted.empty()) {
        auto it = shard.subtracted.find(e.key);
        if (it != shard.subtracted.end()) {
          LineEntry corrected = e.entry;
          corrected.count = corrected.count > it->second
                                ? static_cast<uint32_t>(corrected.count - it->second)
                                : 1;
          fn(e.key, corrected);
          return;
        }
      }
      fn(e.key, e.entry);
    });
    if (!s.ok() && shard.status.ok()) shard.status = s;
    if (s.ok()) shard.merged_size = n;
    return;
  }
  if (shard.spill != nullptr) {
    // Before Seal(): the runs merged, then the table (below); a key may come
    // twice, its count is the sum.
    absl::Status s = MergeRuns(*shard.spill, nullptr, 0, [&](const KeyedEntry& e) { fn(e.key, e.entry); });
    if (!s.ok() && shard.status.ok()) shard.status = s;
  }
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

void ShardedLineCounter::DrainShard(size_t shard_index,
                                    absl::FunctionRef<void(uint64_t, const LineEntry&)> fn) {
  Shard& shard = shards_[shard_index];
  MutexLock lock(&shard.mu);
  DECHROME_CHECK(!shard.sorted);
  ForEachIn(shard, fn);
  if (!shard.status.ok()) return;
  if (shard.spill != nullptr) {
    shard.drained_runs += shard.spill->runs_written();
    shard.drained_bytes += shard.spill->bytes();
    shard.spill.reset();
  }
  shard.buckets.reset();
  shard.num_buckets = 0;
  shard.size = 0;
  shard.grow_at = 0;
}

void ShardedLineCounter::ForEachSorted(
    absl::FunctionRef<void(uint64_t, const LineEntry&)> fn) const {
  // Shards hold increasing key ranges: sort each one.
  std::vector<std::pair<uint64_t, LineEntry>> all;
  for (size_t s = 0; s < num_shards(); ++s) {
    all.clear();
    ForEachInShard(s, [&](uint64_t key, const LineEntry& e) { all.emplace_back(key, e); });
    std::sort(all.begin(), all.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [key, entry] : all) fn(key, entry);
  }
}

size_t ShardedLineCounter::ShardSize(size_t shard) const {
  const Shard& sh = shards_[shard];
  MutexLock lock(&sh.mu);
  if (!sh.sorted) return sh.size;
  // Distinct keys of the runs and memory together: known after a walk.
  if (sh.merged_size == kUnknownSize) ForEachIn(sh, [](uint64_t, const LineEntry&) {});
  return sh.merged_size == kUnknownSize ? 0 : sh.merged_size;
}

absl::Status ShardedLineCounter::status() const {
  for (size_t s = 0; s < num_shards(); ++s) {
    MutexLock lock(&shards_[s].mu);
    if (!shards_[s].status.ok()) return shards_[s].status;
  }
  return absl::OkStatus();
}

uint64_t ShardedLineCounter::SumOverSpills(uint64_t (*of)(const SpillFile&), uint64_t Shard::*drained) const {
  uint64_t n = 0;
  for (size_t s = 0; s < num_shards(); ++s) {
    MutexLock lock(&shards_[s].mu);
    if (shards_[s].spill) n += of(*shards_[s].spill);
    n += shards_[s].*drained;
  }
  return n;
}

uint64_t ShardedLineCounter::spill_runs() const {
  return SumOverSpills([](const SpillFile& f) { return f.runs_written(); }, &Shard::drained_runs);
}

uint64_t ShardedLineCounter::spill_bytes() const {
  return SumOverSpills([](const SpillFile& f) { return f.bytes(); }, &Shard::drained_bytes);
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
