#include "runtime/parallel.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace dechrome {
namespace {

TEST(ParallelForTest, CallsEachIndexOnce) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{5}}) {
    std::vector<std::atomic<int>> calls(n);
    ParallelFor(n, [&](size_t i) { calls[i].fetch_add(1); });
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(calls[i].load(), 1) << i;
  }
}

TEST(ParallelSortTest, SameAsStdSortForAnyThreadCount) {
  std::mt19937_64 rng(7);
  for (size_t n : {size_t{0}, size_t{1}, size_t{1000}, size_t{100000}, size_t{250001}}) {
    std::vector<uint64_t> input(n);
    for (uint64_t& x : input) x = rng() % (n + 1);  // with repeats
    std::vector<uint64_t> want = input;
    std::sort(want.begin(), want.end());
    for (int threads : {1, 2, 3, 5, 8}) {
      std::vector<uint64_t> got = input;
      ParallelSort(&got, threads, [](uint64_t a, uint64_t b) { return a < b; });
      EXPECT_EQ(got, want) << "n " << n << ", threads " << threads;
    }
  }
}

TEST(ParallelSortTest, SortsByTheGivenOrder) {
  std::vector<int> v(100000);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<int>(i);
  ParallelSort(&v, 4, [](int a, int b) { return a > b; });
  EXPECT_TRUE(std::is_sorted(v.begin(), v.end(), [](int a, int b) { return a > b; }));
  EXPECT_EQ(v.front(), 99999);
}

TEST(ParallelSortByKeyTest, SameAsStdSortForAnyThreadCount) {
  std::mt19937_64 rng(11);
  for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{1000}, size_t{100000}, size_t{250001}}) {
    // Hash-like keys, some repeated; skewed ones (all in a few buckets) too.
    for (bool skewed : {false, true}) {
      std::vector<uint64_t> input(n);
      for (uint64_t& x : input) x = skewed ? rng() % 97 : rng() | 1;
      for (size_t i = 0; i + 1 < n; i += 17) input[i] = input[i + 1];
      std::vector<uint64_t> want = input;
      std::sort(want.begin(), want.end());
      for (int threads : {1, 2, 3, 5, 8}) {
        std::vector<uint64_t> got = input;
        ParallelSortByKey(&got, threads, [](uint64_t x) { return x; });
        EXPECT_EQ(got, want) << "n " << n << ", skewed " << skewed << ", threads " << threads;
      }
    }
  }
}

TEST(ParallelSortByKeyTest, MovesWholeElements) {
  struct Item {
    uint64_t key;
    uint32_t payload;
  };
  std::mt19937_64 rng(5);
  std::vector<Item> items(50000);
  for (size_t i = 0; i < items.size(); ++i) items[i] = Item{rng(), static_cast<uint32_t>(i)};
  std::vector<Item> want = items;
  std::sort(want.begin(), want.end(), [](const Item& a, const Item& b) { return a.key < b.key; });
  ParallelSortByKey(&items, 4, [](const Item& it) { return it.key; });
  ASSERT_EQ(items.size(), want.size());
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(items[i].key, want[i].key) << i;
    EXPECT_EQ(items[i].payload, want[i].payload) << i;
  }
}

}  // namespace
}  // namespace dechrome
