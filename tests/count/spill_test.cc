// SpillFile and the counter's spilling: whatever is spilled, the counts read
// back are those of a counter that held everything in memory.

#include "count/spill.h"

#include <random>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "count/sharded_counter.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

KeyedEntry E(uint64_t key, uint32_t count, uint32_t tag) { return KeyedEntry{key, LineEntry{count, tag}}; }

std::vector<KeyedEntry> Walk(const SpillFile& file, const std::vector<KeyedEntry>& memory) {
  std::vector<KeyedEntry> out;
  EXPECT_TRUE(MergeRuns(file, memory.data(), memory.size(), [&](const KeyedEntry& e) {
                out.push_back(e);
              }).ok());
  return out;
}

TEST(SpillFileTest, RunsMergeInKeyOrderWithCountsSummed) {
  testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<SpillFile>> file = SpillFile::Create(dir.path());
  ASSERT_TRUE(file.ok()) << file.status();
  // Two runs and memory sharing keys; the first run's tag wins on a tie.
  const std::vector<KeyedEntry> a = {E(1, 2, 10), E(5, 1, 11), E(~uint64_t{0}, 7, 12)};
  const std::vector<KeyedEntry> b = {E(0, 1, 20), E(5, 3, 21), E(9, UINT32_MAX - 1, 22)};
  const std::vector<KeyedEntry> memory = {E(5, 1, 30), E(9, 5, 31), E(10, 1, 32)};
  ASSERT_TRUE((*file)->AppendRun(a.data(), a.size()).ok());
  ASSERT_TRUE((*file)->AppendRun(b.data(), b.size()).ok());
  EXPECT_EQ((*file)->runs(), 2u);
  EXPECT_EQ((*file)->entries(), 6u);
  EXPECT_GT((*file)->bytes(), 0u);
  const std::vector<KeyedEntry> got = Walk(**file, memory);
  const std::vector<KeyedEntry> want = {E(0, 1, 20), E(1, 2, 10), E(5, 5, 11), E(9, UINT32_MAX, 22),
                                        E(10, 1, 32), E(~uint64_t{0}, 7, 12)};
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].key, want[i].key) << i;
    EXPECT_EQ(got[i].entry.count, want[i].entry.count) << i;
    EXPECT_EQ(got[i].entry.tag, want[i].entry.tag) << i;
  }
  // No folder: the error names it.
  absl::StatusOr<std::unique_ptr<SpillFile>> missing = SpillFile::Create(dir.File("no/such"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(std::string(missing.status().message()).find(dir.File("no/such")), std::string::npos)
      << missing.status();
  // The file is unlinked: nothing is left in the folder.
  EXPECT_TRUE(testing::ListDir(dir.path()).empty());
}

TEST(SpillFileTest, RunsSpanBlocksAndMergeByLevelKeepingCountsAndTags) {
  testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<SpillFile>> file = SpillFile::Create(dir.path());
  ASSERT_TRUE(file.ok());
  std::mt19937_64 rng(3);
  // key -> (count, tag of the first run that has it)
  absl::flat_hash_map<uint64_t, std::pair<uint32_t, uint32_t>> reference;
  auto append = [&](uint32_t run_index, size_t n, uint64_t domain) {
    std::vector<KeyedEntry> run;
    absl::flat_hash_map<uint64_t, bool> in_run;
    for (size_t i = 0; i < n; ++i) {
      const uint64_t key = rng() % domain * 0x9E3779B97F4A7C15ULL;
      if (!in_run.emplace(key, true).second) continue;
      const uint32_t count = 1 + static_cast<uint32_t>(key % 3);
      run.push_back(E(key, count, run_index));
      auto [it, inserted] = reference.try_emplace(key, count, run_index);
      if (!inserted) it->second.first += count;
    }
    std::sort(run.begin(), run.end(), [](const auto& x, const auto& y) { return x.key < y.key; });
    ASSERT_TRUE((*file)->AppendRun(run.data(), run.size()).ok());
    ASSERT_TRUE((*file)->Compact().ok());
  };
  // Runs of several blocks, then many small ones: merges of three levels.
  uint32_t runs = 0;
  for (; runs < 5; ++runs) append(runs, 3 * kSpillBlock + 17, 40000);
  for (; runs < 5 + 16 * 16 + 3; ++runs) append(runs, 60, 3000);
  EXPECT_GT((*file)->runs_written(), runs);  // merges wrote runs too
  EXPECT_LE((*file)->runs(), 3 * (SpillFile::kFanIn - 1));
  EXPECT_LT((*file)->runs(), 30u);
  const std::vector<KeyedEntry> merged = Walk(**file, {});
  ASSERT_EQ(merged.size(), reference.size());
  EXPECT_GE((*file)->entries(), merged.size());  // runs of different levels may share keys
  for (size_t i = 0; i < merged.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(merged[i - 1].key, merged[i].key);
    }
    const auto& want = reference[merged[i].key];
    EXPECT_EQ(merged[i].entry.count, want.first);
    EXPECT_EQ(merged[i].entry.tag, want.second);  // the earliest run's
  }
}

