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
    lines.push_back(KeyedLine{key, key ^ 0x55, static_cast<uint32_t>(id % 7), 1});
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
      const LineEntry* e = counter.Find(key);
      ASSERT_NE(e, nullptr);
      EXPECT_EQ(e->count, n);
      EXPECT_EQ(e->global, key ^ 0x55);
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
  KeyedLine l{42, 1, 0, 5};
  counter.AddBatch(counter.ShardOf(42), {&l, 1});
  counter.Subtract(42, 3);
  EXPECT_EQ(counter.Find(42)->count, 2u);
  counter.Subtract(42, 10);
  EXPECT_EQ(counter.Find(42)->count, 1u);
  counter.Subtract(7, 1);  // absent: no effect
  EXPECT_EQ(counter.Find(7), nullptr);
}

TEST(ShardedCounterTest, CountsSaturate) {
  ShardedLineCounter counter(0);
  KeyedLine l{1, 1, 0, UINT32_MAX - 1};
  counter.AddBatch(0, {&l, 1});
  counter.AddBatch(0, {&l, 1});
  EXPECT_EQ(counter.Find(1)->count, UINT32_MAX);
}

}  // namespace
}  // namespace dechrome
