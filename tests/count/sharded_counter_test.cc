#include "count/sharded_counter.h"

#include <random>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "gtest/gtest.h"

namespace dechrome {
namespace {

std::vector<KeyedLine> RandomLines(uint32_t seed, size_t n, size_t distinct) {
  std::mt19937_64 rng(seed);
  std::vector<KeyedLine> lines;
  for (size_t i = 0; i < n; ++i) {
    uint64_t id = rng() % distinct;
    uint64_t key = id * 0x9E3779B97F4A7C15ULL;
    lines.push_back(KeyedLine(key, static_cast<uint32_t>(id % 7), static_cast<KeyKind>(id % 4)));
  }
  return lines;
}

TEST(ShardedCounterTest, ConcurrentAddsMatchReference) {
  for (int shard_bits : {0, 3, 8}) {
    ShardedLineCounter counter(shard_bits);
    absl::flat_hash_map<uint64_t, uint32_t> reference;
    std::vector<std::vector<KeyedLine>> per_thread;
    for (uint32_t t = 0; t < 4; ++t) {
      per_thread.push_back(RandomLines(t, 20000, 3000));
      for (const KeyedLine& l : per_thread.back()) ++reference[l.key];
    }
    std::vector<std::thread> threads;
    for (uint32_t t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        BatchedCounterWriter writer(&counter, 64);
        for (const KeyedLine& l : per_thread[t]) writer.Add(l);
      });
    }
    for (auto& th : threads) th.join();
    ASSERT_EQ(counter.size(), reference.size());
    for (const auto& [key, n] : reference) {
      const std::optional<LineEntry> e = counter.Find(key);
      ASSERT_TRUE(e.has_value());
      EXPECT_EQ(e->count, n);
      const uint64_t id = key * 0xF1DE83E19937733DULL;  // the inverse of the multiplier
      EXPECT_EQ(e->site(), id % 7);
      EXPECT_EQ(e->kind(), static_cast<KeyKind>(id % 4));
    }
    EXPECT_GT(counter.MemoryUsage(), reference.size() * sizeof(LineEntry));
  }
}

TEST(ShardedCounterTest, ForEachSortedIsInKeyOrderAndComplete) {
  ShardedLineCounter counter(4);
  {
    BatchedCounterWriter writer(&counter);
    for (const KeyedLine& l : RandomLines(9, 5000, 800)) writer.Add(l);
  }
  uint64_t last = 0;
  size_t n = 0;
  bool first = true;
  counter.ForEachSorted([&](uint64_t key, const LineEntry&) {
    if (!first) {
      EXPECT_LT(last, key);
    }
    first = false;
    last = key;
    ++n;
  });
  EXPECT_EQ(n, counter.size());
}

TEST(ShardedCounterTest, SubtractNeverGoesBelowOne) {
  ShardedLineCounter counter(2);
  KeyedLine l(42, 0, KeyKind::kLine, 5);
  counter.AddBatch(counter.ShardOf(42), {&l, 1});
  counter.Subtract(42, 3);
  EXPECT_EQ(counter.Find(42)->count, 2u);
  counter.Subtract(42, 10);
  EXPECT_EQ(counter.Find(42)->count, 1u);
  counter.Subtract(7, 1);  // absent: no effect
  EXPECT_FALSE(counter.Find(7).has_value());
}

TEST(ShardedCounterTest, CountsSaturate) {
  ShardedLineCounter counter(0);
  KeyedLine l(1, 0, KeyKind::kLine, UINT32_MAX - 1);
  counter.AddBatch(0, {&l, 1});
  counter.AddBatch(0, {&l, 1});
  EXPECT_EQ(counter.Find(1)->count, UINT32_MAX);
}

TEST(ShardedCounterTest, LargeTablesMatchReferenceAndStayCompact) {
  // Enough keys that every shard grows past its doubling phase and then by
  // quarters (256 buckets of 4 slots per shard).
  // Without a budget, and with one far above what the keys take (then the
  // tables double all the way, and hold the same counts).
  for (const uint64_t budget : {uint64_t{0}, uint64_t{1} << 30})
  for (int shard_bits : {0, 2}) {
    ShardedLineCounter counter(shard_bits, SpillOptions{budget, ""});
    absl::flat_hash_map<uint64_t, std::pair<uint32_t, uint32_t>> reference;  // count, tag
    std::mt19937_64 rng(shard_bits);
    {
      BatchedCounterWriter writer(&counter, 100);
      for (int i = 0; i < 600000; ++i) {
        // Keys 0 and ~0 included: emptiness is in the tag, not the key.
        const uint64_t key = i == 0 ? 0 : i == 1 ? ~uint64_t{0} : rng() % 400000 * 0x9E3779B97F4A7C15ULL;
        const uint32_t site = static_cast<uint32_t>(key % 1000);
        const KeyKind kind = static_cast<KeyKind>(key % 4);
        writer.Add(KeyedLine(key, site, kind));
        auto& r = reference[key];
        if (r.first++ == 0) r.second = LineEntry::Tag(site, kind);
      }
    }
    ASSERT_EQ(counter.size(), reference.size());
    size_t seen = 0;
    counter.ForEach([&](uint64_t key, const LineEntry& e) {
      ++seen;
      auto it = reference.find(key);
      ASSERT_NE(it, reference.end());
      EXPECT_EQ(e.count, it->second.first);
      EXPECT_EQ(e.tag, it->second.second);
    });
    EXPECT_EQ(seen, reference.size());
    EXPECT_EQ(counter.Find(0)->count, reference[0].first);
    // The memory bound of the design: at most 16 / 0.7 bytes per key past
    // the doubling phase (the shards' headers included); 16 / (7/16) while
    // doubling, far under the budget.
    const double bytes_per_key = static_cast<double>(counter.MemoryUsage()) / counter.size();
    EXPECT_LE(bytes_per_key, budget == 0 ? 24.0 : 38.0) << "shard_bits " << shard_bits << " budget " << budget;
    EXPECT_GE(bytes_per_key, 16.0);
  }
}

TEST(ShardedCounterTest, EqualKeysShareAnEntryWithTheFirstSiteAndKind) {
  ShardedLineCounter counter(0);
  KeyedLine a(77, 3, KeyKind::kHeadline), b(77, 9, KeyKind::kLine);
  counter.AddBatch(0, {&a, 1});
  counter.AddBatch(0, {&b, 1});
  ASSERT_EQ(counter.size(), 1u);
  EXPECT_EQ(counter.Find(77)->count, 2u);
  EXPECT_EQ(counter.Find(77)->site(), 3u);
  EXPECT_EQ(counter.Find(77)->kind(), KeyKind::kHeadline);
}

TEST(ShardedCounterTest, TagHoldsTheLargestSite) {
  const LineEntry e{1, LineEntry::Tag(kMaxCounterSite, KeyKind::kPath)};
  EXPECT_EQ(e.site(), kMaxCounterSite);
  EXPECT_EQ(e.kind(), KeyKind::kPath);
  EXPECT_NE(e.tag, ~uint32_t{0});  // never the empty slot's tag
}

}  // namespace
}  // namespace dechrome