// Four threads count the same streams into an unlimited counter and into
// counters whose limit forces many spills (and, with one shard, merges of
// runs): after Seal() every walk, Find() and Subtract() agrees.
TEST(SpilledCounterTest, SameCountsAsInMemory) {
  testing::TempDir dir;
  std::vector<std::vector<KeyedLine>> streams(4);
  for (uint32_t t = 0; t < 4; ++t) {
    std::mt19937_64 rng(t + 11);
    for (int i = 0; i < 30000; ++i) {
      const uint64_t id = i % 5 == 0 ? rng() % 300 : rng() % 60000;  // chrome-like and unique-ish
      const uint64_t key = id * 0x9E3779B97F4A7C15ULL;
      streams[t].push_back(KeyedLine(key, static_cast<uint32_t>(id % 50), static_cast<KeyKind>(id % 4)));
    }
  }
  auto count = [&](ShardedLineCounter* counter) {
    std::vector<std::thread> threads;
    for (uint32_t t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        BatchedCounterWriter writer(counter, 50);
        for (const KeyedLine& l : streams[t]) writer.Add(l);
      });
    }
    for (auto& th : threads) th.join();
    counter->Seal();
  };
  ShardedLineCounter reference(3);
  count(&reference);
  std::vector<std::pair<uint64_t, LineEntry>> want;
  reference.ForEachSorted([&](uint64_t k, const LineEntry& e) { want.emplace_back(k, e); });
  EXPECT_EQ(reference.spill_runs(), 0u);

  for (int shard_bits : {0, 3}) {
    SCOPED_TRACE(shard_bits);
    // 4 KiB of buckets a shard: a run every 224 entries.
    ShardedLineCounter counter(shard_bits, SpillOptions{uint64_t{4096} << shard_bits, dir.path()});
    count(&counter);
    ASSERT_TRUE(counter.status().ok()) << counter.status();
    EXPECT_GE(counter.spill_runs(), 10u);
    if (shard_bits == 0) {
      EXPECT_GT(counter.spill_runs(), SpillFile::kFanIn);  // merged runs
    }
    EXPECT_GT(counter.spill_bytes(), 0u);
    EXPECT_LE(counter.MemoryUsage(), (uint64_t{4096} << shard_bits) + 1024 * counter.num_shards());
    ASSERT_EQ(counter.size(), reference.size());
    std::vector<std::pair<uint64_t, LineEntry>> got;
    counter.ForEachSorted([&](uint64_t k, const LineEntry& e) { got.emplace_back(k, e); });
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      ASSERT_EQ(got[i].first, want[i].first);
      EXPECT_EQ(got[i].second.count, want[i].second.count);
      EXPECT_EQ(got[i].second.tag, want[i].second.tag);
    }
    // Corrections after Seal(), as the near-duplicate collapse makes them.
    const uint64_t a = want[0].first, b = want[want.size() / 2].first;
    counter.Subtract(a, 1);
    counter.Subtract(a, 1);
    counter.Subtract(b, 1000000);
    EXPECT_EQ(counter.Find(a)->count, want[0].second.count > 2 ? want[0].second.count - 2 : 1);
    EXPECT_EQ(counter.Find(b)->count, 1u);
    EXPECT_FALSE(counter.Find(12345).has_value());
    EXPECT_TRUE(testing::ListDir(dir.path()).empty());  // spill files are unlinked
  }
}

// DrainShard() gives a shard's counts (its runs, then its table: a key may
// come twice) and empties it; what is added back counts as before, and the
// drained spill files still count in spill_runs() and spill_bytes().
TEST(SpillTest, DrainShardGivesItsCountsAndEmptiesIt) {
  testing::TempDir dir;
  // 16 KiB for 4 shards: each spills after a few hundred keys.
  ShardedLineCounter counter(2, SpillOptions{16 << 10, dir.path()});
  absl::flat_hash_map<uint64_t, uint64_t> want;
  std::mt19937_64 rng(7);
  std::vector<KeyedLine> batch;
  for (int round = 0; round < 20; ++round) {
    for (size_t shard = 0; shard < counter.num_shards(); ++shard) {
      batch.clear();
      for (int i = 0; i < 200; ++i) {
        // Keys of this shard, some repeated across rounds.
        const uint64_t key = (uint64_t{shard} << 62) | (rng() % 3000);
        batch.push_back(KeyedLine(key, 1, KeyKind::kLine));
        ++want[key];
      }
      counter.AddBatch(shard, batch);
    }
  }
  ASSERT_TRUE(counter.status().ok()) << counter.status();
  const uint64_t runs = counter.spill_runs(), bytes = counter.spill_bytes();
  const size_t memory = counter.MemoryUsage();
  ASSERT_GT(runs, 0u);
  absl::flat_hash_map<uint64_t, uint64_t> got;
  for (size_t shard = 0; shard < counter.num_shards(); ++shard) {
    counter.DrainShard(shard, [&](uint64_t key, const LineEntry& e) {
      EXPECT_EQ(counter.ShardOf(key), shard);
      got[key] += e.count;
    });
    EXPECT_EQ(counter.ShardSize(shard), 0u);
  }
  EXPECT_EQ(got, want);
  EXPECT_LT(counter.MemoryUsage(), memory);  // the tables are given back
  size_t left = 0;
  counter.ForEach([&](uint64_t, const LineEntry&) { ++left; });
  EXPECT_EQ(left, 0u);
  EXPECT_EQ(counter.spill_runs(), runs);
  EXPECT_EQ(counter.spill_bytes(), bytes);
  // Added back (the drained counts of shard 1), they count again.
  batch.clear();
  for (const auto& [key, n] : want)
    if (counter.ShardOf(key) == 1) batch.push_back(KeyedLine(key, 1, KeyKind::kLine, static_cast<uint32_t>(n)));
  counter.AddBatch(1, batch);
  counter.Seal();
  size_t back = 0;
  counter.ForEach([&](uint64_t key, const LineEntry& e) {
    EXPECT_EQ(e.count, want[key]);
    ++back;
  });
  EXPECT_EQ(back, batch.size());
}

}  // namespace
}  // namespace dechrome
